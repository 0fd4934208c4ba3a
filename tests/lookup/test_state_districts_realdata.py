"""State legislative districts from a map point, offline (Census TIGER/Line 2024 boundaries,
simplified), on the real directory: every drawn district, one point per state chamber
through the API with the geocoder off, Columbus, New Hampshire's floterial districts, and
a geocoder answer with no state layers."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import orjson
import pytest
import responses

from advocacy.directory.divisions import to_ocd
from advocacy.directory.sources import offline_tables, sld_boundary_sources
from advocacy.geocoding.offline import offline_index
from advocacy.geocoding.types import District
from advocacy.ingest.fetch import Source
from tests.census_answers import POINT_URL, geographies, point_answer
from tests.factories import mirror_start
from tests.realdata import (
    EMPTY_WITHOUT_A_LISTED_VACANCY,
    GeoRules,
    Sources,
    held_divisions,
    known_state_vacancies,
    official_ids,
    two_senators_or_an_ended_term,
)

pytestmark = pytest.mark.realdata

# 1 Capitol Square, Columbus, Ohio (the Statehouse).
COLUMBUS = (39.9612, -82.9988)


@dataclass(frozen=True)
class Drawn:
    """A drawn district of the mirror: its boundary file, chamber, GEOID, interior point."""

    source: Source
    kind: str
    geoid: str
    point: tuple[float, float]


@functools.cache
def _drawn(shared_data) -> tuple[Drawn, ...]:
    """Every drawn district in the mirror (no ZZZ water), read from the Census files once
    per process: the boundaries are 100 MB of JSON."""
    found = []
    for source in sld_boundary_sources():
        kind = "sldu" if source.url.endswith("_upper.json") else "sldl"
        for feature in orjson.loads((shared_data / source.relpath).read_bytes())["features"]:
            props = feature["properties"]
            if not props["GEOID"].endswith("ZZZ"):
                point = (float(props["INTPTLAT"]), float(props["INTPTLON"]))
                found.append(Drawn(source, kind, props["GEOID"], point))
    return tuple(found)


@pytest.mark.slow
@pytest.mark.one_backend  # every drawn district through the offline index, which no database holds
def test_every_drawn_district_maps_to_held_divisions(loaded_app, shared_data):
    """Each drawn district finds itself from its Census interior point, its GEOID becomes
    the OCD divisions openstates-geo's configs name (read by the test, not the app), and
    each is held by someone in the source files or is a known vacancy."""
    rules = GeoRules(shared_data)
    held = held_divisions(shared_data, mirror_start(shared_data).date())
    vacant = known_state_vacancies(shared_data) | EMPTY_WITHOUT_A_LISTED_VACANCY
    with loaded_app.app_context():
        index = offline_index(*offline_tables(loaded_app.config["LEGISLATOR_DATA_DIR"]))
        wrong, unmapped, empty, drawn = [], [], [], set()
        for district in _drawn(shared_data):
            drawn.add(district.source.name)
            kind, geoid = district.kind, district.geoid
            answer = index.point(*district.point)
            if District(kind, geoid) not in answer.districts:
                wrong.append(geoid)
            expected = rules.ocd(kind, geoid)
            if not expected or set(to_ocd(District(kind, geoid))) != expected:
                unmapped.append((geoid, to_ocd(District(kind, geoid)), expected))
            empty += [o for o in expected if o not in held and o not in vacant]
    assert drawn == {s.name for s in sld_boundary_sources()}
    assert wrong == [] and unmapped == [] and empty == []


@pytest.mark.slow
def test_one_point_per_state_chamber_with_the_geocoder_off(loaded_client, shared_data):
    """The API, geocoder off: a point inside each state chamber's first district returns
    that district (as openstates-geo's configs name it) and its legislators (Idaho's
    lettered seats both)."""
    sources = Sources(shared_data)
    rules = GeoRules(shared_data)
    seen, checked = set(), 0
    for district in _drawn(shared_data):
        source, kind = district.source, district.kind
        if source.name in seen:
            continue
        seen.add(source.name)
        lat, lng = district.point
        data = loaded_client.get(f"/api/v1/officials?lat={lat}&lng={lng}").json
        chamber = {"sldu": "upper", "sldl": "lower"}[kind]
        if source.state == "ne":
            chamber = "legislature"
        # Idaho's House district is two lettered seats (1a, 1b), each a division.
        divisions = rules.ocd(kind, district.geoid)
        assert divisions, source.name
        assert divisions <= {d["ocd_id"] for d in data["divisions"] if d["type"] == kind}
        expected = set().union(
            *(sources.legislators(source.state, chamber, ocd) for ocd in divisions)
        )
        got = {
            o["ids"]["openstates"]
            for o in data["officials"]
            if o["level"] == "state" and o["chamber"] == chamber
        }
        assert expected and expected <= got, source.name
        assert any("simplified boundaries" in n for n in data["notes"])
        checked += 1
    assert checked == len(sld_boundary_sources())


def test_columbus_from_a_map_point(loaded_client, shared_data):
    sources = Sources(shared_data)
    data = loaded_client.get("/api/v1/officials?lat={}&lng={}".format(*COLUMBUS)).json
    kinds = {d["type"]: d["ocd_id"] for d in data["divisions"]}
    assert kinds["sldu"] == "ocd-division/country:us/state:oh/sldu:15"
    assert kinds["sldl"] == "ocd-division/country:us/state:oh/sldl:1"
    expected = (
        sources.representative("OH", 3)
        | sources.legislators("oh", "upper", kinds["sldu"])
        | sources.legislators("oh", "lower", kinds["sldl"])
    )
    assert expected <= official_ids(data["officials"])
    two_senators_or_an_ended_term(data, sources.senators("OH"))
    assert data["candidates"] == []


def test_new_hampshire_floterial_districts_are_candidates(loaded_client, shared_data):
    """Belknap 2 is drawn; Belknap 8 floats over the county's base districts."""
    belknap_2 = next(d for d in _drawn(shared_data) if (d.kind, d.geoid) == ("sldl", "33002"))
    lat, lng = belknap_2.point
    data = loaded_client.get(f"/api/v1/officials?lat={lat}&lng={lng}").json
    assert "ocd-division/country:us/state:nh/sldl:belknap_2" in {
        d["ocd_id"] for d in data["divisions"]
    }
    floating = [c["ocd_id"] for c in data["candidates"] if c["type"] == "sldl"]
    assert floating == ["ocd-division/country:us/state:nh/sldl:belknap_8"]
    assert any("floterial" in n for n in data["notes"])


def test_maine_says_its_tribal_seats_are_not_found_by_place(loaded_client):
    data = loaded_client.get("/api/v1/officials?lat=44.3072&lng=-69.7817").json  # Augusta
    assert any(d["type"] == "sldl" for d in data["divisions"])
    assert any("tribal representatives" in n for n in data["notes"])


def test_a_geocoder_answer_without_state_layers_gets_them_from_its_point(census_app):
    client, mock = census_app
    lat, lng = COLUMBUS
    mock.add(responses.GET, POINT_URL, json=point_answer(lat, lng, geographies("39", cd="3903")))
    data = client.get(f"/api/v1/officials?lat={lat}&lng={lng}").json
    kinds = {d["type"]: d["ocd_id"] for d in data["divisions"]}
    assert kinds["cd"] == "ocd-division/country:us/state:oh/cd:3"
    assert kinds["sldu"] == "ocd-division/country:us/state:oh/sldu:15"
    assert kinds["sldl"] == "ocd-division/country:us/state:oh/sldl:1"
    assert any("simplified boundaries" in n for n in data["notes"])
