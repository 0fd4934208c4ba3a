"""The rules in an advocate's digest: for each of their chapters, the rules it follows (by
agency or words) or runs a comment campaign on that are new since the last digest, whose
comment period moved, or that close in seven or in two days (the warning falls in the
digest whose period holds that day, Eastern)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import url_for
from sqlalchemy import func, or_, select

from advocacy.extensions import db
from advocacy.models import Campaign, Rule, RuleAgency, RuleChange, RuleFollow, User

EASTERN = ZoneInfo("America/New_York")
WARN_DAYS = (7, 2)
MAX_RULES = 40  # per chapter


def _followed(chapter_id: int):
    """SQL: the rules a chapter follows or runs a comment campaign on."""
    follows = db.session.execute(
        select(RuleFollow.kind, RuleFollow.value).where(RuleFollow.chapter_id == chapter_id)
    ).all()
    agencies = [v for k, v in follows if k == "agency"]
    conditions = [
        Rule.id.in_(select(RuleAgency.rule_id).where(RuleAgency.slug.in_(agencies or ["-"]))),
        Rule.id.in_(
            select(Campaign.rule_id).where(
                Campaign.chapter_id == chapter_id, Campaign.rule_id.is_not(None)
            )
        ),
    ]
    for kind, value in follows:
        if kind == "query":
            like = f"%{value.lower()}%"
            conditions.append(
                or_(func.lower(Rule.title).like(like), func.lower(Rule.abstract).like(like))
            )
    return or_(*conditions)


def _warned(since: datetime, now: datetime) -> list[date]:
    """Closing dates whose warning day (seven or two days before) fell in (since, now]."""
    last = now.astimezone(EASTERN).date()
    # A digest long unsent warns of what closes soon, not of every warning it missed.
    first = max(since.astimezone(EASTERN).date(), last - timedelta(days=max(WARN_DAYS)))
    days = [first + timedelta(days=i + 1) for i in range((last - first).days)]
    return sorted({d + timedelta(days=n) for d in days for n in WARN_DAYS})


def rule_lines(user: User, since: datetime, now: datetime) -> tuple[int, list[str]]:
    """(how many rules, the digest's lines about them) for the user's chapters."""
    count, lines = 0, []
    changed = select(RuleChange.rule_id).where(
        RuleChange.changed_at > since, RuleChange.changed_at <= now
    )
    closing = _warned(since, now)
    today = now.astimezone(EASTERN).date()
    for chapter in user.chapters:
        rules = db.session.scalars(
            select(Rule)
            .where(
                _followed(chapter.id),
                or_(Rule.id.in_(changed), Rule.comments_close_on.in_(closing or [date.min])),
            )
            .order_by(Rule.comments_close_on, Rule.document_number)
            .limit(MAX_RULES)
        ).all()
        if not rules:
            continue
        title = f"{chapter.name}: agency rules"
        lines += [title, "=" * len(title), ""]
        for rule in rules:
            count += 1
            lines += _about(rule, today, since)
    return count, lines


def _about(rule: Rule, today: date, since: datetime) -> list[str]:
    """A rule's lines: its number, agencies and title, its closing, what changed."""
    agencies = ", ".join(a["name"] for a in json.loads(rule.agencies or "[]"))
    lines = [f"{rule.document_number} ({agencies}): {rule.title[:200]}"]
    if rule.comments_close_on:
        left = (rule.comments_close_on - today).days
        when = "closed" if left < 0 else f"{left} day{'' if left == 1 else 's'} left"
        lines.append(f"  Comments close {rule.comments_close_on:%B %-d, %Y} ({when})")
    for kind in db.session.scalars(
        select(RuleChange.kind).where(RuleChange.rule_id == rule.id, RuleChange.changed_at > since)
    ):
        lines.append(
            "  - New in the Federal Register" if kind == "new" else "  - The comment period moved"
        )
    lines.append("  " + url_for("rules.rule", number=rule.document_number, _external=True))
    lines.append("")
    return lines
