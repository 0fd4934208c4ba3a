"""The right ask for each official of a campaign about a bill: its sponsor and cosponsors
are thanked, members of a committee holding it asked for a hearing and a vote, the rest
asked to cosponsor. Who is in which group is read here from the mirror's own files (the
BILLSTATUS XML's sponsors, congress-legislators' committee membership), not from the app."""

from __future__ import annotations

import html
import json
import re

import pytest
from defusedxml import ElementTree as ET
from sqlalchemy import delete, select

from advocacy.bills.follows import follow_bill
from advocacy.campaigns import cwc
from advocacy.extensions import db
from advocacy.models import (
    Bill,
    BillFollow,
    BillSponsor,
    Campaign,
    Chapter,
    Identifier,
    User,
)
from tests.cwc import AGENT, problems
from tests.factories import (
    about_bill,
    app_today,
    campaign_form,
    new_lead,
    send_officials,
    start,
    submit,
    write,
)

pytestmark = pytest.mark.realdata

THANKS = "Thank you for cosponsoring {{ bill_number }}: please press for a vote."
HEARING = (
    "Your committee holds {{ bill_number }}, which is {{ bill_status }}: please hold a hearing."
)
DEFAULT = "Please cosponsor {{ bill_number }}, the {{ bill_title }}."
BILLSTATUS = "www.govinfo.gov/bulkdata/BILLSTATUS/119/s/BILLSTATUS-119s1261.xml"
MEMBERSHIP = "unitedstates.github.io/congress-legislators/committee-membership-current.json"


def _groups_from_the_mirror(shared_data) -> tuple[set[str], set[str]]:
    """(bioguide ids of S. 1261's sponsor and standing cosponsors, of the Finance
    Committee's members who are neither), as the public files say."""
    bill = ET.parse(shared_data / BILLSTATUS).getroot().find("bill")
    sponsors = {i.findtext("bioguideId") for i in bill.find("sponsors")}
    sponsors |= {
        i.findtext("bioguideId")
        for i in bill.find("cosponsors")
        if not i.findtext("sponsorshipWithdrawnDate")
    }
    codes = {i.findtext("systemCode") for i in bill.iter("item") if i.findtext("systemCode")}
    assert codes == {"ssfi00"}  # the Senate Finance Committee: SSFI in the membership file
    members = json.loads((shared_data / MEMBERSHIP).read_text())["SSFI"]
    return sponsors, {m["bioguide"] for m in members} - sponsors


@pytest.fixture
def about_s1261(march):
    """The march's campaign supports S. 1261 with a statement for each group."""
    client, _, app = march
    bill_id = about_bill(
        app,
        letter_statement=DEFAULT,
        statement_sponsor=THANKS,
        statement_committee=HEARING,
        targets="us_senate,us_house",
    )
    return client, app, bill_id


def _bioguides(app, official_ids) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(
            select(Identifier.official_id, Identifier.value).where(
                Identifier.scheme == "bioguide", Identifier.official_id.in_(official_ids)
            )
        )
        return dict(rows.all())


def _statements(client, app) -> dict[str, str]:
    """Each official's letter on the send step, by bioguide id."""
    first = client.get("/c/nhit-week/send").get_data(as_text=True)
    ids = send_officials(first)
    bioguide = _bioguides(app, ids)
    return {
        bioguide[i]: client.get(f"/c/nhit-week/send?official={i}").get_data(as_text=True)
        for i in ids
    }


def _preview_letters(app) -> list[str]:
    """The campaign's preview, as a lead sees it, one letter's HTML each."""
    lead = new_lead(app)
    with app.app_context():
        campaign_id = db.session.scalars(select(Campaign.id)).one()
    page = lead.get(f"/staff/campaigns/{campaign_id}/preview").get_data(as_text=True)
    return page.split('<article class="letter"')[1:]


def _asked(page: str) -> str:
    for words in ("Thank you for cosponsoring", "Your committee holds", "Please cosponsor"):
        if words in page:
            return words
    return "none"


