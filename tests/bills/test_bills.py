"""Legislation: bills read from GovInfo's BILLSTATUS XML and New York's Open Legislation JSON,
loaded as a diff with sponsors linked to our officials, searched, shown, and served as JSON."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from advocacy.bills.parsers import BillRefused, clean, committee_code, parse_billstatus, parse_ny
from advocacy.extensions import db
from advocacy.models import Bill, BillSponsor, Official

GOVINFO = "www.govinfo.gov/bulkdata/BILLSTATUS/119"
NY = "raw.githubusercontent.com/jehiah/ny_legislation/master/bills/2025"
NY_LIMIT = 40


def _read(shared_data, path: str) -> bytes:
    return (shared_data / path).read_bytes()


@pytest.mark.realdata
def test_a_billstatus_file_becomes_a_bill(shared_data):
    bill = parse_billstatus(_read(shared_data, f"{GOVINFO}/s/BILLSTATUS-119s1261.xml"))
    assert (bill.identifier, bill.session, bill.source_key) == (
        "S. 1261",
        "119",
        "govinfo:119-s-1261",
    )
    assert bill.title == "CONNECT for Health Act of 2025"
    assert bill.status == "in_committee" and bill.committees == ["Finance Committee"]
    assert bill.committee_codes == ["ssfi00"] and committee_code("ssfi00") == "SSFI"
    assert committee_code("hsif14") == "HSIF14"
    sponsor, *cosponsors = bill.sponsors
    assert (sponsor.role, sponsor.external_id) == ("sponsor", "S001194")
    assert cosponsors and all(c.role == "cosponsor" and c.joined_on for c in cosponsors)
    assert bill.actions[0].acted_on.isoformat() == "2025-04-02"
    assert bill.url == "https://www.congress.gov/bill/119th-congress/senate-bill/1261"


@pytest.mark.realdata
def test_a_new_york_bill_becomes_a_bill(shared_data):
    bill = parse_ny(_read(shared_data, f"{NY}/A1000.json"))
    assert (bill.identifier, bill.session, bill.status) == ("A1000", "2025-2026", "in_committee")
    assert bill.sponsors[0].name == "Phil Steck" and bill.sponsors[0].role == "sponsor"
    assert {s.role for s in bill.sponsors[1:]} == {"cosponsor"}
    assert bill.latest_action == "REFERRED TO LABOR" and bill.committees == ["Labor"]


BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<billStatus><bill><title>&lol2;</title></bill></billStatus>"""


@pytest.mark.parametrize(
    ("content", "parser", "reason"),
    [
        (b"<billStatus><bill>", parse_billstatus, "not well-formed"),
        (BOMB, parse_billstatus, "not well-formed"),
        (b"<other/>", parse_billstatus, "not a BILLSTATUS file"),
        (
            b"<billStatus><bill><number>x</number></bill></billStatus>",
            parse_billstatus,
            "no usable",
        ),
        (b"{", parse_ny, "not JSON"),
        (b"[" * 100_000, parse_ny, "not JSON"),  # past the recursion limit
        (b"[1, 2]", parse_ny, "a JSON object"),
        (b'{"PrintNo": "../../etc", "Session": 2025}', parse_ny, "no usable PrintNo"),
    ],
)
def test_a_file_that_is_not_a_bill_is_refused_with_the_reason(content, parser, reason):
    with pytest.raises(BillRefused, match=reason):
        parser(content)


def test_hostile_text_is_cleaned_and_trimmed():
    record = parse_ny(
        json.dumps(
            {
                "PrintNo": "S1",
                "Session": 2025,
                "Title": "Telehealth\u202e act\x00 <b>now</b> &amp; later",
                "Summary": "x" * 10_000_000,
                "Sponsors": [{"ID": 1, "Name": ""}, "junk", {"Name": "Ana"}],
                "Actions": "not a list",
            }
        ).encode()
    )
    assert record.title == "Telehealth act now & later"
    assert len(record.summary) == 20_000 and record.summary.endswith("…")
    assert [s.name for s in record.sponsors] == ["Ana"]
    assert record.actions == [] and record.status == "introduced"
    assert clean("  a\n\tb  ", 10) == "a b"


@pytest.fixture
def bills_app(loaded_app):
    loaded_app.config.update(BILLS_NY_LIMIT=NY_LIMIT)
    result = loaded_app.test_cli_runner().invoke(args=["bills", "update"])
    assert result.exit_code == 0, result.output
    return loaded_app, result.output


@pytest.mark.realdata
def test_bills_load_with_sponsors_linked_and_a_rerun_changes_nothing(bills_app):
    app, output = bills_app
    assert f"{36 + NY_LIMIT} bills read: {36 + NY_LIMIT} new" in output
    with app.app_context():
        schatz = db.session.scalar(
            select(Official.id).where(Official.source_key == "bioguide:S001194")
        )
        bill = db.session.scalars(select(Bill).where(Bill.identifier == "S. 1261")).one()
        assert bill.sponsors[0].official_id == schatz
        linked = db.session.scalar(
            select(func.count())
            .select_from(BillSponsor)
            .where(BillSponsor.official_id.is_not(None))
        )
        assert linked > 0
        before = {b.id: b.updated_at for b in db.session.scalars(select(Bill))}
        # Each bill knows its file's bytes: a re-run reads them and parses nothing new.
        assert all(
            b.source_sha256 and b.source_url.startswith("https://")
            for b in db.session.scalars(select(Bill))
        )
    again = app.test_cli_runner().invoke(args=["bills", "update"])
    assert f"0 new, 0 changed, {36 + NY_LIMIT} unchanged" in again.output
    with app.app_context():
        assert {b.id: b.updated_at for b in db.session.scalars(select(Bill))} == before


