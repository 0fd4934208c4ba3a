"""Accounts: argon2 passwords, sign-in limits, invitations, resets, admins, chapters."""

from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from advocacy import create_app
from advocacy.extensions import db
from advocacy.models import Chapter, User
from tests.factories import PASSWORD, base_config, dispose, sign_in, submit
from tests.html import token


def _user(app, email):
    with app.app_context():
        return db.session.scalars(select(User).where(User.email == email)).one()


def test_cli_creates_argon2_accounts(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--role", "lead", "first@example.org", "--password", PASSWORD]
    )
    assert result.exit_code == 0 and "Created lead account" in result.output
    user = _user(app, "first@example.org")
    assert user.role == "lead" and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    bad = runner.invoke(
        args=["users", "create", "--role", "king", "x@example.org", "--password", PASSWORD]
    )
    assert bad.exit_code != 0


def test_older_password_hashes_still_work_and_are_upgraded(app, world):
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "a@example.org")).one()
        user.password_hash = generate_password_hash(PASSWORD)
        db.session.commit()
    assert sign_in(app.test_client(), "a@example.org").status_code == 303
    assert _user(app, "a@example.org").password_hash.startswith("$argon2id$")
    assert sign_in(app.test_client(), "a@example.org", "wrong password!").status_code == 400


def test_inactive_accounts_cannot_sign_in(app, world):
    with app.app_context():
        db.session.execute(text("UPDATE users SET active = false WHERE email = 'b@example.org'"))
        db.session.commit()
    assert sign_in(app.test_client(), "b@example.org").status_code == 400


def test_sign_in_is_rate_limited(backend, databases, tmp_path):
    app = create_app(
        {
            **base_config(databases.migrated(backend), tmp_path),
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "3 per minute",
        }
    )
    try:
        client = app.test_client()
        page = client.get("/staff/login").data.decode()
        codes = [
            submit(
                client,
                "/staff/login",
                {
                    "email": "x@example.org",
                    "password": "nope nope nope",
                },
                page=page,
            ).status_code
            for _ in range(5)
        ]
        assert codes == [400, 400, 400, 429, 429]
        assert client.get("/staff/login").status_code == 200  # reading the form is not limited
    finally:
        dispose(app)


def _link(inbox, path):
    body = inbox.messages[-1][1].get_payload(decode=True).decode()
    return re.search(rf"http://[^/\s]+(/{path}/\S+)", body).group(1)


