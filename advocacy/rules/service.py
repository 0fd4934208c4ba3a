"""Reading and keeping rules: the list (open for comment first), one rule, what chapters
follow, their positions (versioned like bill positions) and the comments filed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select

from advocacy.extensions import db, upsert_insert
from advocacy.models import (
    Agency,
    Campaign,
    Chapter,
    Comment,
    Rule,
    RuleAgency,
    RuleFollow,
    RulePosition,
    RulePositionChange,
    history,
)
from advocacy.models._types import utcnow
from advocacy.text import hostile_text_problem

STATUS_NAMES = {
    "open": "Open for comment",
    "closed": "Comment period closed",
    "none": "No comment period",
}
POSITION_NAMES = {
    "support": "Support",
    "oppose": "Oppose",
    "monitor": "Monitor",
    "amend": "Support with changes",
}
MAX_QUERY = 200


# Someone saved the position since the form was shown.
Conflict = history.VersionConflict


def _status(today: date):
    """SQL: a rule's comment status on `today`."""
    return case(
        (Rule.comments_close_on.is_(None), "none"),
        (Rule.comments_close_on >= today, "open"),
        else_="closed",
    )


def search_rules(
    today: date,
    *,
    q: str | None = None,
    agency: str | None = None,
    status: str | None = None,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[Rule], int]:
    """Rules open for comment first (closing soonest first), then the rest newest first;
    (one page, the total)."""
    query = select(Rule)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(Rule.title).like(like),
                func.lower(Rule.abstract).like(like),
                func.lower(Rule.docket_ids).like(like),
                func.lower(Rule.document_number).like(like),
            )
        )
    if agency:
        query = query.where(
            Rule.id.in_(select(RuleAgency.rule_id).where(RuleAgency.slug == agency))
        )
    if status:
        query = query.where(_status(today) == status)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    is_open = case((_status(today) == "open", 0), else_=1)
    closing = case((_status(today) == "open", Rule.comments_close_on), else_=None)
    rows = db.session.scalars(
        query.order_by(is_open, closing, Rule.publication_date.desc(), Rule.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return list(rows), total


def agency_choices() -> list[tuple[str, str]]:
    """The agencies rules are from, as (slug, name), by name."""
    rows = db.session.execute(
        select(RuleAgency.slug, func.min(RuleAgency.name))
        .where(RuleAgency.slug != "")
        .group_by(RuleAgency.slug)
        .order_by(func.min(RuleAgency.name))
    ).all()
    return [(slug, name) for slug, name in rows]


def followable_agencies() -> list[tuple[str, str]]:
    """Every agency of the Federal Register's list, as (slug, name), by name."""
    rows = db.session.execute(select(Agency.slug, Agency.name).order_by(Agency.name)).all()
    return [(slug, name) for slug, name in rows] or agency_choices()


def get_rule(number: str) -> Rule | None:
    if not number or len(number) > 40 or hostile_text_problem(number):
        return None
    return db.session.scalars(select(Rule).where(Rule.document_number == number)).first()


def listed(rule: Rule, name: str) -> list:
    """A JSON list column of the rule (dockets, RINs, CFR references, agencies)."""
    try:
        value = json.loads(getattr(rule, name) or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def campaigns_on(rule_id: int, scope: set[int] | None, staff: bool) -> list[Campaign]:
    """Comment campaigns on the rule: published ones, and a staff viewer's drafts."""
    query = select(Campaign).where(Campaign.rule_id == rule_id)
    if not staff:
        query = query.where(Campaign.published.is_(True))
    elif scope is not None:
        query = query.where(
            or_(Campaign.published.is_(True), Campaign.chapter_id.in_(scope or {-1}))
        )
    return list(db.session.scalars(query.order_by(Campaign.starts_on.desc())))


@dataclass
class Filed:
    """A chapter's comments on a rule: filed (with a tracking number), reported, total."""

    chapter: str
    filed: int
    reported: int
    total: int
    tracking: list[str]


def comments_on(rule_id: int, scope: set[int] | None) -> list[Filed]:
    """The comments on a rule by chapter, for those who may see those chapters (members
    without a chapter count under "No chapter", for leads)."""
    query = (
        select(Comment.chapter_id, Comment.evidence, Comment.tracking_number)
        .where(Comment.rule_id == rule_id)
        .order_by(Comment.id)
    )
    if scope is not None:
        query = query.where(Comment.chapter_id.in_(scope or {-1}))
    names = dict(db.session.execute(select(Chapter.id, Chapter.name)).all())
    found: dict[int | None, Filed] = {}
    for chapter_id, evidence, tracking in db.session.execute(query):
        row = found.setdefault(chapter_id, Filed(names.get(chapter_id, "No chapter"), 0, 0, 0, []))
        row.total += 1
        if evidence == "sent":
            row.filed += 1
        elif evidence == "reported":
            row.reported += 1
        if tracking and evidence in ("sent", "reported"):
            row.tracking.append(tracking)
    return sorted(found.values(), key=lambda f: f.chapter)


# --- follows and positions ---------------------------------------------------------------


def follows_of(chapter_ids: list[int]) -> list[RuleFollow]:
    return list(
        db.session.scalars(
            select(RuleFollow)
            .where(RuleFollow.chapter_id.in_(chapter_ids or [-1]))
            .order_by(RuleFollow.chapter_id, RuleFollow.kind, RuleFollow.value)
        )
    )


def follow(chapter_id: int, user_id: int, kind: str, value: str) -> bool:
    """Follow an agency (slug) or a keyword query for a chapter, once; whether it is new.
    Caller commits."""
    return bool(
        db.session.execute(
            upsert_insert(RuleFollow)
            .values(
                chapter_id=chapter_id,
                kind=kind,
                value=value,
                created_by_id=user_id,
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["chapter_id", "kind", "value"])
        ).rowcount
    )


def unfollow(follow_id: int, chapter_ids: list[int]) -> RuleFollow | None:
    row = db.session.get(RuleFollow, follow_id)
    if row is None or row.chapter_id not in chapter_ids:
        return None
    db.session.delete(row)
    return row


def position_of(chapter_id: int, rule_id: int) -> RulePosition | None:
    return db.session.scalars(
        select(RulePosition).where(
            RulePosition.chapter_id == chapter_id, RulePosition.rule_id == rule_id
        )
    ).first()


def positions_on(rule_id: int, chapter_ids: list[int]) -> list[RulePosition]:
    return list(
        db.session.scalars(
            select(RulePosition).where(
                RulePosition.rule_id == rule_id,
                RulePosition.chapter_id.in_(chapter_ids or [-1]),
            )
        )
    )


def set_position(
    chapter_id: int,
    rule_id: int,
    user_id: int,
    position: str,
    notes: str,
    seen_version: int | None,
) -> dict[str, list]:
    """Set the chapter's position on a rule; Conflict if someone saved since the form
    (seen_version) was shown. What changed. Caller commits."""
    now = utcnow()

    def create() -> RulePosition:
        row = RulePosition(chapter_id=chapter_id, rule_id=rule_id)
        db.session.add(row)
        return row

    return history.save_versioned(
        position_of(chapter_id, rule_id), create, RulePositionChange, user_id,
        {"position": position, "notes": notes}, {"updated_by_id": user_id, "updated_at": now},
        seen_version, now,
    )  # fmt: skip


def enter_rule(values: dict, today: date) -> Rule:
    """A consultation entered by hand: kept beside the Federal Register's (an update never
    touches it), commented on at its own link. Caller commits."""
    import hashlib

    key = hashlib.sha256(f"{values['link']}|{values['title']}".encode()).hexdigest()[:12]
    number = f"M-{today:%Y}-{key[:8]}"
    found = get_rule(number)
    if found is not None:
        return found
    rule = Rule(
        source_key=f"manual:{key}",
        document_number=number,
        type="NOTICE",
        title=values["title"],
        abstract=values.get("summary") or "",
        action=(values.get("reference") or "Consultation")[:300],
        publication_date=today,
        comments_close_on=values["closes_on"],
        agencies=json.dumps([{"slug": "", "name": values["department"]}]),
        comment_url=values["link"],
        html_url=values["link"],
        content_hash=key.ljust(64, "0"),
    )
    rule.agency_rows = [RuleAgency(ordinal=0, slug="", name=values["department"][:300])]
    db.session.add(rule)
    return rule