def test_each_official_gets_their_groups_statement(about_s1261, shared_data):
    """A Massachusetts member writes to both senators and their Representative: the
    cosponsor is thanked and the rest asked to cosponsor; a member in Concord, New
    Hampshire (ZIP code only) writes to a senator on the Finance Committee who is not a
    cosponsor: she is asked for a hearing, in words that name where the bill stands."""
    client, app, _ = about_s1261
    sponsors, committee = _groups_from_the_mirror(shared_data)
    start(client)
    write(client)
    letters = _statements(client, app)
    assert {"W000817", "M000133"} <= set(letters)  # Warren and Markey
    for bioguide, page in letters.items():
        expected = (
            "Thank you for cosponsoring"
            if bioguide in sponsors
            else "Your committee holds"
            if bioguide in committee
            else "Please cosponsor"
        )
        assert _asked(page) == expected, bioguide
    assert "Thank you for cosponsoring S. 1261" in letters["W000817"]
    assert "Please cosponsor S. 1261, the CONNECT for Health Act of 2025" in letters["M000133"]

    other = app.test_client()
    start(other, address="03301")
    write(other)
    letters = _statements(other, app)
    on_committee = set(letters) & committee
    assert on_committee, "a New Hampshire senator sits on Finance without cosponsoring"
    for bioguide in on_committee:
        assert "Your committee holds S. 1261, which is in committee" in letters[bioguide]
    for bioguide in set(letters) & sponsors:
        assert _asked(letters[bioguide]) == "Thank you for cosponsoring"


def test_a_cosponsor_who_withdrew_is_asked_as_the_rest(about_s1261):
    client, app, bill_id = about_s1261
    with app.app_context():
        warren = db.session.scalars(
            select(BillSponsor).where(
                BillSponsor.bill_id == bill_id, BillSponsor.external_id == "W000817"
            )
        ).one()
        warren.withdrawn_on = warren.joined_on
        db.session.commit()
    start(client)
    write(client)
    # Warren also sits on Finance: withdrawn, she is asked as a committee member.
    assert _asked(_statements(client, app)["W000817"]) == "Your committee holds"


def test_the_preview_shows_one_official_of_each_group(about_s1261, shared_data):
    _, app, _ = about_s1261
    sponsors, committee = _groups_from_the_mirror(shared_data)
    letters = _preview_letters(app)
    asked = [
        html.unescape(re.search(r"Asked as:</strong> ([^<]+)", letter).group(1))
        for letter in letters
    ]
    assert set(asked) == {
        "the bill's sponsor or a cosponsor",
        "on a committee that holds the bill",
        "neither a sponsor nor on its committees",
    }
    for letter, words in zip(letters, asked, strict=True):
        statement = {
            "the bill's sponsor or a cosponsor": "Thank you for cosponsoring S. 1261",
            "on a committee that holds the bill": "Your committee holds S. 1261",
            "neither a sponsor nor on its committees": "Please cosponsor S. 1261",
        }[words]
        assert statement in letter
    # Each sample is of its group by the mirror's files: Finance members who are not
    # cosponsors, and the sponsor or a cosponsor.
    committee_letter = letters[asked.index("on a committee that holds the bill")]
    assert any(name in committee_letter for name in _names(app, committee))
    sponsor_letter = letters[asked.index("the bill's sponsor or a cosponsor")]
    assert any(name in sponsor_letter for name in _names(app, sponsors))


def _names(app, bioguides: set[str]) -> set[str]:
    with app.app_context():
        found = db.session.scalars(
            select(Identifier).where(
                Identifier.scheme == "bioguide", Identifier.value.in_(sorted(bioguides))
            )
        )
        return {i.official.full_name for i in found}


