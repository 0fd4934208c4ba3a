"""A campaign is a draft until a lead publishes it (members get a 404), and a lead previews
it for a sample member by ZIP code, writing to that member's own officials."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.models import Campaign
from tests.factories import campaign_form, make_campaign, new_lead, submit


def test_a_new_campaign_is_a_draft_until_published(app):
    lead = new_lead(app)
    saved = submit(
        lead,
        "/staff/campaigns/new",
        {k: v for k, v in campaign_form(starts_on="2026-09-01", ends_on="2026-12-31").items()
         if k != "published"},
    )  # fmt: skip
    assert saved.status_code == 303
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        assert campaign.published is False
        campaign_id = campaign.id
    member = app.test_client()
    assert member.get("/c/nhit-2026").status_code == 404
    assert b"nhit-2026" not in member.get("/campaigns").data
    listing = lead.get("/staff/campaigns").get_data(as_text=True)
    assert "(draft)" in listing
    preview = lead.get(f"/staff/campaigns/{campaign_id}/preview").get_data(as_text=True)
    assert "This campaign is a draft" in preview
    # Published: members may join.
    edited = submit(
        lead,
        f"/staff/campaigns/{campaign_id}/edit",
        campaign_form(starts_on="2026-09-01", ends_on="2026-12-31"),
    )
    assert edited.status_code == 303
    assert member.get("/c/nhit-2026").status_code == 200
    assert b"nhit-2026" in member.get("/campaigns").data


@pytest.mark.realdata
def test_a_preview_by_zip_writes_to_that_members_own_officials(small_app):
    """02130 with governors targeted: Maura Healey, and no other statewide officer."""
    campaign_id = make_campaign(small_app, slug="gov", targets="governor,us_senate")
    lead = new_lead(small_app)
    page = lead.get(f"/staff/campaigns/{campaign_id}/preview?zip=02130").get_data(as_text=True)
    assert "Ana Member in ZIP code 02130" in page
    assert "Governor Maura Healey" in page
    assert "Lieutenant Governor" not in page and "Attorney General" not in page
    headings = re.findall(r'<h3 id="pv\d+">(.*?)</h3>', page)
    assert len(headings) == 2, headings  # one official per targeted office
    assert sum(("Warren" in h) or ("Markey" in h) for h in headings) == 1
    assert "Cantwell" not in page
    bad = lead.get(f"/staff/campaigns/{campaign_id}/preview?zip=abc")
    assert bad.status_code == 400 and b"Enter a five-digit ZIP code." in bad.data
    unknown = lead.get(f"/staff/campaigns/{campaign_id}/preview?zip=00000")
    assert unknown.status_code in (400, 404) and b"Traceback" not in unknown.data


def test_talking_points_are_added_and_removed_not_left_as_empty_rows(app):
    lead = new_lead(app)
    page = lead.get("/staff/campaigns/new").get_data(as_text=True)
    assert page.count('name="points-') == 2  # one empty row: its title and paragraph
    assert 'name="points-1-title"' not in page
    added = submit(lead, "/staff/campaigns/new", campaign_form(add_point="1"))
    assert added.status_code == 200
    html = added.get_data(as_text=True)
    assert 'name="points-3-title"' in html  # the form's three rows and one more
    with app.app_context():
        assert db.session.scalars(select(Campaign)).first() is None  # nothing saved
    assert submit(lead, "/staff/campaigns/new", campaign_form()).status_code == 303
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        assert [p.title for p in campaign.talking_points] == ["Interoperability", "Workforce"]
    edit = lead.get(f"/staff/campaigns/{campaign.id}/edit").get_data(as_text=True)
    assert 'name="points-2-title"' in edit and 'name="points-3-title"' not in edit
    removed = submit(
        lead,
        f"/staff/campaigns/{campaign.id}/edit",
        campaign_form(**{
            "points-1-title": "Workforce", "points-1-body": "Fund training.",
            "points-2-title": "", "points-2-body": "", "points-0-remove": "y",
        }),
    )  # fmt: skip
    assert removed.status_code == 303
    with app.app_context():
        kept = db.session.get(Campaign, campaign.id).talking_points
        assert [p.title for p in kept] == ["Workforce"]


def test_the_campaign_page_asks_members_to_share_it(app):
    make_campaign(app)
    page = app.test_client().get("/c/nhit-week").get_data(as_text=True)
    assert "Ask others to join" in page and "Share on X" in page
    assert 'value="http://localhost/c/nhit-week"' in page
    assert 'data-copy="link-text"' in page and "Copy the link" in page


def test_the_editor_inserts_variables_by_their_plain_names(app):
    """Each template box offers its variables by a lead's words; the suggested message
    (written before an official is chosen) offers none of the official's."""
    lead = new_lead(app)
    page = lead.get("/staff/campaigns/new").get_data(as_text=True)
    offered = {
        field: {
            text: html.unescape(label)
            for text, label in re.findall(
                rf'data-insert="([^"]+)" data-into="{field}"[^>]*>([^<]+)<', page
            )
        }
        for field in ("subject", "letter_body", "call_script", "tweet_template")
    }
    assert offered["subject"]["{{ official_last_name }}"] == "Official's last name"
    assert offered["call_script"]["{{ member_name }}"] == "Member's name"
    assert "{{ constituent }}" in offered["letter_body"]
    assert not [t for t in offered["letter_body"] if "official" in t or "district" in t]
    assert "{% if" not in page and "Filters:" not in page
    # What a button inserts is what the template check accepts in that box (a subject
    # holds at most 300 characters: the variables go in a few at a time).
    subject = sorted(offered["subject"])
    for n, start in enumerate(range(0, len(subject), 6)):
        saved = submit(
            lead,
            "/staff/campaigns/new",
            campaign_form(
                slug=f"inserts-{n}",
                subject="For " + " ".join(subject[start : start + 6]),
                letter_body="From " + " ".join(offered["letter_body"]),
            ),
        )
        assert saved.status_code == 303, saved.get_data(as_text=True)[:2000]


def test_the_editor_holds_cwcs_limits_with_a_message_that_says_them(app):
    lead = new_lead(app)
    short = submit(lead, "/staff/campaigns/new", campaign_form(subject="Hi"))
    assert short.status_code == 400 and "CWC takes 6 to 500" in short.get_data(as_text=True)
    long = submit(
        lead,
        "/staff/campaigns/new",
        campaign_form(letter_statement="We ask for your support. " * 398),
    )
    assert long.status_code == 400
    said = long.get_data(as_text=True)
    assert "With its talking points the statement is" in said and "at most 10,000" in said
