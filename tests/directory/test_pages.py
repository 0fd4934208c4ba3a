"""Directory pages and JSON API on the real data, including bad input and freshness."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from advocacy import clock
from advocacy.directory.sources import all_sources
from advocacy.directory.status import data_status
from advocacy.directory.update import update_directory
from advocacy.extensions import db
from advocacy.models import Identifier, Official, Seat, SourceFile

pytestmark = pytest.mark.realdata
STALE = b"Officials data may be out of date"


def _official_id(app, scheme, value):
    with app.app_context():
        return db.session.scalar(
            select(Identifier.official_id).where(
                Identifier.scheme == scheme, Identifier.value == value
            )
        )


def _listed_ids(html: bytes) -> list[int]:
    return [int(i) for i in re.findall(rb'href="/officials/(\d+)"', html)]


def test_home_page_shows_the_directory_counts(loaded_client, loaded_app, provenance):
    response = loaded_client.get("/")
    assert response.status_code == 200
    with loaded_app.app_context():
        counts = data_status(loaded_app.config)["counts"]
    assert f"{counts['us_senate']} U.S. senators".encode() in response.data
    legislators = sum(provenance["openstates_current_legislators_by_state"].values())
    assert f"{legislators} state legislators".encode() in response.data
    assert STALE not in response.data


def test_filter_by_state_and_chamber(loaded_client, shared_data):
    with (shared_data / "data.openstates.org/people/current/ne.csv").open(encoding="utf-8") as f:
        expected = len(list(csv.DictReader(f)))
    response = loaded_client.get("/officials?state=ne&level=state&chamber=legislature")
    assert response.status_code == 200
    assert f"{expected} current officials".encode() in response.data
    assert len(_listed_ids(response.data)) == expected  # 49 fit on one page of 50


def test_search_by_name_is_case_insensitive_and_literal(loaded_client, loaded_app):
    bioguide_id = _official_id(loaded_app, "bioguide", "C000127")  # Maria Cantwell
    response = loaded_client.get("/officials?q=cANTWELL")
    assert _listed_ids(response.data) == [bioguide_id]
    # LIKE wildcards are searched for literally, not as patterns.
    assert b"0 current officials" in loaded_client.get("/officials?q=%25%25%25").data
    assert b"0 current officials" in loaded_client.get("/officials?q=____").data


def test_pagination_walks_every_current_official_once(loaded_app, shared_data):
    loaded_app.config["OFFICIALS_PER_PAGE"] = 40
    client = loaded_app.test_client()
    seen = []
    for page in range(1, 10):
        response = client.get(f"/officials?state=vt&level=state&chamber=lower&page={page}")
        ids = _listed_ids(response.data)
        if not ids:
            break
        seen += ids
    # Vermont's House as Open States' CSV lists it (more than two pages of 40).
    with (shared_data / "data.openstates.org/people/current/vt.csv").open(encoding="utf-8") as f:
        house = [r["id"] for r in csv.DictReader(f) if r["current_chamber"] == "lower"]
    assert len(house) > 80
    assert sorted(seen) == sorted(_official_id(loaded_app, "openstates", i) for i in house)
    assert len(seen) == len(set(seen))


def test_official_page_shows_contacts_social_and_identifiers(loaded_client, loaded_app):
    official_id = _official_id(loaded_app, "bioguide", "C000127")
    response = loaded_client.get(f"/officials/{official_id}")
    assert response.status_code == 200
    html = response.data
    assert b"Maria Cantwell" in html and b"U.S. Senator" in html
    assert b"511 Hart Senate Office Building" in html
    assert b"District office" in html and b"tel:" in html
    assert b"C000127" in html and b"govtrack" in html
    assert b"ocd-division/country:us/state:wa" in html
    assert b"Term end" in html


def test_api_official_json(loaded_client, loaded_app, shared_data):
    official_id = _official_id(loaded_app, "bioguide", "C000127")
    data = loaded_client.get(f"/api/v1/officials/{official_id}").json
    assert data["id"] == official_id
    assert data["name"] == "Maria Cantwell"
    assert data["office"] == "U.S. Senator"
    assert (data["level"], data["chamber"], data["state"]) == ("federal", "upper", "WA")
    assert data["ids"]["bioguide"] == "C000127"
    assert data["ocd_division_id"] == "ocd-division/country:us/state:wa"
    assert data["current"] is True and data["term_end"] == "2031-01-03"
    assert data["phones"] and data["contact_form"].startswith("https://")
    assert any(o["type"] == "district" and o["lat"] for o in data["offices"])
    # A state legislator: their Open States id, and the chamber's own title.
    with (shared_data / "data.openstates.org/people/current/ca.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["current_chamber"] == "lower")
    state_id = _official_id(loaded_app, "openstates", row["id"])
    data = loaded_client.get(f"/api/v1/officials/{state_id}").json
    assert data["ids"]["openstates"] == row["id"]
    assert data["office"] == "Assemblymember" and data["chamber"] == "lower"
    assert data["district"] == row["current_district"]


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "x" * 10_000,
        "q=%00",
        "q=abc%E2%80%AEdef",  # right-to-left override
        "state=zz",
        "state=%27%3B+DROP+TABLE+officials%3B--",
        "level=county",
        "chamber=%7B%7B7*7%7D%7D",
        "page=abc",
        "page=-1",
        "page=0",
        "page=99999999999999999999",
    ],
)
def test_bad_filters_get_a_clear_400(loaded_client, query):
    response = loaded_client.get(f"/officials?{query}")
    assert response.status_code == 400
    assert b"Please fix the highlighted filter" in response.data
    assert b"Traceback" not in response.data


def test_hostile_search_text_is_escaped(loaded_client):
    response = loaded_client.get("/officials?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.data
    assert b"&lt;script&gt;" in response.data


@pytest.mark.parametrize("path", ["0", "99999999", "99999999999999999999", "-1", "abc", "1.5"])
def test_unknown_officials_are_404_not_500(loaded_client, path):
    page = loaded_client.get(f"/officials/{path}")
    api = loaded_client.get(f"/api/v1/officials/{path}")
    assert page.status_code == 404
    assert api.status_code == 404
    assert api.is_json and api.json["status"] == 404


def test_ended_terms_are_not_current_and_a_turned_over_house_is_stale(loaded_app):
    client = loaded_app.test_client()
    cantwell = _official_id(loaded_app, "bioguide", "C000127")
    with loaded_app.app_context():
        yesterday = clock.today() - timedelta(days=1)
        db.session.execute(
            update(Seat)
            .where(Seat.level == "federal", Seat.chamber == "lower")
            .values(end_date=yesterday)
        )
        db.session.execute(
            update(Seat).where(Seat.official_id == cantwell).values(end_date=yesterday)
        )
        db.session.commit()
        status = data_status(loaded_app.config)
        assert status["stale"] is True
        assert status["counts"]["us_house"] == 0
        assert any(r.startswith("U.S. House: ") for r in status["stale_reasons"])
        assert "us_house" in [b["body"] for b in status["expired_bodies"]]
    assert STALE in client.get("/").data
    assert STALE in client.get("/officials").data
    assert b"0 current officials" in client.get("/officials?level=federal&chamber=lower").data
    assert cantwell not in _listed_ids(client.get("/officials?q=cantwell").data)
    page = client.get(f"/officials/{cantwell}")
    assert page.status_code == 200 and b"This term ended on" in page.data
    assert client.get(f"/api/v1/officials/{cantwell}").json["current"] is False
    result = loaded_app.test_cli_runner().invoke(args=["data", "status"])
    assert "STALE" in result.output and "U.S. House: " in result.output


def test_old_data_is_stale_after_the_configured_age(loaded_app):
    with loaded_app.app_context():
        assert data_status(loaded_app.config)["stale"] is False
        long_ago = clock.now() - timedelta(days=loaded_app.config["DATA_MAX_AGE_DAYS"] + 1)
        db.session.execute(update(SourceFile).values(checked_at=long_ago))
        db.session.commit()
        status = data_status(loaded_app.config)
        assert status["stale"] is True
        assert "last checked" in status["stale_reasons"][0]
    assert STALE in loaded_app.test_client().get("/officials").data


def test_the_pages_notice_follows_the_app_clock_and_a_new_load_at_once(small_app):
    """Pages reuse the freshness status for DATA_STATUS_CACHE_SECONDS, as deployed, by the
    app's clock: moved past the data's age, the notice shows; after a load, it goes at
    once, with no wait for the reuse to run out."""
    client = small_app.test_client()
    assert STALE not in client.get("/officials").data
    small_app.extensions[clock.EXTENSION].advance(days=small_app.config["DATA_MAX_AGE_DAYS"] + 1)
    assert STALE in client.get("/officials").data
    with small_app.app_context():
        assert update_directory(small_app.config).status == "unchanged"
    assert STALE not in client.get("/officials").data


def test_status_json_shape(loaded_app, provenance):
    result = loaded_app.test_cli_runner().invoke(args=["data", "status", "--json"])
    assert result.exit_code == 0
    status = json.loads(result.output)
    assert set(status["counts"]) >= {
        "us_senate",
        "us_house",
        "state_upper",
        "state_lower",
        "state_legislature",
    }
    assert status["counts"]["state_lower"] + status["counts"]["state_upper"] + status["counts"][
        "state_legislature"
    ] == sum(provenance["openstates_current_legislators_by_state"].values())
    assert status["stale"] is False
    # Every source, the 99 state chambers' boundaries among them.
    assert len(status["sources"]) == len(all_sources()) > 200
    optional = {s.name for s in all_sources() if s.optional}  # no mayors in the mirror
    assert all(len(s["sha256"]) == 64 for s in status["sources"])
    assert all(s["records"] > 0 for s in status["sources"] if s["name"] not in optional)
    assert all(s["records"] == 0 for s in status["sources"] if s["name"] in optional)


def test_empty_database_pages_say_nothing_is_loaded(client):
    response = client.get("/")
    assert response.status_code == 200
    assert STALE in response.data and b"flask data update" in response.data
    assert b"0 current officials" in client.get("/officials").data


def test_term_dates_are_stored_as_dates(loaded_app):
    with loaded_app.app_context():
        seat = db.session.scalars(select(Seat).where(Seat.level == "federal")).first()
        assert isinstance(seat.end_date, date)
        official = db.session.get(Official, seat.official_id)
        assert official.seat is seat
