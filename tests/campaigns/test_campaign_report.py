"""What moved after we asked: a campaign's report names, for each official its members
reached, the confirmed contacts, what they heard on calls and the cosponsorship that came
after the first contact (from the bill's own dated cosponsor list, reloaded), and the
officials on the bill's committees who have not heard from the campaign."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from advocacy import clock
from advocacy.extensions import db
from advocacy.models import Bill, Campaign, Identifier, Official
from tests.factories import (
    PASSWORD,
    act,
    app_today,
    new_lead,
    send_officials,
    sign_in,
    start,
    submit,
    write,
)

pytestmark = pytest.mark.realdata

GOVINFO = "www.govinfo.gov/bulkdata/BILLSTATUS/119/s"
MEMBERSHIP = "unitedstates.github.io/congress-legislators/committee-membership-current.json"
MARKEY = "M000133"
WARREN = "W000817"
# A cosponsor entry as BILLSTATUS writes one (the format's guide), for Markey.
JOINS = """<item><bioguideId>M000133</bioguideId><fullName>Sen. Markey, Edward J. [D-MA]</fullName>
<firstName>Edward</firstName><lastName>Markey</lastName><party>D</party><state>MA</state>
<sponsorshipDate>{day}</sponsorshipDate><isOriginalCosponsor>False</isOriginalCosponsor></item>"""


def _load(app, mirror):
    app.config.update(
        LEGISLATOR_DATA_MIRROR=str(mirror), BILLS_CONGRESS=["119s1261"], BILLS_NY_SESSION=None
    )
    loaded = app.test_cli_runner().invoke(args=["bills", "update"])
    assert loaded.exit_code == 0, loaded.output


@pytest.fixture
def campaign_about_s1261(march, shared_data, tmp_path):
    """The march's campaign supports S. 1261, loaded from a copy of its BILLSTATUS file."""
    client, _, app = march
    mirror = tmp_path / "mirror"
    (mirror / GOVINFO).mkdir(parents=True)
    original = (shared_data / GOVINFO / "BILLSTATUS-119s1261.xml").read_text()
    (mirror / GOVINFO / "BILLSTATUS-119s1261.xml").write_text(original)
    _load(app, mirror)
    with app.app_context():
        bill = db.session.scalars(select(Bill).where(Bill.identifier == "S. 1261")).one()
        campaign = db.session.scalars(select(Campaign)).one()
        campaign.bill_id, campaign.bill_stance = bill.id, "support"
        campaign.targets = "us_senate,us_house"
        db.session.commit()
        ids = dict(
            db.session.execute(
                select(Identifier.value, Identifier.official_id).where(
                    Identifier.scheme == "bioguide", Identifier.value.in_([MARKEY, WARREN])
                )
            ).all()
        )
        campaign_id = campaign.id
    return client, app, mirror, original, ids, campaign_id


def _rows(csv_text: str) -> dict[str, dict]:
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    return {row["official"]: row for row in reader}


