"""Write a built directory into the database as a diff: unchanged rows are not touched.

Runs inside the caller's transaction and never commits: the caller commits the whole
update at once, or rolls it all back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update

from advocacy.directory.build import Directory
from advocacy.extensions import db
from advocacy.models import (
    Division,
    GeoidMapping,
    GeoidRule,
    Identifier,
    Office,
    Official,
    Seat,
    SocialAccount,
)
from advocacy.models._types import utcnow

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


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
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


def apply_directory(directory: Directory) -> Changes:
    """Bring the database to the built directory, touching only what changed."""
    changes = Changes()
    sync_table(Division, ("ocd_id",), directory.divisions.values(), changes)
    sync_table(GeoidRule, ("state_fips", "district_type"), directory.geoid_rules, changes)
    sync_table(GeoidMapping, ("district_type", "geoid"), directory.geoid_mappings, changes)
    _sync_officials(directory, changes)
    return changes


def _sync_officials(directory: Directory, changes: Changes) -> None:
    existing = {
        key: (oid, fingerprint)
        for oid, key, fingerprint in db.session.execute(
            # Officials an admin's correction added are the corrections' to keep.
            select(Official.id, Official.source_key, Official.fingerprint).where(
                Official.source != "correction"
            )
        )
    }
    seated = set(db.session.scalars(select(Seat.official_id)))
    now = utcnow()
    new, changed = [], []
    for record in directory.officials:
        fingerprint = record.fingerprint
        found = existing.get(record.source_key)
        if found is None:
            new.append((record, fingerprint))
        elif found[1] != fingerprint or found[0] not in seated:
            changed.append((found[0], record, fingerprint))

    # Officials no longer in the sources lose their seat; their row stays for history.
    wanted = {r.source_key for r in directory.officials}
    departed = [oid for key, (oid, _) in existing.items() if key not in wanted and oid in seated]
    for ids in _chunks(departed):
        db.session.execute(delete(Seat).where(Seat.official_id.in_(ids)))
        db.session.execute(
            update(Official).where(Official.id.in_(ids)).values(fingerprint=None, updated_at=now)
        )
    changes.add("seats", "retired", len(departed))

    if changed:
        db.session.execute(
            update(Official),
            [
                {"id": oid, "source": r.source, **r.person, "fingerprint": fp, "updated_at": now}
                for oid, r, fp in changed
            ],
        )
        ids = [oid for oid, _, _ in changed]
        for chunk in _chunks(ids):
            for model in (Seat, Office, SocialAccount, Identifier):
                db.session.execute(delete(model).where(model.official_id.in_(chunk)))
    changes.add("officials", "updated", len(changed))

    inserted_ids: dict[str, int] = {}
    for chunk in _chunks(new):
        result = db.session.execute(
            insert(Official).returning(Official.id, Official.source_key),
            [
                {
                    "source_key": r.source_key,
                    "source": r.source,
                    **r.person,
                    "fingerprint": fp,
                    "created_at": now,
                    "updated_at": now,
                }
                for r, fp in chunk
            ],
        )
        inserted_ids.update({key: oid for oid, key in result})
    changes.add("officials", "inserted", len(new))

    targets = [(oid, r) for oid, r, _ in changed]
    targets += [(inserted_ids[r.source_key], r) for r, _ in new]
    seats, offices, socials, identifiers = [], [], [], []
    for oid, r in targets:
        seats.append({"official_id": oid, **r.seat})
        offices += [{"official_id": oid, **o} for o in r.offices]
        socials += [{"official_id": oid, **s} for s in _unique(r.socials)]
        identifiers += [{"official_id": oid, **i} for i in _unique(r.identifiers)]
    for model, rows in (
        (Seat, seats),
        (Office, offices),
        (SocialAccount, socials),
        (Identifier, identifiers),
    ):
        for chunk in _chunks(rows, 2000):
            db.session.execute(insert(model), chunk)
        changes.add(model.__tablename__, "written", len(rows))


def _unique(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        key = tuple(sorted(row.items()))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out
