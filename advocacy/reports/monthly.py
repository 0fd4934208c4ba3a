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

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, literal, select

from advocacy.directory.status import per_load
from advocacy.extensions import db
from advocacy.models import (
    Campaign,
    Chapter,
    Interaction,
    LogEntry,
    LogEntryChange,
    LogEntryOfficial,
    Official,
    ReportCount,
    ReportMember,
    ReportMemberFirst,
    ReportOfficialCount,
    Seat,
)
from advocacy.months import day_start_utc, next_month, previous_month
from advocacy.reports.bills import bills_report
from advocacy.reports.comments import comments_report
from advocacy.reports.counting import counted, in_scope

TOP_OFFICIALS = 20


def _logged(first: date, end: date, scope):
    """Logged contacts from `first` up to `end`: one per entry and official, not deleted."""
    return (
        select(
            LogEntry.kind,
            LogEntry.chapter_id,
            LogEntry.campaign_id,
            LogEntry.occurred_on,
            LogEntryOfficial.official_id,
        )
        .join(LogEntryOfficial, LogEntryOfficial.entry_id == LogEntry.id)
        .where(
            LogEntry.occurred_on >= first,
            LogEntry.occurred_on < end,
            LogEntry.deleted_at.is_(None),
            in_scope(LogEntry.chapter_id, scope),
        )
    )


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
    """official id -> (level, chamber, party, state) of their seat, kept per data load."""

    def build():
        rows = db.session.execute(
            select(Seat.official_id, Seat.level, Seat.chamber, Seat.party, Seat.state)
        )
        return {
            oid: (lvl, ch, party or "Unknown", (st or "").upper())
            for oid, lvl, ch, party, st in rows
        }

    return per_load("report_seats", build)


def _channel_counts(month: date, logged, scope) -> list[tuple]:
    """(channel, evidence, chapter, campaign, n): the roll-ups' sends and the log's contacts."""
    sends = db.session.execute(
        select(
            ReportCount.channel,
            ReportCount.evidence,
            ReportCount.chapter_id,
            ReportCount.campaign_id,
            func.sum(ReportCount.n),
        )
        .where(ReportCount.month == month, in_scope(ReportCount.chapter_id, scope))
        .group_by(
            ReportCount.channel,
            ReportCount.evidence,
            ReportCount.chapter_id,
            ReportCount.campaign_id,
        )
    ).all()
    contacts = db.session.execute(
        select(
            logged.c.kind,
            literal("logged"),
            logged.c.chapter_id,
            logged.c.campaign_id,
            func.count(),
        ).group_by(logged.c.kind, logged.c.chapter_id, logged.c.campaign_id)
    ).all()
    return [*sends, *contacts]


def _official_counts(month: date, logged, scope) -> Counter:
    """Interactions per official: the roll-ups' sends plus the log's contacts."""
    per_official = counted(
        select(ReportOfficialCount.official_id, func.sum(ReportOfficialCount.n))
        .where(
            ReportOfficialCount.month == month,
            in_scope(ReportOfficialCount.chapter_id, scope),
        )
        .group_by(ReportOfficialCount.official_id)
    )
    per_official.update(
        counted(select(logged.c.official_id, func.count()).group_by(logged.c.official_id))
    )
    return per_official


def _by_seat(totals: Totals, per_official: Counter, seats) -> None:
    """Each official's count by level, chamber, party and state; the states' coverage."""
    state_contacted: Counter = Counter()
    for official_id, n in per_official.items():
        if not n:
            continue
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


def month_totals(month: date, scope, seats) -> Totals:
    """Every total of one month, for the chapters in scope.

    Campaign sends come from the roll-ups the database keeps (models/reports.py); logged
    contacts, a few thousand a month, straight from the log.
    """
    totals = Totals()
    logged = _logged(month, next_month(month), scope).subquery()
    for channel, evidence, chapter_id, campaign_id, n in _channel_counts(month, logged, scope):
        if not n:
            continue
        totals.total += n
        totals.by_channel[channel] += n
        totals.by_evidence[evidence] += n
        totals.by_chapter[chapter_id or None] += n
        totals.by_campaign[campaign_id] += n
    _by_seat(totals, _official_counts(month, logged, scope), seats)
    _members(totals, month, scope)
    _follow_ups(totals, month, scope)
    return totals


