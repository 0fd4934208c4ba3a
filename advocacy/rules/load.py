"""`flask rules update`: the Federal Register's documents on the ingest spine.

Every search is read and checked first (federal_register.py); then one transaction writes
the difference: new rules, changed ones (a rule whose comment period was extended or
reopened gets its new closing date, and each comment campaign on it closes with it), and
what each load noticed (RuleChange: new, closing date moved) for the digest. Rules are
never retired: a rule that left the search window keeps its page and its comments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, update

from advocacy import clock
from advocacy.extensions import begin_write, db, upsert_insert
from advocacy.ingest.fetch import Fetcher, SourceError
from advocacy.ingest.importer import Importer
from advocacy.models import Agency, Campaign, Rule, RuleAgency, RuleChange, RuleFollow
from advocacy.models._types import utcnow
from advocacy.rules import federal_register as fr


@dataclass
class RulesResult:
    """What an update read and wrote."""

    searches: int = 0
    documents: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    moved_closing: int = 0
    unmatched_agencies: list[str] = field(default_factory=list)


_FIELDS = (
    "document_number",
    "type",
    "title",
    "abstract",
    "action",
    "publication_date",
    "comments_close_on",
    "comment_url",
    "html_url",
    "pdf_url",
    "regulations_document_id",
)


class RuleImporter(Importer[fr.RuleRecord]):
    """Rules: the row and its agencies replaced whole; a new rule and a moved closing date
    noted (RuleChange), and the comment campaigns on a rule follow its closing date."""

    model = Rule
    children = (RuleAgency,)
    parent_column = "rule_id"

    def __init__(self, now, result: RulesResult):
        super().__init__(now)
        self.result = result
        self._closing: dict[int, date | None] = {}

    def key(self, record) -> str:
        return f"fr:{record.document_number}"

    def digest(self, record) -> str:
        return record.digest()

    def row(self, record) -> dict:
        return {name: getattr(record, name) for name in _FIELDS} | {
            "docket_ids": json.dumps(record.docket_ids),
            "regulation_id_numbers": json.dumps(record.regulation_id_numbers),
            "cfr_references": json.dumps(record.cfr_references),
            "agencies": json.dumps(record.agencies),
            "fetched_at": self.now,
        }

    def child_rows(self, rule_id: int, record) -> dict:
        return {
            RuleAgency: [
                {"rule_id": rule_id, "ordinal": i, "slug": a["slug"], "name": a["name"]}
                for i, a in enumerate(record.agencies)
            ]
        }

    def before_write(self, changed) -> None:
        ids = [rule_id for rule_id, _ in changed]
        self._closing = dict(
            db.session.execute(
                select(Rule.id, Rule.comments_close_on).where(Rule.id.in_(ids))
            ).all()
        )

    def after_write(self, written) -> None:
        notes = [
            {"rule_id": rule_id, "kind": "new", "details": "{}", "changed_at": self.now}
            for rule_id, _ in written.fresh
        ]
        for rule_id, record in written.changed:
            before = self._closing.get(rule_id)
            if before != record.comments_close_on:
                details = {
                    "comments_close_on": [
                        before.isoformat() if before else None,
                        record.comments_close_on.isoformat() if record.comments_close_on else None,
                    ]
                }
                notes.append(
                    {"rule_id": rule_id, "kind": "closing", "details": json.dumps(details),
                     "changed_at": self.now}
                )  # fmt: skip
                self.result.moved_closing += 1
                if record.comments_close_on is not None:
                    follow_closing(rule_id, record.comments_close_on)
        if notes:
            db.session.execute(RuleChange.__table__.insert(), notes)


def follow_closing(rule_id: int, closes_on: date) -> None:
    """Each comment campaign on the rule now ends on its closing date (never before it
    starts). Caller commits."""
    db.session.execute(
        update(Campaign)
        .where(Campaign.rule_id == rule_id, Campaign.starts_on <= closes_on)
        .values(ends_on=closes_on)
        .execution_options(synchronize_session=False)
    )


def followed() -> list[tuple[str, str]]:
    """What chapters follow: [(kind, value)], oldest first."""
    rows = db.session.execute(
        select(RuleFollow.kind, RuleFollow.value).order_by(RuleFollow.id)
    ).all()
    return [(kind, value) for kind, value in rows]


def fetch_all(config, fetcher: Fetcher | None = None) -> tuple[list, list[dict], RulesResult]:
    """Read and check every search (nothing written): the records, each once, the agency
    list, and the result so far."""
    own = fetcher is None
    fetcher = fetcher or Fetcher.from_config(config)
    result = RulesResult()
    try:
        agencies = fr.read_agencies(fetcher, config)
        slugs, result.unmatched_agencies = fr.resolve(fr.wanted_agencies(config), agencies)
        follows = followed()
        db.session.rollback()
        if not slugs and not follows:
            raise SourceError("RULES_AGENCIES", "names no agency of the Federal Register's list")
        today = clock.today("America/New_York")
        records: dict[str, fr.RuleRecord] = {}
        for search in fr.searches(slugs, follows):
            result.searches += 1
            for record in fr.read_search(fetcher, config, search, today):
                records[record.document_number] = record
    finally:
        if own:
            fetcher.close()
    result.documents = len(records)
    return sorted(records.values(), key=lambda r: r.document_number), agencies, result


def update_rules(config, fetcher: Fetcher | None = None) -> RulesResult:
    """Fetch, check and apply in one transaction; nothing is written unless every search
    is good."""
    records, agencies, result = fetch_all(config, fetcher)
    begin_write()
    try:
        _agencies(agencies)
        importer = RuleImporter(utcnow(), result)
        counts = importer.apply(records).counts.get("rules", {})
        result.inserted = counts.get("inserted", 0)
        result.updated = counts.get("updated", 0)
        result.unchanged = importer.same
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


def _agencies(agencies: list[dict]) -> None:
    """Keep the agency list (names for the filters and follows); only what changed."""
    have = {
        slug: (name, short)
        for slug, name, short in db.session.execute(
            select(Agency.slug, Agency.name, Agency.short_name)
        )
    }
    for agency in agencies:
        if have.get(agency["slug"]) == (agency["name"], agency["short_name"]):
            continue
        db.session.execute(
            upsert_insert(Agency)
            .values(**agency)
            .on_conflict_do_update(
                index_elements=[Agency.slug],
                set_={"name": agency["name"], "short_name": agency["short_name"]},
            )
        )


def loaded_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Rule)) or 0
