"""`flask bills update`: fetch every bill source, check it, and apply the difference.

Sources: the Congress watch-list (BILLS_CONGRESS, GovInfo's BILLSTATUS files), the New
York session (BILLS_NY_SESSION, one JSON file per bill; read from LEGISLATOR_DATA_MIRROR, as
the repository's listing is not a public file) and, with OPENSTATES_API_KEY, searches of
the other states' bills through the Open States API (openstates.py). Everything is fetched
and parsed before anything is written: a file that is refused stops the update with its name
and reason, and the bills already loaded stay as they were. Then one transaction writes only
the bills whose content changed, and each sponsor is linked to our official where one
matches: Congress by bioguide id, Open States by person id, else by name within the state's
chamber (the unmatched are counted and kept as names).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, insert, or_, select, text, update

from advocacy.bills import openstates
from advocacy.bills.parsers import BillRecord, BillRefused, parse_billstatus, parse_ny
from advocacy.extensions import begin_write, db
from advocacy.ingest.fetch import Fetcher, Source, SourceError
from advocacy.ingest.importer import Importer
from advocacy.models import Bill, BillAction, BillChange, BillSponsor, Official, Seat
from advocacy.models._types import utcnow

GOVINFO = "https://www.govinfo.gov/bulkdata/BILLSTATUS"
NY_BILLS = "https://raw.githubusercontent.com/jehiah/ny_legislation/master/bills"
_STATE = re.compile(r"^ocd-jurisdiction/country:us/(?:state|district|territory):([a-z]{2})/")
_BILL_ID = re.compile(r"^(\d{2,3})(hr|s|hres|sres|hjres|sjres|hconres|sconres)(\d{1,5})$")


@dataclass
class BillsResult:
    """What an update did."""

    sources: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched_sponsors: dict[str, int] = field(default_factory=dict)


def congress_sources(config) -> list[Source]:
    """One BILLSTATUS file per bill of the watch-list ("119s1261", ...)."""
    wanted = config.get("BILLS_CONGRESS") or ()
    if isinstance(wanted, str):  # from the environment: "119s1261 119hr238" or with commas
        wanted = wanted.replace(",", " ").split()
    sources = []
    for bill_id in wanted:
        match = _BILL_ID.match(str(bill_id).lower())
        if not match:
            raise SourceError("BILLS_CONGRESS", f"{bill_id!r} is not like 119s1261")
        congress, kind, number = match.groups()
        url = f"{GOVINFO}/{congress}/{kind}/BILLSTATUS-{congress}{kind}{number}.xml"
        sources.append(Source(f"billstatus-{congress}{kind}{number}", url, "billstatus"))
    return sources


def ny_sources(config) -> list[Source]:
    """Every bill file of the New York session, listed from the mirror."""
    session = config.get("BILLS_NY_SESSION")
    if not session:
        return []
    mirror = config.get("LEGISLATOR_DATA_MIRROR")
    if not mirror:
        raise SourceError(
            "ny-bills", "New York's bills are read from LEGISLATOR_DATA_MIRROR (no public index)"
        )
    folder = (
        Path(mirror) / "raw.githubusercontent.com/jehiah/ny_legislation/master/bills" / str(session)
    )
    if not folder.is_dir():
        raise SourceError("ny-bills", f"no folder {folder} in the mirror")
    names = sorted(
        entry.name
        for entry in os.scandir(folder)
        if entry.name.endswith(".json") and entry.name != "last_sync.json"
    )
    limit = config.get("BILLS_NY_LIMIT")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise SourceError("BILLS_NY_LIMIT", f"{limit!r} is not a number of bills")
    names = names[:limit] if limit else names
    return [Source(f"ny-{session}-{n[:-5]}", f"{NY_BILLS}/{session}/{n}", "ny") for n in names]


PARSERS: dict[str, Callable[[bytes], BillRecord]] = {"billstatus": parse_billstatus, "ny": parse_ny}


def fetch_all(config) -> tuple[list[tuple[BillRecord, str, str]], int]:
    """Every source fetched and, unless its bytes are those already loaded, parsed:
    ([(record, url, sha256)], how many files were unchanged). The first refused file
    raises SourceError."""
    sources = congress_sources(config) + ny_sources(config)
    loaded = dict(
        db.session.execute(
            select(Bill.source_url, Bill.source_sha256).where(Bill.source_url.is_not(None))
        ).all()
    )
    db.session.rollback()
    fetcher = Fetcher.from_config(config)
    records: dict[str, tuple[BillRecord, str, str]] = {}
    same = 0
    try:
        for source in sources:
            fetched = fetcher.fetch(source)
            if loaded.get(source.url) == fetched.sha256:
                same += 1
                continue
            try:
                record = PARSERS[source.kind](fetched.content)
            except BillRefused as exc:
                raise SourceError(source.name, str(exc)) from None
            if record.source_key in records:
                raise SourceError(source.name, f"a second copy of {record.identifier}")
            records[record.source_key] = (record, source.url, fetched.sha256)
        for record, url, sha in openstates.fetch(config, fetcher):
            records.setdefault(record.source_key, (record, url, sha))
    finally:
        fetcher.close()
    return list(records.values()), same


def update_bills(config) -> BillsResult:
    """Fetch, check and apply: nothing is written unless every source is good."""
    records, same = fetch_all(config)
    result = BillsResult(sources=len(records) + same, unchanged=same)
    begin_write()
    try:
        apply(records, result)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    if result.inserted + result.updated >= ANALYZE_AFTER and _postgres():
        # A bulk load outruns autovacuum: plan the next queries (search, digests) on the
        # tables as they now are, not as they were before thousands of rows arrived.
        db.session.execute(text("ANALYZE bills, bill_actions, bill_sponsors, bill_changes"))
        db.session.commit()
    return result


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


# Bills written by one update from which PostgreSQL's statistics are brought up to date.
ANALYZE_AFTER = 1_000
_FIELDS = (
    "source",
    "jurisdiction",
    "session",
    "identifier",
    "chamber",
    "title",
    "summary",
    "status",
    "status_text",
    "introduced_on",
    "latest_action_on",
    "latest_action",
    "url",
)


def apply(records: list[tuple[BillRecord, str, str]], result: BillsResult) -> None:
    """Write the bills whose content changed (the caller commits), CHUNK bills at a time with
    one bulk statement per table: a bill's row, its actions, its sponsors and what changed."""
    importer = BillImporter(utcnow(), result)
    changes = importer.apply(records)
    counts = changes.counts.get("bills", {})
    result.inserted += counts.get("inserted", 0)
    result.updated += counts.get("updated", 0)
    result.unchanged += importer.same


