"""The whole real directory, loaded from ../shared/legislators, checked against the sources.

Expected numbers are computed here from the source files themselves (or the mirror's
PROVENANCE.json), never copied from the app's output.
"""

from __future__ import annotations

import csv
import html
import json
from collections import Counter

import openstates_metadata
import pytest
from sqlalchemy import func, select

from advocacy.directory.build import build_directory
from advocacy.directory.load import apply_directory
from advocacy.directory.parsers import parse
from advocacy.directory.sources import JURISDICTIONS, all_sources
from advocacy.directory.status import data_status
from advocacy.directory.update import update_directory
from advocacy.extensions import db
from advocacy.ingest.fetch import SourceError
from advocacy.models import (
    Committee,
    CommitteeMember,
    DataLoad,
    Division,
    GeoidMapping,
    Identifier,
    Official,
    Seat,
)
from tests.factories import app_today

pytestmark = pytest.mark.realdata


def congress(shared_data):
    path = shared_data / "unitedstates.github.io/congress-legislators/legislators-current.json"
    return json.loads(path.read_text())


def state_rows(shared_data, state):
    path = shared_data / f"data.openstates.org/people/current/{state}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def seats(**where):
    query = select(Seat)
    for key, value in where.items():
        query = query.where(getattr(Seat, key) == value)
    return db.session.scalars(query).all()


def test_every_member_of_congress_is_loaded(loaded_app, shared_data):
    members = congress(shared_data)
    senators = [m for m in members if m["terms"][-1]["type"] == "sen"]
    house = [m for m in members if m["terms"][-1]["type"] == "rep"]
    today = app_today(loaded_app).isoformat()
    with loaded_app.app_context():
        assert len(seats(level="federal", chamber="upper")) == len(senators)
        assert len(seats(level="federal", chamber="lower")) == len(house)
        per_state = Counter(s.state for s in seats(level="federal", chamber="upper"))
        assert per_state == Counter(m["terms"][-1]["state"].lower() for m in senators)
        # Current = the term in the source has not ended; appointees whose term ended at a
        # special election are kept but not counted as current.
        status = data_status(loaded_app.config)
        assert status["counts"]["us_senate"] == sum(
            1 for m in senators if m["terms"][-1]["end"] >= today
        )
        assert status["counts"]["us_house"] == sum(
            1 for m in house if m["terms"][-1]["end"] >= today
        )


def test_every_state_legislator_is_loaded(loaded_app, shared_data, provenance):
    expected = provenance["openstates_current_legislators_by_state"]
    with loaded_app.app_context():
        rows = db.session.execute(
            select(Seat.state, func.count())
            .where(Seat.level == "state", Seat.chamber != "executive")
            .group_by(Seat.state)
        ).all()
        assert dict(rows) == expected
        legislators = [r for st in JURISDICTIONS for r in state_rows(shared_data, st)]
        assert sum(expected.values()) == len(legislators)
        by_chamber = Counter(r["current_chamber"] for r in legislators)
        status = data_status(loaded_app.config)
        assert status["counts"]["state_upper"] == by_chamber["upper"]
        assert status["counts"]["state_lower"] == by_chamber["lower"]
        assert status["counts"]["state_legislature"] == by_chamber["legislature"]
        total = db.session.scalar(
            select(func.count()).select_from(Seat).where(Seat.chamber != "executive")
        )
        assert total == len(congress(shared_data)) + len(legislators)


def test_each_state_legislator_sits_in_the_division_open_states_names(loaded_app, shared_data):
    with loaded_app.app_context():
        by_key = {
            o.source_key: o
            for o in db.session.scalars(select(Official).where(Official.source == "openstates"))
        }
        for state in ("ma", "vt", "mn", "ak", "nh", "ne", "dc", "pr", "ca"):
            meta = openstates_metadata.lookup(abbr=state)
            for row in state_rows(shared_data, state):
                seat = by_key[row["id"]].seat
                chamber = (
                    meta.legislature
                    if row["current_chamber"] == "legislature"
                    else (getattr(meta, row["current_chamber"]))
                )
                district = chamber.lookup_district(name=row["current_district"])
                assert seat.division_id == district.division_id
                assert seat.district == row["current_district"]
                assert seat.party == (row["current_party"] or None)


