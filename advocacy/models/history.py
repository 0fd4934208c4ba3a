"""Versioned history, written one way: each step of a log entry's or a bill position's
history says who, when, and what changed as {"field": [old, new]} in JSON.

`changes` compares two snapshots; `step` makes the history row. The rows' shared columns
come from `HistoryStep`; each table adds what points at its record.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from advocacy.models._types import utcnow


class HistoryStep:
    """The columns of one step of a history."""

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # JSON: {"field": [old, new], ...}
    details: Mapped[str] = mapped_column(Text, default="{}")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @declared_attr
    def user(cls):
        return relationship("User")

    @property
    def changed(self) -> dict[str, list]:
        """What changed, as {"field": [old, new]}."""
        return json.loads(self.details or "{}")


def created(values: dict[str, Any]) -> dict[str, list]:
    """A new record's history: every field from nothing to its value."""
    return {k: [None, v] for k, v in values.items()}


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """The fields whose value moved, as {"field": [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def step(model: type, user_id: int, details: dict, at: datetime | None = None, **columns):
    """One history row of `model` (the reports search its JSON, so keys are sorted)."""
    return model(
        user_id=user_id,
        details=json.dumps(details, sort_keys=True),
        changed_at=at or utcnow(),
        **columns,
    )


class VersionConflict(Exception):
    """Someone saved the record since the form that edits it was shown."""


def save_versioned(
    row,
    create,
    change_model: type,
    user_id: int,
    values: dict[str, Any],
    stamp: dict[str, Any],
    seen_version: int | None,
    at: datetime,
) -> dict[str, list]:
    """Write `values` (and, when they change anything, `stamp`: who and when) to a
    versioned record with a history step: to `row`, or to the new record `create()` makes
    when there is none (added to the session there). The form showed `seen_version` (None:
    no record yet); VersionConflict if someone saved since. What changed ({} and nothing
    written when nothing did). Caller commits."""
    if row is None:
        if seen_version is not None:
            raise VersionConflict()
        row, diff = create(), created(values)
    else:
        if row.version != seen_version:
            raise VersionConflict()
        diff = changes({k: getattr(row, k) for k in values}, values)
        if not diff:
            return {}
    for name, value in (values | stamp).items():
        setattr(row, name, value)
    row.changes.append(step(change_model, user_id, diff, at=at))
    return diff