@pytest.mark.realdata
def test_a_bad_file_is_refused_by_name_and_nothing_changes(loaded_app, shared_data, tmp_path):
    mirror = tmp_path / "mirror"
    folder = mirror / GOVINFO / "s"
    folder.mkdir(parents=True)
    (folder / "BILLSTATUS-119s1261.xml").write_bytes(
        _read(shared_data, f"{GOVINFO}/s/BILLSTATUS-119s1261.xml")
    )
    (folder / "BILLSTATUS-119s763.xml").write_bytes(b"<billStatus><bill><number>763")
    loaded_app.config.update(
        LEGISLATOR_DATA_MIRROR=str(mirror),
        BILLS_CONGRESS=["119s1261", "119s763"],
        BILLS_NY_SESSION=None,
    )
    result = loaded_app.test_cli_runner().invoke(args=["bills", "update"])
    assert result.exit_code == 1
    assert "refused billstatus-119s763: not well-formed" in result.output
    with loaded_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Bill)) == 0  # nothing half-loaded
    loaded_app.config["BILLS_CONGRESS"] = ["119s1261", "S 1261; drop table"]
    result = loaded_app.test_cli_runner().invoke(args=["bills", "update"])
    assert result.exit_code == 1 and "is not like 119s1261" in result.output


@pytest.mark.realdata
def test_search_pages_and_official_pages(bills_app):
    app, _ = bills_app
    client = app.test_client()
    page = client.get("/bills?q=telehealth").data.decode()
    found = re.findall(r'href="/bills/(\d+)">([^<]+)</a>', page)
    assert found and "bills" in page
    congress = client.get(
        "/bills?q=connect+for+health&jurisdiction=ocd-jurisdiction/country:us/government"
    )
    assert "S. 1261" in congress.data.decode()
    assert client.get("/bills?status=nonsense").status_code == 400
    assert client.get("/bills?q=%00").status_code == 400
    assert client.get("/bills?page=999").status_code == 404
    with app.app_context():
        bill = db.session.scalars(select(Bill).where(Bill.identifier == "S. 1261")).one()
        schatz = bill.sponsors[0].official_id
    shown = client.get(f"/bills/{bill.id}").data.decode()
    assert f'href="/officials/{schatz}"' in shown and "Read twice and referred" in shown
    official = client.get(f"/officials/{schatz}").data.decode()
    assert "Bills they sponsor" in official and f'href="/bills/{bill.id}"' in official
    assert client.get("/bills/99999999").status_code == 404


@pytest.mark.realdata
def test_the_bills_api(bills_app):
    app, _ = bills_app
    client = app.test_client()
    listing = client.get("/api/v1/bills?q=telehealth").json
    assert listing["total"] >= 1 and {"id", "identifier", "status"} <= listing["bills"][0].keys()
    with app.app_context():
        bill_id = db.session.scalar(select(Bill.id).where(Bill.identifier == "S. 1261"))
    one = client.get(f"/api/v1/bills/{bill_id}").json
    assert one["sponsors"][0]["source_id"] == "S001194" and one["sponsors"][0]["official_id"]
    assert one["committees"] == ["Finance Committee"]
    bad = client.get("/api/v1/bills?status=nope")
    assert bad.status_code == 400 and bad.json["field"] == "status"
    assert client.get("/api/v1/bills/99999999").json["status"] == 404


@pytest.mark.realdata
def test_bill_settings_from_the_environment_are_read_or_refused(app, shared_data):
    from advocacy.bills.load import congress_sources, ny_sources
    from advocacy.ingest.fetch import SourceError

    config = {"BILLS_CONGRESS": "119s1261, 119hr238", "LEGISLATOR_DATA_MIRROR": str(shared_data)}
    assert [s.name for s in congress_sources(config)] == [
        "billstatus-119s1261",
        "billstatus-119hr238",
    ]
    for limit in ("ten", -1, True):
        with pytest.raises(SourceError, match="not a number of bills"):
            ny_sources(config | {"BILLS_NY_SESSION": 2025, "BILLS_NY_LIMIT": limit})
    assert len(ny_sources(config | {"BILLS_NY_SESSION": 2025, "BILLS_NY_LIMIT": 3})) == 3


@pytest.mark.realdata
def test_a_bills_page_names_the_committees_holding_it_and_your_officials_on_them(
    bills_app, shared_data
):
    """S. 1261 is in the Senate Finance Committee (BILLSTATUS ssfi00 -> SSFI): its page
    names the committee with its chair, and for a Massachusetts ZIP code the member's own
    senators who sit on it, as the mirror's membership file says."""
    app, _ = bills_app
    folder = shared_data / "unitedstates.github.io/congress-legislators"
    members = json.loads((folder / "committee-membership-current.json").read_text())["SSFI"]
    chair = next(m for m in members if m.get("title") == "Chairman")
    ma = {"W000817", "M000133"} & {m["bioguide"] for m in members}
    with app.app_context():
        bill = db.session.scalars(select(Bill).where(Bill.identifier == "S. 1261")).one()
    client = app.test_client()
    page = client.get(f"/bills/{bill.id}").get_data(as_text=True)
    section = page.split("Committees that hold it", 1)[1].split("</ul>", 1)[0]
    assert "Committee on Finance" in section and chair["name"].split()[-1] in section
    assert "(Chairman)" in section and "Your officials on it" not in section
    mine = client.get(f"/bills/{bill.id}?zip=02130").get_data(as_text=True)
    yours = mine.split("Your officials on it", 1)[1].split("</li>", 1)[0] if ma else ""
    names = {"W000817": "Warren", "M000133": "Markey"}
    for bioguide in ma:
        assert names[bioguide] in yours
    for bioguide in {"W000817", "M000133"} - ma:
        assert names[bioguide] not in yours