def test_non_numeric_district_names_keep_their_spelling(loaded_app):
    with loaded_app.app_context():
        cases = {
            ("ma", "lower", "7th Hampden"): "ocd-division/country:us/state:ma/sldl:7th_hampden",
            ("vt", "lower", "Addison-1"): "ocd-division/country:us/state:vt/sldl:addison-1",
            ("mn", "lower", "11A"): "ocd-division/country:us/state:mn/sldl:11a",
            ("ak", "upper", "A"): "ocd-division/country:us/state:ak/sldu:a",
        }
        for (state, chamber, district), division in cases.items():
            found = seats(level="state", state=state, chamber=chamber, district=district)
            assert found, (state, district)
            assert {s.division_id for s in found} == {division}
        # Vermont's Addison-1 elects two representatives.
        assert len(seats(state="vt", district="Addison-1")) == 2
        assert db.session.get(Division, cases[("vt", "lower", "Addison-1")]).num_seats == 2


def test_new_hampshire_multi_member_districts(loaded_app, shared_data):
    rows = state_rows(shared_data, "nh")
    per_district = Counter(r["current_district"] for r in rows if r["current_chamber"] == "lower")
    meta = openstates_metadata.lookup(abbr="nh")
    with loaded_app.app_context():
        for name, members in per_district.most_common(5):
            district = meta.lower.lookup_district(name=name)
            assert members > 1
            assert len(seats(state="nh", chamber="lower", district=name)) == members
            assert db.session.get(Division, district.division_id).num_seats == district.num_seats
            assert members <= district.num_seats


def test_nebraska_and_the_dc_council_are_unicameral(loaded_app, shared_data):
    with loaded_app.app_context():
        ne = seats(state="ne", level="state", chamber="legislature")
        assert len(ne) == len(state_rows(shared_data, "ne"))
        assert {s.chamber for s in ne} == {"legislature"}
        assert {s.title for s in ne} == {"Senator"}
        dc = seats(state="dc", level="state", chamber="legislature")
        assert {s.chamber for s in dc} == {"legislature"}
        assert {s.title for s in dc} == {"Councilmember"}
        at_large = [s for s in dc if s.district in ("At-Large", "Chairman")]
        assert at_large and {s.division_id for s in at_large} == {
            "ocd-division/country:us/district:dc"
        }
        assert db.session.get(Division, "ocd-division/country:us/district:dc").num_seats == 5


def test_delegates_resident_commissioner_and_at_large_seats(loaded_app):
    with loaded_app.app_context():
        house = {s.state: s for s in seats(level="federal", chamber="lower")}
        assert house["pr"].title == "Resident Commissioner"
        for territory in ("dc", "as", "gu", "mp", "vi"):
            assert house[territory].title == "Delegate"
        assert house["dc"].division_id == "ocd-division/country:us/state:dc/cd:at-large"
        assert house["gu"].division_id == "ocd-division/country:us/territory:gu"
        assert house["wy"].district == "At-Large"
        assert house["wy"].division_id == "ocd-division/country:us/state:wy/cd:at-large"
        non_voting = [s for s in house.values() if s.title != "Representative"]
        assert len(non_voting) == 6


def test_contact_points_social_accounts_and_identifiers(loaded_app, shared_data):
    offices = json.loads(
        (
            shared_data / "unitedstates.github.io/congress-legislators/"
            "legislators-district-offices.json"
        ).read_text()
    )
    social = json.loads(
        (
            shared_data / "unitedstates.github.io/congress-legislators/"
            "legislators-social-media.json"
        ).read_text()
    )
    sample = next(o for o in offices if len(o["offices"]) >= 3 and o["offices"][0].get("latitude"))
    bioguide = sample["id"]["bioguide"]
    handles = next(s["social"] for s in social if s["id"]["bioguide"] == bioguide)
    with loaded_app.app_context():
        official = db.session.scalar(
            select(Official)
            .join(Identifier)
            .where(Identifier.scheme == "bioguide", Identifier.value == bioguide)
        )
        district = [o for o in official.offices if o.classification == "district"]
        assert len(district) == len(sample["offices"])
        assert district[0].latitude == pytest.approx(sample["offices"][0]["latitude"])
        assert district[0].longitude == pytest.approx(sample["offices"][0]["longitude"])
        assert any(o.classification == "capitol" and o.phone for o in official.offices)
        accounts = {(a.platform, a.handle) for a in official.social_accounts}
        if "twitter" in handles:
            assert ("twitter", handles["twitter"]) in accounts
        assert official.identifier("govtrack") == str(sample["id"]["govtrack"])
        # State legislators carry their Open States person id.
        ma = state_rows(shared_data, "ma")[0]
        person = db.session.scalar(select(Official).where(Official.source_key == ma["id"]))
        assert person.identifier("openstates") == ma["id"]
        assert person.email == ma["email"]
        assert person.full_name == ma["name"]


