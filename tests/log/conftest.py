"""Log and account tests: two chapters, their people, a few officials, entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from advocacy.auth.passwords import hash_password
from advocacy.extensions import db
from advocacy.interactions.logbook import create_entry
from advocacy.models import Chapter, Division, Official, Seat, User
from tests.html import token  # noqa: F401  (re-exported for the tests)

PASSWORD = "correct horse battery"


@dataclass
class World:
    """Ids of what the tests act on."""

    chapter_a: int
    chapter_b: int
    officials: list[int]
    entry_a: int
    entry_b: int


def make_world(app) -> World:
    """Chapters A and B; advocate a@ (A), b@ (B), lead@, admin@; officials; one entry each."""
    with app.app_context():
        a = Chapter(name="Chapter A", country="US", regions="MA", timezone="America/New_York")
        b = Chapter(name="Chapter B", country="CA", regions="ON", timezone="America/Toronto")
        db.session.add_all([a, b])
        division = Division(
            ocd_id="ocd-division/country:us/state:ma",
            name="Massachusetts",
            kind="state",
            state="ma",
        )
        db.session.add(division)
        officials = []
        for i, (given, family) in enumerate([("Jane", "Doe"), ("John", "Roe"), ("Ann", "Poe")]):
            official = Official(
                source_key=f"test:{i}",
                source="test",
                full_name=f"{given} {family}",
                sort_name=f"{family}, {given}",
                given_name=given,
                family_name=family,
            )
            official.seat = Seat(
                level="federal",
                chamber="upper",
                title="Senator",
                state="ma",
                division_id=division.ocd_id,
            )
            officials.append(official)
        db.session.add_all(officials)
        users = {}
        for email, role, chapters in [
            ("a@example.org", "advocate", [a]),
            ("b@example.org", "advocate", [b]),
            ("lead@example.org", "lead", []),
            ("admin@example.org", "admin", []),
        ]:
            users[email] = User(
                email=email,
                name=email.split("@")[0].title(),
                role=role,
                password_hash=hash_password(PASSWORD),
                chapters=chapters,
            )
        db.session.add_all(users.values())
        db.session.flush()
        values = {
            "kind": "meeting",
            "occurred_on": date(2026, 9, 23),
            "campaign_id": None,
            "issue": "Interoperability",
            "participants": "",
            "topics": "",
            "notes": "",
            "outcome": "supportive",
            "follow_up_on": date(2026, 12, 1),
            "follow_up_done": False,
        }
        entry_a = create_entry(
            users["a@example.org"].id, values | {"chapter_id": a.id}, [officials[0].id]
        )
        entry_b = create_entry(
            users["b@example.org"].id,
            values | {"chapter_id": b.id, "notes": "B's secret notes"},
            [officials[0].id],
        )
        db.session.commit()
        return World(a.id, b.id, [o.id for o in officials], entry_a.id, entry_b.id)


def sign_in(client, email, password=PASSWORD):
    """Sign a test client in; returns the response."""
    page = client.get("/staff/login").data.decode()
    return client.post(
        "/staff/login",
        data={"csrf_token": token(page), "email": email, "password": password, "next": ""},
    )


@pytest.fixture
def world(app) -> World:
    """make_world on this test's app."""
    return make_world(app)


def signed_in(app):
    """A factory of clients signed in as a world's user: client_for("a@example.org")."""

    def client_for(email: str | None):
        client = app.test_client()
        if email:
            assert sign_in(client, email).status_code == 303
        return client

    return client_for


@pytest.fixture
def as_user(app, world):
    """A factory of signed-in clients: as_user("a@example.org")."""
    return signed_in(app)
