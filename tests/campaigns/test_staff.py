"""Staff sign-in and campaign editing, with templates checked when saved."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from advocacy.auth.views import safe_next
from advocacy.extensions import db
from advocacy.models import Campaign
from tests.factories import PASSWORD, campaign_form, sign_in, submit
from tests.html import token


@pytest.fixture
def staff(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "lead@example.org", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    return app.test_client()


def post_campaign(client, path="/staff/campaigns/new", **overrides):
    return submit(client, path, campaign_form(**overrides))


def test_pages_need_a_signed_in_staff_member(client):
    response = client.get("/staff/campaigns")
    assert response.status_code == 302
    assert "/staff/login?next=%2Fstaff%2Fcampaigns" in response.headers["Location"]


def test_wrong_password_or_unknown_email(staff):
    assert sign_in(staff, password="wrong password!").status_code == 400
    response = sign_in(staff, email="nobody@example.org")
    assert response.status_code == 400 and b"don&#39;t match" in response.data
    assert staff.get("/staff/campaigns").status_code == 302


def test_sign_in_rotates_the_session_and_follows_only_local_next(staff):
    with staff.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = sign_in(staff, next_="/staff/campaigns/new")
    assert response.status_code == 303 and response.headers["Location"] == "/staff/campaigns/new"
    with staff.session_transaction() as session:
        assert "planted" not in session
    staff.post(
        "/staff/logout", data={"csrf_token": token(staff.get("/staff/campaigns").data.decode())}
    )
    response = sign_in(staff, next_="https://evil.example/")
    assert response.headers["Location"] == "/staff/campaigns"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil",
        "//evil",
        "/\\evil",
        "http:/evil",
        "javascript:alert(1)",
        "\\\\evil",
        "/%0d%0aSet-Cookie:x",
        "/ok\x00",
        "",
    ],
)
def test_safe_next_refuses_other_sites(target):
    assert safe_next(target) in (None, "/%0d%0aSet-Cookie:x")
    assert safe_next("/staff/campaigns?x=1") == "/staff/campaigns?x=1"


def test_create_and_edit_a_campaign(staff, app):
    sign_in(staff)
    response = post_campaign(staff)
    assert response.status_code == 303, response.data
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        assert campaign.slug == "nhit-2026" and campaign.target_list == ["us_senate", "us_house"]
        assert [p.title for p in campaign.talking_points] == ["Interoperability", "Workforce"]
        assert campaign.starts_on == date(2026, 9, 21)
        edit = f"/staff/campaigns/{campaign.id}/edit"
    response = post_campaign(
        staff,
        edit,
        title="NHIT Week",
        **{
            "points-0-title": "Privacy",
            "points-0-body": "Protect patients.",
            "points-2-title": "",
            "points-2-body": "",
        },
    )
    assert response.status_code == 303
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        assert campaign.title == "NHIT Week"
        assert [p.title for p in campaign.talking_points] == ["Privacy"]
    assert b"/c/nhit-2026" in staff.get("/staff/campaigns").data
    # After saving: the live page one click away, and its link to copy.
    saved = staff.get(response.location).data.decode()
    assert re.search(
        r'<a class="button secondary" href="http://[^"]+/c/nhit-2026">View the live', saved
    )
    assert 'data-copy="live-link"' in saved and 'id="live-link">http://' in saved


def test_targets_are_labelled_checkboxes(staff):
    sign_in(staff)
    page = staff.get("/staff/campaigns/new").data.decode()
    legend = page.index("<legend>Write to</legend>")
    labels = re.findall(
        r'<label class="choice"><input[^>]*name="targets"[^>]*> ([^<]+)</label>', page
    )
    assert labels[:2] == ["U.S. senators", "U.S. representatives"] and legend > 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("letter_statement", "ok\n{{ config }}", b"line 2: unknown variable &#39;config&#39;"),
        ("letter_statement", "{{ official_name.__class__ }}", b"attribute and item access"),
        ("statement_sponsor", "Thank you.", b"Choose the bill the campaign is about first"),
        ("statement_committee", "x" * 10_001, b"at most 10,000 characters"),
        ("statement_committee", "{{ config }}", b"unknown variable &#39;config&#39;"),
        ("subject", "{% for x in range(3) %}{% endfor %}", b"loops are not allowed"),
        ("tweet_template", "{{ official_name|attr(&#39;x&#39;) }}", b"is not allowed"),
        ("letter_body", "{{ official_name }}", b"unknown variable &#39;official_name&#39;"),
        ("slug", "Bad Slug!", b"lower-case letters"),
        ("ends_on", "2026-09-01", b"before the first day"),
        ("hashtags", "NHITweek", b"is not a hashtag"),
        ("title", "", b"This field is required"),
        ("title", "NHIT\x00Week", b"control characters"),
        ("summary", "evil\u202etxt", b"direction-override"),
        ("owner", "x" * 121, b"longer than 120"),
        ("points-0-body", "a\x00b", b"control characters"),
        ("targets", [], b"Choose at least one"),
    ],
)
def test_bad_campaigns_are_refused_with_a_message(staff, app, field, value, message):
    sign_in(staff)
    response = post_campaign(
        staff, **{field: value.replace("&#39;", "'") if isinstance(value, str) else value}
    )
    assert response.status_code == 400
    assert message in response.data
    with app.app_context():
        assert db.session.scalars(select(Campaign)).all() == []


def test_slug_must_be_unique(staff):
    sign_in(staff)
    assert post_campaign(staff).status_code == 303
    response = post_campaign(staff, title="Another")
    assert response.status_code == 400 and b"already uses this link" in response.data


def test_staff_cli_refuses_bad_input(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create", "nope", "--password", PASSWORD]).exit_code != 0
    short = runner.invoke(args=["users", "create", "a@example.org", "--password", "short"])
    assert short.exit_code != 0 and "at least 10" in short.output
    assert (
        runner.invoke(args=["users", "create", "a@example.org", "--password", PASSWORD]).exit_code
        == 0
    )
    again = runner.invoke(args=["users", "create", "A@example.org", "--password", PASSWORD])
    assert again.exit_code != 0 and "already" in again.output


def test_a_chapters_advocate_launches_and_edits_only_their_chapters_campaigns(app, world, as_user):
    """Advocates run campaigns for their own chapters: never a national one, never another
    chapter's, which they cannot see; leads see and edit them all."""
    advocate, other, lead = (
        as_user("a@example.org"),
        as_user("b@example.org"),
        as_user("lead@example.org"),
    )
    page = advocate.get("/staff/campaigns/new").data.decode()
    choices = re.findall(r'<option[^>]*value="(\d+)"', page.split('name="chapter_id"')[1])
    assert choices[:1] == [str(world.chapter_a)] and "national campaign" not in page
    # Another chapter's id, forged: refused, nothing saved.
    form = campaign_form(slug="forged", chapter_id=world.chapter_b)
    forged = submit(advocate, "/staff/campaigns/new", form, page=page)
    assert forged.status_code == 400 and "Not a valid choice" in forged.data.decode()
    response = submit(
        advocate,
        "/staff/campaigns/new",
        campaign_form(slug="chapter-a-day", owner="national", chapter_id=world.chapter_a),
        page=page,
    )
    assert response.status_code == 303, response.data.decode()[:3000]
    with app.app_context():
        campaign = db.session.scalars(
            select(Campaign).where(Campaign.slug == "chapter-a-day")
        ).one()
        assert campaign.chapter_id == world.chapter_a and campaign.owner == "Chapter A"
        assert not db.session.scalars(select(Campaign).where(Campaign.slug == "forged")).first()
    edit = f"/staff/campaigns/{campaign.id}/edit"
    assert advocate.get(edit).status_code == 200
    assert "chapter-a-day" in advocate.get("/staff/campaigns").data.decode()
    for path in (edit, f"/staff/campaigns/{campaign.id}/preview"):
        assert other.get(path).status_code == 404
    assert "chapter-a-day" not in other.get("/staff/campaigns").data.decode()
    # The lead sees it, and may still run a national campaign.
    assert lead.get(edit).status_code == 200
    lead_page = lead.get("/staff/campaigns/new").data.decode()
    assert "None: a national campaign" in lead_page
    form = campaign_form(slug="national-week", chapter_id=0)
    response = submit(lead, "/staff/campaigns/new", form, page=lead_page)
    assert response.status_code == 303
    with app.app_context():
        national = db.session.scalars(select(Campaign).where(Campaign.slug == "national-week"))
        assert [(c.chapter_id, c.owner) for c in national] == [(None, "national")]
    assert advocate.get(f"/staff/campaigns/{campaign.id + 1}/edit").status_code == 404


def test_an_advocate_in_no_chapter_is_told_why_they_cannot_launch_one(app, world, as_user):
    from advocacy.models import User

    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "a@example.org")).one()
        user.chapters = []
        db.session.commit()
    response = as_user("a@example.org").get("/staff/campaigns/new")
    assert response.status_code == 403 and "your account is in none yet" in response.data.decode()
