"""The member's four screens on the real directory, and exactly-once interactions."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from advocacy.extensions import db
from advocacy.models import Interaction, Official, Seat
from advocacy.text import tweet_length
from tests.factories import (
    act,
    app_today,
    make_campaign,
    send_officials,
    sign_in,
    start,
    submit,
    write,
)
from tests.html import token

pytestmark = pytest.mark.realdata


def _rows(app):
    with app.app_context():
        return db.session.execute(
            select(Interaction.official_id, Interaction.channel, Interaction.evidence)
        ).all()


def _officials(html: str) -> list[int]:
    return send_officials(html)


def test_four_screens_from_link_to_thanks(march):
    client, _, app = march
    landing = client.get("/c/nhit-week")
    assert landing.status_code == 200 and b"National Health IT Week" in landing.data
    first = start(client)
    assert first.status_code == 303 and first.headers["Location"].endswith("/c/nhit-week/write")
    second = write(client)
    assert second.status_code == 303 and second.headers["Location"].endswith("/send")
    page = client.get("/c/nhit-week/send").data.decode()
    officials = _officials(page)
    assert len(officials) == 5  # 2 senators, the representative, 2 state legislators
    assert "Dear Senator" in page and "Washington, DC 20510" in page
    assert "Interoperability: Data must follow the patient." in page
    assert "Our records followed my mother between hospitals." in page
    assert "As your constituent in Boston, Massachusetts" in page
    thanks = client.get("/c/nhit-week/thanks").data.decode()
    assert "Nothing sent yet" in thanks and "Thank you!" not in thanks
    assert "<strong>0</strong> messages sent by" in thanks


def test_each_action_is_logged_once_whatever_the_clicks(march):
    client, _, app = march
    start(client)
    write(client)
    official = _officials(client.get("/c/nhit-week/send").data.decode())[0]
    for _ in range(3):  # double clicks, retries, the back button
        response = act(client, official, "print")
        assert response.status_code == 303
    assert _rows(app) == [(official, "print", "intent")]
    act(client, official, "print", "reported")
    act(client, official, "print", "intent")  # never lowers the evidence
    assert _rows(app) == [(official, "print", "reported")]
    act(client, official, "contact_form")
    with app.app_context():
        row = db.session.scalars(
            select(Interaction).where(Interaction.channel == "contact_form")
        ).one()
        person = db.session.get(Official, official)
        assert (row.member_name, row.member_email, row.member_zip) == (
            "Ana Member",
            "ana@example.org",
            "02130",
        )
        assert row.official_name == person.full_name and row.office == "U.S. Senator"
        assert row.division_id == person.seat.division_id
    thanks = client.get("/c/nhit-week/thanks").data.decode()
    # The print was reported sent; the contact form was only opened.
    assert "<strong>1</strong> message sent and 1 opened by <strong>1</strong> member" in thanks


def _progress(html: str) -> str:
    return re.search(r"<strong><span data-done>(\d+)</span> of (\d+)</strong>", html).groups()


def test_opening_is_not_sending_until_the_member_says_so(march):
    """A contact form opened (in a new tab: this page does not reload) is opened, not done:
    the official stays open, "I sent it" is already on the page, and the thanks page says
    what was sent and what was only opened."""
    client, _, app = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").data.decode()
    first, second = _officials(page)[:2]
    before = page.split(f'id="o{first}"')[1].split("</section>")[0]
    assert "I sent it" in before  # on the page before anything is opened: no reload needed
    assert act(client, first, "contact_form").status_code == 303
    thanks = client.get("/c/nhit-week/thanks").data.decode()
    assert "You opened 1 letter and haven't told us you sent it yet." in thanks
    page = client.get("/c/nhit-week/send").data.decode()
    assert _progress(page)[0] == "0"
    section = page.split(f'id="o{first}"')[1].split("</section>")[0]
    assert "(opened)" in section and "✓ done" not in section
    assert act(client, second, "print", "reported").status_code == 303
    assert _progress(client.get("/c/nhit-week/send").data.decode())[0] == "1"
    thanks = client.get("/c/nhit-week/thanks").data.decode()
    assert "You sent 1 and opened 1." in thanks
    assert act(client, first, "contact_form", "reported").status_code == 303
    assert _progress(client.get("/c/nhit-week/send").data.decode())[0] == "2"
    assert "You sent 2." in client.get("/c/nhit-week/thanks").data.decode()
    assert sorted(e for _, _, e in _rows(app)) == ["reported", "reported"]


def test_a_call_is_reported_with_the_outcome_the_member_chose(march):
    client, _, app = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").data.decode()
    call_form = page.split('name="channel" value="call"')[1].split("</form>")[0]
    assert 'name="outcome"' in call_form and " checked" not in call_form.split("position")[0]
    senator = _officials(page)[0]
    fields = {"official_id": senator, "channel": "call", "evidence": "reported"}
    unsaid = submit(client, "/c/nhit-week/act", fields, page=page)
    assert unsaid.status_code == 400 and "how the call went" in unsaid.data.decode()
    assert _rows(app) == []
    said = submit(client, "/c/nhit-week/act", fields | {"outcome": "voicemail"}, page=page)
    assert said.status_code == 303


def test_two_members_writing_to_the_same_official_are_two_rows(march, loaded_app):
    client, _, app = march
    start(client)
    write(client)
    official = _officials(client.get("/c/nhit-week/send").data.decode())[0]
    act(client, official, "print")
    other = loaded_app.test_client()
    start(other, email="ben@example.org", name="Ben")
    write(other)
    act(other, official, "print")
    assert len(_rows(app)) == 2


def test_redirects_go_where_the_member_expects(march):
    client, _, app = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").data.decode()
    senator = _officials(page)[0]
    response = act(client, senator, "contact_form")
    assert response.headers["Location"].startswith("https://")
    response = act(client, senator, "tweet")
    intent = urlsplit(response.headers["Location"])
    assert intent.netloc == "x.com"
    text = parse_qs(intent.query)["text"][0]
    assert text.startswith("@") and "#NHITweek" in text and tweet_length(text) <= 280
    response = act(client, senator, "print")
    assert response.headers["Location"].endswith(f"/c/nhit-week/letter/{senator}")
    printed = client.get(response.headers["Location"]).data.decode()
    assert "The Honorable" in printed and "Sincerely," in printed
    with app.app_context():
        state_rep = db.session.scalars(
            select(Official).where(Official.id.in_(_officials(page)), Official.email.is_not(None))
        ).first()
    response = act(client, state_rep.id, "email")
    mail = response.headers["Location"]
    assert mail.startswith(f"mailto:{state_rep.email}?")
    fields = parse_qs(urlsplit(mail).query)
    assert "Support health IT" in fields["subject"][0]
    with app.app_context():
        seat = db.session.get(Official, state_rep.id).seat
        greeting = f"Dear {seat.title} {state_rep.family_name}:"
    body = fields["body"][0]
    assert greeting in body
    assert "Sincerely," in body and "Ana Member" in body


def test_forged_or_unavailable_actions_are_refused(march):
    client, _, app = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").data.decode()
    senator = _officials(page)[0]
    with app.app_context():
        stranger = db.session.scalar(select(func.max(Official.id)))
    assert act(client, stranger, "print").status_code == 400  # not one of theirs
    assert act(client, senator, "smtp_email").status_code == 400  # no SMTP configured
    assert act(client, senator, "carrier-pigeon").status_code == 400
    assert act(client, "abc", "print").status_code == 400
    assert client.post("/c/nhit-week/act", data={"official_id": senator}).status_code == 400
    assert _rows(app) == []


def test_missing_state_sends_the_member_back_to_the_start(march):
    client, _, _ = march
    for path in ("/c/nhit-week/write", "/c/nhit-week/send"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/c/nhit-week")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", b"This field is required"),
        ("name", "Ana\x00", b"control characters"),
        ("name", "evil\u202etxt", b"direction-override"),
        ("name", "x" * 101, b"longer than 100"),
        ("name", "Ana\r\nBcc: victim@example.org", b"on one line"),  # it becomes From:
        ("email", "not-an-email", b"name@example.org"),
        ("email", "a@b", b"name@example.org"),
        ("address", "", b"Enter your street address, city, state and ZIP (or use your location)."),
        ("address", "1234", b"five digits"),
        ("address", "00000", b"00000 is not a ZIP"),
    ],
)
def test_bad_member_details_get_a_message(march, field, value, message):
    client, _, _ = march
    response = start(client, **{field: value})
    assert response.status_code == 400
    assert message in response.data


def test_hostile_text_is_escaped_and_never_run(march):
    client, _, app = march
    start(client, name="<script>alert(1)</script>{{ config }}")
    response = write(
        client,
        body="{{ config.SECRET_KEY }} <img src=x onerror=alert(1)>",
        story="{% for x in range(9) %}boom{% endfor %}",
    )
    assert response.status_code == 303
    page = client.get("/c/nhit-week/send").data.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page
    assert "{{ config.SECRET_KEY }}" in page.replace("&#39;", "'")  # shown as typed
    assert app.config["SECRET_KEY"] not in page
    assert "{% for x in range(9) %}boom{% endfor %}" in page


def test_story_over_300_words_is_refused_and_kept(march):
    client, _, _ = march
    start(client)
    story = " ".join(f"word{i}" for i in range(301))
    response = write(client, story=story)
    assert response.status_code == 400
    assert b"Your story has 301 words" in response.data
    assert story.encode() in response.data  # nothing the member typed is lost


def test_story_with_rtl_marks_is_fine_but_overrides_are_not(march):
    client, _, _ = march
    start(client)
    assert write(client, story="שלום\u200f עולם").status_code == 303
    assert write(client, story="abc\u202edef").status_code == 400


def test_a_megabyte_is_refused_with_a_clear_page(march):
    client, _, _ = march
    page = client.get("/c/nhit-week").data.decode()
    response = submit(
        client,
        "/c/nhit-week",
        {
            "name": "x" * 1_000_000,
            "email": "a@example.org",
            "address": "02130",
        },
        page=page,
    )
    assert response.status_code == 413
    assert b"Too Large" in response.data


def test_no_csrf_token_no_action(march):
    client, _, app = march
    start(client)
    write(client)
    senator = _officials(client.get("/c/nhit-week/send").data.decode())[0]
    response = client.post(
        "/c/nhit-week/act", data={"official_id": senator, "channel": "print", "evidence": "intent"}
    )
    assert response.status_code == 400
    assert _rows(app) == []


def test_closed_campaign_takes_no_letters(census_app, loaded_app):
    from datetime import timedelta

    client, _ = census_app
    make_campaign(loaded_app, slug="old", starts_on=date(2020, 9, 21), ends_on=date(2020, 9, 25))
    page = client.get("/c/old")
    assert b"not open today" in page.data and b'name="address"' not in page.data
    assert client.get("/c/nope").status_code == 404
    assert client.get("/c/" + "x" * 500).status_code == 404
    for odd in ("%00", "%00/write", "%00/thanks", "a%00b/send", "<script>", "%E2%80%AE"):
        assert client.get(f"/c/{odd}").status_code == 404, odd  # never a 500
    assert app_today(loaded_app) > date(2020, 9, 25) + timedelta(days=1)


def _unsure(page: str) -> dict[str, str]:
    """ "Not sure" to every district question on the page (each must be answered)."""
    return {q: "" for q in set(re.findall(r'name="(pick_\w+)"', page))}


def test_zip_only_member_picks_their_district_on_screen_two(march):
    client, _, app = march
    assert start(client, address="02130").status_code == 303
    page = client.get("/c/nhit-week/write").data.decode()
    assert page.count("Which U.S. House district are you in?") == 1  # one choice per chamber
    radios = re.findall(r'name="pick_cd" value="(\d*)"', page)
    assert len(radios) == 3 and radios[-1] == ""  # two districts, or not sure
    response = write(client, **(_unsure(page) | {"pick_cd": radios[0]}))
    assert response.status_code == 303
    send = client.get("/c/nhit-week/send").data.decode()
    with app.app_context():
        house = [
            o.id
            for o in db.session.scalars(select(Official).where(Official.id.in_(_officials(send))))
            if o.seat.level == "federal" and o.seat.chamber == "lower"
        ]
    assert len(house) == 1


def test_a_senator_whose_term_ended_is_named_on_the_campaign_pages(march, shared_data):
    """Ohio's seat whose term ended with no successor in the data: the member who writes to
    one senator is told why there is only one, on the write and send pages."""
    client, _, app = march
    today = app.extensions["advocacy.clock"].today()
    people = json.loads(
        (
            shared_data / "unitedstates.github.io/congress-legislators/legislators-current.json"
        ).read_text()
    )
    ended = [
        (p["name"]["last"], p["terms"][-1]["end"])
        for p in people
        if p["terms"][-1]["type"] == "sen"
        and p["terms"][-1]["state"] == "OH"
        and date.fromisoformat(p["terms"][-1]["end"]) < today
    ]
    if not ended:
        pytest.skip("no Ohio senator's term has ended in this mirror on its day")
    assert start(client, address="43215").status_code == 303
    page = client.get("/c/nhit-week/write").data.decode()
    notices = " ".join(re.findall(r'<p class="notice" role="status">([^<]*)</p>', page))
    for last, end in ended:
        assert last in notices and f"term ended on {end}" in notices
    write(client, **_unsure(page))
    send = client.get("/c/nhit-week/send").data.decode()
    assert all(f"term ended on {end}" in send for _, end in ended)


def test_a_split_zip_question_must_be_answered(march):
    """No chamber is dropped by clicking on: a district question has no preselected
    answer, and leaving it unanswered keeps the member on the page, told which."""
    client, _, app = march
    start(client, address="02130")
    page = client.get("/c/nhit-week/write").data.decode()
    questions = sorted(set(re.findall(r'name="(pick_\w+)"', page)))
    assert "pick_cd" in questions
    assert not re.search(r'name="pick_\w+" value="[^"]*" checked', page)
    unanswered = write(client)
    assert unanswered.status_code == 400
    html = unanswered.data.decode()
    assert html.count("Please answer this") == len(questions)
    assert "/send" not in (unanswered.headers.get("Location") or "")
    assert write(client, **_unsure(page)).status_code == 303  # "not sure" is an answer


def test_a_split_zip_never_yields_two_representatives(march):
    """Forged requests (both districts, a candidate ticked as certain, a stranger) still
    give one Representative or none."""
    client, _, app = march
    start(client, address="02130")
    page = client.get("/c/nhit-week/write").data.decode()
    first, second = re.findall(r'name="pick_cd" value="(\d+)"', page)
    with app.app_context():
        reps = db.session.scalars(
            select(Official.id).join(Official.seat).where(Seat.division_id.like("%/cd:%"))
        ).all()
    forged = write(
        client,
        **(_unsure(page) | {"pick_cd": [first, second]}),
        officials=[str(r) for r in reps[:50]],
    )
    assert forged.status_code in (303, 400)
    send = client.get("/c/nhit-week/send").data.decode()
    with app.app_context():
        house = [
            o
            for o in db.session.scalars(select(Official).where(Official.id.in_(_officials(send))))
            if o.seat.level == "federal" and o.seat.chamber == "lower"
        ]
    assert len(house) <= 1
    # Not sure: the House is left out, and the page says so.
    write(client, **_unsure(page))
    send = client.get("/c/nhit-week/send").data.decode()
    assert "You weren't sure of your U.S. House district" in send
    assert "<script" not in send.split("<title>")[1].split("</title>")[0]


def test_tweet_measure_api(client):
    ok = client.post("/api/v1/tweets/measure", json={"text": "Hi 😀 https://example.com"})
    assert ok.json == {
        "weighted_length": 29,
        "valid": True,
        "remaining": 251,
        "words": 3,
        "problem": None,
    }
    long = client.post("/api/v1/tweets/measure", json={"text": "日" * 141})
    assert long.json["valid"] is False and long.json["remaining"] == -2
    empty = client.post("/api/v1/tweets/measure", json={"text": ""})
    assert empty.json["valid"] is False
    for bad in ({}, {"text": 5}, [], None):
        assert client.post("/api/v1/tweets/measure", json=bad).status_code == 400
    assert client.post("/api/v1/tweets/measure", data="not json").status_code == 400
    huge = client.post("/api/v1/tweets/measure", json={"text": "x" * 10_001})
    assert huge.status_code == 400 and "longer" in huge.json["message"]


# Weights by twitter-text's documented ranges (v3 config): U+0000-U+10FF counts 1 (Latin,
# Hebrew, Arabic, U+061C), U+2000-U+200D 1, everything else 2 (U+200E, U+200F, U+202A-E,
# U+2066-9, CJK, emoji).
@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("\u200fשלום", 6),  # RLM 2 + four Hebrew letters
        ("\u061cنعم", 4),  # ALM 1 + three Arabic letters
        ("\u2067مرحبا\u2069 bonjour", 17),  # isolates 2 + 2, five letters, space, seven
        ("a\u202eb", 4),  # an override counts as X counts it
        ("医疗", 4),
    ],
)
def test_posts_in_every_script_are_measured(client, text, weight):
    answer = client.post("/api/v1/tweets/measure", json={"text": text})
    assert answer.status_code == 200
    assert answer.json["weighted_length"] == weight
    assert answer.json["valid"] is True and answer.json["problem"] is None


def test_a_post_x_would_refuse_is_measured_not_refused(client):
    answer = client.post("/api/v1/tweets/measure", json={"text": "post \ufffe"})
    assert answer.status_code == 200
    assert answer.json["weighted_length"] == 7  # five, and U+FFFE counts 2
    assert answer.json["valid"] is False
    assert "U+FFFE" in answer.json["problem"]
    control = client.post("/api/v1/tweets/measure", json={"text": "bell\x07"})
    assert control.status_code == 200 and control.json["valid"] is False
    assert "control characters" in control.json["problem"]


def test_a_post_in_arabic_hebrew_and_french_goes_to_x_as_written(march):
    client, _, app = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").data.decode()
    senator = _officials(page)[0]
    own = "@SenExample \u2067الصحة الرقمية\u2069 \u200fבריאות\u200e — la santé numérique #NHITweek"
    fields = {"official_id": senator, "channel": "tweet", "evidence": "intent"}
    sent = submit(client, "/c/nhit-week/act", fields | {"text": own}, page=page)
    assert sent.status_code == 303
    assert parse_qs(urlsplit(sent.headers["Location"]).query)["text"][0] == own
    page = client.get("/c/nhit-week/send").data.decode()
    refused = submit(client, "/c/nhit-week/act", fields | {"text": "hi \ufeff"}, page=page)
    assert refused.status_code == 400 and "U+FEFF" in refused.data.decode()


def test_member_may_reword_the_tweet_within_280(march):
    client, _, app = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").data.decode()
    assert "data-measure" in page and "characters to spare" in page
    senator = _officials(page)[0]
    own = "@SenExample Health IT kept my records safe. #NHITweek"
    response = submit(
        client,
        "/c/nhit-week/act",
        {
            "official_id": senator,
            "channel": "tweet",
            "evidence": "intent",
            "text": own,
        },
        page=page,
    )
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.headers["Location"]).query)["text"][0] == own
    too_long = submit(
        client,
        "/c/nhit-week/act",
        {
            "official_id": senator,
            "channel": "bluesky",
            "evidence": "intent",
            "text": "日" * 141,
        },
        page=page,
    )
    assert too_long.status_code == 400 and b"2 characters too long" in too_long.data
    assert _rows(app) == [(senator, "tweet", "intent")]


def test_chapter_sends_appear_in_the_chapter_log_and_the_member_history(march, loaded_app, smtp):
    from advocacy.auth.passwords import hash_password
    from advocacy.models import Chapter, User

    client, _, app = march
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    with app.app_context():
        chapter = Chapter(name="Boston Chapter", country="US", regions="MA")
        other = Chapter(name="Elsewhere", country="US", regions="CA")
        db.session.add_all([chapter, other])
        db.session.flush()
        db.session.add_all(
            [
                User(
                    email="adv@example.org",
                    role="advocate",
                    chapters=[chapter],
                    password_hash=hash_password("correct horse battery"),
                ),
                User(
                    email="far@example.org",
                    role="advocate",
                    chapters=[other],
                    password_hash=hash_password("correct horse battery"),
                ),
            ]
        )
        db.session.commit()
        chapter_id = chapter.id
    start(client, chapter=str(chapter_id))
    write(client)
    senator = _officials(client.get("/c/nhit-week/send").data.decode())[0]
    act(client, senator, "print")
    with app.app_context():
        row = db.session.scalars(select(Interaction)).one()
        assert (row.chapter_id, row.chapter) == (chapter_id, "Boston Chapter")
    advocate = app.test_client()
    sign_in(advocate, "adv@example.org")
    feed = advocate.get("/log").data.decode()
    assert "Boston Chapter" in feed and "Ana Member" in feed and "intent" in feed
    far = app.test_client()
    sign_in(far, "far@example.org")
    assert "Ana Member" not in far.get("/log").data.decode()
    # The member's own history, by an emailed link.
    page = client.get("/my-history").data.decode()
    client.post("/my-history", data={"csrf_token": token(page), "email": "ANA@example.org"})
    body = inbox.messages[-1][1].get_payload(decode=True).decode()
    link = re.search(r"http://[^/\s]+(/my-history/\S+)", body).group(1)
    history = client.get(link).data.decode()
    assert "National Health IT Week" in history and "Printed letter" in history
    assert client.get(link + "x").status_code == 404


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "ana\x00@example.org", "x" * 300])
def test_history_link_needs_a_real_email(census_app, email):
    client, _ = census_app
    page = client.get("/my-history").data.decode()
    response = client.post("/my-history", data={"csrf_token": token(page), "email": email})
    assert response.status_code == 400 and b'class="error"' in response.data


def test_each_district_choice_says_what_it_covers(march, shared_data):
    """A split ZIP's House question names, for each district, ZIP codes lying wholly in
    it (read here from the mirror's ZIP table, not from the app) and its office town."""
    client, _, _ = march
    start(client, address="02130")
    page = client.get("/c/nhit-week/write").data.decode()
    table = shared_data / (
        "raw.githubusercontent.com/OpenSourceActivismTech/us-zipcodes-congress/master/zccd.csv"
    )
    districts: dict[str, set[str]] = {}
    for row in csv.DictReader(table.open(encoding="utf-8-sig")):
        districts.setdefault(row["zcta"], set()).add(row["state_fips"] + row["cd"].zfill(2))
    choices = re.findall(
        r'name="pick_cd" value="(\d+)"[^>]*>\s*<span><strong>[^<]*</strong>[^<]*'
        r'<span class="point-body">Also all of ZIP codes? ([\d, ]+)',
        page,
    )
    assert len(choices) == 2, page
    for geoid, zips in choices:
        shown = zips.split(", ")
        assert 1 <= len(shown) <= 3 and "02130" not in shown
        assert all(districts[z] == {geoid} for z in shown), (geoid, shown)
    assert "district office in Boston" in page