def test_a_cosponsor_who_joined_after_we_asked_is_shown_against_the_official(
    campaign_about_s1261, shared_data
):
    client, app, mirror, original, ids, campaign_id = campaign_about_s1261
    start(client)
    write(client)
    first = client.get("/c/nhit-week/send").get_data(as_text=True)
    house = next(i for i in send_officials(first) if i not in ids.values())
    assert act(client, ids[MARKEY], "contact_form", "reported").status_code in (200, 303)
    assert act(client, ids[WARREN], "contact_form", "reported").status_code in (200, 303)
    call = {"official_id": ids[MARKEY], "channel": "call", "evidence": "reported"}
    call |= {"outcome": "reached", "position": "undecided"}
    assert submit(client, "/c/nhit-week/act", call, page=first).status_code in (200, 303)
    assert act(client, house, "print").status_code in (200, 303)  # opened only: not a contact
    contacted = app_today(app, app.config["CAMPAIGN_TIMEZONE"])

    # Markey cosponsors three days later; the next load of the bill says so.
    app.extensions[clock.EXTENSION].advance(days=3)
    day = contacted + timedelta(days=3)
    changed = original.replace("</cosponsors>", JOINS.format(day=day.isoformat()) + "</cosponsors>")
    assert changed != original
    (mirror / GOVINFO / "BILLSTATUS-119s1261.xml").write_text(changed)
    _load(app, mirror)

    lead = new_lead(app)
    page = lead.get(f"/reports/campaigns/{campaign_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<strong>1</strong> cosponsorship came or went after our first contact" in text
    rows = _rows(lead.get(f"/reports/campaigns/{campaign_id}.csv").get_data(as_text=True))
    markey = next(r for name, r in rows.items() if "Markey" in name)
    warren = next(r for name, r in rows.items() if "Warren" in name)
    assert markey["confirmed contacts"] == "2"  # the contact form and the call
    assert markey["heard on calls"] == "undecided 1"
    assert (
        markey["on the bill since"] == f"cosponsored on {day:%B %-d, %Y}, after our first contact"
    )
    assert markey["moved after our contact"] == "yes"
    assert markey["first contact"] == contacted.isoformat()
    assert warren["on the bill since"].endswith("before our first contact")
    assert warren["moved after our contact"] == ""
    assert warren["asked as"] == "sponsor or cosponsor"
    # The Representative was only opened: not reached. Finance members not written to are
    # listed as not heard from (the committee's chair among them), by the membership file.
    with app.app_context():
        house_name = db.session.get(Official, house).full_name
    assert house_name not in rows
    members = json.loads((shared_data / MEMBERSHIP).read_text())["SSFI"]
    chair = next(m for m in members if m.get("title") == "Chairman")
    unheard = [r for r in rows.values() if r["asked as"] == "not heard from us"]
    assert any(chair["name"].split()[-1] in r["official"] for r in unheard)
    assert not any("Warren" in r["official"] for r in unheard)
    assert len(unheard) == len({m["bioguide"] for m in members} - {WARREN})
    assert "Download as CSV" in text
    # The same as JSON, for the chapter's own tools.
    answer = lead.get(f"/reports/campaigns/{campaign_id}.json").get_json()
    assert answer["bill"]["identifier"] == "S. 1261" and answer["moved_after_contact"] == 1
    by_id = {r["official_id"]: r for r in answer["reached"]}
    assert by_id[ids[MARKEY]]["moved_after_contact"] is True
    assert by_id[ids[MARKEY]]["heard_on_calls"] == {"undecided": 1}
    assert by_id[ids[MARKEY]]["confirmed_contacts"] == 2
    assert len(answer["not_heard_from_us"]) == len(unheard)
    # The month's report counts the cosponsor gained after our contact against the bill.
    monthly = lead.get(f"/reports/monthly.csv?table=bills&month={day:%Y-%m}")
    bills = {
        r["bill"]: r
        for r in csv.DictReader(io.StringIO(monthly.get_data(as_text=True).lstrip("\ufeff")))
    }
    assert bills["S. 1261"]["cosponsors since our contact"] == "1"


def test_the_report_is_for_those_who_may_edit_the_campaign(campaign_about_s1261):
    """A national campaign's report is the leads': a chapter's advocate gets a 404, as for
    its editor, and a campaign that does not exist is a 404 too."""
    _, app, _, _, _, campaign_id = campaign_about_s1261
    made = app.test_cli_runner().invoke(
        args=["users", "create", "a@example.org", "--role", "advocate", "--password", PASSWORD]
    )
    assert made.exit_code == 0, made.output
    advocate = app.test_client()
    assert sign_in(advocate, "a@example.org").status_code == 303
    assert advocate.get(f"/reports/campaigns/{campaign_id}").status_code == 404
    assert advocate.get(f"/reports/campaigns/{campaign_id}.csv").status_code == 404
    assert advocate.get(f"/reports/campaigns/{campaign_id}.json").status_code == 404
    lead = new_lead(app)
    assert lead.get("/reports/campaigns/999999").status_code == 404
    assert lead.get(f"/reports/campaigns/{campaign_id}.csv").status_code == 200
    assert app.test_client().get(f"/reports/campaigns/{campaign_id}").status_code == 302
