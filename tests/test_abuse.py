"""Abuse limits, with their counters in memory and in a real Redis server: letters one member
or one address may queue through us, the lookup API per client and per partner key,
sign-in per account, and the honeypot on public forms."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from advocacy import create_app
from advocacy.extensions import db
from advocacy.models import OutboxMessage
from advocacy.text import wait_words
from tests.census_answers import CENSUS, serve_ma
from tests.factories import (
    PASSWORD,
    act,
    base_config,
    dispose,
    every_letter,
    make_campaign,
    make_world,
    sign_in,
    start,
    story_form,
    submit,
    write,
)
from tests.html import token
from tests.redis import flush


@pytest.fixture(params=["memory", "redis"])
def storage(request) -> str:
    """Where the counters live: this process's memory, or a Redis server all share."""
    if request.param == "memory":
        return "memory://"
    url = request.getfixturevalue("redis_server")
    flush(url)
    return url


def _app(config: dict):
    return create_app(config | {"RATELIMIT_ENABLED": True})


@pytest.fixture
def limited(databases, tmp_path, storage):
    """An app on SQLite with the limits on and the counters in `storage`."""
    app = _app(
        base_config(databases.migrated("sqlite"), tmp_path / "data")
        | {"RATELIMIT_STORAGE_URI": storage, "LOGIN_RATE_LIMIT": "100 per minute"}
    )
    yield app
    dispose(app)


@pytest.mark.realdata
def test_one_member_can_queue_only_so_many_letters_through_us(
    databases, shared_data, tmp_path, storage, smtp
):
    import responses

    url, data_dir = databases.loaded("sqlite", shared_data)
    app = _app(
        base_config(url, data_dir)
        | {
            "RATELIMIT_STORAGE_URI": storage,
            "GEOCODER": "census",
            "CENSUS_GEOCODER_URL": CENSUS,
            "GEOCODER_RETRIES": 0,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp[1],
            "OUTBOX_LIMIT_PER_EMAIL": "1 per hour",
            "OUTBOX_LIMIT_PER_ADDRESS": "2 per hour",
        }
    )
    make_campaign(app)
    try:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            serve_ma(mock)
            member = app.test_client()
            start(member)
            write(member)
            page = every_letter(member)
            emailable = [
                int(i)
                for i in re.findall(
                    r'name="official_id" value="(\d+)">\s*<input type="hidden" name="channel" '
                    r'value="smtp_email">',
                    page,
                )
            ]
            assert len(emailable) >= 2, "the MA member needs two officials with an email"
            first, second = emailable[:2]
            assert act(member, first, "smtp_email").status_code == 303
            assert act(member, first, "smtp_email").status_code == 303  # a double click: once
            refused = act(member, second, "smtp_email")  # one per member and hour
            assert refused.status_code == 429
            assert "from your own email" in refused.data.decode()
            # Nothing is lost: the member can still open it in their own email.
            assert act(member, second, "email").status_code == 303

            # Another member from the same address: the address allows one more letter (a
            # refused letter counted nothing).
            other = app.test_client()
            start(other, email="ben@example.org", name="Ben Member")
            write(other)
            assert act(other, first, "smtp_email").status_code == 303
            assert act(other, second, "smtp_email").status_code == 429

            # The per-office limit: one letter an hour from this address to one office.
            app.config.update(
                OUTBOX_LIMIT_PER_EMAIL=None, OUTBOX_LIMIT_PER_ADDRESS=None,
                OUTBOX_LIMIT_PER_OFFICE="1 per hour",
            )  # fmt: skip
            cy = app.test_client()
            start(cy, email="cy@example.org", name="Cy Member")
            write(cy)
            assert act(cy, first, "smtp_email").status_code == 303  # the first to count here
            dee = app.test_client()
            start(dee, email="dee@example.org", name="Dee Member")
            write(dee)
            assert act(dee, first, "smtp_email").status_code == 429
            assert act(dee, second, "smtp_email").status_code == 303
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 4
    finally:
        dispose(app)


