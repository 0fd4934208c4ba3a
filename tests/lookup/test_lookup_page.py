"""The member's lookup page: a form that works without JavaScript, and kind errors."""

from __future__ import annotations

import re

import pytest
import responses

from tests.census_answers import ADDRESS_URL, address_answer, serve_ma

pytestmark = pytest.mark.realdata


@pytest.fixture
def page(census_app):
    return census_app


def _token(client) -> str:
    html = client.get("/").data.decode()
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _post(client, **fields):
    return client.post("/find", data={"csrf_token": _token(client), "lat": "", "lng": "", **fields})


def test_home_page_has_the_form_and_a_hidden_location_button(page):
    client, _ = page
    html = client.get("/").data
    assert b'<label for="q">Street address, ZIP code or Canadian postal code</label>' in html
    assert b'action="/find" method="post"' in html
    assert b'id="locate" class="secondary" hidden' in html  # shown only by JavaScript


def test_address_shows_officials_grouped_by_level_and_chamber(page):
    client, mock = page
    serve_ma(mock)
    response = _post(client, q="1 Centre St, Boston, MA 02130")
    assert response.status_code == 200
    html = response.data.decode()
    assert "Exact:" in html and "1 CENTRE ST, BOSTON, MA, 02130" in html
    headings = re.findall(r'<h2 id="g\d">([^<]+)</h2>', html)
    assert headings == [
        "U.S. Senate",
        "U.S. House of Representatives",
        "State executive",
        "State Senate",
        "State House or Assembly",
    ]
    executive = html.split(">State executive</h2>")[1].split("<h2")[0]
    assert "Maura Healey" in executive and "Governor" in executive
    # Two senators, a representative, a state senator and representative: five, plus
    # the state's executives.
    assert html.count('class="card"') == 5 + executive.count('class="card"')
    assert "Elizabeth Warren" in html and "tel:" in html


def test_zip_spanning_districts_lets_the_member_pick(page):
    client, _ = page
    html = _post(client, q="02130").data.decode()
    assert "Approximate:" in html and "Which district are you in?" in html
    assert html.count('type="radio" name="cd"') == 2
    picked = client.get("/find?zip=02130&cd=2507").data.decode()
    assert picked.count('type="radio" name="cd"') == 0
    assert "U.S. House of Representatives" in picked


def test_geocoder_outage_is_explained(page):
    client, mock = page
    mock.add(responses.GET, ADDRESS_URL, status=503)
    with_zip = _post(client, q="1 Centre St, Boston, MA 02130")
    assert with_zip.status_code == 200
    assert b"could not answer just now" in with_zip.data
    without = _post(client, q="1 Centre St, Boston, MA")
    assert without.status_code == 503
    assert b"not answering right now" in without.data and b"ZIP code" in without.data


def test_no_match_is_kind(page):
    client, mock = page
    mock.add(responses.GET, ADDRESS_URL, json=address_answer())
    response = _post(client, q="221B Baker Street, London")
    assert response.status_code == 404
    assert b"couldn&#39;t find that address" in response.data
    assert b'value="221B Baker Street, London"' in response.data  # nothing typed is lost


@pytest.mark.parametrize(
    "q",
    ["", "   ", "x" * 10_000, "1 Main\x00St", "1 Main St\u202e", "1234", "00000"],
)
def test_bad_input_gets_a_message_not_a_500(page, q):
    client, _ = page
    response = _post(client, q=q)
    assert response.status_code == 400
    assert b'class="error"' in response.data


def test_hostile_text_is_escaped(page):
    client, mock = page
    mock.add(responses.GET, ADDRESS_URL, json=address_answer())
    response = _post(client, q="<script>alert(1)</script> {{ config }}")
    assert b"<script>alert(1)</script>" not in response.data
    assert b"&lt;script&gt;" in response.data


@pytest.mark.parametrize(
    ("lat", "lng"), [("nan", "1"), ("1", "inf"), ("100", "0"), ("x", "y"), ("1", "")]
)
def test_bad_coordinates(page, lat, lng):
    client, _ = page
    response = _post(client, q="", lat=lat, lng=lng)
    assert response.status_code == 400


def test_missing_csrf_token_is_refused_politely(page):
    client, _ = page
    response = client.post("/find", data={"q": "02130"})
    assert response.status_code == 400
    assert b"This form expired" in response.data


def test_get_find_without_a_zip_goes_home(page):
    client, _ = page
    assert client.get("/find").status_code == 302
    assert client.get("/find?zip=1").status_code == 400
    assert client.get("/find?zip=99999").status_code == 404


def test_an_ended_appointment_is_named_not_called_vacant(loaded_app):
    """Ohio's appointed senator's term ended at the 2026-11-03 special election and the
    2026-06 data names no successor: the lookup says so, and so does `flask data status`."""
    from datetime import date

    from advocacy.lookup.service import find_officials

    with loaded_app.test_request_context():
        found = find_officials({"zip": "43215"}, date(2026, 11, 21))
    senate = [v for v in found.lookup.vacancies if v["office"] == "U.S. Senator"]
    assert len(senate) == 1 and senate[0]["vacant"] == 1
    assert [e["ended_on"] for e in senate[0]["ended"]] == ["2026-11-03"]
    assert "Husted" in senate[0]["ended"][0]["name"]
    page = loaded_app.test_client().get("/find?zip=43215").get_data(as_text=True)
    assert "term ended on 2026-11-03 and the public data does not yet name a successor" in page
    status = loaded_app.test_cli_runner().invoke(args=["data", "status"])
    assert status.exit_code == 0 and "Fresh." not in status.output
    assert "whose term has ended with no successor" in status.output or "STALE" in status.output