class BillImporter(Importer[tuple[BillRecord, str, str]]):
    """Bills (a record with the URL and sha256 of its file) on the ingest spine: the bill's
    row, its actions and sponsors (each matched to our official) replaced whole, and what
    each load changed of it kept (BillChange: new, new actions, a new status)."""

    model = Bill
    children = (BillAction, BillSponsor)
    parent_column = "bill_id"

    def __init__(self, now, result: BillsResult):
        super().__init__(now)
        self.result = result
        self.matcher = SponsorMatcher()
        self._before: dict[int, tuple[str, set]] = {}

    def key(self, item) -> str:
        return item[0].source_key

    def digest(self, item) -> str:
        return item[0].content_hash()

    def row(self, item) -> dict:
        record, url, file_sha = item
        return {name: getattr(record, name) for name in _FIELDS} | {
            "actions_text": "\n".join(a.text for a in record.actions),
            "subjects": json.dumps(record.subjects),
            "committees": json.dumps(record.committees),
            "committee_codes": json.dumps(record.committee_codes),
            "source_url": url,
            "source_sha256": file_sha,
            "fetched_at": self.now,
        }

    def unchanged(self, same) -> None:
        # New bytes, same bill (spacing, order): only the file is noted.
        db.session.execute(
            update(Bill.__table__)
            .where(Bill.__table__.c.id == bindparam("b_id"))
            .values(source_url=bindparam("b_url"), source_sha256=bindparam("b_sha")),
            [{"b_id": bill_id, "b_url": item[1], "b_sha": item[2]} for bill_id, item in same],
        )

    def before_write(self, changed) -> None:
        ids = [bill_id for bill_id, _ in changed]
        status = dict(
            db.session.execute(select(Bill.id, Bill.status).where(Bill.id.in_(ids))).all()
        )
        had: dict[int, set] = {}
        for bill_id, acted_on, said in db.session.execute(
            select(BillAction.bill_id, BillAction.acted_on, BillAction.text).where(
                BillAction.bill_id.in_(ids)
            )
        ):
            had.setdefault(bill_id, set()).add((acted_on, said))
        self._before = {i: (status[i], had.get(i, set())) for i in ids}

    def child_rows(self, bill_id: int, item) -> dict:
        record = item[0]
        actions = [
            {"bill_id": bill_id, "ordinal": i, "acted_on": a.acted_on, "text": a.text,
             "actor": a.actor[:100]}
            for i, a in enumerate(record.actions)
        ]  # fmt: skip
        sponsors = []
        for i, s in enumerate(record.sponsors):
            official_id = self.matcher.match(record, s)
            if official_id is None:
                unmatched = self.result.unmatched_sponsors
                unmatched[record.jurisdiction] = unmatched.get(record.jurisdiction, 0) + 1
            sponsors.append(
                {"bill_id": bill_id, "ordinal": i, "role": s.role, "name": s.name,
                 "external_id": s.external_id, "official_id": official_id,
                 "joined_on": s.joined_on, "withdrawn_on": s.withdrawn_on}
            )  # fmt: skip
        return {BillAction: actions, BillSponsor: sponsors}

    def after_write(self, written) -> None:
        rows = [
            _change(bill_id, *self._before[bill_id], item[0]) for bill_id, item in written.changed
        ]
        rows += [
            {"bill_id": bill_id, "kind": "new", "details": "{}"} for bill_id, _ in written.fresh
        ]
        if rows:
            db.session.execute(
                insert(BillChange.__table__), [r | {"changed_at": self.now} for r in rows]
            )


