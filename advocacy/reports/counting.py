"""The monthly report's two small query helpers, shared by its modules: a (key, n) query
as a Counter, and a chapter scope as SQL."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import literal

from advocacy.extensions import db


def counted(query) -> Counter:
    """A (key, n) query as a Counter."""
    return Counter(dict(db.session.execute(query).all()))


def in_scope(column, scope: set[int] | None):
    return literal(True) if scope is None else column.in_(scope or {-1})
