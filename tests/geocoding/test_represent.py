"""Represent's postcode client on hostile and failing answers (served by `responses`):
every one is a NoMatch or a GeocoderUnavailable with a member's message, never a crash."""

from __future__ import annotations

import pytest
import requests
import responses

from advocacy.geocoding.census import CensusGeocoder
from advocacy.geocoding.represent import RepresentClient, parse_postal_code
from advocacy.geocoding.types import GeocoderUnavailable, NoMatch
from tests.census_answers import ADDRESS_URL, CENSUS

BASE = "http://represent.test"
URL = f"{BASE}/postcodes/M5V3L9/"


def _client(**kw) -> RepresentClient:
    options = {"retries": 0, "backoff": 0, "breaker_failures": 2, "breaker_reset_seconds": 60}
    return RepresentClient(BASE, **{**options, **kw})


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("m5v 3l9", "M5V3L9"),
        ("M5V-3L9", "M5V3L9"),
        ("K1A0A6", "K1A0A6"),
        ("D5V 3L9", None),  # no D, F, I, O, Q or U
        ("W5V 3L9", None),  # W never leads
        ("M5V ３L9", None),  # a full-width digit is no digit of a postal code
        ("", None),
        ("M5V 3L9 M5V 3L9", None),
    ],
)
def test_postal_codes(text, code):
    assert parse_postal_code(text) == code


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,  # nested past the recursion limit
        "<html>Maintenance</html>",
        '{"province": "ON", "representatives_centroid": [',
        "[1, 2, 3]",
    ],
)
@responses.activate
def test_bad_bodies_are_unavailable(body):
    responses.add(responses.GET, URL, body=body, status=200)
    with pytest.raises(GeocoderUnavailable, match="Canadian postal-code service"):
        _client().postcode("M5V3L9")


@responses.activate
def test_odd_shapes_are_read_or_refused_by_name():
    weird = {
        "province": "ON",
        "representatives_centroid": 5,
        "representatives_concordance": [1, "x", {"related": 7}, {"district_name": 3}],
        "centroid": {"coordinates": ["a", None]},
    }
    responses.add(responses.GET, URL, json=weird)
    answer = _client().postcode("M5V3L9")
    assert [d.type for d in answer.districts] == ["province"] and answer.lat is None
    responses.replace(responses.GET, URL, json={"province": "ZZ"})
    with pytest.raises(NoMatch, match="province"):
        _client().postcode("M5V3L9")


@responses.activate
def test_unknown_code_is_no_match_and_failures_open_the_breaker():
    responses.add(responses.GET, URL, status=404, json={"error": "Not found"})
    with pytest.raises(NoMatch, match="M5V 3L9"):
        _client().postcode("M5V3L9")
    responses.replace(responses.GET, URL, body=requests.exceptions.ConnectionError("refused"))
    client = _client()
    for _ in range(2):
        with pytest.raises(GeocoderUnavailable):
            client.postcode("M5V3L9")
    calls = len(responses.calls)
    with pytest.raises(GeocoderUnavailable):
        client.postcode("M5V3L9")
    assert len(responses.calls) == calls  # paused: not asked again


@responses.activate
def test_census_answer_nested_too_deeply_is_unavailable():
    responses.add(responses.GET, ADDRESS_URL, body="[" * 100_000)
    client = CensusGeocoder(CENSUS, retries=0, backoff=0)
    with pytest.raises(GeocoderUnavailable, match="other than JSON"):
        client.address("1 Main St, Boston MA")