def _change(bill_id: int, status: str, had: set, record: BillRecord) -> dict:
    """What this load changes of a loaded bill (read before its actions are replaced): its
    status, the actions it did not have, or else other details."""
    new_actions = [
        {"date": a.acted_on.isoformat() if a.acted_on else None, "text": a.text}
        for a in record.actions
        if (a.acted_on, a.text) not in had
    ]
    details: dict = {}
    if new_actions:
        details["actions"] = new_actions[-20:]
    if status != record.status:
        details["status"] = [status, record.status]
    kind = "status" if "status" in details else "actions" if new_actions else "details"
    return {"bill_id": bill_id, "kind": kind, "details": json.dumps(details)}


def name_key(name: str) -> str:
    """A name compared as people write it: accents, case, punctuation and middle initials
    aside ("José M. Peralta" and "Jose Peralta" meet)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    words = [w for w in re.split(r"[^a-z]+", plain) if w]
    words = [w for w in words if len(w) > 1 and w not in {"jr", "sr", "ii", "iii", "iv"}]
    return f"{words[0]} {words[-1]}" if len(words) >= 2 else " ".join(words)


class SponsorMatcher:
    """Our official for a sponsor, by the best key the source gives: a bioguide id (Congress),
    an Open States person id (the states' legislators are loaded under theirs), or else the
    name within the state's chamber (New York; Open States sponsorships without a person)."""

    def __init__(self):
        self._ids: dict[str, int] | None = None
        self._states: dict[str, dict[str, dict[str, int]]] = {}

    def match(self, record: BillRecord, sponsor) -> int | None:
        if record.source == "govinfo":
            if not sponsor.external_id:
                return None
            return self.ids().get(f"bioguide:{sponsor.external_id}")
        if sponsor.external_id and sponsor.external_id in self.ids():
            return self.ids()[sponsor.external_id]
        state = _STATE.search(record.jurisdiction)
        if state is None:
            return None
        names = self.names(state.group(1)).get(sponsor.chamber or "", {})
        key = name_key(sponsor.name)
        # The full name, or else a family name no one else in the chamber has
        # ("Steven Otis" is Open States' "Steve Otis").
        return names.get(key) or names.get("last:" + key.rpartition(" ")[2])

    def ids(self) -> dict[str, int]:
        """Officials by their source's own id: "bioguide:S001194", "ocd-person/..."."""
        if self._ids is None:
            self._ids = dict(
                db.session.execute(
                    select(Official.source_key, Official.id).where(
                        or_(
                            Official.source_key.like("bioguide:%"),
                            Official.source_key.like("ocd-person/%"),
                        )
                    )
                ).all()
            )
        return self._ids

    def names(self, state: str) -> dict[str, dict[str, int]]:
        """A state's legislators by chamber: by name key, and by a family name ("last:...")
        no one else in that chamber has."""
        if state not in self._states:
            rows = db.session.execute(
                select(Seat.chamber, Official.full_name, Official.id)
                .join(Official, Official.id == Seat.official_id)
                .where(Seat.state == state, Seat.level == "state")
            ).all()
            found: dict[str, dict[str, int]] = {}
            families: dict[tuple[str, str], list[int]] = {}
            for chamber, full_name, official_id in rows:
                key = name_key(full_name)
                found.setdefault(chamber, {})[key] = official_id
                families.setdefault((chamber, key.rpartition(" ")[2]), []).append(official_id)
            for (chamber, family), ids in families.items():
                if len(ids) == 1:
                    found[chamber]["last:" + family] = ids[0]
            self._states[state] = found
        return self._states[state]
