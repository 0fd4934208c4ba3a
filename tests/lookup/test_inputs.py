"""parse_query: what a member or a partner typed, as exactly one address, ZIP or point."""

from __future__ import annotations

import pytest

from advocacy.lookup.inputs import InvalidQuery, Query, parse_query


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"zip": "02130"}, Query(zip="02130")),
        ({"zip": " 02130-1234 "}, Query(zip="02130")),
        ({"zip": "02130", "cd": "2507"}, Query(zip="02130", picks={"cd": "2507"})),
        ({"zip": "02130", "sldl": "25A01"}, Query(zip="02130", picks={"sldl": "25A01"})),
        ({"address": " 1 Main St, Boston, MA "}, Query(address="1 Main St, Boston, MA")),
        # Picks refine a ZIP only; with an address they are ignored.
        (
            {"address": "1 Main St, Boston, MA", "cd": "2507"},
            Query(address="1 Main St, Boston, MA"),
        ),
        ({"lat": "42.3", "lng": "-71.1"}, Query(lat=42.3, lng=-71.1)),
        ({"lat": "-90", "lng": "180"}, Query(lat=-90.0, lng=180.0)),
    ],
)
def test_valid_queries(args, expected):
    assert parse_query(args) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("02130", Query(zip="02130")),
        ("02130-1234", Query(zip="02130")),
        ("1 Main St, Boston, MA 02130", Query(address="1 Main St, Boston, MA 02130")),
    ],
)
def test_the_page_box_holds_an_address_or_a_zip(q, expected):
    assert parse_query({"q": q}, combined=True) == expected


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        ({}, "q", "street address, ZIP code or postal code"),
        ({"zip": "   "}, "q", "street address, ZIP code or postal code"),
        ({"zip": "2130"}, "zip", "five digits"),
        ({"zip": "00000"}, "zip", "not a ZIP"),
        ({"zip": "０２１３０"}, "zip", "five digits"),  # full-width digits
        ({"zip": "02130", "address": "1 Main St"}, "q", "not several"),
        ({"zip": "02130", "lat": "42"}, "q", "not several"),
        ({"address": "12345 67890"}, "q", "street address"),  # digits alone are no address
        ({"address": "x" * 201}, "address", "longer than any address"),
        ({"address": "1 Main\x00 St"}, "address", "control"),
        ({"address": "1 Main \u202e St"}, "address", "direction"),
        ({"zip": "02130", "cd": "25-07"}, "cd", "district choice"),
        ({"lat": "42.3"}, "longitude", "missing"),
        ({"lat": "north", "lng": "1"}, "latitude", "not a number"),
        ({"lat": "nan", "lng": "1"}, "latitude", "between"),
        ({"lat": "1", "lng": "inf"}, "longitude", "between"),
        ({"lat": "90.01", "lng": "1"}, "latitude", "between"),
        ({"lat": "1" * 41, "lng": "1"}, "latitude", "not a number"),
    ],
)
def test_bad_queries_say_what_to_change(args, field, words):
    with pytest.raises(InvalidQuery) as caught:
        parse_query(args)
    assert caught.value.field == field
    assert words in caught.value.message


def test_kind_follows_what_was_given():
    assert Query(address="x").kind == "address"
    assert Query(zip="02130").kind == "zip"
    assert Query(lat=1.0, lng=2.0).kind == "point"