def test_invitation_by_email_makes_an_advocate_of_the_chapter(app, world, smtp, as_user):
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    lead = as_user("lead@example.org")
    page = lead.get("/invitations/new").data.decode()
    response = lead.post(
        "/invitations/new",
        data={"csrf_token": token(page), "email": "new@example.org", "chapters": [world.chapter_a]},
    )
    assert response.status_code == 200 and b"Invitation sent to new@example.org" in response.data
    assert inbox.messages[-1][0] == ["new@example.org"]
    link = _link(inbox, "invitations")
    newcomer = app.test_client()
    page = newcomer.get(link).data.decode()
    assert "new@example.org" in page
    short = newcomer.post(
        link,
        data={"csrf_token": token(page), "name": "Nia", "password": "short", "confirm": "short"},
    )
    assert short.status_code == 400 and b"at least 10" in short.data
    response = newcomer.post(
        link,
        data={"csrf_token": token(page), "name": "Nia", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 303
    user = _user(app, "new@example.org")
    assert user.role == "advocate"
    with app.app_context():
        assert [c.id for c in db.session.get(User, user.id).chapters] == [world.chapter_a]
    assert "Chapter A" in newcomer.get("/log").data.decode()
    assert app.test_client().get(link).status_code == 404  # used
    assert app.test_client().get(link[:-3] + "abc").status_code == 404  # tampered
    page = lead.get("/invitations/new").data.decode()
    again = lead.post(
        "/invitations/new",
        data={"csrf_token": token(page), "email": "NEW@example.org", "chapters": [world.chapter_a]},
    )
    assert again.status_code == 400 and b"already has an account" in again.data


def test_invitation_without_a_mail_server_shows_the_link(app, world, as_user):
    lead = as_user("lead@example.org")
    page = lead.get("/invitations/new").data.decode()
    response = submit(
        lead,
        "/invitations/new",
        {
            "email": "solo@example.org",
            "chapters": [world.chapter_b],
        },
        page=page,
    )
    assert b"No mail server is set up" in response.data and b"/invitations/" in response.data
    advocate = as_user("a@example.org")
    assert advocate.get("/invitations/new").status_code == 403


def test_password_reset_by_emailed_link_works_once(app, world, smtp):
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    client = app.test_client()
    page = client.get("/password/reset").data.decode()
    unknown = client.post(
        "/password/reset", data={"csrf_token": token(page), "email": "nobody@example.org"}
    )
    known = client.post(
        "/password/reset", data={"csrf_token": token(page), "email": "a@example.org"}
    )
    assert unknown.status_code == known.status_code == 303  # the same answer either way
    assert len(inbox.messages) == 1 and inbox.messages[0][0] == ["a@example.org"]
    link = _link(inbox, "password/reset")
    page = client.get(link).data.decode()
    new = "a brand new passphrase"
    mismatch = client.post(
        link, data={"csrf_token": token(page), "password": new, "confirm": new + "x"}
    )
    assert mismatch.status_code == 400 and b"The two differ" in mismatch.data
    assert (
        client.post(
            link, data={"csrf_token": token(page), "password": new, "confirm": new}
        ).status_code
        == 303
    )
    assert sign_in(app.test_client(), "a@example.org", new).status_code == 303
    assert sign_in(app.test_client(), "a@example.org", PASSWORD).status_code == 400
    assert app.test_client().get(link).status_code == 404  # dies with the old password


def test_admin_manages_accounts_but_not_their_own_access(app, world, as_user):
    admin = as_user("admin@example.org")
    b = _user(app, "b@example.org")
    page = admin.get(f"/admin/users/{b.id}").data.decode()
    response = submit(
        admin,
        f"/admin/users/{b.id}",
        {
            "role": "lead",
            "active": "y",
            "chapters": [world.chapter_a, world.chapter_b],
        },
        page=page,
    )
    assert response.status_code == 303
    assert _user(app, "b@example.org").role == "lead"
    me = _user(app, "admin@example.org")
    page = admin.get(f"/admin/users/{me.id}").data.decode()
    refused = admin.post(
        f"/admin/users/{me.id}", data={"csrf_token": token(page), "role": "advocate", "active": "y"}
    )
    assert refused.status_code == 400 and b"your own admin access" in refused.data
    assert admin.get("/admin/users/99999999999").status_code == 404
    bad = admin.post(f"/admin/users/{b.id}", data={"csrf_token": token(page), "role": "king"})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"regions": "MA,XX"}, b"Unknown for US: XX"),
        ({"country": "CA", "regions": "MA"}, b"Unknown for CA: MA"),
        ({"timezone": "Mars/Olympus"}, b"like America/Chicago"),
        ({"name": ""}, b"This field is required"),
        ({"name": "Chapter A"}, b"already has that name"),
        ({"name": "bad\x00name"}, b"control characters"),
        ({"country": "MX"}, b"Not a valid choice"),
    ],
)
def test_chapter_form_refuses_bad_input(app, world, as_user, fields, message):
    lead = as_user("lead@example.org")
    page = lead.get("/chapters").data.decode()
    data = {
        "csrf_token": token(page),
        "name": "New England",
        "country": "US",
        "regions": "MA, NH, VT",
        "timezone": "America/New_York",
    } | fields
    response = lead.post("/chapters", data=data)
    assert response.status_code == 400 and message in response.data


def test_chapter_is_created(app, world, as_user):
    lead = as_user("lead@example.org")
    page = lead.get("/chapters").data.decode()
    response = submit(
        lead,
        "/chapters",
        {
            "name": "Ontario",
            "country": "CA",
            "regions": "on",
            "timezone": "America/Toronto",
        },
        page=page,
    )
    assert response.status_code == 303
    with app.app_context():
        chapter = db.session.scalars(select(Chapter).where(Chapter.name == "Ontario")).one()
        assert chapter.region_list == ["ON"] and chapter.timezone == "America/Toronto"


def test_staff_accounts_become_leads_on_upgrade(backend, databases, tmp_path):
    app = create_app(base_config(databases.empty(backend), tmp_path))
    try:
        with app.app_context():
            upgrade(revision="0005")
            db.session.execute(
                text(
                    "INSERT INTO staff_users (email, password_hash, active, created_at) "
                    "VALUES ('old@example.org', 'scrypt:x', true, CURRENT_TIMESTAMP)"
                )
            )
            db.session.commit()
            upgrade()
            row = db.session.execute(text("SELECT email, role FROM users")).one()
            assert tuple(row) == ("old@example.org", "lead")
            db.session.execute(
                text(
                    "INSERT INTO users (email, name, password_hash, role, active, created_at) "
                    "VALUES ('next@example.org', '', 'x', 'advocate', true, CURRENT_TIMESTAMP)"
                )
            )
            db.session.commit()  # the id sequence continues after the copied rows
    finally:
        dispose(app)


@pytest.mark.parametrize("email", ["a\x00@example.org", "x" * 300, "", "a@example.org\u202e"])
def test_hostile_sign_in_input_is_a_400_not_a_500(app, world, email):
    response = sign_in(app.test_client(), email)
    assert response.status_code == 400
