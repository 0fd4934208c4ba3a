"""Senate delivery through the Senate's CWC (SOAPBox), against a fake on 127.0.0.1: only
offices on its active list are offered CWC, the list is checked before it is written, and
a letter ends 'sent' only when the Senate accepts it."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from advocacy.delivery.outbox import send_due
from advocacy.extensions import db
from advocacy.models import CwcOffice, Interaction, Official, OutboxMessage
from tests.cwc import AGENT, MASSACHUSETTS_SENATE, SENATE_KEY, FakeCwc
from tests.factories import about_bill, every_letter, start, submit, write

pytestmark = pytest.mark.realdata


@pytest.fixture
def senate(march):
    """The march with the Senate's CWC set up (the House's is not) and its list fetched."""
    client, mock, app = march
    with FakeCwc(set(), senate=MASSACHUSETTS_SENATE) as fake:
        mock.add_passthru(fake.url)
        app.config.update(
            SENATE_CWC_URL=fake.url,
            SENATE_CWC_API_KEY=SENATE_KEY,
            OUTBOX_RETRY_SECONDS=0,
            **{k: v for k, v in AGENT.items() if k != "CWC_API_KEY"},
        )
        yield client, app, fake


def _refresh(app):
    return app.test_cli_runner().invoke(args=["cwc", "senate-offices"])


def _stored(app) -> dict[str, str]:
    with app.app_context():
        return {o.office_code: o.bioguide_id for o in db.session.scalars(select(CwcOffice))}


def _cwc_officials(page: str) -> list[int]:
    return [
        int(m)
        for m in re.findall(
            r'name="official_id" value="(\d+)">\s*<input type="hidden" name="channel" '
            r'value="cwc">',
            page,
        )
    ]


def test_the_active_list_is_fetched_checked_and_kept(senate):
    _, app, fake = senate
    result = _refresh(app)
    assert result.exit_code == 0, result.output
    assert "2 Senate offices take CWC messages (2 inserted)" in result.output
    assert _stored(app) == {"SMA01": "W000817", "SMA02": "M000133"}
    broken = {
        b"<html>maintenance</html>": "not JSON",
        b"[]": "the active list is empty",
        json.dumps([{"name": "No Id", "office_code": "SMA01"}]).encode(): "names no bioguide",
        json.dumps([{"name": "X [bioguide_id: X000001]", "office_code": "HMA07"}]).encode():
            "no Senate office code",
        json.dumps({"offices": []}).encode(): "not a list of offices",
    }  # fmt: skip
    for answer, reason in broken.items():
        fake.active = answer
        refused = _refresh(app)
        assert refused.exit_code == 1 and reason in refused.output, (answer, refused.output)
        assert "kept the last good list (2 offices)" in refused.output
        assert _stored(app) == {"SMA01": "W000817", "SMA02": "M000133"}
    # A list a fraction of the last is refused; a real change (one office leaves, one
    # joins) is written as a diff.
    seats = [(st, n) for st in ("AK", "AL", "AR", "AZ") for n in (1, 2)]
    many = {f"S{st}0{n}": f"Senator {st}{n} [bioguide_id: Z{i:06d}]"
            for i, (st, n) in enumerate(seats)}  # fmt: skip
    fake.active = many
    assert _refresh(app).exit_code == 0 and len(_stored(app)) == 8
    fake.active = dict(list(many.items())[:3])
    refused = _refresh(app)
    assert refused.exit_code == 1 and "3 offices, under half of the last good list's 8" in (
        refused.output
    )
    fake.active = dict(list(many.items())[1:]) | {"SMA01": MASSACHUSETTS_SENATE["SMA01"]}
    changed = _refresh(app)
    assert changed.exit_code == 0 and "1 inserted" in changed.output
    assert "1 deleted" in changed.output and "SAK01" not in _stored(app)
    fake.active = b"[" + b" " * 1_100_000 + b"]"  # a list no Senate would publish
    refused = _refresh(app)
    assert refused.exit_code == 1 and "over 1,000,000 bytes" in refused.output
    fake.senate_key = "another"
    refused = _refresh(app)
    assert refused.exit_code == 1 and "HTTP 401" in refused.output
    assert SENATE_KEY not in refused.output  # the key is never put in a message


def test_senators_on_the_active_list_get_the_letter_through_the_senates_cwc(senate):
    client, app, fake = senate
    assert _refresh(app).exit_code == 0
    about_bill(app)
    start(client)
    write(client)
    page = every_letter(client)
    senators = _cwc_officials(page)
    assert len(senators) == 2, "both Massachusetts senators are offered CWC"
    assert "Send through the Senate&#39;s CWC system" in page
    assert "Send it through the House" not in page  # the House's CWC is not set up
    for official in senators:
        sent = submit(
            client,
            "/c/nhit-week/act",
            {"official_id": official, "channel": "cwc", "evidence": "intent", "prefix": "Ms.",
             "first_name": "Ana", "last_name": "Member", "street": "1 Centre St",
             "city": "Boston", "state": "MA", "zip": "02130"},
            page=page,
        )  # fmt: skip
        assert sent.status_code == 303
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.to_address)).all()
        assert [(r.kind, r.to_address) for r in rows] == [
            ("cwc_senate", "SMA01"),
            ("cwc_senate", "SMA02"),
        ]
        assert send_due(app.config) == {"sent": 2, "retry": 0, "failed": 0}
        evidence = db.session.scalars(
            select(Interaction.evidence).where(Interaction.channel == "cwc")
        ).all()
        assert evidence == ["sent", "sent"]
    assert fake.validated == 0 and len(fake.delivered) == 2
    for xml in fake.delivered:
        root = ET.fromstring(xml)  # noqa: S314  (our own test traffic)
        assert root.findtext("Recipient/MemberOffice") in ("SMA01", "SMA02")
        assert root.findtext("Message/Bills/Bill/BillTypeAbbreviation") == "s"
        assert root.findtext("Message/Bills/Bill/BillNumber") == "1261"
        assert root.findtext("Message/ProOrCon") == "Pro"


def test_a_senator_off_the_active_list_keeps_the_form_and_the_call(senate):
    client, app, fake = senate
    fake.active = {"SMA01": MASSACHUSETTS_SENATE["SMA01"]}  # Warren only
    assert _refresh(app).exit_code == 0
    start(client)
    write(client)
    page = every_letter(client)
    with app.app_context():
        offered = [db.session.get(Official, i).full_name for i in _cwc_officials(page)]
        markey = db.session.scalars(
            select(Official.id).where(Official.full_name == "Edward J. Markey")
        ).one()
    assert offered == ["Elizabeth Warren"]
    ways = set(
        re.findall(
            rf'name="official_id" value="{markey}">\s*<input type="hidden" name="channel" '
            r'value="(\w+)">',
            page,
        )
    )
    assert "cwc" not in ways and {"contact_form", "call"} <= ways, ways
    # A down Senate is retried; its 400 is final with the reason, never 'sent'.
    fake.down = 1
    official = _cwc_officials(page)[0]
    fields = {"official_id": official, "channel": "cwc", "evidence": "intent",
              "prefix": "Ms.", "first_name": "Ana", "last_name": "Member",
              "street": "1 Centre St", "city": "Boston", "state": "MA", "zip": "02130"}  # fmt: skip
    assert submit(client, "/c/nhit-week/act", fields, page=page).status_code == 303
    with app.app_context():
        assert send_due(app.config) == {"sent": 0, "retry": 1, "failed": 0}
        fake.offices.clear()
        assert send_due(app.config) == {"sent": 0, "retry": 0, "failed": 1}
        failed = db.session.scalars(select(OutboxMessage)).one()
        assert failed.kind == "cwc_senate" and "unknown MemberOffice SMA01" in failed.last_error
        assert failed.interaction.evidence == "intent"
