"""Role x route x chapter: who may see and change what. Nothing leaks across chapters."""

from __future__ import annotations

import pytest

from tests.factories import submit
from tests.html import token

USERS = {
    "anonymous": None,
    "advocate A": "a@example.org",
    "advocate B": "b@example.org",
    "lead": "lead@example.org",
    "admin": "admin@example.org",
}

# route -> expected status per user; "{a}"/"{b}" are chapter A's and B's entries.
PAGES = {
    "GET /log/{a}": (302, 200, 404, 200, 200),
    "GET /log/{b}": (302, 404, 200, 200, 200),
    "GET /log/{a}/edit": (302, 200, 404, 200, 200),
    "GET /log/{b}/edit": (302, 404, 200, 200, 200),
    "GET /log": (302, 200, 200, 200, 200),
    "GET /log/new": (302, 200, 200, 200, 200),
    "GET /log/follow-ups": (302, 200, 200, 200, 200),
    "GET /log/export.csv": (302, 200, 200, 200, 200),
    "GET /chapters": (302, 403, 403, 200, 200),
    "GET /invitations/new": (302, 403, 403, 200, 200),
    "GET /admin/users": (302, 403, 403, 403, 200),
    "GET /staff/campaigns": (302, 200, 200, 200, 200),
    "GET /staff/campaigns/new": (302, 200, 200, 200, 200),
    "GET /log/999999": (302, 404, 404, 404, 404),
    # An id no record can have is not a route at all: 404 for everyone, before sign-in.
    "GET /log/99999999999999": (404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("route", sorted(PAGES))
def test_pages(as_user, world, route):
    method, path = route.split(" ")
    path = path.format(a=world.entry_a, b=world.entry_b)
    for (name, email), expected in zip(USERS.items(), PAGES[route], strict=True):
        response = as_user(email).open(path, method=method)
        assert response.status_code == expected, f"{name} {route}"


@pytest.mark.parametrize("action", ["delete", "restore"])
def test_changes_to_another_chapters_entry_are_404(as_user, world, action):
    client = as_user("a@example.org")
    own = client.get(f"/log/{world.entry_a}").data.decode()
    response = client.post(
        f"/log/{world.entry_b}/{action}", data={"csrf_token": token(own), "version": "1"}
    )
    assert response.status_code == 404
    edit = client.post(f"/log/{world.entry_b}/edit", data={"csrf_token": token(own)})
    assert edit.status_code == 404
    assert b"B&#39;s secret notes" in as_user("lead@example.org").get(f"/log/{world.entry_b}").data


def test_feed_export_and_official_page_hold_only_visible_chapters(as_user, world):
    for email, sees, hidden in [
        ("a@example.org", "Chapter A", "Chapter B"),
        ("b@example.org", "Chapter B", "Chapter A"),
    ]:
        client = as_user(email)
        feed = client.get("/log").data.decode()
        assert sees in feed and hidden not in feed
        # Asking for the other chapter by id shows nothing, like an unknown chapter.
        other = world.chapter_b if sees == "Chapter A" else world.chapter_a
        assert hidden not in client.get(f"/log?chapter={other}").data.decode()
        csv = client.get("/log/export.csv").data.decode()
        assert sees in csv and hidden not in csv, csv
        assert ("secret" in csv) == (sees == "Chapter B")
        page = client.get(f"/officials/{world.officials[0]}").data.decode()
        assert sees in page and hidden not in page
    lead = as_user("lead@example.org").get("/log").data.decode()
    assert "Chapter A" in lead and "Chapter B" in lead
    anonymous = as_user(None).get(f"/officials/{world.officials[0]}").data.decode()
    assert "Contacts by your chapters" not in anonymous


def test_an_advocate_cannot_file_into_another_chapter(as_user, world, app):
    client = as_user("a@example.org")
    page = client.get("/log/new").data.decode()
    assert "Chapter B" not in page
    response = submit(
        client,
        "/log/new",
        {
            "chapter_id": world.chapter_b,
            "kind": "call",
            "occurred_on": "2026-10-01",
            "officials": [world.officials[1]],
            "campaign_id": "0",
            "outcome": "neutral",
            "role": "lead",
            "owner": "x",
            "created_by_id": "999",
        },
        page=page,
    )
    assert response.status_code == 400 and b"Not a valid choice" in response.data
    response = submit(
        client,
        "/log/new",
        {
            "chapter_id": world.chapter_a,
            "kind": "call",
            "occurred_on": "2026-10-01",
            "officials": [world.officials[1]],
            "campaign_id": "0",
            "outcome": "neutral",
            "role": "lead",
            "created_by_id": "999",
            "version": "77",
        },
        page=page,
    )
    assert response.status_code == 303
    from sqlalchemy import select

    from advocacy.extensions import db
    from advocacy.models import LogEntry, User

    with app.app_context():
        entry = db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc())).first()
        user = db.session.scalars(select(User).where(User.email == "a@example.org")).one()
        assert entry.chapter_id == world.chapter_a
        assert entry.created_by_id == user.id and entry.version == 1
        assert user.role == "advocate"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "%2F%2Fevil.example",
        "https:%2F%2Fevil",
        "/\tevil",
        "javascript:alert(1)",
    ],
)
def test_next_only_goes_to_our_own_paths(app, world, target):
    client = app.test_client()
    page = client.get(f"/staff/login?next={target}").data.decode()
    response = submit(
        client,
        "/staff/login",
        {
            "email": "a@example.org",
            "password": "correct horse battery",
            "next": target,
        },
        page=page,
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/log"