def test_the_api_limits_each_client_and_partners_get_their_own(limited):
    limited.config.update(
        API_RATE_LIMIT="3 per minute",
        API_KEY_RATE_LIMIT="5 per minute",
        API_KEYS={"civic-partner": "k-0123456789abcdef"},
    )
    client = limited.test_client()
    codes = [client.get("/api/v1/openapi.json").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited_answer = client.get("/api/v1/officials?zip=02139")
    assert limited_answer.status_code == 429
    assert limited_answer.json["status"] == 429 and "Retry-After" in limited_answer.headers
    partner = {"X-API-Key": "k-0123456789abcdef"}
    codes = [client.get("/api/v1/openapi.json", headers=partner).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    unknown = client.get("/api/v1/openapi.json", headers={"X-API-Key": "guess"})
    assert unknown.status_code == 401 and "Unknown X-API-Key" in unknown.json["message"]


def test_failed_sign_ins_lock_the_account_whatever_the_address(limited):
    make_world(limited)
    limited.config["LOGIN_ACCOUNT_FAILURE_LIMIT"] = "3 per 15 minutes"
    codes = []
    for i in range(4):
        # Each guess from another address: the per-address limit never sees two.
        client = limited.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{i}"
        codes.append(sign_in(client, "a@example.org", "wrong password!").status_code)
    assert codes == [400, 400, 400, 429]
    right = limited.test_client()
    right.environ_base["REMOTE_ADDR"] = "198.51.100.99"
    waits = sign_in(right, "a@example.org", PASSWORD)
    assert waits.status_code == 429 and "Too many failed sign-ins" in waits.data.decode()
    # Other accounts are not held up.
    assert sign_in(limited.test_client(), "b@example.org", PASSWORD).status_code == 303


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
def test_a_bot_that_fills_the_honeypot_is_refused_with_a_clear_message(limited):
    client = limited.test_client()
    page = client.get("/my-history").data.decode()
    assert 'name="website"' in page and 'tabindex="-1"' in page
    trapped = client.post(
        "/my-history",
        data={"csrf_token": token(page), "email": "a@example.org", "website": "http://spam"},
    )
    assert trapped.status_code == 400 and "could not be accepted" in trapped.data.decode()
    person = client.post("/my-history", data={"csrf_token": token(page), "email": "a@x.org"})
    assert person.status_code == 303
    make_world(limited)
    make_campaign(limited)
    limited.config["UPLOAD_DIR"] = str(limited.config["LEGISLATOR_DATA_DIR"]) + "-uploads"
    assert story_form(client, website="x").status_code == 400
    assert story_form(client).status_code == 303
    landing = client.get("/c/nhit-week").data.decode()
    assert 'name="website"' in landing
    reset = submit(client, "/password/reset", {"email": "a@example.org", "website": "x"})
    assert reset.status_code == 400


def test_the_live_counters_have_their_own_budget(limited):
    limited.config.update(API_RATE_LIMIT="3 per minute", COMPOSER_RATE_LIMIT="20 per minute")
    client = limited.test_client()
    codes = [
        client.post("/api/v1/tweets/measure", json={"text": f"draft {i}"}).status_code
        for i in range(21)
    ]
    assert codes == [200] * 20 + [429]  # typing is not held to the API's 3 per minute
    assert client.get("/api/v1/openapi.json").status_code == 200  # nor does it use it up


def _start_posts(client, n: int) -> list[int]:
    """n posts of the march's first screen (with no address: a 400 form answer, which the
    limits count as they count any post)."""
    page = client.get("/c/nhit-week").data.decode()
    data = {"name": "Ana Member", "email": "ana@example.org", "chapter": "0", "address": ""}
    return [
        client.post("/c/nhit-week", data={"csrf_token": token(page), **data}).status_code
        for _ in range(n)
    ]


def test_a_room_on_one_address_marches_and_one_member_cannot_flood(limited):
    """The march's limit is per member (their session): three members behind one Wi-Fi
    each post as much as one member may, nine posts from the address; the member who goes
    on is paused, and a fourth member is not."""
    limited.config.update(MARCH_RATE_LIMIT="3 per minute")
    make_campaign(limited)
    room = [limited.test_client() for _ in range(3)]
    assert [_start_posts(member, 3) for member in room] == [[400, 400, 400]] * 3
    assert _start_posts(room[0], 1) == [429]
    assert _start_posts(limited.test_client(), 1) == [400]


def test_one_address_has_a_ceiling_of_its_own(limited):
    limited.config.update(MARCH_RATE_LIMIT="", MARCH_ADDRESS_RATE_LIMIT="5 per minute")
    make_campaign(limited)
    first, second = limited.test_client(), limited.test_client()
    assert _start_posts(first, 3) + _start_posts(second, 2) == [400] * 5
    assert _start_posts(second, 1) == [429]
    assert _start_posts(limited.test_client(), 1) == [429]


def test_a_limited_member_sees_our_page_with_what_they_wrote(limited):
    limited.config.update(MARCH_RATE_LIMIT="1 per minute")
    make_campaign(limited)
    member = limited.test_client()
    assert _start_posts(member, 1) == [400]
    page = member.get("/c/nhit-week").data.decode()
    answer = member.post(
        "/c/nhit-week",
        data={
            "csrf_token": token(page),
            "name": "Rana Haddad",
            "email": "rana@example.org",
            "chapter": "0",
            "address": "12 Centre St, Boston, MA 02130",
        },
    )
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) >= 1
    html = answer.data.decode()
    assert "A short pause" in html and "try again in" in html.lower()
    assert re.search(r"try again in <strong>\d+ (seconds?|minutes?)</strong>", html)
    assert "per 1 minute" not in html and "Too Many Requests" not in html
    # What the member typed is in the page, ready to send again with a fresh token.
    for value in ("Rana Haddad", "rana@example.org", "12 Centre St, Boston, MA 02130"):
        assert 'type="hidden" name="' in html and f'value="{value}"' in html
    assert '<form method="post" action="/c/nhit-week">' in html


def test_a_limited_sign_in_never_writes_the_password_into_the_page(limited):
    limited.config.update(LOGIN_RATE_LIMIT="1 per minute")
    client = limited.test_client()
    fields = {"email": "lead@example.org", "password": "correct horse battery"}
    page = client.get("/staff/login").data.decode()
    codes = [
        client.post("/staff/login", data={"csrf_token": token(page), **fields}).status_code
        for _ in range(2)
    ]
    assert codes == [400, 429]
    html = client.post("/staff/login", data={"csrf_token": token(page), **fields}).data.decode()
    assert 'value="lead@example.org"' in html
    assert "correct horse battery" not in html


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 second"), (45, "45 seconds"), (60, "1 minute"), (61, "2 minutes"),
     (3600, "60 minutes"), (5400, "90 minutes"), (5401, "2 hours"), (86400, "24 hours")],
)  # fmt: skip
def test_a_wait_is_said_as_people_say_it(seconds, words):
    assert wait_words(seconds) == words
