"""House delivery through CWC: built, validated and delivered by the outbox, against a
fake CWC server on 127.0.0.1; evidence 'sent' only when the API accepts."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from advocacy.campaigns import cwc
from advocacy.delivery.outbox import send_due
from advocacy.extensions import db
from advocacy.models import Interaction, OutboxMessage
from tests.cwc import AGENT, FakeCwc, problems
from tests.factories import every_letter, start, submit, write

CONSTITUENT = cwc.Constituent(
    "Ms.", "Ana", "Member", "1 Main St", "Boston", "MA", "02130", "ana@example.org"
)


@pytest.mark.parametrize(
    ("state", "district", "code"),
    [
        ("ma", "7", "HMA07"),
        ("ak", "At-Large", "HAK00"),
        ("dc", None, "HDC00"),
        ("tx", "38", "HTX38"),
    ],
)
def test_office_codes(state, district, code):
    assert cwc.office_code(state, district) == code


def test_the_message_has_every_element_cwc_requires():
    config = {"CWC_URL": "x", **AGENT}
    xml = cwc.build_message(
        config,
        office="HMA07",
        campaign_id="nhit-week",
        constituent=CONSTITUENT,
        subject="Support health IT",
        topic="Health",
        statement="We ask for your support.",
        message="I work in hospital IT.",
        today=date(2026, 9, 23),
    )
    assert problems(xml.encode(), {"HMA07"}) == []
    root = ET.fromstring(xml)  # noqa: S314  (our own XML)
    assert root.findtext("Delivery/DeliveryDate") == "20260923"
    assert root.findtext("Message/ConstituentMessage") == "I work in hospital IT."
    # The fake refuses what CWC would: a wrong topic, an unknown office.
    bad = xml.replace("<LibraryOfCongressTopic>Health<", "<LibraryOfCongressTopic>Vibes<")
    assert any("policy area" in p for p in problems(bad.encode(), {"HMA07"}))
    assert any("unknown MemberOffice" in p for p in problems(xml.encode(), {"HMA08"}))


@pytest.fixture
def house(march):
    """The march with CWC set up against a fake that knows Massachusetts' offices."""
    client, mock, app = march
    offices = {f"HMA{n:02d}" for n in range(1, 10)}
    with FakeCwc(offices) as fake:
        mock.add_passthru(fake.url)  # the Census fake is `responses`; CWC is a real server
        app.config.update(CWC_URL=fake.url, OUTBOX_RETRY_SECONDS=0, **AGENT)
        yield client, app, fake


def _cwc_form(client):
    page = every_letter(client)
    match = re.search(
        r'name="official_id" value="(\d+)">\s*<input type="hidden" name="channel" value="cwc">',
        page,
    )
    return page, (int(match.group(1)) if match else None)


def _send(client, page, official, **fields):
    values = {
        "official_id": official,
        "channel": "cwc",
        "evidence": "intent",
        "prefix": "Ms.",
        "first_name": "Ana",
        "last_name": "Member",
        "street": "1 Main St",
        "city": "Boston",
        "state": "MA",
        "zip": "02130",
    } | fields
    return submit(client, "/c/nhit-week/act", values, page=page)


def test_a_representative_gets_the_letter_through_cwc(house):
    client, app, fake = house
    start(client)
    write(client)
    page, official = _cwc_form(client)
    assert official is not None and "Send it through the House" in page
    response = _send(client, page, official)
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalars(select(OutboxMessage)).one()
        assert row.kind == "cwc_house" and row.to_address.startswith("HMA")
        counts = send_due(app.config)
        assert counts == {"sent": 1, "retry": 0, "failed": 0}
        sent = db.session.scalars(select(Interaction).where(Interaction.channel == "cwc")).one()
        assert sent.evidence == "sent"
    assert fake.validated == 1 and len(fake.delivered) == 1
    delivered = ET.fromstring(fake.delivered[0])  # noqa: S314
    assert delivered.findtext("Constituent/LastName") == "Member"
    assert "Our records followed my mother" in delivered.findtext("Message/ConstituentMessage")


