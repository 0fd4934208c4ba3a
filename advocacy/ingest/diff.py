"""Write the difference: a small table made equal to the rows wanted, and the counts of what
a load inserted, updated or retired. Runs in the caller's transaction and never commits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update

from advocacy.extensions import db

CHUNK = 500  # ids per IN (...) clause, well under SQLite's and PostgreSQL's limits


@dataclass
class Changes:
    """How many rows a load inserted, updated or retired, per table."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: str, action: str, n: int) -> None:
        """Count n rows for table/action."""
        if n:
            self.counts.setdefault(table, {}).setdefault(action, 0)
            self.counts[table][action] += n

    @property
    def total(self) -> int:
        """All rows touched."""
        return sum(sum(v.values()) for v in self.counts.values())


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    """The items, `size` at a time."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def sync_table(model, key: tuple[str, ...], rows: Iterable[dict[str, Any]], changes: Changes):
    """Make a small table equal to rows (matched on key columns): insert, update, delete."""
    table = model.__table__
    columns = [c.name for c in table.columns]
    wanted = {tuple(r[k] for k in key): r for r in rows}
    existing = {
        tuple(getattr(row, k) for k in key): row
        for row in db.session.execute(select(*table.columns)).all()
    }
    to_insert = [r for k, r in wanted.items() if k not in existing]
    to_update = [
        r
        for k, r in wanted.items()
        if k in existing and any(getattr(existing[k], c) != r.get(c) for c in columns)
    ]
    gone = [k for k in existing if k not in wanted]
    if to_insert:
        db.session.execute(insert(model), to_insert)
    if to_update:
        db.session.execute(update(model), to_update)
    for k in gone:
        db.session.execute(
            delete(model).where(*(table.c[col] == val for col, val in zip(key, k, strict=True)))
        )
    changes.add(table.name, "inserted", len(to_insert))
    changes.add(table.name, "updated", len(to_update))
    changes.add(table.name, "deleted", len(gone))
