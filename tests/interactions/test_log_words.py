"""The log in words: members' sends by channel name, times on the chapter's clock with the
zone named, the chapter's zone from a list, and a CSV Excel opens with accents intact."""

from __future__ import annotations

from datetime import UTC, datetime

from advocacy.extensions import db
from advocacy.models import Chapter
from tests.factories import make_campaign, make_send, submit


def _send(app, world, **extra):
    campaign = make_campaign(app)
    with app.app_context():
        send = make_send(
            campaign,
            world.officials[0],
            "jose@example.org",
            datetime(2026, 11, 20, 15, 4, tzinfo=UTC),
            channel="smtp_email",
            chapter_id=world.chapter_a,
            name="José Núñez",
            **extra,
        )
        db.session.add(send)
        db.session.commit()


def test_sends_show_their_channel_in_words_and_the_chapters_time(app, world, as_user):
    _send(app, world)
    page = as_user("a@example.org").get("/log").data.decode()
    assert "Email (sent by us)" in page and "smtp_email" not in page.split("<tbody>")[1]
    assert "10:04 EST" in page  # 15:04 UTC on Chapter A's clock (America/New_York)


def test_the_csv_opens_in_excel_with_accents(app, world, as_user):
    _send(app, world)
    answer = as_user("a@example.org").get("/log/export.csv")
    assert answer.data[:3] == b"\xef\xbb\xbf"
    text = answer.data.decode("utf-8-sig")
    assert "José Núñez" in text and "Email (sent by us)" in text and ",10:04 EST," in text


def test_a_chapters_time_zone_is_picked_from_a_list(app, world, as_user):
    lead = as_user("lead@example.org")
    page = lead.get("/chapters").data.decode()
    assert '<select id="timezone" name="timezone"' in page
    assert "Pacific (Los Angeles, Vancouver)" in page and ">Europe/Paris<" in page.replace(
        "Europe/Paris</option>", "Europe/Paris<"
    )
    fields = {"name": "BC Chapter", "country": "CA", "regions": "BC"}
    made = submit(lead, "/chapters", fields | {"timezone": "America/Vancouver"}, page=page)
    assert made.status_code in (302, 303)
    refused = submit(lead, "/chapters", fields | {"name": "X", "timezone": "Mars/Base"}, page=page)
    assert refused.status_code == 400 and "time zone" in refused.data.decode()
    with app.app_context():
        assert db.session.query(Chapter).filter_by(name="BC Chapter").one().timezone == (
            "America/Vancouver"
        )


def test_an_advocate_without_a_chapter_is_told_why_and_what_to_do(app, world, as_user):
    from advocacy.auth.passwords import hash_password
    from advocacy.models import User
    from tests.factories import PASSWORD

    with app.app_context():
        db.session.add(
            User(email="new@example.org", role="advocate", password_hash=hash_password(PASSWORD))
        )
        db.session.commit()
    client = as_user("new@example.org")
    feed = client.get("/log").data.decode()
    assert "belongs to no chapter yet" in feed and "Ask a task-force lead" in feed
    closed = client.get("/log/new")
    assert closed.status_code == 403 and "Ask a task-force lead" in closed.data.decode()
    admin_only = client.get("/admin/users")
    assert admin_only.status_code == 403
    assert "This page is for admins" in admin_only.data.decode()
