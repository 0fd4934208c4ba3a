"""Logging contacts: the form, history, conflicts, soft deletes, follow-ups, CSV."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.interactions.export import neutralise, to_csv
from advocacy.models import LogEntry
from tests.factories import submit
from tests.html import token


def _form(client, path):
    return client.get(path).data.decode()


def _new(client, world, **fields):
    data = {
        "chapter_id": world.chapter_a,
        "kind": "meeting",
        "occurred_on": "2026-09-24",
        "officials": [world.officials[1]],
        "campaign_id": "0",
        "issue": "Health IT week",
        "participants": "Ana, Ben",
        "topics": "Interop",
        "notes": "Went well.",
        "outcome": "supportive",
        "follow_up_on": "2026-12-15",
    }
    return submit(client, "/log/new", data | fields)


def test_find_an_official_then_log_a_meeting(as_user, world, app):
    client = as_user("a@example.org")
    page = _form(client, "/log/new")
    found = submit(
        client,
        "/log/new",
        {
            "find_officials": "1",
            "find": "roe",
            "chapter_id": world.chapter_a,
            "kind": "meeting",
            "occurred_on": "2026-09-24",
            "notes": "kept while searching",
        },
        page=page,
    )
    assert found.status_code == 200
    html = found.data.decode()
    assert "John Roe" in html and "Jane Doe" not in html and "kept while searching" in html
    response = _new(client, world)
    assert response.status_code == 303
    entry_page = client.get(response.headers["Location"]).data.decode()
    assert "John Roe" in entry_page and "Went well." in entry_page and "created" in entry_page
    assert "John Roe" in client.get(f"/officials/{world.officials[1]}").data.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("officials", [], b"Choose at least one official"),
        ("occurred_on", "2999-01-01", b"the date it happened"),
        ("occurred_on", "yesterday", b"Not a valid date"),
        ("kind", "telepathy", b"Not a valid choice"),
        ("outcome", "ecstatic", b"Not a valid choice"),
        ("notes", "a\x00b", b"control characters"),
        ("participants", "x\u202ey", b"direction-override"),
        ("notes", "n" * 10_001, b"longer than 10000"),
        ("officials", ["abc"], b"Invalid choice"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_saved(as_user, world, app, field, value, message):
    client = as_user("a@example.org")
    response = _new(client, world, **{field: value})
    assert response.status_code == 400
    assert message in response.data
    with app.app_context():
        assert len(db.session.scalars(select(LogEntry)).all()) == 2  # the world's two


def test_hostile_notes_are_escaped(as_user, world):
    client = as_user("a@example.org")
    response = _new(client, world, notes="<script>alert(1)</script>", issue="{{ config }}")
    page = client.get(response.headers["Location"]).data.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "{{ config }}" in page


def test_edits_keep_a_history(as_user, world, app):
    client = as_user("a@example.org")
    page = _form(client, f"/log/{world.entry_a}/edit")
    assert 'name="version" type="hidden" value="1"' in page
    response = submit(
        client,
        f"/log/{world.entry_a}/edit",
        {
            "chapter_id": world.chapter_a,
            "kind": "call",
            "occurred_on": "2026-09-23",
            "officials": [world.officials[0], world.officials[2]],
            "campaign_id": "0",
            "issue": "Interoperability",
            "outcome": "opposed",
            "follow_up_on": "2026-12-01",
            "version": "1",
        },
        page=page,
    )
    assert response.status_code == 303
    with app.app_context():
        entry = db.session.get(LogEntry, world.entry_a)
        assert entry.version == 2 and entry.kind == "call" and entry.outcome == "opposed"
        assert sorted(o.official_id for o in entry.officials) == [
            world.officials[0],
            world.officials[2],
        ]
        edited = [c for c in entry.changes if c.action == "edited"][-1]
        details = json.loads(edited.details)
        assert details["kind"] == ["meeting", "call"]
        assert details["outcome"] == ["supportive", "opposed"]
        assert edited.user.email == "a@example.org"
    history = client.get(f"/log/{world.entry_a}").data.decode()
    assert "outcome “supportive” → “opposed”" in history


def test_two_editors_at_once_get_a_conflict_not_an_overwrite(as_user, world, app):
    first, second = as_user("a@example.org"), as_user("lead@example.org")
    page_1 = _form(first, f"/log/{world.entry_a}/edit")
    page_2 = _form(second, f"/log/{world.entry_a}/edit")
    common = {
        "chapter_id": world.chapter_a,
        "kind": "meeting",
        "occurred_on": "2026-09-23",
        "officials": [world.officials[0]],
        "campaign_id": "0",
        "outcome": "supportive",
        "version": "1",
    }
    assert (
        first.post(
            f"/log/{world.entry_a}/edit",
            data={"csrf_token": token(page_1), **common, "notes": "first editor"},
        ).status_code
        == 303
    )
    response = second.post(
        f"/log/{world.entry_a}/edit",
        data={"csrf_token": token(page_2), **common, "notes": "second editor"},
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/edit")
    followed = second.get(response.headers["Location"]).data.decode()
    assert "Someone else saved this entry" in followed and "first editor" in followed
    with app.app_context():
        assert db.session.get(LogEntry, world.entry_a).notes == "first editor"


def test_delete_is_soft_restorable_and_recorded(as_user, world, app):
    client = as_user("a@example.org")
    page = _form(client, f"/log/{world.entry_a}")
    response = client.post(
        f"/log/{world.entry_a}/delete", data={"csrf_token": token(page), "version": "1"}
    )
    assert response.status_code == 303
    feed = client.get("/log").data.decode()
    assert "Interoperability" not in feed[feed.index("<tbody>") :]
    assert "Interoperability" in client.get("/log?deleted=1").data.decode()
    assert client.get(f"/log/{world.entry_a}/edit").status_code == 404
    page = _form(client, f"/log/{world.entry_a}")
    assert "This entry is deleted" in page
    client.post(f"/log/{world.entry_a}/restore", data={"csrf_token": token(page), "version": "2"})
    with app.app_context():
        entry = db.session.get(LogEntry, world.entry_a)
        assert entry.deleted_at is None
        assert [c.action for c in entry.changes] == ["created", "deleted", "restored"]
    stale = client.post(
        f"/log/{world.entry_a}/delete", data={"csrf_token": token(page), "version": "1"}
    )
    assert stale.status_code == 303
    with app.app_context():
        assert db.session.get(LogEntry, world.entry_a).deleted_at is None  # conflict


def test_follow_ups_due(as_user, world):
    client = as_user("a@example.org")
    _new(client, world, follow_up_on="2026-10-01", officials=[world.officials[2]])
    page = client.get("/log/follow-ups").data.decode()
    assert page.index("2026-10-01") < page.index("2026-12-01")
    assert "Ann Poe" in page and "Chapter B" not in page


@pytest.mark.parametrize(
    "query",
    [
        "from=yesterday",
        "to=2026-13-45",
        "chapter=abc",
        "official=-1",
        "channel=pigeon",
        "outcome=great",
        "campaign=" + "9" * 30,
    ],
)
def test_bad_filters_are_400_with_a_message(as_user, world, query):
    response = as_user("a@example.org").get(f"/log?{query}")
    assert response.status_code == 400 and b'class="error"' in response.data
    assert as_user("a@example.org").get(f"/log/export.csv?{query}").status_code == 400


def test_filters_narrow_the_feed(as_user, world):
    client = as_user("lead@example.org")

    def rows(query):
        html = client.get(f"/log?{query}").data.decode()
        return html[html.index("<tbody>") :]

    assert "Chapter B" not in rows(f"chapter={world.chapter_a}")
    assert "Interoperability" not in rows("outcome=opposed")
    assert "Interoperability" in rows("from=2026-09-23&to=2026-09-23")
    assert "Interoperability" not in rows("from=2026-09-24")
    assert "Interoperability" not in rows("channel=call")
    assert "Interoperability" in rows("channel=meeting")


def test_csv_is_rfc4180_and_runs_no_formula(as_user, world):
    client = as_user("a@example.org")
    _new(
        client,
        world,
        notes='=HYPERLINK("http://evil","x")\r\nsecond line, "quoted"',
        participants="+1 555",
        topics="-2+3",
        issue="@SUM(A1)",
    )
    response = client.get("/log/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel keeps accents
    text = response.data.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\r\n" in text.split("\n", 1)[0] + "\n"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert all(len(r) == len(header) for r in body)
    row = next(r for r in body if r[header.index("issue")] == "'@SUM(A1)")
    assert row[header.index("notes")].startswith("'=HYPERLINK")
    assert row[header.index("participants")] == "'+1 555"
    assert row[header.index("topics")] == "'-2+3"
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_neutralise(value):
    assert neutralise(value) == "'" + value
    assert neutralise("plain") == "plain" and neutralise(None) == ""
    assert to_csv(["a"], [[value]]).splitlines()[1].lstrip('"').startswith("'")


@pytest.mark.parametrize("official", ["99999999999999999999", "2147483648", "-5", "1e3"])
def test_impossible_official_ids_are_refused_not_a_500(as_user, world, official):
    response = _new(as_user("a@example.org"), world, officials=[official])
    assert response.status_code == 400
    page = response.data.lower()
    assert b"not a valid choice" in page or b"could not be coerced" in page


@pytest.mark.parametrize("query", ["channel=a%00b", "channel=nonsense", "from=2026-13-01"])
def test_follow_ups_say_a_refused_filter_and_never_query_with_it(as_user, world, query):
    response = as_user("a@example.org").get(f"/log/follow-ups?{query}")
    assert response.status_code == 400
    page = response.data.decode()
    assert 'class="error"' in page and "No follow-ups due" not in page


def test_enter_in_the_search_box_searches_and_never_saves(as_user, world, app):
    client = as_user("a@example.org")
    # Enter sends the form's default button ("enter"); the box holds a name: a search.
    searched = _new(client, world, enter="1", find="Ann Poe", officials=[])
    page = searched.data.decode()
    assert searched.status_code == 200
    with app.app_context():
        assert db.session.query(LogEntry).count() == 2  # make_world's two, nothing new
    # The one official found comes ticked.
    ticked = re.search(rf'<input[^>]*value="{world.officials[2]}"[^>]*>', page).group(0)
    assert "checked" in ticked
    # Enter with an empty search box saves, as it did.
    saved = _new(client, world, enter="1", find="")
    assert saved.status_code == 303


def test_several_officials_found_wait_to_be_ticked(as_user, world):
    page = _new(as_user("a@example.org"), world, find_officials="1", find="o", officials=[])
    found = re.findall(r'<input[^>]*name="officials"[^>]*>', page.data.decode())
    assert len(found) >= 2 and not any("checked" in box for box in found)


def test_the_search_as_you_type_answers_json(as_user, world):
    client = as_user("a@example.org")
    answer = client.get("/log/officials.json?q=Roe")
    assert answer.status_code == 200
    assert answer.json["officials"] == [
        {"id": world.officials[1], "label": answer.json["officials"][0]["label"]}
    ]
    assert "John Roe" in answer.json["officials"][0]["label"]
    assert client.get("/log/officials.json?q=R").json["officials"] == []
    for hostile in ("Ro%00e", "R%E2%80%AEoe", "R%0Aoe"):  # never sent to the database
        refused = client.get(f"/log/officials.json?q={hostile}").json
        assert refused["officials"] == [] and refused["message"], hostile
    assert client.get("/log/officials.json?q=" + "x" * 500).status_code == 200
    assert as_user(None).get("/log/officials.json?q=Roe").status_code == 302