def test_geoid_mappings_from_openstates_geo(loaded_app):
    with loaded_app.app_context():
        vt = db.session.get(GeoidMapping, ("sldl", "50A-1"))
        assert vt.ocd_id == "ocd-division/country:us/state:vt/sldl:addison-1"
        cd = db.session.get(GeoidMapping, ("cd", "2501"))
        assert cd.ocd_id == "ocd-division/country:us/state:ma/cd:1"
        # Districts obsolete since 2013 are not mapped.
        assert db.session.get(GeoidMapping, ("cd", "2510")) is None


def test_second_update_with_unchanged_sources_changes_nothing(small_app):
    with small_app.app_context():
        before = _snapshot()
        result = update_directory(small_app.config)
        assert result.status == "unchanged"
        assert _snapshot() == before
        assert db.session.scalars(select(DataLoad.status).order_by(DataLoad.id)).all() == [
            "loaded",
            "unchanged",
        ]


@pytest.mark.slow
def test_rebuilding_the_whole_directory_from_the_same_files_touches_no_row(loaded_app):
    """The build is a function of its files: built again from the stored copies, the whole
    directory writes nothing (no order, set or clock leaks into a row)."""
    with loaded_app.app_context():
        before = _snapshot()
        parsed = {}
        for source in all_sources():
            content = loaded_app.config["LEGISLATOR_DATA_DIR"] + "/" + source.relpath
            with open(content, "rb") as f:
                parsed[source.name] = parse(source, f.read())
        changes = apply_directory(build_directory(parsed, app_today(loaded_app)))
        assert changes.total == 0, changes.counts
        db.session.rollback()
        assert _snapshot() == before


def _snapshot():
    tables = [Official, Seat, Division]
    out = {}
    for model in tables:
        rows = db.session.execute(select(*model.__table__.columns)).all()
        out[model.__tablename__] = sorted(tuple(map(str, r)) for r in rows)
    return out


def test_each_party_has_one_name(loaded_app):
    with loaded_app.app_context():
        parties = set(db.session.scalars(select(Seat.party).distinct()))
    assert "Democratic" in parties and "Republican" in parties
    assert "Democrat" not in parties  # congress-legislators' spelling, read as the party's


def test_committees_and_their_members_come_from_congress_legislators(loaded_app, shared_data):
    """Every committee and subcommittee of the mirror, and an official's page names each
    one they sit on with their title (chair, ranking member), as the mirror says."""
    folder = shared_data / "unitedstates.github.io/congress-legislators"
    committees = json.loads((folder / "committees-current.json").read_text())
    membership = json.loads((folder / "committee-membership-current.json").read_text())
    codes = {c["thomas_id"] for c in committees} | {
        c["thomas_id"] + s["thomas_id"] for c in committees for s in c.get("subcommittees", [])
    }
    names = {c["thomas_id"]: c["name"] for c in committees} | {
        c["thomas_id"] + s["thomas_id"]: s["name"]
        for c in committees
        for s in c.get("subcommittees", [])
    }
    with loaded_app.app_context():
        assert set(db.session.scalars(select(Committee.code))) == codes
        assert db.session.scalar(select(func.count()).select_from(CommitteeMember)) == len(
            {(code, m["bioguide"]) for code, ms in membership.items() if code in codes for m in ms}
        )
        chair = next(m for m in membership["SSFI"] if m.get("title"))
        official = db.session.scalars(
            select(Official)
            .join(Identifier)
            .where(Identifier.scheme == "bioguide", Identifier.value == chair["bioguide"])
        ).one()
    page = loaded_app.test_client().get(f"/officials/{official.id}").get_data(as_text=True)
    section = page.split('id="committees-h"', 1)[1].split("</section>", 1)[0]
    theirs = [code for code, ms in membership.items() if code in codes
              and any(m["bioguide"] == chair["bioguide"] for m in ms)]  # fmt: skip
    for code in theirs:
        assert html.escape(names[code], quote=False) in section, code
    assert f"{names['SSFI']}</a>: <strong>{chair['title']}</strong>" in section


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("congress-committees", b'[{"thomas_id": "HSIF", "name": "E&C", "type": "club"}]',
         "unknown committee type"),
        ("congress-committees", b'[{"thomas_id": "hsif", "name": "E&C", "type": "house"}]',
         "is not like HSIF14"),
        ("congress-committees", b'[{"name": "E&C", "type": "house"}]', "lacks thomas_id"),
        ("congress-committee-membership", b'{"HSIF": [{"name": "No Id"}]}', "no bioguide id"),
        ("congress-committee-membership", b'{"HSIF": {"a": 1}}', "members are not a list"),
        ("congress-committee-membership", b"[]", "expected a JSON object"),
    ],
)  # fmt: skip
def test_a_broken_committee_file_is_refused_by_name(name, content, reason):
    source = next(s for s in all_sources() if s.name == name)
    with pytest.raises(SourceError, match=reason) as refused:
        parse(source, content)
    assert refused.value.source == name