def test_a_campaign_cites_several_bills_and_keeps_a_citation_the_data_loses(about_s1261):
    """The editor cites a second Congress bill beside S. 1261: letters may name both
    ({{ bill_numbers }}), and CWC's Bills carries both with one ProOrCon. When the data no
    longer holds the second bill, the campaign still names it, as text."""
    _, app, s1261 = about_s1261
    lead = new_lead(app)
    with app.app_context():
        other = db.session.scalars(
            select(Bill).where(Bill.source == "govinfo", Bill.id != s1261).order_by(Bill.identifier)
        ).first()
        chapter = Chapter(name="Massachusetts Chapter", country="US", regions="MA")
        db.session.add(chapter)
        db.session.flush()
        lead_id = db.session.scalars(select(User.id)).one()
        follow_bill(chapter.id, lead_id, s1261)
        follow_bill(chapter.id, lead_id, other.id)
        db.session.commit()
        other_id, other_number, other_key = other.id, other.identifier, other.source_key
        campaign_id = db.session.scalars(select(Campaign.id)).one()
    url = f"/staff/campaigns/{campaign_id}/edit"
    fields = campaign_form(
        slug="nhit-week",
        bill_id=s1261,
        bill_stance="support",
        also_bills=[other_id],
        letter_statement="Please support {{ bill_numbers }}.",
        starts_on=app_today(app).isoformat(),
        ends_on=app_today(app).isoformat(),
    )
    saved = submit(lead, url, fields)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:3000]
    preview = lead.get(f"/staff/campaigns/{campaign_id}/preview").get_data(as_text=True)
    assert f"Please support S. 1261 and {other_number}." in preview
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        refs = cwc.bill_references(campaign.cited_bills)
    congress, kind, number = other_key.removeprefix("govinfo:").split("-")
    assert refs == [("119", "s", "1261"), (congress, kind, number)]
    xml = cwc.build_message(
        {**app.config, **AGENT}, office="SMA01", campaign_id="nhit-week",
        constituent=cwc.Constituent("Ms.", "Ana", "M", "1 Main St", "Boston", "MA", "02130",
                                    "a@example.org"),
        subject="Support the bills", topic="Health", statement="We ask for your support.",
        message="", today=app_today(app), bills=refs, pro_or_con="Pro",
    ).encode()  # fmt: skip
    assert problems(xml, {"SMA01"}) == []
    assert xml.count(b"<Bill>") == 2 and xml.count(b"<ProOrCon>Pro</ProOrCon>") == 1
    # The other bill's page lists the campaign among those about it.
    assert "Campaigns about this bill" in lead.get(f"/bills/{other_id}").get_data(as_text=True)

    # The second bill leaves the data: the campaign names it still, and a save keeps it.
    with app.app_context():
        db.session.execute(delete(BillSponsor).where(BillSponsor.bill_id == other_id))
        db.session.execute(delete(BillFollow).where(BillFollow.bill_id == other_id))
        db.session.execute(delete(Bill).where(Bill.id == other_id))
        db.session.commit()
    page = lead.get(url).get_data(as_text=True)
    assert "Also cited, though the bill data no longer holds it:" in page
    assert f"{other_number}:" in page
    resaved = submit(lead, url, fields | {"also_bills": []}, page=page)
    assert resaved.status_code == 303
    preview = lead.get(f"/staff/campaigns/{campaign_id}/preview").get_data(as_text=True)
    assert f"Please support S. 1261 and {other_number}." in preview


def test_other_bills_need_the_bill_it_is_about(about_s1261):
    _, app, s1261 = about_s1261
    lead = new_lead(app)
    with app.app_context():
        campaign_id = db.session.scalars(select(Campaign.id)).one()
    url = f"/staff/campaigns/{campaign_id}/edit"
    refused = submit(lead, url, campaign_form(slug="nhit-week", also_bills=[s1261]))
    assert refused.status_code == 400
    assert "Choose the bill it is about first" in refused.get_data(as_text=True)
    refused = submit(
        lead, url, campaign_form(slug="nhit-week", bill_id=s1261, bill_stance="support",
                                 also_bills=[999999])
    )  # fmt: skip
    assert refused.status_code == 400
    assert "Choose the other bills from the list" in refused.get_data(as_text=True)


NY_BILLS = "raw.githubusercontent.com/jehiah/ny_legislation/master/bills/2025"


def test_a_new_york_bill_thanks_its_sponsors(about_s1261, shared_data):
    """State bills are grouped by sponsor the same way (New York's data names no committee
    members, so its committees have no group of their own): the preview's sponsor letter
    goes to a sponsor the bill's own file names."""
    _, app, _ = about_s1261
    with app.app_context():
        bill = db.session.scalars(
            select(Bill)
            .join(BillSponsor)
            .where(Bill.source == "ny_openleg", BillSponsor.official_id.is_not(None))
            .order_by(Bill.identifier)
        ).first()
        assert bill is not None, "a New York bill of the first loaded has a sponsor we seat"
        campaign = db.session.scalars(select(Campaign)).one()
        campaign.bill_id, campaign.targets = bill.id, "state_upper,state_lower"
        db.session.commit()
        number = bill.identifier
    named = json.loads((shared_data / NY_BILLS / f"{number}.json").read_text())["Sponsors"]
    surnames = {s["Name"].split()[-1] for s in named}
    letters = _preview_letters(app)
    thanked = [
        letter for letter in letters if "Asked as:</strong> the bill&#39;s sponsor" in letter
    ]
    assert len(thanked) == 1
    heading = re.search(r"<h3[^>]*>([^<]+)</h3>", thanked[0]).group(1)
    assert heading.split()[-1] in surnames
    assert f"Thank you for cosponsoring {number}" in thanked[0]
    assert not any("on a committee that holds the bill" in letter for letter in letters)