def test_a_down_cwc_is_retried_and_a_refusal_is_final(house):
    client, app, fake = house
    start(client)
    write(client)
    page, official = _cwc_form(client)
    fake.down = 1
    _send(client, page, official)
    with app.app_context():
        assert send_due(app.config) == {"sent": 0, "retry": 1, "failed": 0}
        assert send_due(app.config) == {"sent": 1, "retry": 0, "failed": 0}
    fake.offices.clear()  # now CWC refuses the office: a 400 is not retried
    other = app.test_client()
    start(other, email="ben@example.org", name="Ben Two")
    write(other)
    page, official = _cwc_form(other)
    _send(other, page, official, first_name="Ben", last_name="Two")
    with app.app_context():
        assert send_due(app.config) == {"sent": 0, "retry": 0, "failed": 1}
        failed = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == "failed")
        ).one()
        assert "unknown MemberOffice" in failed.last_error
        assert failed.interaction.evidence == "intent"  # never 'sent' without CWC's yes


def test_cwc_asks_only_what_it_needs_and_says_what_is_missing(house):
    client, app, _ = house
    start(client)
    write(client)
    page, official = _cwc_form(client)
    response = _send(client, page, official, prefix="Sir", street="", zip="2130")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "choose a title" in text and "street address" in text and "ZIP code" in text
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_cwc_is_offered_only_when_set_up(march):
    client, _, _ = march
    start(client)
    write(client)
    page, official = _cwc_form(client)
    assert official is None and "through the House" not in page


@pytest.mark.parametrize(
    "fields",
    [
        {"zip": "０２１３０"},
        {"state": "²²"},
        {"first_name": "A" * 10_000},
        {"street": "1 Main St\r\nBcc: x@example.org"},
        {"last_name": "Mem\x0bber"},
        {"city": "<Boston>&amp;"},  # markup is text to XML: escaped, never a 500
        {"prefix": ["Ms.", "Dr."]},
    ],
)
def test_hostile_cwc_fields_get_a_clear_answer(house, fields):
    client, app, fake = house
    start(client)
    write(client)
    page, official = _cwc_form(client)
    response = _send(client, page, official, **fields)
    assert response.status_code in (303, 400)
    with app.app_context():
        send_due(app.config)
        for row in db.session.scalars(select(OutboxMessage)):
            assert problems(row.payload.encode(), fake.offices) == []  # well-formed XML


def test_no_title_is_chosen_for_the_member_and_the_next_office_remembers_theirs(house):
    """The CWC form starts on "Choose your title", never "Mr."; once the member has sent
    through CWC, what they gave fills the next CWC form (kept in their march state)."""
    client, app, _ = house
    start(client)
    write(client)
    page, official = _cwc_form(client)
    select = re.search(r'<select id="px\d+" name="prefix">(.*?)</select>', page, re.S).group(1)
    assert re.search(r'<option value="" selected>Choose your title</option>', select)
    assert "selected" not in select.split("Choose your title", 1)[1]
    assert _send(client, page, official, prefix="").status_code == 400  # must be chosen
    assert _send(client, page, official, prefix="Dr.", street="9 Elm St").status_code == 303
    again = client.get(f"/c/nhit-week/send?official={official}").get_data(as_text=True)
    assert "✓ Sent through the House" in again
    # The member's remembered details, as the next CWC form would show them.
    with client.session_transaction() as session:
        state = next(v for k, v in session.items() if isinstance(v, dict) and "cwc" in v)
    assert state["cwc"]["prefix"] == "Dr." and state["cwc"]["street"] == "9 Elm St"


def test_cwc_lengths_are_checked_at_the_forms_and_before_queueing():
    """Subject 6 to 500, each text at most 10,000, a ConstituentMessage under 6 left out."""
    assert cwc.length_problems("Hi", "A statement.", "") == [
        "the subject is 2 characters (CWC takes 6 to 500)"
    ]
    assert "the campaign's statement is 10,001 characters (CWC takes 10,000)" in (
        cwc.length_problems("Support health IT", "x" * 10_001, "")
    )
    assert cwc.length_problems("Support health IT", "We ask you.", "ok") == []
    config = {"CWC_URL": "x", **AGENT}
    xml = cwc.build_message(
        config, office="HMA07", campaign_id="c", constituent=CONSTITUENT,
        subject="Support health IT", topic="Health", statement="We ask for your support.",
        message="ok", today=date(2026, 9, 23),
    )  # fmt: skip
    root = ET.fromstring(xml)  # noqa: S314  (our own XML)
    assert root.find("Message/ConstituentMessage") is None  # "ok" is under CWC's 6
    assert root.findtext("Message/OrganizationStatement") == "We ask for your support."
