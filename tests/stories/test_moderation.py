"""Moderation: grammar fixes shown as a diff, never facts; refusals emailed; the gallery."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.models import Story
from advocacy.stories.service import facts_changed
from tests.factories import story_form
from tests.html import token


def _story(app) -> Story:
    with app.app_context():
        return db.session.scalars(select(Story)).one()


def _moderate(client, story_id, **fields):
    page = client.get(f"/stories/{story_id}/moderate")
    assert page.status_code == 200
    text = page.data.decode()
    data = {
        "csrf_token": token(text),
        "version": re.search(r'name="version" value="(\d+)"', text).group(1),
        "title": html.unescape(re.search(r'id="title"[^>]*value="([^"]*)"', text).group(1)),
        "body": html.unescape(
            re.search(r'<textarea[^>]*name="body"[^>]*>\n?([^<]*)<', text).group(1)
        ),
        "because": html.unescape(re.search(r'id="because"[^>]*value="([^"]*)"', text).group(1)),
        "reason": "",
        "action": "save",
    }
    data.update(fields)
    return client.post(f"/stories/{story_id}/moderate", data=data)


@pytest.fixture
def pending(app, world, client):
    hostile = "<script>alert('x')</script> {{ config }}"
    assert (
        story_form(
            client,
            chapter=str(world.chapter_a),
            campaign=str(world.campaign),
            title="My portal " + hostile,
            because="it saved me 2 days " + hostile,
            body="In 2024 my clinic's portl helped me. " + hostile,
            name="Ana <img src=x onerror=alert(1)>",
            organisation='<b>Clinic</b> "quoted"',
        ).status_code
        == 303
    )
    return _story(app)


def test_approve_then_the_gallery_shows_it_with_a_share_card(app, world, as_user, pending):
    lead = as_user("lead@example.org")
    assert _moderate(lead, pending.id, action="approve").status_code == 303
    anyone = app.test_client()
    gallery = anyone.get("/stories").data.decode()
    assert "My portal" in gallery and "<script>alert" not in gallery
    assert "&lt;script&gt;" in gallery
    page = anyone.get(f"/stories/{pending.id}").data.decode()
    assert "<script>alert" not in page and "{{ config }}" in page  # shown, never rendered
    assert "<img src=x" not in page and "&lt;img src=x" in page and "<b>Clinic" not in page
    assert "<img src=x" not in gallery
    card = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert card == f"http://localhost/stories/images/{pending.image}"
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    share = re.search(r'href="(https://twitter.com/intent/tweet[^"]+)"', page).group(1)
    assert "%23IHeartHIT" in share and "%23NHITweek" in share
    assert 'href="/c/nhit-week"' in page  # on to the campaign's letters
    image = anyone.get(f"/stories/images/{pending.image}")
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/jpeg"
    assert image.headers["X-Content-Type-Options"] == "nosniff"


def test_grammar_fixes_are_shown_as_a_diff_and_the_original_kept(app, world, as_user, pending):
    advocate = as_user("a@example.org")  # chapter A's own advocate may moderate it
    body = pending.body.replace("portl", "portal")
    assert _moderate(advocate, pending.id, body=body).status_code == 303
    story = _story(app)
    assert story.body == body and "portl" in story.original_body and story.edited
    page = advocate.get(f"/stories/{pending.id}/moderate").data.decode()
    assert "<del>portl</del>" in page and "<ins>portal</ins>" in page
    # A fix alone publishes nothing: the story is still pending and not public.
    assert story.status == "pending"
    assert app.test_client().get(f"/stories/{pending.id}").status_code == 404
    # Once approved, the public page says the story was lightly edited.
    assert _moderate(advocate, pending.id, action="approve").status_code == 303
    public = app.test_client().get(f"/stories/{pending.id}")
    assert public.status_code == 200 and "lightly edited" in public.data.decode()


@pytest.mark.parametrize(
    ("field", "change"),
    [("body", ("2024", "2023")), ("because", ("2 days", "3 days")), ("body", ("In 2024", "In"))],
)
def test_facts_may_not_change(app, world, as_user, pending, field, change):
    lead = as_user("lead@example.org")
    story = _story(app)
    edited = getattr(story, field).replace(*change)
    if field == "because":
        edited = edited.removeprefix("#IHeartHIT because ")
    response = _moderate(lead, pending.id, **{field: edited})
    assert response.status_code == 400
    assert "grammar, not facts" in response.data.decode()
    assert getattr(_story(app), field) == getattr(story, field)


def test_refusal_emails_the_reason(app, world, as_user, pending, smtp):
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    lead = as_user("lead@example.org")
    assert _moderate(lead, pending.id, action="refuse").status_code == 400  # no reason
    response = _moderate(lead, pending.id, action="refuse", reason="It names a product.")
    assert response.status_code == 303
    story = _story(app)
    assert story.status == "refused" and story.refusal_emailed_at is not None
    ((to, message),) = inbox.messages
    assert (
        to == ["ana@example.org"]
        and "It names a product." in message.get_payload(decode=True).decode()
    )


def test_a_refusal_that_could_not_be_emailed_is_kept_and_sent_later(
    app, world, as_user, pending, smtp
):
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1)  # nothing listens there
    lead = as_user("lead@example.org")
    response = _moderate(lead, pending.id, action="refuse", reason="Too promotional.")
    assert "could not be sent" in lead.get(response.location).data.decode()
    assert _story(app).refusal_emailed_at is None
    assert "My portal" in lead.get("/stories/moderate?status=unsent").data.decode()
    app.config["SMTP_PORT"] = port
    assert _moderate(lead, pending.id, action="resend").status_code == 303
    assert _story(app).refusal_emailed_at is not None and len(inbox.messages) == 1


def test_feature_puts_it_first(app, world, as_user, pending, client):
    lead = as_user("lead@example.org")
    assert story_form(client, title="Second story", body="Another one.").status_code == 303
    with app.app_context():
        second = db.session.scalar(select(Story.id).where(Story.title == "Second story"))
    _moderate(lead, second, action="approve")
    _moderate(lead, pending.id, action="feature")
    gallery = app.test_client().get("/stories").data.decode()
    assert gallery.index("My portal") < gallery.index("Second story")
    assert _story_by(app, pending.id).featured


def _story_by(app, story_id):
    with app.app_context():
        return db.session.get(Story, story_id)


def test_who_may_moderate(app, world, as_user, pending):
    assert as_user(None).get(f"/stories/{pending.id}/moderate").status_code == 302
    # Chapter B's advocate cannot see chapter A's story at all; a lead and A's can.
    other = as_user("b@example.org")
    assert other.get(f"/stories/{pending.id}/moderate").status_code == 404
    assert "My portal" not in other.get("/stories/moderate").data.decode()
    assert other.get(f"/stories/{pending.id}").status_code == 404
    assert "My portal" in as_user("a@example.org").get("/stories/moderate").data.decode()
    assert as_user("lead@example.org").get(f"/stories/{pending.id}").status_code == 200
    assert as_user("lead@example.org").get("/stories/moderate?status=nope").status_code == 400
    assert other.get("/stories/99999999999/moderate").status_code == 404


def test_a_stale_version_overwrites_nothing(app, world, as_user, pending):
    first, second = as_user("lead@example.org"), as_user("a@example.org")
    stale = token(second.get(f"/stories/{pending.id}/moderate").data.decode())
    assert _moderate(first, pending.id, action="approve").status_code == 303
    response = second.post(
        f"/stories/{pending.id}/moderate",
        data={
            "csrf_token": stale,
            "version": "1",
            "title": "Changed",
            "body": "x",
            "because": "y",
            "action": "save",
        },
    )
    assert response.status_code == 303
    assert _story(app).title.startswith("My portal") and _story(app).status == "approved"


def test_gallery_paging_and_bad_pages(app, world, client):
    assert client.get("/stories?page=1").status_code == 200
    for junk in ("abc", "99999999999999", "²"):
        refused = client.get(f"/stories?page={junk}")
        assert refused.status_code == 400 and "whole number" in refused.get_data(as_text=True)
    past = client.get("/stories?page=2")  # one approved story at most: one page
    assert past.status_code == 404 and "There is no page 2" in past.get_data(as_text=True)
    assert client.get("/stories/images/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/stories/images/" + "a" * 40 + ".jpg").status_code == 404


@pytest.mark.parametrize(
    ("original", "edited", "kept"),
    [
        ("It took five days.", "It took ten days.", ["five", "ten"]),
        ("We waited three hours.", "We waited three weeks.", ["hours", "weeks"]),
        ("The clinic opens at 9 am.", "The clinic opens at 9 pm.", ["am", "pm"]),
        ("On Monday at noon", "On Tuesday at noon", ["monday", "tuesday"]),
        ("It cut errors by half.", "It cut errors by a third.", ["half", "third"]),
        ("Twice a week", "Once a week", ["twice"]),
        ("a 5 mg dose", "a 5 ml dose", ["mg", "ml"]),
    ],
)
def test_numbers_in_words_times_and_quantities_are_facts(original, edited, kept):
    assert facts_changed(original, edited) == kept


@pytest.mark.parametrize(
    ("original", "edited"),
    [
        ("my clinic's portl helped me", "my clinic's portal helped me"),
        ("I may go to the march", "I might go to the March"),
        ("Their records follows them", "Their records follow them"),
        ("It took Five Days", "It took five days"),  # case is grammar
    ],
)
def test_grammar_fixes_pass(original, edited):
    assert facts_changed(original, edited) == []
