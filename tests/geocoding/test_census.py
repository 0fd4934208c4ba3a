"""The Census geocoder client: parsing its answers, and surviving it over HTTP."""

from __future__ import annotations

import json

import pytest
import requests
import responses

from advocacy.geocoding import address_key, normalise_address
from advocacy.geocoding.census import (
    CensusGeocoder,
    parse_address_answer,
    parse_point_answer,
)
from advocacy.geocoding.types import Ambiguous, District, GeocoderUnavailable, NoMatch
from tests.census_answers import (
    ADDRESS_URL,
    CENSUS,
    POINT_URL,
    address_answer,
    geographies,
    match,
    point_answer,
)

MA = geographies("25", cd="2507", sldu="25D18", sldl="25127")


def test_parses_one_match_into_districts():
    answer = address_answer(match("1 MAIN ST, BOSTON, MA, 02130", 42.31, -71.11, "02130", MA))
    result = parse_address_answer(answer)
    assert result.accuracy == "address"
    assert result.state_fips == "25"
    assert result.districts == [
        District("cd", "2507"),
        District("sldu", "25D18"),
        District("sldl", "25127"),
    ]
    assert (result.lat, result.lng, result.zip) == (42.31, -71.11, "02130")
    assert result.matched_address == "1 MAIN ST, BOSTON, MA, 02130"


def test_layers_are_found_by_meaning_and_the_newest_vintage_wins():
    geos = geographies(
        "06",
        cd="0612",
        sldu="06007",
        sldl="06014",
        layers={
            "cd": "120th Congressional Districts",
            "sldu": "2026 State Legislative Districts - Upper",
            "sldl": "2026 State Legislative Districts - Lower",
        },
    )
    geos["118th Congressional Districts"] = [{"GEOID": "0613"}]
    geos["2022 State Legislative Districts - Upper"] = [{"GEOID": "06009"}]
    result = parse_address_answer(address_answer(match("X", 37.8, -122.2, "94612", geos)))
    assert set(result.districts) == {
        District("cd", "0612"),
        District("sldu", "06007"),
        District("sldl", "06014"),
    }


def test_unicameral_and_at_large_answers():
    ne = geographies("31", cd="3101", sldu="31025")
    result = parse_address_answer(address_answer(match("X", 40.8, -96.7, "68508", ne)))
    assert result.districts == [District("cd", "3101"), District("sldu", "31025")]
    dc = geographies("11", cd="1198", sldu="11002")
    result = parse_address_answer(address_answer(match("X", 38.9, -77.0, "20001", dc)))
    assert District("cd", "1198") in result.districts


def test_no_match_and_two_matches():
    with pytest.raises(NoMatch):
        parse_address_answer(address_answer())
    two = address_answer(match("A", 1, 1, "02130", MA), match("B", 2, 2, "02130", MA))
    with pytest.raises(Ambiguous):
        parse_address_answer(two)


@pytest.mark.parametrize(
    "answer",
    [None, [], {"result": None}, {"result": {"addressMatches": "x"}}, {"error": "x"}, "text"],
)
def test_unexpected_shapes_are_unavailable_not_crashes(answer):
    with pytest.raises(GeocoderUnavailable):
        parse_address_answer(answer)


def test_point_answer_has_geographies_under_result():
    result = parse_point_answer(point_answer(42.31, -71.11, MA), 42.31, -71.11)
    assert result.accuracy == "point"
    assert District("sldl", "25127") in result.districts
    with pytest.raises(NoMatch):
        parse_point_answer(point_answer(0.0, 0.0, {}), 0.0, 0.0)


def test_normalised_addresses_share_a_key():
    a = "1600 Pennsylvania Ave NW, Washington, DC 20500"
    b = "  1600 PENNSYLVANIA AVE NW   washington dc 20500. "
    assert normalise_address(a) == normalise_address(b)
    assert address_key(a) == address_key(b)
    assert a not in address_key(a) and len(address_key(a)) == 64


def _client(**kw) -> CensusGeocoder:
    options = {"retries": 2, "backoff": 0, "breaker_failures": 3, "breaker_reset_seconds": 60}
    return CensusGeocoder(CENSUS, **{**options, **kw})


@responses.activate
def test_request_carries_benchmark_vintage_and_format():
    responses.add(responses.GET, ADDRESS_URL, json=address_answer(match("X", 1, 2, "02130", MA)))
    _client().address("1 Main St, Boston MA")
    sent = responses.calls[0].request
    assert "benchmark=Public_AR_Current" in sent.url
    assert "vintage=Current_Current" in sent.url and "format=json" in sent.url
    assert "address=1+Main+St" in sent.url


@pytest.mark.parametrize(
    ("answer", "tries"),
    [
        ({"status": 500, "body": "oops"}, 3),
        ({"status": 503, "body": "down"}, 3),
        ({"status": 429, "body": "slow down"}, 1),
        ({"status": 200, "body": "<html><body>Maintenance</body></html>"}, 1),
        ({"status": 200, "body": '{"result": {"addressMatches": [{"matched'}, 1),
        ({"body": requests.exceptions.ReadTimeout("slow")}, 1),
        ({"body": requests.exceptions.ConnectionError("refused")}, 1),
    ],
)
@responses.activate
def test_failures_become_unavailable(answer, tries):
    responses.add(responses.GET, ADDRESS_URL, **answer)
    with pytest.raises(GeocoderUnavailable):
        _client().address("1 Main St, Boston MA 02130")
    assert len(responses.calls) == tries


@responses.activate
def test_circuit_breaker_stops_calling_after_repeated_failures():
    responses.add(responses.GET, ADDRESS_URL, status=500)
    client = _client(retries=0)
    for _ in range(3):
        with pytest.raises(GeocoderUnavailable):
            client.address("1 Main St")
    calls = len(responses.calls)
    with pytest.raises(GeocoderUnavailable, match="paused"):
        client.address("1 Main St")
    assert len(responses.calls) == calls  # no request went out
    client.breaker.reset_seconds = 0  # half-open: one trial goes out and succeeds
    responses.replace(responses.GET, ADDRESS_URL, json=address_answer(match("X", 1, 2, "1", MA)))
    assert client.address("1 Main St").districts


@responses.activate
def test_point_request():
    responses.add(responses.GET, POINT_URL, body=json.dumps(point_answer(42.3, -71.1, MA)))
    result = _client().point(42.3, -71.1)
    assert "x=-71.100000" in responses.calls[0].request.url
    assert "y=42.300000" in responses.calls[0].request.url
    assert result.state_fips == "25"
