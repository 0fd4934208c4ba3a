"""The ingest spine's importer: a kind says what its records are through hooks, the base
writes the difference. A toy kind here (officials with identifiers) shows each hook."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from advocacy import clock
from advocacy.extensions import db
from advocacy.ingest.importer import Importer
from advocacy.models import Identifier, Official


@dataclass
class Person:
    key: str
    name: str
    ids: tuple[str, ...] = ()


class People(Importer[Person]):
    model = Official
    hash_column = "fingerprint"
    children = (Identifier,)
    parent_column = "official_id"
    chunk = 2  # several chunks even for a handful of records

    def __init__(self, now, stale=()):
        super().__init__(now)
        self.calls: dict[str, list] = {"unchanged": [], "before": [], "after": [], "retire": []}
        self._stale = set(stale)

    def key(self, r):
        return r.key

    def digest(self, r):
        return f"{r.name}|{','.join(r.ids)}"

    def row(self, r):
        return {"source": "test", "full_name": r.name, "sort_name": r.name, "family_name": r.name}

    def child_rows(self, row_id, r):
        return {Identifier: [{"official_id": row_id, "scheme": "x", "value": v} for v in r.ids]}

    def stale(self, row_id):
        return row_id in self._stale

    def unchanged(self, same):
        self.calls["unchanged"] += [r.key for _, r in same]

    def before_write(self, changed):
        self.calls["before"] += [(i, r.key) for i, r in changed]

    def after_write(self, written):
        self.calls["after"].append(
            ([r.key for _, r in written.fresh], [r.key for _, r in written.changed])
        )

    def retire(self, ids):
        self.calls["retire"] += ids


def _ids(key):
    return sorted(
        db.session.scalars(
            select(Identifier.value).join(Official).where(Official.source_key == key)
        )
    )


def test_new_records_are_inserted_with_their_children(app):
    with app.app_context():
        people = People(clock.now())
        changes = people.apply(
            [Person("a", "Ann", ("1", "2")), Person("b", "Bo"), Person("c", "Cy", ("3",))]
        )
        assert changes.counts == {"officials": {"inserted": 3}, "identifiers": {"written": 3}}
        assert _ids("a") == ["1", "2"] and _ids("c") == ["3"]
        assert people.calls["after"] == [(["a", "b"], []), (["c"], [])]  # two chunks


def test_same_hash_writes_nothing_and_a_change_replaces_the_children(app):
    with app.app_context():
        People(clock.now()).apply([Person("a", "Ann", ("1", "2")), Person("b", "Bo")])
        before = db.session.scalar(select(Official.id).where(Official.source_key == "a"))
        people = People(clock.now())
        changes = people.apply([Person("a", "Ann", ("9",)), Person("b", "Bo")])
        assert changes.counts == {"officials": {"updated": 1}, "identifiers": {"written": 1}}
        assert people.same == 1 and people.calls["unchanged"] == ["b"]
        assert people.calls["before"] == [(before, "a")]  # read before the children go
        assert _ids("a") == ["9"]
        assert db.session.scalar(select(Official.id).where(Official.source_key == "a")) == before


def test_a_stale_row_is_written_again_and_gone_ones_are_retired_only_when_asked(app):
    with app.app_context():
        People(clock.now()).apply([Person("a", "Ann", ("1",)), Person("b", "Bo")])
        a = db.session.scalar(select(Official.id).where(Official.source_key == "a"))
        b = db.session.scalar(select(Official.id).where(Official.source_key == "b"))
        people = People(clock.now(), stale={a})
        people.apply([Person("a", "Ann", ("1",))])
        assert people.calls["before"] == [(a, "a")] and people.calls["retire"] == []
        people = People(clock.now())
        people.apply([Person("a", "Ann", ("1",))], retire=True)
        assert people.calls["retire"] == [b]
        assert db.session.scalar(select(func.count()).select_from(Official)) == 2  # kept
