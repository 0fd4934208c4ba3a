"""The advocate's log: entries created, edited with history and a version check, deleted
and restored softly. The caller commits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.access import limit_to_scope
from advocacy.directory.queries import office_label
from advocacy.extensions import db
from advocacy.forms import MAX_ID
from advocacy.models import (
    Bill,
    LogEntry,
    LogEntryBill,
    LogEntryChange,
    LogEntryOfficial,
    Official,
    history,
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
    values["bills"] = sorted(b.id for b in entry.bills)
    return values


def _bills(bill_ids: list[int] | tuple[int, ...]) -> list[Bill]:
    ids = [i for i in bill_ids if 0 < i <= MAX_ID]
    return list(db.session.scalars(select(Bill).where(Bill.id.in_(ids or [-1]))))


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
    entry.changes.append(history.step(LogEntryChange, user_id, details, action=action))


def create_entry(
    user_id: int,
    values: dict[str, Any],
    official_ids: list[int],
    bill_ids: list[int] | tuple[int, ...] = (),
) -> LogEntry:
    """A new entry, citing bills if given (the caller commits)."""
    now = utcnow()
    entry = LogEntry(
        created_by_id=user_id,
        updated_by_id=user_id,
        created_at=now,
        updated_at=now,
        **{k: values[k] for k in FIELDS},
    )
    entry.officials = _official_rows(official_ids)
    entry.bills = _bills(bill_ids)
    db.session.add(entry)
    _record(entry, user_id, "created", history.created(snapshot(entry)))
    return entry


def update_entry(
    entry: LogEntry,
    user_id: int,
    values: dict[str, Any],
    official_ids: list[int],
    seen_version: int,
    bill_ids: list[int] | tuple[int, ...] | None = None,
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
    if bill_ids is not None and sorted(set(bill_ids)) != before["bills"]:
        entry.bills = _bills(bill_ids)
    for name in FIELDS:
        setattr(entry, name, values[name])
    diff = history.changes(before, snapshot(entry))
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
    if not 0 < entry_id <= MAX_ID:
        return None
    query = (
        select(LogEntry)
        .where(LogEntry.id == entry_id)
        .options(
            selectinload(LogEntry.officials),
            selectinload(LogEntry.changes),
            selectinload(LogEntry.bills),
        )
    )
    return db.session.scalars(limit_to_scope(query, LogEntry.chapter_id, scope)).first()


def entries_citing(bill_id: int, scope: set[int] | None, limit: int = 50) -> list[LogEntry]:
    """The logged contacts that cite a bill, of the chapters in scope, newest first."""
    query = (
        select(LogEntry)
        .join(LogEntryBill, LogEntryBill.entry_id == LogEntry.id)
        .where(LogEntryBill.bill_id == bill_id, LogEntry.deleted_at.is_(None))
        .options(selectinload(LogEntry.officials), selectinload(LogEntry.chapter))
        .order_by(LogEntry.occurred_on.desc(), LogEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(limit_to_scope(query, LogEntry.chapter_id, scope)))
