"""Letters sent through our own SMTP server: a real local server (aiosmtpd) receives them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.models import Interaction, Official, OutboxMessage
from tests.cwc import AGENT
from tests.factories import act, start, write
from tests.net import free_port

pytestmark = pytest.mark.realdata


@pytest.fixture
def queued(march, smtp):
    """A member who pressed "send it for me" twice for a state legislator with an email."""
    client, _, app = march
    inbox, port = smtp
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        OUTBOX_RETRY_SECONDS=0,
        OUTBOX_MAX_ATTEMPTS=2,
        MAIL_FROM="letters@advocacy.test",
    )
    start(client)
    write(client)
    with app.app_context():
        official = db.session.scalars(
            select(Official)
            .join(Official.seat)
            .where(Official.email.is_not(None))
            .where(Official.id.in_(_chosen(client)))
        ).first()
        assert official is not None
        email, official_id = official.email, official.id
    assert act(client, official_id, "smtp_email").status_code == 303
    assert act(client, official_id, "smtp_email").status_code == 303  # double click
    return client, app, inbox, email, official_id


def _chosen(client):
    from tests.factories import send_officials

    return send_officials(client.get("/c/nhit-week/send").data.decode())


def _evidence(app, official_id):
    with app.app_context():
        return db.session.scalars(
            select(Interaction.evidence).where(Interaction.official_id == official_id)
        ).all()


def test_queued_letter_is_delivered_once_and_marked_sent(queued):
    client, app, inbox, email, official_id = queued
    with app.app_context():
        assert len(db.session.scalars(select(OutboxMessage)).all()) == 1
    assert _evidence(app, official_id) == ["intent"]
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == [email]
    assert message["Reply-To"] == "ana@example.org"
    assert "letters@advocacy.test" in message["From"] and "Ana Member" in message["From"]
    assert message["Subject"].startswith("Support health IT")
    body = message.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert "Dear " in body and "Sincerely,\nAna Member" in body
    assert "Boston, MA 02133" in body  # the address block keeps city, state and ZIP together
    assert _evidence(app, official_id) == ["sent"]
    again = app.test_cli_runner().invoke(args=["outbox", "send", "--once"])
    assert again.exit_code == 0 and len(inbox.messages) == 1
    # Once sent, the member's "send it" button is spent.
    page = client.get(f"/c/nhit-week/send?official={official_id}").data.decode()
    assert "Send it for me by email ✓</button>" in page


def test_refused_letters_are_retried_then_marked_failed(queued):
    _, app, inbox, _, official_id = queued
    inbox.refuse = True
    runner = app.test_cli_runner()
    first = runner.invoke(args=["outbox", "send", "--once"])
    assert "will retry 1" in first.output
    second = runner.invoke(args=["outbox", "send", "--once"])
    assert "failed 1" in second.output
    with app.app_context():
        row = db.session.scalars(select(OutboxMessage)).one()
        assert (row.status, row.attempts) == ("failed", 2)
        assert "550" in row.last_error
    assert _evidence(app, official_id) == ["intent"]  # never claimed as sent
    assert inbox.messages == []


def test_a_down_server_is_retried(queued):
    _, app, inbox, _, official_id = queued
    app.config["SMTP_PORT"] = free_port()  # nothing listens there
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--once"])
    assert "will retry 1" in result.output
    with app.app_context():
        row = db.session.scalars(select(OutboxMessage)).one()
        assert row.status == "pending" and row.attempts == 1


def test_outbox_needs_a_way_out_and_cwc_alone_is_one(app):
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--once"])
    assert result.exit_code != 0 and "Nothing to deliver through" in result.output
    app.config.update(CWC_URL="http://127.0.0.1:9", **AGENT)  # a CWC-only deployment
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--once"])
    assert result.exit_code == 0, result.output


def test_a_row_with_line_breaks_in_its_headers_still_goes_out_on_one_line(queued):
    """Header injection: whatever a queued row holds, each header stays one line."""
    _, app, inbox, email, _ = queued
    with app.app_context():
        row = db.session.scalars(select(OutboxMessage)).one()
        row.from_name = "Ana\r\nBcc: victim@example.org"
        row.subject = "Hello\nBcc: victim@example.org"
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--once"])
    assert result.exit_code == 0 and "sent 1" in result.output, result.output
    ((recipients, message),) = inbox.messages
    assert recipients == [email] and message["Bcc"] is None
    assert message["Subject"] == "Hello Bcc: victim@example.org"
