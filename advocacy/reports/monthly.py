"""The monthly report: every total a lead brings to the task-force meeting.

Counting rules (also written on the page):
- An interaction is a campaign send (one member, one official, one channel: repeats are
  one) or a logged contact with one official (a meeting with two senators counts two).
- Evidence: intent (a link opened), reported (the member says they sent it), sent (our
  SMTP server accepted it), logged (an advocate recorded a contact).
- The month of a campaign send is read on its chapter's calendar (REPORT_TIMEZONE when
  the member named no chapter); a logged contact's month is the date it happened.
- Soft-deleted log entries are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, literal, or_, select, union_all

from advocacy.extensions import db
from advocacy.models import (
    Campaign,
    Chapter,
    Interaction,
    LogEntry,
    LogEntryChange,
    LogEntryOfficial,
    Official,
    Seat,
)

TOP_OFFICIALS = 20


def month_start(month: date) -> date:
    """The first day of a month."""
    return month.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the following month."""
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    """The first day of the previous month."""
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def parse_month(text: str | None) -> date | None:
    """ "2026-09" as the first day of that month, or None."""
    if not text or len(text) != 7 or text[4] != "-":
        return None
    try:
        year, number = int(text[:4]), int(text[5:])
        return date(year, number, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def _utc(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _windows(month: date, chapters: dict[int, tuple[str, str]], default_zone: str):
    """SQL: a campaign send falls in this month on its chapter's calendar."""
    by_zone: dict[str, list[int]] = defaultdict(list)
    for chapter_id, (_, zone) in chapters.items():
        by_zone[zone].append(chapter_id)
    end = next_month(month)
    conditions = [
        and_(
            Interaction.chapter_id.in_(ids),
            Interaction.created_at >= _utc(month, zone),
            Interaction.created_at < _utc(end, zone),
        )
        for zone, ids in by_zone.items()
    ]
    conditions.append(
        and_(
            Interaction.chapter_id.is_(None),
            Interaction.created_at >= _utc(month, default_zone),
            Interaction.created_at < _utc(end, default_zone),
        )
    )
    return or_(*conditions)


def _scope(column, scope: set[int] | None):
    return literal(True) if scope is None else column.in_(scope or {-1})


def _facts(month: date, scope, chapters, default_zone):
    """One row per interaction of the month: campaign sends and logged contacts."""
    sends = select(
        literal("campaign").label("source"),
        Interaction.channel.label("channel"),
        Interaction.evidence.label("evidence"),
        Interaction.chapter_id.label("chapter_id"),
        Interaction.campaign_id.label("campaign_id"),
        Interaction.official_id.label("official_id"),
    ).where(_windows(month, chapters, default_zone), _scope(Interaction.chapter_id, scope))
    logged = (
        select(
            literal("logged").label("source"),
            LogEntry.kind.label("channel"),
            literal("logged").label("evidence"),
            LogEntry.chapter_id.label("chapter_id"),
            LogEntry.campaign_id.label("campaign_id"),
            LogEntryOfficial.official_id.label("official_id"),
        )
        .join(LogEntryOfficial, LogEntryOfficial.entry_id == LogEntry.id)
        .where(
            LogEntry.occurred_on >= month,
            LogEntry.occurred_on < next_month(month),
            LogEntry.deleted_at.is_(None),
            _scope(LogEntry.chapter_id, scope),
        )
    )
    return union_all(sends, logged).subquery("facts")


@dataclass
class Totals:
    """The counts of one month."""

    total: int = 0
    by_channel: Counter = field(default_factory=Counter)
    by_evidence: Counter = field(default_factory=Counter)
    by_chapter: Counter = field(default_factory=Counter)
    by_campaign: Counter = field(default_factory=Counter)
    by_official: Counter = field(default_factory=Counter)
    by_level: Counter = field(default_factory=Counter)
    by_chamber: Counter = field(default_factory=Counter)
    by_party: Counter = field(default_factory=Counter)
    by_state: Counter = field(default_factory=Counter)
    members: int = 0
    new_members: int = 0
    returning_members: int = 0
    follow_ups_opened: int = 0
    follow_ups_closed: int = 0
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)


def _seats() -> dict[int, tuple[str, str, str, str]]:
    """official id -> (level, chamber, party, state) of their current seat."""
    rows = db.session.execute(
        select(Seat.official_id, Seat.level, Seat.chamber, Seat.party, Seat.state)
    )
    return {
        oid: (lvl, ch, party or "Unknown", (st or "").upper()) for oid, lvl, ch, party, st in rows
    }


def month_totals(month: date, scope, chapters, default_zone, seats) -> Totals:
    """Every total of one month, for the chapters in scope."""
    facts = _facts(month, scope, chapters, default_zone)
    totals = Totals()
    rows = db.session.execute(
        select(
            facts.c.channel, facts.c.evidence, facts.c.chapter_id, facts.c.campaign_id, func.count()
        ).group_by(facts.c.channel, facts.c.evidence, facts.c.chapter_id, facts.c.campaign_id)
    )
    for channel, evidence, chapter_id, campaign_id, n in rows:
        totals.total += n
        totals.by_channel[channel] += n
        totals.by_evidence[evidence] += n
        totals.by_chapter[chapter_id] += n
        totals.by_campaign[campaign_id] += n
    per_official = db.session.execute(
        select(facts.c.official_id, func.count()).group_by(facts.c.official_id)
    )
    state_contacted: Counter = Counter()
    for official_id, n in per_official:
        totals.by_official[official_id] = n
        level, chamber, party, state = seats.get(official_id, ("former", "former", "Unknown", ""))
        totals.by_level[level] += n
        totals.by_chamber[f"{level} {chamber}"] += n
        totals.by_party[party] += n
        totals.by_state[state or "—"] += n
        if level == "state":
            state_contacted[state] += 1
    legislators: Counter = Counter(s for lvl, _, _, s in seats.values() if lvl == "state")
    totals.coverage = {
        state: (state_contacted[state], legislators[state])
        for state in sorted(legislators)
        if state_contacted[state]
    }
    _members(totals, month, scope, chapters, default_zone)
    _follow_ups(totals, month, scope)
    return totals


def _members(totals: Totals, month: date, scope, chapters, default_zone) -> None:
    """Members who sent this month; returning ones had sent something before it."""
    # Read off the (created_at, chapter_id, member_email) index as one range; a DISTINCT
    # in SQL lets SQLite prefer walking the whole member index instead.
    emails = set(
        db.session.scalars(
            select(Interaction.member_email).where(
                _windows(month, chapters, default_zone), _scope(Interaction.chapter_id, scope)
            )
        )
    )
    totals.members = len(emails)
    start = min([_utc(month, z) for _, z in chapters.values()] + [_utc(month, default_zone)])
    returning: set[str] = set()
    ordered = sorted(emails)
    for i in range(0, len(ordered), 500):
        returning.update(
            db.session.scalars(
                select(Interaction.member_email)
                .where(
                    Interaction.member_email.in_(ordered[i : i + 500]),
                    Interaction.created_at < start,
                )
                .distinct()
            )
        )
    totals.returning_members = len(returning)
    totals.new_members = totals.members - totals.returning_members


def _follow_ups(totals: Totals, month: date, scope) -> None:
    """Follow-ups opened (entries of the month that set one) and closed during the month."""
    end = next_month(month)
    totals.follow_ups_opened = (
        db.session.scalar(
            select(func.count())
            .select_from(LogEntry)
            .where(
                LogEntry.occurred_on >= month,
                LogEntry.occurred_on < end,
                LogEntry.follow_up_on.is_not(None),
                LogEntry.deleted_at.is_(None),
                _scope(LogEntry.chapter_id, scope),
            )
        )
        or 0
    )
    closed = db.session.scalars(
        select(LogEntryChange.details)
        .join(LogEntry, LogEntry.id == LogEntryChange.entry_id)
        .where(
            LogEntryChange.action == "edited",
            LogEntryChange.changed_at >= _utc(month, "UTC"),
            LogEntryChange.changed_at < _utc(end, "UTC"),
            LogEntryChange.details.contains('"follow_up_done": [false, true]'),
            LogEntry.deleted_at.is_(None),
            _scope(LogEntry.chapter_id, scope),
        )
    ).all()
    totals.follow_ups_closed = len(closed)


def trend(month: date, scope, chapters, default_zone, months: int = 12) -> list[tuple[date, int]]:
    """Interactions per month for the last `months` months, oldest first."""
    first = month
    for _ in range(months - 1):
        first = previous_month(first)
    logged = dict(
        db.session.execute(
            select(func.min(LogEntry.occurred_on), func.count())
            .join(LogEntryOfficial, LogEntryOfficial.entry_id == LogEntry.id)
            .where(
                LogEntry.occurred_on >= first,
                LogEntry.occurred_on < next_month(month),
                LogEntry.deleted_at.is_(None),
                _scope(LogEntry.chapter_id, scope),
            )
            .group_by(
                func.extract("year", LogEntry.occurred_on),
                func.extract("month", LogEntry.occurred_on),
            )
        ).all()
    )
    logged_by_month = {d.replace(day=1): n for d, n in logged.items()}
    out, current = [], first
    for _ in range(months):
        # A count straight off the (created_at, chapter_id) index for each month.
        sends = (
            db.session.scalar(
                select(func.count())
                .select_from(Interaction)
                .where(
                    _windows(current, chapters, default_zone), _scope(Interaction.chapter_id, scope)
                )
            )
            or 0
        )
        out.append((current, sends + logged_by_month.get(current, 0)))
        current = next_month(current)
    return out


def monthly_report(month: date, scope: set[int] | None, default_zone: str) -> dict[str, Any]:
    """The whole report for a month: totals, last month's, and the 12-month trend."""
    chapters = {
        c.id: (c.name, c.timezone)
        for c in db.session.scalars(select(Chapter).order_by(Chapter.name))
        if scope is None or c.id in scope
    }
    seats = _seats()
    now = month_totals(month, scope, chapters, default_zone, seats)
    before = month_totals(previous_month(month), scope, chapters, default_zone, seats)
    campaigns = dict(db.session.execute(select(Campaign.id, Campaign.title)).all())
    top = now.by_official.most_common(TOP_OFFICIALS)
    names = dict(
        db.session.execute(
            select(Official.id, Official.full_name).where(
                Official.id.in_([o for o, _ in top] or [-1])
            )
        ).all()
    )
    return {
        "month": month,
        "previous": previous_month(month),
        "now": now,
        "before": before,
        "chapters": chapters,
        "campaigns": campaigns,
        "top_officials": [
            (oid, names.get(oid, f"#{oid}"), seats.get(oid), n, before.by_official.get(oid, 0))
            for oid, n in top
        ],
        "trend": trend(month, scope, chapters, default_zone),
    }
