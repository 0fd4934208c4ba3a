"""Members' privacy: personal data goes after its retention or at the member's request, and
no count, report or guard against double counting changes when it does."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advocacy.extensions import db
from advocacy.interactions.sends import SendRow, record
from advocacy.models import Interaction, OutboxMessage, Story
from advocacy.privacy.service import purge_expired
from advocacy.reports.monthly import monthly_report
from advocacy.reports.rollup import rebuild
from advocacy.reports.tables import tables
from tests.factories import make_campaign, make_send, make_world, story_form
from tests.html import token

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)
MONTHS = [date(2026, 3, 1), date(2026, 4, 1), date(2026, 10, 1), date(2026, 11, 1)]


def _sends(app, world, campaign_id):
    """Members over the year: old ones, recent ones, and one who came back."""
    plan = [
        ("old@example.org", datetime(2026, 3, 10, tzinfo=UTC), 0),
        ("both@example.org", datetime(2026, 3, 12, tzinfo=UTC), 0),
        ("both@example.org", datetime(2026, 4, 2, tzinfo=UTC), 1),
        ("Both@Example.org", datetime(2026, 11, 3, tzinfo=UTC), 2),  # same member
        ("new@example.org", datetime(2026, 10, 30, tzinfo=UTC), 1),
    ]
    with app.app_context():
        for email, when, official in plan:
            send = make_send(
                campaign_id, world.officials[official], email, when, chapter_id=world.chapter_a
            )
            send.member_zip = "02139"
            db.session.add(send)
        db.session.commit()


def _reports():
    return {month: tables(monthly_report(month, None)) for month in MONTHS}


def test_retention_removes_names_and_emails_and_no_report_changes(app):
    world = make_world(app)
    campaign_id = make_campaign(app)
    _sends(app, world, campaign_id)
    with app.app_context():
        before = _reports()
        assert before[date(2026, 11, 1)]["summary"][1][:0] == []  # the tables exist
        assert purge_expired(app.config | {"MEMBER_DATA_RETENTION_DAYS": 180}, NOW) == 3
        db.session.expire_all()
        rows = db.session.scalars(select(Interaction).order_by(Interaction.created_at)).all()
        removed = [(r.member_name, r.member_email, r.member_zip) for r in rows[:3]]
        assert removed == [(None, None, None)] * 3
        assert all(r.member_data_removed_at is not None for r in rows[:3])
        assert [r.member_email for r in rows[3:]] == ["new@example.org", "Both@Example.org"]
        assert _reports() == before
        assert rebuild(db.session.connection()) == 0  # the roll-ups agree with a recount
        db.session.rollback()
        # Done once: a second purge finds nothing more.
        assert purge_expired(app.config | {"MEMBER_DATA_RETENTION_DAYS": 180}, NOW) == 0


def test_a_member_who_returns_after_the_purge_is_still_one_member_once(app):
    world = make_world(app)
    campaign_id = make_campaign(app)
    values = {
        "campaign_id": campaign_id,
        "official_id": world.officials[0],
        "official_name": "Jane Doe",
        "office": "x",
        "district": None,
        "division_id": None,
        "channel": "email",
        "member_name": "Ana",
        "member_email": "ana@example.org",
        "member_zip": None,
        "chapter": None,
        "chapter_id": None,
    }
    with app.app_context():
        first = record(SendRow(**values, evidence="intent"))
        db.session.commit()
        db.session.execute(
            Interaction.__table__.update().values(created_at=NOW - timedelta(days=400))
        )
        db.session.commit()
        purge_expired(app.config, NOW)
        again = record(SendRow(**values, evidence="reported"))  # the same send, reported later
        db.session.commit()
        assert again == first
        assert db.session.scalar(select(func.count()).select_from(Interaction)) == 1
        assert db.session.get(Interaction, first).evidence == "reported"


def test_letters_wait_for_delivery_before_they_are_purged(app):
    world = make_world(app)
    campaign_id = make_campaign(app)
    with app.app_context():
        ids = []
        for i, status in enumerate(["sent", "pending"]):
            send = make_send(
                campaign_id, world.officials[0], f"m{i}@example.org", NOW - timedelta(days=200)
            )
            db.session.add(send)
            db.session.flush()
            db.session.add(
                OutboxMessage(
                    interaction_id=send.id,
                    to_address="o@example.gov",
                    reply_to=send.member_email,
                    from_name="M",
                    subject="s",
                    body="Dear Senator, ... 12 Main St",
                    status=status,
                    created_at=NOW - timedelta(days=200),
                )
            )
            ids.append(send.id)
        db.session.commit()
        assert purge_expired(app.config, NOW) == 1
        db.session.expire_all()
        assert db.session.scalars(select(OutboxMessage.status)).all() == ["pending"]
        assert db.session.get(Interaction, ids[0]).member_email is None
        assert db.session.get(Interaction, ids[1]).member_email == "m1@example.org"


def test_retention_zero_keeps_everything(app):
    world = make_world(app)
    _sends(app, world, make_campaign(app))
    with app.app_context():
        assert purge_expired(app.config | {"MEMBER_DATA_RETENTION_DAYS": 0}, NOW) == 0
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert "lost their member's name" in result.output


def _link(client, inbox, email):
    page = client.get("/my-history").data.decode()
    client.post("/my-history", data={"csrf_token": token(page), "email": email})
    body = inbox.messages[-1][1].get_payload(decode=True).decode()
    return re.search(r"http://[^/\s]+(/my-history/\S+)", body).group(1)


@pytest.fixture
def mailing(app, smtp):
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="a@advocacy.test")
    return inbox


def test_a_member_downloads_then_erases_their_data_by_the_emailed_link(app, client, mailing):
    world = make_world(app)
    campaign_id = make_campaign(app)
    _sends(app, world, campaign_id)
    assert story_form(client, email="both@example.org").status_code == 303
    with app.app_context():
        image = db.session.scalar(select(Story.image))
        before = _reports()
    photo = Path(app.config["UPLOAD_DIR"]) / "stories" / image
    assert photo.exists()

    link = _link(client, mailing, "BOTH@example.org")
    page = client.get(link).data.decode()
    assert "National Health IT Week" in page and "1 story" in page
    assert "Email (member&#39;s own)" in page  # the channel in words, as the log says it
    download = client.get(link + "/data.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(download.data)
    assert len(data["interactions"]) == 3 and data["stories"][0]["name"] == "Ana Member"
    assert {i["your_zip"] for i in data["interactions"]} == {"02139"}

    refused = client.post(link + "/erase", data={"csrf_token": token(page)})
    assert refused.status_code == 400 and "Tick the box" in refused.data.decode()
    erased = client.post(link + "/erase", data={"csrf_token": token(page), "confirm": "y"})
    assert erased.status_code == 303
    assert "3 send(s)" in client.get(erased.location).data.decode()

    with app.app_context():
        left = db.session.scalar(
            select(func.count())
            .select_from(Interaction)
            .where(func.lower(Interaction.member_email) == "both@example.org")
        )
        assert left == 0 and db.session.scalar(select(func.count()).select_from(Story)) == 0
        assert _reports() == before  # still one member, counted as before
        assert rebuild(db.session.connection()) == 0
        db.session.rollback()
    assert not photo.exists()
    assert json.loads(client.get(link + "/data.json").data)["interactions"] == []
    assert client.get(link + "x/data.json").status_code == 404


def test_the_privacy_page_says_what_is_kept_and_for_how_long(client, app):
    page = client.get("/privacy").data.decode()
    assert "180 days" in page and "Never stored" in page
    assert 'href="/my-history"' in page
    assert 'href="/privacy"' in client.get("/").data.decode()  # from every page's footer
