"""Statewide offices are targets one by one: a campaign to governors writes to the
governor, not to seven statewide officers, and the "Write to" list says who each is."""

from __future__ import annotations

import re

import pytest

from advocacy.campaigns.targets import target_of
from tests.factories import make_campaign, start

pytestmark = pytest.mark.realdata


@pytest.mark.parametrize(
    ("seat", "target"),
    [
        (("state", "executive", "Governor"), "governor"),
        (("state", "executive", "Lieutenant Governor"), "lieutenant_governor"),
        (("state", "executive", "Attorney General"), "attorney_general"),
        (("state", "executive", "Secretary of State"), "secretary_of_state"),
        (("state", "executive", "Treasurer"), "state_officers"),
        (("state", "executive", "Chief Election Officer"), "state_officers"),
        (("state", "upper", "Senator"), "state_upper"),
        (("federal", "upper", "Senator"), "us_senate"),
        (("local", "executive", "Mayor"), "mayors"),
        (("federal", "executive", "President"), "us_executive"),
    ],
)
def test_each_seat_has_its_target(seat, target):
    assert target_of(*seat) == target


def _write_to(client, slug: str) -> list[str]:
    page = client.get(f"/c/{slug}/write").get_data(as_text=True)
    fieldset = page.split("<legend>Write to</legend>", 1)[1].split("</fieldset>", 1)[0]
    return [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r'type="checkbox" value="\d+">(.*?)</label>', fieldset, re.S)
    ]


def test_a_governors_campaign_writes_to_the_governor_only(small_app):
    """Massachusetts has a governor, a lieutenant governor, an attorney general, a
    secretary and more: a campaign to governors lists Maura Healey alone, by office."""
    make_campaign(small_app, slug="gov", targets="governor")
    client = small_app.test_client()
    assert start(client, slug="gov").status_code == 303
    assert _write_to(client, "gov") == ["Maura Healey, Governor of Massachusetts"]


def test_each_statewide_office_and_the_old_single_target(small_app):
    """Lieutenant governors and attorneys general are their own targets; a campaign saved
    when statewide officers were one target ("state_executive") still writes to all."""
    make_campaign(small_app, slug="two", targets="lieutenant_governor,attorney_general")
    make_campaign(small_app, slug="old", targets="state_executive")
    client = small_app.test_client()
    start(client, slug="two")
    two = _write_to(client, "two")
    assert [label.split(", ", 1)[1] for label in two] == [
        "Lieutenant Governor of Massachusetts",
        "Attorney General of Massachusetts",
    ]
    start(client, slug="old")
    old = _write_to(client, "old")
    assert "Maura Healey, Governor of Massachusetts" in old
    assert len(old) > len(two) + 1


def test_the_write_to_list_names_each_office_and_level(small_app):
    """Senators by office and state (this address's House and state districts are asked
    about below the list, as a ZIP that crosses lines is)."""
    make_campaign(small_app, slug="all", targets="us_senate,us_house,state_upper,state_lower")
    client = small_app.test_client()
    start(client, slug="all")
    assert _write_to(client, "all") == [
        "Edward J. Markey, U.S. Senator for Massachusetts",
        "Elizabeth Warren, U.S. Senator for Massachusetts",
    ]


def test_a_street_address_is_suggested_only_when_one_can_be_looked_up(small_app):
    """A ZIP that crosses district lines: with no geocoder (or its breaker open) the page
    does not send the member off to type an address that cannot be looked up."""
    from advocacy.geocoding import census_geocoder

    make_campaign(small_app, slug="all", targets="us_house")
    client = small_app.test_client()
    start(client, slug="all", address="02130")
    offline = client.get("/c/all/write").get_data(as_text=True)
    assert "Which U.S. House district are you in?" in offline
    assert "enter your street address" not in offline
    small_app.config["GEOCODER"] = "census"
    assert "enter your street address" in client.get("/c/all/write").get_data(as_text=True)
    breaker = census_geocoder(small_app).breaker
    for _ in range(breaker.threshold):
        breaker.failure()
    assert "enter your street address" not in client.get("/c/all/write").get_data(as_text=True)


def test_use_my_location_resolves_every_district_at_once(small_app):
    """A point ("Use my location") needs no address and asks no district question."""
    make_campaign(small_app, slug="all", targets="us_house,state_upper,state_lower")
    client = small_app.test_client()
    located = start(client, slug="all", address="", lat="42.3601", lng="-71.0589")
    assert located.status_code == 303
    page = client.get("/c/all/write").get_data(as_text=True)
    assert "district are you in?" not in page
    labels = _write_to(client, "all")
    assert len(labels) == 3 and any("U.S. Representative for Massachusetts" in x for x in labels)
    # Neither an address nor a point: a clear error, and what was typed is kept.
    empty = start(client, slug="all", address="")
    assert empty.status_code == 400 and b"or use your location" in empty.data
    assert b"Ana Member" in empty.data
