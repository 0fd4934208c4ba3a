"""Small helpers the reports share: a (key, n) query as a Counter, a chapter scope as SQL,
and the day a stored moment falls on in a time zone."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import literal

from advocacy.directory.status import as_utc
from advocacy.extensions import db


def counted(query) -> Counter:
    """A (key, n) query as a Counter."""
    return Counter(dict(db.session.execute(query).all()))


def in_scope(column, scope: set[int] | None):
    return literal(True) if scope is None else column.in_(scope or {-1})


def day_in(moment: datetime, zone: str) -> date:
    """The day a stored moment (UTC; SQLite hands it back naive) falls on in `zone`."""
    return as_utc(moment).astimezone(ZoneInfo(zone)).date()
