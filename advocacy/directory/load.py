"""Write a built directory into the database as a diff: unchanged rows are not touched.

Runs inside the caller's transaction and never commits: the caller commits the whole
update at once, or rolls it all back.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from advocacy.directory.build import Directory
from advocacy.directory.records import OfficialRecord
from advocacy.extensions import db
from advocacy.ingest.diff import Changes, chunks, sync_table
from advocacy.ingest.importer import Importer
from advocacy.models import (
    Committee,
    CommitteeMember,
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


def apply_directory(directory: Directory) -> Changes:
    """Bring the database to the built directory, touching only what changed."""
    changes = Changes()
    sync_table(Division, ("ocd_id",), directory.divisions.values(), changes)
    sync_table(GeoidRule, ("state_fips", "district_type"), directory.geoid_rules, changes)
    sync_table(GeoidMapping, ("district_type", "geoid"), directory.geoid_mappings, changes)
    OfficialImporter(utcnow(), changes).apply(directory.officials, retire=True)
    sync_table(Committee, ("code",), directory.committees, changes)
    sync_table(CommitteeMember, ("committee_code", "bioguide_id"), directory.memberships, changes)
    return changes


class OfficialImporter(Importer[OfficialRecord]):
    """Officials on the ingest spine: a person's row, and their seat, offices, accounts and
    identifiers replaced whole when their record changes. One who has left the sources
    keeps their row for history and loses their seat; one without a seat (a seat an admin
    retired, say) is written again."""

    model = Official
    hash_column = "fingerprint"
    children = (Seat, Office, SocialAccount, Identifier)
    parent_column = "official_id"

    def key(self, record: OfficialRecord) -> str:
        return record.source_key

    def digest(self, record: OfficialRecord) -> str:
        return record.fingerprint

    def row(self, record: OfficialRecord) -> dict:
        return {"source": record.source, **record.person}

    def existing(self):
        # Officials an admin's correction added are the corrections' to keep.
        self.seated = set(db.session.scalars(select(Seat.official_id)))
        return super().existing().where(Official.source != "correction")

    def stale(self, row_id: int) -> bool:
        return row_id not in self.seated

    def retire(self, ids: list[int]) -> None:
        departed = [i for i in ids if i in self.seated]
        for part in chunks(departed):
            db.session.execute(delete(Seat).where(Seat.official_id.in_(part)))
            db.session.execute(
                update(Official)
                .where(Official.id.in_(part))
                .values(fingerprint=None, updated_at=self.now)
            )
        self.seated -= set(departed)
        self.changes.add("seats", "retired", len(departed))

    def child_rows(self, official_id: int, record: OfficialRecord) -> dict:
        return {
            Seat: [{"official_id": official_id, **record.seat}],
            Office: [{"official_id": official_id, **o} for o in record.offices],
            SocialAccount: [{"official_id": official_id, **s} for s in _unique(record.socials)],
            Identifier: [{"official_id": official_id, **i} for i in _unique(record.identifiers)],
        }


def _unique(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        key = tuple(sorted(row.items()))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out
