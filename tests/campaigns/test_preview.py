"""The campaign editor shows the exact letters and posts before saving and from the list."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from advocacy.extensions import db
from advocacy.models import Campaign, TalkingPoint
from tests.factories import make_campaign, submit


def _fields(page: str) -> dict:
    """The editor's fields as they stand on its page."""
    fields = dict(re.findall(r'<input[^>]*id="([a-z_]+)"[^>]*value="([^"]*)"', page))
    for name, text in re.findall(r'<textarea[^>]*name="([a-z_]+)"[^>]*>\n?([^<]*)<', page):
        fields[name] = text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return fields


def test_preview_before_saving_writes_nothing(app, world, as_user):
    lead = as_user("lead@example.org")
    page = lead.get("/staff/campaigns/new").get_data(as_text=True)
    fields = _fields(page) | {
        "title": "Privacy week",
        "slug": "privacy-week",
        "starts_on": "2026-09-21",
        "ends_on": "2026-09-25",
        "targets": ["us_senate", "state_lower"],
        "points-0-title": "Consent",
        "points-0-body": "Patients decide who sees their data.",
        "preview": "1",
    }
    response = submit(lead, "/staff/campaigns/new", fields, page=page)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "What members will send" in text
    # One official of each targeted office; the directory's own (the world has senators),
    # a stand-in with the right title for the state house.
    assert "U.S. Senator Jane Doe" in text and "State Representative Ana Ley" in text
    letters = re.findall(r'<pre class="letter-text"[^>]*>(.*?)</pre>', text, re.S)
    assert len(letters) == 2
    assert letters[0].count("Dear Senator Doe:") == 1 and "Dear Representative Ley:" in letters[1]
    assert "As a constituent in Boston, Massachusetts" in text
    assert "Consent: Patients decide who sees their data." in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Campaign)) == 0
        assert db.session.scalar(select(func.count()).select_from(TalkingPoint)) == 0


def test_a_template_that_writes_its_own_greeting_is_refused_at_save(app, world, as_user):
    lead = as_user("lead@example.org")
    page = lead.get("/staff/campaigns/new").get_data(as_text=True)
    fields = _fields(page) | {
        "title": "Week",
        "slug": "week",
        "starts_on": "2026-09-21",
        "ends_on": "2026-09-25",
        "targets": ["us_senate"],
        "letter_statement": "Dear {{ official_title }} {{ official_last_name }},\nPlease act.",
    }
    response = submit(lead, "/staff/campaigns/new", fields, page=page)
    assert response.status_code == 400
    assert "write only the body" in response.get_data(as_text=True)


def test_saved_campaigns_are_previewed_from_the_list(app, world, as_user):
    campaign = make_campaign(app, targets="us_senate")
    lead = as_user("lead@example.org")
    listing = lead.get("/staff/campaigns").get_data(as_text=True)
    assert f"/staff/campaigns/{campaign}/preview" in listing
    page = lead.get(f"/staff/campaigns/{campaign}/preview").get_data(as_text=True)
    assert "U.S. Senator Jane Doe" in page and "Dear Senator Doe:" in page
    # A national campaign is the leads': to a chapter's advocate it does not exist.
    assert as_user("a@example.org").get(f"/staff/campaigns/{campaign}/preview").status_code == 404
    assert lead.get("/staff/campaigns/999999/preview").status_code == 404
