"""The chapter feed: logged contacts beside members' campaign sends, newest first.

Both kinds of interaction are narrowed by one filter ladder (`_narrow`); each names its
own columns and its own reading of a day (a logged contact happened on a date; a send
happened at a UTC time).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from advocacy.access import limit_to_scope
from advocacy.extensions import db
from advocacy.models import Campaign, Chapter, Interaction, LogEntry, LogEntryOfficial
from advocacy.months import clock_time, day_start_utc, in_zone


@dataclass
class Filters:
    """The feed's filters (already validated)."""

    chapter_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    official_id: int | None = None
    channel: str | None = None
    campaign_id: int | None = None
    outcome: str | None = None
    deleted: bool = False
    follow_ups: bool = False


@dataclass
class FeedItem:
    """One line of a chapter's activity: a logged contact or a member's send."""

    source: str  # "logged" or "campaign"
    day: date
    chapter: str | None
    channel: str
    evidence: str
    officials: list[tuple[int, str, str]]
    campaign: str | None
    issue: str
    outcome: str | None
    notes: str
    participants: str
    topics: str
    follow_up_on: date | None = None
    follow_up_done: bool = False
    entry_id: int | None = None
    member: str | None = None
    logged_by: str | None = None
    deleted: bool = False
    # A send's time on its chapter's clock (REPORT_TIMEZONE without one): "10:04 EST".
    at: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Columns:
    """How one kind of interaction answers each filter."""

    chapter: Any
    channel: Any
    campaign: Any
    on_or_after: Callable[[date], Any]
    on_or_before: Callable[[date], Any]
    official: Callable[[int], Any]


_LOGGED = _Columns(
    chapter=LogEntry.chapter_id,
    channel=LogEntry.kind,
    campaign=LogEntry.campaign_id,
    on_or_after=lambda day: LogEntry.occurred_on >= day,
    on_or_before=lambda day: LogEntry.occurred_on <= day,
    official=lambda oid: LogEntry.officials.any(LogEntryOfficial.official_id == oid),
)
_SENT = _Columns(
    chapter=Interaction.chapter_id,
    channel=Interaction.channel,
    campaign=Interaction.campaign_id,
    on_or_after=lambda day: Interaction.created_at >= day_start_utc(day, "UTC"),
    on_or_before=lambda day: Interaction.created_at < day_start_utc(day + timedelta(1), "UTC"),
    official=lambda oid: Interaction.official_id == oid,
)


def _narrow(query: Select, columns: _Columns, scope: set[int] | None, f: Filters) -> Select:
    """The filters every kind of interaction shares, in one place."""
    query = limit_to_scope(query, columns.chapter, scope)
    ladder = [
        (f.chapter_id, lambda v: columns.chapter == v),
        (f.date_from, columns.on_or_after),
        (f.date_to, columns.on_or_before),
        (f.official_id, columns.official),
        (f.channel, lambda v: columns.channel == v),
        (f.campaign_id, lambda v: columns.campaign == v),
    ]
    return query.where(*(clause(value) for value, clause in ladder if value))


def feed(scope: set[int] | None, filters: Filters, limit: int = 500) -> list[FeedItem]:
    """Logged contacts and campaign sends the viewer may see, newest first."""
    items = _entries(scope, filters, limit)
    if not (filters.deleted or filters.follow_ups or filters.outcome):
        items += _sends(scope, filters, limit)
    items.sort(key=lambda i: (i.day, i.entry_id or 0), reverse=True)
    return items[:limit]


def _entries(scope, filters: Filters, limit: int) -> list[FeedItem]:
    query = select(LogEntry).options(
        selectinload(LogEntry.officials),
        selectinload(LogEntry.chapter),
        selectinload(LogEntry.campaign),
        selectinload(LogEntry.created_by),
    )
    query = _narrow(query, _LOGGED, scope, filters).where(
        LogEntry.deleted_at.is_not(None) if filters.deleted else LogEntry.deleted_at.is_(None)
    )
    if filters.outcome:
        query = query.where(LogEntry.outcome == filters.outcome)
    if filters.follow_ups:
        query = query.where(LogEntry.follow_up_on.is_not(None), ~LogEntry.follow_up_done)
    query = query.order_by(LogEntry.occurred_on.desc(), LogEntry.id.desc()).limit(limit)
    return [_logged_item(e) for e in db.session.scalars(query)]


def _logged_item(e: LogEntry) -> FeedItem:
    return FeedItem(
        source="logged",
        day=e.occurred_on,
        chapter=e.chapter.name,
        channel=e.kind,
        evidence="logged",
        officials=[(o.official_id, o.official_name, o.office) for o in e.officials],
        campaign=e.campaign.title if e.campaign else None,
        issue=e.issue,
        outcome=e.outcome,
        notes=e.notes,
        participants=e.participants,
        topics=e.topics,
        follow_up_on=e.follow_up_on,
        follow_up_done=e.follow_up_done,
        entry_id=e.id,
        logged_by=(e.created_by.name or e.created_by.email) if e.created_by else None,
        deleted=e.deleted_at is not None,
    )


def _sends(scope, filters: Filters, limit: int) -> list[FeedItem]:
    query = (
        select(Interaction, Campaign.title, Chapter.name, Chapter.timezone)
        .join(Campaign, Campaign.id == Interaction.campaign_id)
        .outerjoin(Chapter, Chapter.id == Interaction.chapter_id)
    )
    query = _narrow(query, _SENT, scope, filters)
    query = query.order_by(Interaction.created_at.desc()).limit(limit)
    default_zone = current_app.config["REPORT_TIMEZONE"]
    return [
        _send_item(i, title, chapter, in_zone(i.created_at, zone or default_zone))
        for i, title, chapter, zone in db.session.execute(query)
    ]


def _send_item(i: Interaction, title: str, chapter: str | None, here: datetime) -> FeedItem:
    return FeedItem(
        source="campaign",
        day=here.date(),
        at=clock_time(here),
        chapter=chapter,
        channel=i.channel,
        evidence=i.evidence,
        officials=[(i.official_id, i.official_name, i.office)],
        campaign=title,
        issue="",
        outcome=None,
        notes="",
        participants="",
        topics="",
        member=i.member_name,
    )
