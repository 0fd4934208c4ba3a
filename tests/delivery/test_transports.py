"""The transport interface: each way out delivers one outbox row, and says whether a failure
is final (Refused) or worth a retry (Unavailable). Real peers on 127.0.0.1: an aiosmtpd
server, the fake CWC, a port nothing listens on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from advocacy.campaigns import cwc
from advocacy.delivery.cwc import HouseCwc
from advocacy.delivery.outbox import TRANSPORTS, deliverable
from advocacy.delivery.smtp import Smtp
from advocacy.delivery.transports import Refused, Unavailable
from advocacy.models import OutboxMessage
from tests.cwc import FakeCwc
from tests.factories import base_config
from tests.net import free_port

CWC = {
    "CWC_DELIVERY_AGENT": "Health IT Advocacy",
    "CWC_ACK_EMAIL": "ack@example.org",
    "CWC_CONTACT_NAME": "Agent",
    "CWC_CONTACT_EMAIL": "agent@example.org",
    "CWC_CONTACT_PHONE": "202-555-0100",
}


def _config(**more) -> dict:
    return base_config("sqlite://", "/nonexistent") | {
        "MAIL_FROM": "letters@advocacy.test", "HTTP_USER_AGENT": "advocacy-test",
        "SMTP_PORT": 25, "SMTP_TIMEOUT": 5.0, "SMTP_STARTTLS": False, "SMTP_USERNAME": None,
        "SMTP_PASSWORD": None, "CWC_TIMEOUT": 5.0, **more,
    }  # fmt: skip


def _row(**fields) -> OutboxMessage:
    values = {
        "id": 7, "kind": "smtp", "to_address": "office@example.gov", "reply_to": "ana@example.org",
        "from_name": "Ana\r\nBcc: x@example.org", "subject": "Health IT", "body": "Dear Senator,",
        "created_at": datetime(2026, 10, 1, tzinfo=UTC),
    }  # fmt: skip
    return OutboxMessage(**(values | fields))


def test_smtp_delivers_with_one_line_headers_and_a_stable_message_id(smtp):
    inbox, port = smtp
    transport = Smtp(_config(SMTP_HOST="127.0.0.1", SMTP_PORT=port))
    transport.deliver(_row())
    transport.deliver(_row(id=8))  # the same connection
    transport.close()
    (_, first), (_, second) = inbox.messages
    assert first["Message-ID"] == "<outbox.7.1790812800@advocacy.test>"
    assert first["From"] == '"Ana Bcc: x@example.org" <letters@advocacy.test>'
    assert first["Bcc"] is None
    assert second["Message-ID"] != first["Message-ID"]


def test_smtp_refusal_and_no_server_are_worth_a_retry(smtp):
    inbox, port = smtp
    inbox.refuse = True
    refusing = Smtp(_config(SMTP_HOST="127.0.0.1", SMTP_PORT=port))
    with pytest.raises(Unavailable, match="550"):
        refusing.deliver(_row())
    nobody = Smtp(_config(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port()))
    with pytest.raises(Unavailable, match="ConnectionRefused"):
        nobody.deliver(_row())


def _letter(office: str) -> str:
    constituent = cwc.Constituent(
        "Ms.", "Ana", "Member", "1 Centre St", "Boston", "MA", "02130", "ana@example.org"
    )
    return cwc.build_message(
        CWC, office=office, campaign_id="nhit", constituent=constituent,
        subject="Support health IT", topic="Health", statement="We ask for your support.",
        message="I work in health IT.", today=datetime(2026, 10, 1).date(),
    )  # fmt: skip


def test_cwc_validates_then_delivers_and_a_400_is_final():
    with FakeCwc({"HMA07"}) as fake:
        config = _config(CWC_URL=fake.url, CWC_API_KEY=fake.key, **CWC)
        transport = HouseCwc(config)
        transport.deliver(_row(kind="cwc_house", payload=_letter("HMA07")))
        assert fake.validated == 1 and len(fake.delivered) == 1
        with pytest.raises(Refused, match="validate 400: .*MemberOffice"):
            transport.deliver(_row(kind="cwc_house", payload=_letter("HXX99")))
        fake.down = 1
        with pytest.raises(Unavailable, match="validate 503"):
            transport.deliver(_row(kind="cwc_house", payload=_letter("HMA07")))
        transport.close()
    nobody = HouseCwc(_config(CWC_URL=f"http://127.0.0.1:{free_port()}", CWC_API_KEY="k", **CWC))
    with pytest.raises(Unavailable, match="validate: ConnectionError"):
        nobody.deliver(_row(kind="cwc_house", payload=_letter("HMA07")))


def test_a_kind_is_deliverable_only_where_it_is_set_up():
    assert set(TRANSPORTS) == {"smtp", "cwc_house", "cwc_senate", "regulations_gov"}
    assert deliverable(_config()) == ()
    assert deliverable(_config(SMTP_HOST="127.0.0.1")) == ("smtp",)
    cwc_only = _config(CWC_URL="http://127.0.0.1:1", CWC_API_KEY="k", **CWC)
    assert deliverable(cwc_only) == ("cwc_house",)
    assert deliverable(cwc_only | {"CWC_CONTACT_PHONE": None}) == ()
    senate_only = _config(SENATE_CWC_URL="http://127.0.0.1:1", SENATE_CWC_API_KEY="k", **CWC)
    assert deliverable(senate_only) == ("cwc_senate",)
    assert deliverable(senate_only | {"SENATE_CWC_API_KEY": None}) == ()
    assert deliverable(_config(REGULATIONS_GOV_API_KEY="k")) == ("regulations_gov",)
