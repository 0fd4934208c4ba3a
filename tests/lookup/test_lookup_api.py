"""GET /api/v1/officials on the real directory, with Census answers served over HTTP.

Expected officials are worked out here from the source files (congress-legislators JSON,
Open States CSVs, openstates-geo configs), not from the app.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
import requests
import responses
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.models import GeocodeCache
from tests.census_answers import (
    ADDRESS_URL,
    POINT_URL,
    address_answer,
    geographies,
    match,
    point_answer,
)
from tests.realdata import Sources, official_ids

pytestmark = pytest.mark.realdata


@pytest.fixture
def api(census_app):
    return census_app


@pytest.fixture
def sources(shared_data):
    return Sources(shared_data)


def _serve_address(mock, geos, *, matched="1 MAIN ST", zip_code="00000", lat=1.0, lng=2.0):
    mock.add(
        responses.GET,
        ADDRESS_URL,
        json=address_answer(match(matched, lat, lng, zip_code, geos)),
    )


def test_massachusetts_address_is_exact(api, sources):
    client, mock = api
    _serve_address(
        mock,
        geographies("25", cd="2507", sldu="25D18", sldl="25127"),
        matched="1 CENTRE ST, BOSTON, MA, 02130",
        zip_code="02130",
    )
    data = client.get("/api/v1/officials?address=" + quote("1 Centre St, Boston, MA 02130")).json
    assert data["accuracy"] == "address"
    assert data["matched_address"] == "1 CENTRE ST, BOSTON, MA, 02130"
    upper = sources.custom_ocd("ma", "sldu-25D18")
    lower = sources.custom_ocd("ma", "sldl-25127")
    expected = (
        sources.senators("MA")
        | sources.representative("MA", 7)
        | sources.legislators("ma", "upper", upper)
        | sources.legislators("ma", "lower", lower)
    )
    legislators = [o for o in data["officials"] if o["chamber"] != "executive"]
    assert official_ids(legislators) == expected
    assert len(expected) == 5
    assert "Governor" in {o["office"] for o in data["officials"]}
    assert {d["ocd_id"] for d in data["divisions"]} >= {
        "ocd-division/country:us/state:ma",
        "ocd-division/country:us/state:ma/cd:7",
        upper,
        lower,
    }
    assert data["candidates"] == [] and data["notes"] == []
    assert [o["office"] for o in data["officials"][:3]] == [
        "U.S. Senator",
        "U.S. Senator",
        "U.S. Representative",
    ]


def test_new_hampshire_multi_member_district_returns_every_member(api, sources):
    client, mock = api
    _serve_address(mock, geographies("33", cd="3301", sldu="33020", sldl="33523"))
    data = client.get("/api/v1/officials?address=1+Elm+St+Manchester+NH").json
    ocd = sources.custom_ocd("nh", "sldl-33523")
    house = sources.legislators("nh", "lower", ocd)
    assert len(house) > 1
    assert house <= official_ids(data["officials"])


def test_nebraska_unicameral_and_at_large_states(api, sources):
    client, mock = api
    _serve_address(mock, geographies("31", cd="3101", sldu="31025"))
    data = client.get("/api/v1/officials?address=1+O+St+Lincoln+NE").json
    ne = sources.legislators("ne", "legislature", "ocd-division/country:us/state:ne/sldu:25")
    assert len(ne) == 1
    legislators = [o for o in data["officials"] if o["chamber"] != "executive"]
    assert (
        official_ids(legislators) == sources.senators("NE") | sources.representative("NE", 1) | ne
    )
    legislator = next(
        o for o in data["officials"] if o["level"] == "state" and o["chamber"] != "executive"
    )
    assert legislator["chamber"] == "legislature" and legislator["office"] == "State Senator"

    mock.replace(
        responses.GET,
        ADDRESS_URL,
        json=address_answer(
            match("X", 1, 2, "82001", geographies("56", cd="5600", sldu="56005", sldl="56008"))
        ),
    )
    data = client.get("/api/v1/officials?address=1+Capitol+Ave+Cheyenne+WY").json
    assert sources.representative("WY", 0) <= official_ids(data["officials"])


def test_dc_delegate_ward_and_at_large_council(api, sources):
    client, mock = api
    _serve_address(mock, geographies("11", cd="1198", sldu="11002"))
    data = client.get("/api/v1/officials?address=1+Dupont+Cir+Washington+DC").json
    offices = [o["office"] for o in data["officials"]]
    assert offices.count("Delegate to the U.S. House") == 1
    assert "U.S. Senator" not in offices
    ward = sources.legislators("dc", "legislature", "ocd-division/country:us/district:dc/ward:2")
    whole = sources.legislators("dc", "legislature", "ocd-division/country:us/district:dc")
    assert ward and whole
    assert (
        official_ids(
            o for o in data["officials"] if o["level"] == "state" and o["chamber"] != "executive"
        )
        == ward | whole
    )


def test_puerto_rico_resident_commissioner_and_legislators(api, sources):
    client, mock = api
    _serve_address(mock, geographies("72", cd="7298", sldu="72001", sldl="72001"))
    data = client.get("/api/v1/officials?address=1+Calle+Fortaleza+San+Juan+PR").json
    offices = [o["office"] for o in data["officials"]]
    assert "Resident Commissioner" in offices
    upper = sources.legislators("pr", "upper", "ocd-division/country:us/territory:pr/sldu:1")
    lower = sources.legislators("pr", "lower", "ocd-division/country:us/territory:pr/sldl:1")
    at_large = sources.legislators(
        "pr", "lower", "ocd-division/country:us/territory:pr/sldl:at-large"
    ) | sources.legislators("pr", "upper", "ocd-division/country:us/territory:pr")
    assert upper and lower and at_large
    assert upper | lower | at_large == official_ids(
        o for o in data["officials"] if o["level"] == "state" and o["chamber"] != "executive"
    )


def test_idaho_split_house_district_returns_both_seats(api, sources):
    client, mock = api
    _serve_address(mock, geographies("16", cd="1601", sldu="16001", sldl="16001"))
    data = client.get("/api/v1/officials?address=1+Main+St+Sandpoint+ID").json
    seats = sources.legislators("id", "lower", "ocd-division/country:us/state:id/sldl:1a") | (
        sources.legislators("id", "lower", "ocd-division/country:us/state:id/sldl:1b")
    )
    assert len(seats) == 2
    assert seats <= official_ids(data["officials"])


def test_answers_are_cached_by_hash_not_address(api, loaded_app):
    client, mock = api
    _serve_address(mock, geographies("25", cd="2507", sldu="25D18", sldl="25127"))
    address = "77 Secret Lane, Boston, MA 02130"
    first = client.get("/api/v1/officials?address=" + quote(address)).json
    loaded_app.extensions["geocode_cache"].clear_memory()  # the table must answer too
    second = client.get("/api/v1/officials?address=" + quote(address.upper() + "  ")).json
    assert len(mock.calls) == 1
    assert official_ids(first["officials"]) == official_ids(second["officials"])
    with loaded_app.app_context():
        rows = db.session.scalars(select(GeocodeCache)).all()
        assert len(rows) == 1
        assert "secret" not in rows[0].answer.lower() and "secret" not in rows[0].key.lower()


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 500},
        {"status": 429},
        {"status": 200, "body": "<html>down</html>"},
        {"status": 200, "body": '{"result": {"addressMatches": [{'},
        {"body": requests.exceptions.ConnectTimeout("slow")},
    ],
)
def test_geocoder_failure_falls_back_to_the_zip_with_a_note(api, failure, sources):
    client, mock = api
    mock.add(responses.GET, ADDRESS_URL, **failure)
    data = client.get("/api/v1/officials?address=" + quote("1 Centre St, Boston MA 02130")).json
    assert data["accuracy"] == "zip" and data["zip"] == "02130"
    assert "could not answer" in data["notes"][0]
    assert sources.senators("MA") <= official_ids(data["officials"])
    assert {c["type"] for c in data["candidates"]} == {"cd", "sldu", "sldl"}
    # Without a ZIP to stand in, the member is told to try a ZIP: 503, not a crash.
    response = client.get("/api/v1/officials?address=" + quote("1 Centre St, Boston MA"))
    assert response.status_code == 503
    assert "ZIP" in response.json["message"]


def test_two_matches_fall_back_to_the_zip(api):
    client, mock = api
    geos = geographies("25", cd="2507")
    mock.add(
        responses.GET,
        ADDRESS_URL,
        json=address_answer(match("A", 1, 2, "02130", geos), match("B", 3, 4, "02130", geos)),
    )
    data = client.get("/api/v1/officials?address=" + quote("1 Main St 02130")).json
    assert data["accuracy"] == "zip" and "more than one place" in data["notes"][0]


def test_no_match(api):
    client, mock = api
    mock.add(responses.GET, ADDRESS_URL, json=address_answer())
    response = client.get("/api/v1/officials?address=" + quote("10 Downing St, London"))
    assert response.status_code == 404
    assert "couldn't find" in response.json["message"]


def test_zip_lookup_lists_candidates_and_picks_narrow_them(api, sources):
    client, _ = api
    data = client.get("/api/v1/officials?zip=02130").json
    assert data["accuracy"] == "zip"
    cds = [c for c in data["candidates"] if c["type"] == "cd"]
    assert {c["geoid"] for c in cds} == {"2507", "2508"}
    seven = next(c for c in cds if c["geoid"] == "2507")
    assert official_ids(seven["officials"]) == sources.representative("MA", 7)
    picked = client.get("/api/v1/officials?zip=02130&cd=2507").json
    assert sources.representative("MA", 7) <= official_ids(picked["officials"])
    assert not [c for c in picked["candidates"] if c["type"] == "cd"]
    # A pick that is not among the candidates changes nothing.
    other = client.get("/api/v1/officials?zip=02130&cd=0612").json
    assert len([c for c in other["candidates"] if c["type"] == "cd"]) == 2


def test_point_uses_the_geocoder_then_the_boundaries(api, sources):
    client, mock = api
    mock.add(
        responses.GET,
        POINT_URL,
        json=point_answer(42.31, -71.11, geographies("25", cd="2507", sldl="25127")),
    )
    data = client.get("/api/v1/officials?lat=42.31&lng=-71.11").json
    assert data["accuracy"] == "point" and not data["notes"]
    assert sources.representative("MA", 7) <= official_ids(data["officials"])
    mock.replace(responses.GET, POINT_URL, status=503)
    # The Massachusetts State House, offline: its congressional district by polygon.
    data = client.get("/api/v1/officials?lat=42.3588&lng=-71.0638").json
    assert data["accuracy"] == "point" and data["notes"]
    assert sources.senators("MA") <= official_ids(data["officials"])
    assert any(o["office"] == "U.S. Representative" for o in data["officials"])


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("address=", 400),
        ("address=" + "a" * 10_000, 400),
        ("address=1%20Main%00St", 400),
        ("address=1%20Main%20St%E2%80%8F", 400),
        ("address=%27%3B%20DROP%20TABLE%20officials%3B--", 404),
        ("address=%7B%7B7*7%7D%7D%20%7B%25%20for%20%25%7D", 404),
        ("address=12345678", 400),
        ("zip=00000", 400),
        ("zip=1234", 400),
        ("zip=abcde", 400),
        ("zip=99999", 404),
        ("lat=nan&lng=1", 400),
        ("lat=inf&lng=1", 400),
        ("lat=91&lng=0", 400),
        ("lat=0&lng=-181", 400),
        ("lat=1e308&lng=1", 400),
        ("lat=42&lng=", 400),
        ("lat=0&lng=0", 404),
        ("zip=02130&address=1+Main+St", 400),
        ("zip=02130&cd=%3Cscript%3E", 400),
    ],
)
def test_bad_input_is_a_clear_json_error(api, query, status):
    client, mock = api
    mock.add(responses.GET, ADDRESS_URL, json=address_answer())
    mock.add(responses.GET, POINT_URL, json=point_answer(0, 0, {}))
    response = client.get(f"/api/v1/officials?{query}")
    assert response.status_code == status, response.json
    assert response.is_json and response.json["message"]


def test_openapi_document(loaded_client):
    doc = loaded_client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    params = {p["name"] for p in doc["paths"]["/api/v1/officials"]["get"]["parameters"]}
    assert {"address", "zip", "lat", "lng"} <= params
