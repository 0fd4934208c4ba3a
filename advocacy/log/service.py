"""Log entries: create, edit with history and a version check, delete and restore softly;
and the chapter feed that puts logged contacts beside members' campaign sends."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.auth.access import limit_to_scope
from advocacy.directory.queries import office_label
from advocacy.extensions import db
from advocacy.models import (
    Campaign,
    Chapter,
    Interaction,
    LogEntry,
    LogEntryChange,
    LogEntryOfficial,
    Official,
)
from advocacy.models._types import utcnow

FIELDS = (
    "chapter_id",
    "kind",
    "occurred_on",
    "campaign_id",
    "issue",
    "participants",
    "topics",
    "notes",
    "outcome",
    "follow_up_on",
    "follow_up_done",
)


class Conflict(Exception):
    """Someone else saved the entry since it was opened."""


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def snapshot(entry: LogEntry) -> dict[str, Any]:
    """The editable state of an entry, for its history."""
    values = {name: _plain(getattr(entry, name)) for name in FIELDS}
    values["officials"] = sorted(o.official_id for o in entry.officials)
    return values


def _official_rows(official_ids: list[int]) -> list[LogEntryOfficial]:
    officials = db.session.scalars(
        select(Official)
        .where(Official.id.in_(official_ids or [-1]))
        .options(selectinload(Official.seat))
    ).all()
    return [
        LogEntryOfficial(
            official_id=o.id,
            official_name=o.full_name,
            office=office_label(o.seat) if o.seat else "Former official",
            district=o.seat.district if o.seat else None,
        )
        for o in officials
    ]


def _record(entry: LogEntry, user_id: int, action: str, details: dict) -> None:
    entry.changes.append(
        LogEntryChange(
            user_id=user_id,
            action=action,
            details=json.dumps(details, sort_keys=True),
            changed_at=utcnow(),
        )
    )


def create_entry(user_id: int, values: dict[str, Any], official_ids: list[int]) -> LogEntry:
    """A new entry (the caller commits)."""
    now = utcnow()
    entry = LogEntry(
        created_by_id=user_id,
        updated_by_id=user_id,
        created_at=now,
        updated_at=now,
        **{k: values[k] for k in FIELDS},
    )
    entry.officials = _official_rows(official_ids)
    db.session.add(entry)
    _record(entry, user_id, "created", {k: [None, v] for k, v in snapshot(entry).items()})
    return entry


def update_entry(
    entry: LogEntry,
    user_id: int,
    values: dict[str, Any],
    official_ids: list[int],
    seen_version: int,
) -> dict[str, list]:
    """Apply an edit made on version seen_version; Conflict if the entry moved on."""
    if entry.version != seen_version:
        raise Conflict()
    before = snapshot(entry)
    if sorted(official_ids) != before["officials"]:
        # Officials no longer named go first (UNIQUE entry, official), then the new ones.
        keep = set(official_ids)
        for row in [r for r in entry.officials if r.official_id not in keep]:
            entry.officials.remove(row)
        db.session.flush()
        have = {r.official_id for r in entry.officials}
        entry.officials.extend(_official_rows([i for i in official_ids if i not in have]))
    for name in FIELDS:
        setattr(entry, name, values[name])
    after = snapshot(entry)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff:
        entry.updated_by_id = user_id
        entry.updated_at = utcnow()
        _record(entry, user_id, "edited", diff)
    return diff


def set_deleted(entry: LogEntry, user_id: int, deleted: bool, seen_version: int) -> None:
    """Soft-delete or restore, recorded in the history."""
    if entry.version != seen_version:
        raise Conflict()
    if deleted == (entry.deleted_at is not None):
        return
    entry.deleted_at = utcnow() if deleted else None
    entry.deleted_by_id = user_id if deleted else None
    entry.updated_by_id = user_id
    entry.updated_at = utcnow()
    _record(entry, user_id, "deleted" if deleted else "restored", {})


def get_entry(entry_id: int, scope: set[int] | None) -> LogEntry | None:
    """An entry the viewer may see (deleted ones too), or None — as if it did not exist."""
    if not 0 < entry_id < 2**31:
        return None
    query = (
        select(LogEntry)
        .where(LogEntry.id == entry_id)
        .options(selectinload(LogEntry.officials), selectinload(LogEntry.changes))
    )
    return db.session.scalars(limit_to_scope(query, LogEntry.chapter_id, scope)).first()


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
    extra: dict = field(default_factory=dict)


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
    query = limit_to_scope(query, LogEntry.chapter_id, scope)
    query = query.where(
        LogEntry.deleted_at.is_not(None) if filters.deleted else LogEntry.deleted_at.is_(None)
    )
    if filters.chapter_id:
        query = query.where(LogEntry.chapter_id == filters.chapter_id)
    if filters.date_from:
        query = query.where(LogEntry.occurred_on >= filters.date_from)
    if filters.date_to:
        query = query.where(LogEntry.occurred_on <= filters.date_to)
    if filters.official_id:
        query = query.where(
            LogEntry.officials.any(LogEntryOfficial.official_id == filters.official_id)
        )
    if filters.channel:
        query = query.where(LogEntry.kind == filters.channel)
    if filters.campaign_id:
        query = query.where(LogEntry.campaign_id == filters.campaign_id)
    if filters.outcome:
        query = query.where(LogEntry.outcome == filters.outcome)
    if filters.follow_ups:
        query = query.where(LogEntry.follow_up_on.is_not(None), ~LogEntry.follow_up_done)
    query = query.order_by(LogEntry.occurred_on.desc(), LogEntry.id.desc()).limit(limit)
    return [
        FeedItem(
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
        for e in db.session.scalars(query)
    ]


def _day_start(day: date) -> datetime:
    """Midnight UTC of a day (the chapter time zone decides months in the reports)."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def _sends(scope, filters: Filters, limit: int) -> list[FeedItem]:
    query = (
        select(Interaction, Campaign.title, Chapter.name)
        .join(Campaign, Campaign.id == Interaction.campaign_id)
        .outerjoin(Chapter, Chapter.id == Interaction.chapter_id)
    )
    if scope is not None:
        query = query.where(Interaction.chapter_id.in_(scope or {-1}))
    if filters.chapter_id:
        query = query.where(Interaction.chapter_id == filters.chapter_id)
    if filters.date_from:
        query = query.where(Interaction.created_at >= _day_start(filters.date_from))
    if filters.date_to:
        query = query.where(Interaction.created_at < _day_start(filters.date_to + timedelta(1)))
    if filters.official_id:
        query = query.where(Interaction.official_id == filters.official_id)
    if filters.channel:
        query = query.where(Interaction.channel == filters.channel)
    if filters.campaign_id:
        query = query.where(Interaction.campaign_id == filters.campaign_id)
    query = query.order_by(Interaction.created_at.desc()).limit(limit)
    return [
        FeedItem(
            source="campaign",
            day=i.created_at.date(),
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
        for i, title, chapter in db.session.execute(query)
    ]