def _members(totals: Totals, month: date, scope) -> None:
    """Members who sent this month; new ones sent for the first time in it."""
    this = select(ReportMember.member_key).where(
        ReportMember.month == month, ReportMember.n > 0, in_scope(ReportMember.chapter_id, scope)
    )
    totals.members = db.session.scalar(select(func.count()).select_from(this.distinct().subquery()))
    if scope is None:  # every member of the month: read the first months alone
        new = select(func.count()).where(ReportMemberFirst.first_month == month)
    else:
        new = select(func.count()).select_from(
            this.join(ReportMemberFirst, ReportMemberFirst.member_key == ReportMember.member_key)
            .where(ReportMemberFirst.first_month == month)
            .distinct()
            .subquery()
        )
    totals.new_members = db.session.scalar(new) or 0
    totals.returning_members = totals.members - totals.new_members


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
                in_scope(LogEntry.chapter_id, scope),
            )
        )
        or 0
    )
    closed = db.session.scalars(
        select(LogEntryChange.details)
        .join(LogEntry, LogEntry.id == LogEntryChange.entry_id)
        .where(
            LogEntryChange.action == "edited",
            LogEntryChange.changed_at >= day_start_utc(month, "UTC"),
            LogEntryChange.changed_at < day_start_utc(end, "UTC"),
            LogEntryChange.details.contains('"follow_up_done": [false, true]'),
            LogEntry.deleted_at.is_(None),
            in_scope(LogEntry.chapter_id, scope),
        )
    ).all()
    totals.follow_ups_closed = len(closed)


def trend(month: date, scope, months: int = 12) -> list[tuple[date, int]]:
    """Interactions per month for the last `months` months, oldest first."""
    first = month
    for _ in range(months - 1):
        first = previous_month(first)
    counts: Counter = Counter()
    for when, n in db.session.execute(
        select(ReportCount.month, func.sum(ReportCount.n))
        .where(
            ReportCount.month >= first,
            ReportCount.month <= month,
            in_scope(ReportCount.chapter_id, scope),
        )
        .group_by(ReportCount.month)
    ):
        counts[when] += n or 0
    # Per day, bucketed here: cheaper than asking the database for year and month.
    logged = _logged(first, next_month(month), scope).subquery()
    day = logged.c.occurred_on
    for when, n in db.session.execute(select(day, func.count()).group_by(day)):
        counts[when.replace(day=1)] += n
    out, current = [], first
    for _ in range(months):
        out.append((current, counts[current]))
        current = next_month(current)
    return out


def call_outcomes(month: date, scope: set[int] | None) -> list[tuple]:
    """Members' calls of the month: (campaign, official, outcome, position heard, calls),
    most first. Calls are few beside letters, so they are read from the sends."""
    key = (
        Interaction.campaign_id,
        Interaction.official_id,
        Interaction.official_name,
        Interaction.call_outcome,
        Interaction.position_heard,
    )
    return list(
        db.session.execute(
            select(*key, func.count())
            .where(
                Interaction.channel == "call",
                Interaction.local_month == month,
                in_scope(Interaction.chapter_id, scope),
            )
            .group_by(*key)
            .order_by(func.count().desc(), Interaction.official_name)
        ).all()
    )


def monthly_report(month: date, scope: set[int] | None) -> dict[str, Any]:
    """The whole report for a month: totals, last month's, and the 12-month trend."""
    chapters = {
        c.id: (c.name, c.timezone)
        for c in db.session.scalars(select(Chapter).order_by(Chapter.name))
        if scope is None or c.id in scope
    }
    seats = _seats()
    now = month_totals(month, scope, seats)
    before = month_totals(previous_month(month), scope, seats)
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
        "trend": trend(month, scope),
        "calls": call_outcomes(month, scope),
        "bills": bills_report(month, scope),
        "comments": comments_report(month, scope),
    }
