"""One importer for every kind of record a source yields (openstates-core's importer
shape): the base writes the difference, a kind says what its records are through hooks.

A record is matched to its row by a natural key and compared by a content hash: rows
whose hash is the same are left alone (`unchanged` may note something about them), new
ones are inserted, changed ones updated, and each written record's child rows (actions,
sponsors; a seat, offices, accounts) are replaced whole. The writing is CHUNK records at a
time with one bulk statement per table. Rows whose record is gone can be retired
(`retire`). Runs in the caller's transaction and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import delete, insert, select, update

from advocacy.extensions import db
from advocacy.ingest.diff import CHUNK, Changes, chunks

R = TypeVar("R")


@dataclass
class Written(Generic[R]):
    """What one chunk wrote: (row id, record) of the new and of the changed ones."""

    fresh: list[tuple[int, R]]
    changed: list[tuple[int, R]]


class Importer(Generic[R]):
    """Records of one kind written as a diff into `model` (and its `children`)."""

    model: ClassVar[type]
    key_column: ClassVar[str] = "source_key"
    hash_column: ClassVar[str] = "content_hash"
    # Child tables (models with a `parent_column` to the row's id), replaced on every write.
    children: ClassVar[tuple[type, ...]] = ()
    parent_column: ClassVar[str] = ""
    chunk: ClassVar[int] = CHUNK

    def __init__(self, now: datetime, changes: Changes | None = None):
        self.now = now
        self.changes = changes or Changes()
        self.known: dict[str, tuple[int, str | None]] = {}
        self.same = 0  # records that changed nothing (not a change: not in `changes`)

    # --- hooks ---------------------------------------------------------------------------

    def key(self, record: R) -> str:
        """The record's natural key."""
        raise NotImplementedError

    def digest(self, record: R) -> str:
        """A hash of everything the record writes: equal hashes, nothing to write."""
        raise NotImplementedError

    def row(self, record: R) -> dict[str, Any]:
        """The record's row (without its key, hash and timestamps)."""
        raise NotImplementedError

    def child_rows(self, row_id: int, record: R) -> dict[type, list[dict[str, Any]]]:
        """Rows of the child tables for one written record."""
        return {}

    def existing(self):
        """The query of the rows records are matched against: (id, key, hash)."""
        return select(
            self.model.id,
            getattr(self.model, self.key_column),
            getattr(self.model, self.hash_column),
        )

    def stale(self, row_id: int) -> bool:
        """Whether a row must be written again though its hash is the same."""
        return False

    def unchanged(self, same: list[tuple[int, R]]) -> None:
        """Rows whose records changed nothing (the bills note the file they came from)."""

    def before_write(self, changed: list[tuple[int, R]]) -> None:
        """Changed rows, before their children are replaced (read what they were)."""

    def after_write(self, written: Written[R]) -> None:
        """What a chunk wrote (the bills record what changed)."""

    def retire(self, ids: list[int]) -> None:
        """Rows whose records are gone from the sources (only when `apply(retire=True)`)."""

    # --- the writing ----------------------------------------------------------------------

    def apply(self, records: Sequence[R], *, retire: bool = False) -> Changes:
        """Write the difference between the records and the table."""
        self.known = {
            key: (row_id, digest) for row_id, key, digest in db.session.execute(self.existing())
        }
        if retire:
            wanted = {self.key(r) for r in records}
            self.retire([row_id for key, (row_id, _) in self.known.items() if key not in wanted])
        for start in range(0, len(records), self.chunk):
            self._apply_chunk(records[start : start + self.chunk])
        return self.changes

    def _apply_chunk(self, records: Sequence[R]) -> None:
        same, fresh, changed = [], [], []
        for record in records:
            have = self.known.get(self.key(record))
            digest = self.digest(record)
            if have is None:
                fresh.append((record, digest))
            elif have[1] != digest or self.stale(have[0]):
                changed.append((have[0], record, digest))
            else:
                same.append((have[0], record))
        if same:
            self.unchanged(same)
            self.same += len(same)
        written = Written([], [(row_id, record) for row_id, record, _ in changed])
        if changed:
            self.before_write(written.changed)
            self._update(changed)
        if fresh:
            written.fresh = self._insert(fresh)
        self._write_children(written)
        self.after_write(written)

    def _update(self, changed: list[tuple[int, R, str]]) -> None:
        db.session.execute(
            update(self.model),
            [
                {"id": row_id, **self.row(r), self.hash_column: digest, "updated_at": self.now}
                for row_id, r, digest in changed
            ],
        )
        ids = [row_id for row_id, _, _ in changed]
        for child in self.children:
            db.session.execute(delete(child).where(getattr(child, self.parent_column).in_(ids)))
        self.changes.add(self.model.__tablename__, "updated", len(changed))

    def _insert(self, fresh: list[tuple[R, str]]) -> list[tuple[int, R]]:
        key_column = getattr(self.model, self.key_column)
        result = db.session.execute(
            insert(self.model).returning(self.model.id, key_column),
            [
                {
                    self.key_column: self.key(r),
                    **self.row(r),
                    self.hash_column: digest,
                    "created_at": self.now,
                    "updated_at": self.now,
                }
                for r, digest in fresh
            ],
        )
        ids = dict((key, row_id) for row_id, key in result)
        for r, digest in fresh:
            self.known[self.key(r)] = (ids[self.key(r)], digest)
        self.changes.add(self.model.__tablename__, "inserted", len(fresh))
        return [(ids[self.key(r)], r) for r, _ in fresh]

    def _write_children(self, written: Written[R]) -> None:
        rows: dict[type, list[dict[str, Any]]] = {child: [] for child in self.children}
        for row_id, record in (*written.changed, *written.fresh):
            for child, found in self.child_rows(row_id, record).items():
                rows.setdefault(child, []).extend(found)
        for child, found in rows.items():
            for part in chunks(found, 2000):
                db.session.execute(insert(child), part)
            self.changes.add(child.__tablename__, "written", len(found))
