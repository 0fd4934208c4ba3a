"""Campaign tests: a campaign open today on the real directory, and helpers for the flow."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from advocacy.extensions import db
from advocacy.models import Campaign, TalkingPoint
from tests.census_answers import MA_ADDRESS, serve_ma  # noqa: F401  (re-exported)
from tests.html import token  # noqa: F401  (re-exported for the tests)

STATEMENT = (
    "As your constituent in {{ member_city }}, {{ member_state }}, I ask you, "
    "{{ official_title }} {{ official_last_name }}, to support health IT.\n\n{{ talking_points }}"
)


def make_campaign(app, **overrides) -> int:
    """A campaign open today (in every US time zone), with two talking points."""
    today = date.today()
    values = {
        "slug": "nhit-week",
        "title": "National Health IT Week",
        "summary": "Tell your legislators why health IT matters.",
        "owner": "national",
        "starts_on": today - timedelta(days=2),
        "ends_on": today + timedelta(days=2),
        "targets": "us_senate,us_house,state_upper,state_lower,state_legislature",
        "subject": "Support health IT, {{ official_title }} {{ official_last_name }}",
        "letter_statement": STATEMENT,
        "letter_body": "My name is {{ member_name }} and I live in {{ member_city }}.",
        "tweet_template": "{{ official_title }} {{ official_last_name }}, support health IT!",
        "hashtags": "#NHITweek #HITworks #IHeartHIT",
    } | overrides
    with app.app_context():
        campaign = Campaign(**values)
        campaign.talking_points = [
            TalkingPoint(
                position=0, title="Interoperability", body="Data must follow the patient."
            ),
            TalkingPoint(position=1, title="Workforce", body="Fund health IT training."),
        ]
        db.session.add(campaign)
        db.session.commit()
        return campaign.id


def start(client, slug="nhit-week", **member) -> object:
    """Screen 1 for a member; returns the response."""
    page = client.get(f"/c/{slug}").data.decode()
    data = {
        "name": "Ana Member",
        "email": "ana@example.org",
        "address": MA_ADDRESS,
        "chapter": "0",
        "csrf_token": token(page),
    } | member
    return client.post(f"/c/{slug}", data=data)


def write(client, slug="nhit-week", points=None, officials=None, **fields) -> object:
    """Screen 2 with every official and the given points; returns the response."""
    page = client.get(f"/c/{slug}/write").data.decode()
    all_officials = re.findall(r'name="officials" type="checkbox" value="(\d+)"', page)
    all_points = re.findall(r'name="points" type="checkbox" value="(\d+)"', page)
    data = {
        "csrf_token": token(page),
        "officials": all_officials if officials is None else officials,
        "points": all_points if points is None else points,
        "body": "I work in a hospital IT team.",
        "story": "Our records followed my mother between hospitals.",
    } | fields
    return client.post(f"/c/{slug}/write", data=data)


def act(client, official_id, channel, evidence="intent", slug="nhit-week"):
    """One button on screen 3."""
    page = client.get(f"/c/{slug}/send").data.decode()
    return client.post(
        f"/c/{slug}/act",
        data={
            "csrf_token": token(page),
            "official_id": official_id,
            "channel": channel,
            "evidence": evidence,
        },
    )


@pytest.fixture
def march(census_app, loaded_app):
    """(client, responses mock, app) with an open campaign; the geocoder answers for MA."""
    client, mock = census_app
    make_campaign(loaded_app)
    serve_ma(mock)
    return client, mock, loaded_app
