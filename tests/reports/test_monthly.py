"""Every number of the monthly report against counts worked out here from seeded rows."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from advocacy import clock
from advocacy.auth.passwords import hash_password
from advocacy.extensions import db
from advocacy.interactions.logbook import create_entry, set_deleted, snapshot, update_entry
from advocacy.models import (
    Campaign,
    Chapter,
    Division,
    User,
)
from advocacy.reports.monthly import monthly_report
from tests.factories import make_official, make_send, set_clock, sign_in

SEPT = date(2026, 9, 1)


@pytest.fixture
def seeded(app):
    """Two chapters in different time zones, sends around the month's edges, log entries;
    seen from November 2026 (a follow-up is marked done "today", after them all)."""
    set_clock(app, datetime(2026, 11, 20, 12, tzinfo=UTC))
    with app.app_context():
        east = Chapter(name="East", country="US", regions="MA", timezone="America/New_York")
        west = Chapter(name="West", country="US", regions="CA", timezone="America/Los_Angeles")
        db.session.add_all([east, west])
        db.session.add(
            Division(ocd_id="ocd-division/country:us/state:ma", name="MA", kind="state", state="ma")
        )
        officials = [make_official("0", "Person 0", party="Democratic")]
        officials += [
            make_official(
                str(i),
                f"Person {i}",
                level="state",
                chamber="lower",
                party="Republican" if i % 2 else "Democratic",
            )
            for i in range(1, 5)
        ]
        db.session.add_all(officials)
        campaign = Campaign(
            slug="c",
            title="NHIT Week",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 9, 30),
            targets="us_senate",
            subject="s",
            letter_statement="s",
            letter_body="b",
            tweet_template="t",
        )
        db.session.add(campaign)
        user = User(
            email="adv@example.org",
            role="advocate",
            chapters=[east],
            password_hash=hash_password("correct horse battery"),
        )
        lead = User(
            email="lead@example.org",
            role="lead",
            password_hash=hash_password("correct horse battery"),
        )
        db.session.add_all([user, lead])
        db.session.flush()
        o = [x.id for x in officials]
        sends = [
            # (member, official, channel, evidence, chapter, created_at UTC)
            (
                "ann@x.org",
                o[0],
                "email",
                "intent",
                east.id,
                datetime(2026, 9, 1, 4, 30, tzinfo=UTC),
            ),
            ("ann@x.org", o[1], "print", "reported", east.id, datetime(2026, 9, 15, tzinfo=UTC)),
            # 03:59 UTC on Sept 1 is still August in New York (EDT = UTC-4).
            (
                "bob@x.org",
                o[0],
                "tweet",
                "intent",
                east.id,
                datetime(2026, 9, 1, 3, 59, tzinfo=UTC),
            ),
            # 06:00 UTC on Oct 1 is still September in Los Angeles (PDT = UTC-7).
            (
                "cat@x.org",
                o[2],
                "smtp_email",
                "sent",
                west.id,
                datetime(2026, 10, 1, 6, 0, tzinfo=UTC),
            ),
            ("cat@x.org", o[3], "email", "intent", west.id, datetime(2026, 8, 20, tzinfo=UTC)),
            # No chapter: REPORT_TIMEZONE (New York) decides.
            (
                "dan@x.org",
                o[0],
                "contact_form",
                "reported",
                None,
                datetime(2026, 9, 30, 23, tzinfo=UTC),
            ),
            ("eve@x.org", o[4], "print", "intent", None, datetime(2026, 10, 1, 3, 0, tzinfo=UTC)),
        ]
        for email, official, channel, evidence, chapter, when in sends:
            db.session.add(
                make_send(
                    campaign.id,
                    official,
                    email,
                    when,
                    channel=channel,
                    evidence=evidence,
                    chapter_id=chapter,
                )
            )
        base = {
            "campaign_id": None,
            "issue": "",
            "participants": "",
            "topics": "",
            "notes": "",
            "outcome": "supportive",
            "follow_up_done": False,
        }
        meeting = create_entry(
            user.id,
            base
            | {
                "chapter_id": east.id,
                "kind": "meeting",
                "occurred_on": date(2026, 9, 30),
                "follow_up_on": date(2026, 10, 15),
            },
            [o[1], o[2]],
        )
        gone = create_entry(
            user.id,
            base
            | {
                "chapter_id": east.id,
                "kind": "call",
                "occurred_on": date(2026, 9, 10),
                "follow_up_on": None,
            },
            [o[3]],
        )
        create_entry(
            user.id,
            base
            | {
                "chapter_id": west.id,
                "kind": "call",
                "occurred_on": date(2026, 10, 1),
                "follow_up_on": None,
            },
            [o[4]],
        )
        db.session.flush()
        set_deleted(gone, user.id, True, gone.version)
        db.session.commit()
        # Close the meeting's follow-up (in whatever month "now" is: counted then).
        values = snapshot(meeting) | {"follow_up_done": True}
        values["occurred_on"] = meeting.occurred_on
        values["follow_up_on"] = meeting.follow_up_on
        update_entry(meeting, user.id, values, values.pop("officials"), meeting.version)
        db.session.commit()
        return {
            "sends": sends,
            "east": east.id,
            "west": west.id,
            "officials": o,
            "campaign": campaign.id,
        }


def _month_of(when, zone):
    local = when.astimezone(ZoneInfo(zone))
    return date(local.year, local.month, 1)


def _expected(seeded, month, chapters=None):
    zones = {
        seeded["east"]: "America/New_York",
        seeded["west"]: "America/Los_Angeles",
        None: "America/New_York",
    }
    rows = [
        s
        for s in seeded["sends"]
        if _month_of(s[5], zones[s[4]]) == month and (chapters is None or s[4] in chapters)
    ]
    o = seeded["officials"]
    logged = []  # (chapter, kind, official) for entries not deleted, in the month
    if month == SEPT and (chapters is None or seeded["east"] in chapters):
        logged = [(seeded["east"], "meeting", o[1]), (seeded["east"], "meeting", o[2])]
    if month == date(2026, 10, 1) and (chapters is None or seeded["west"] in chapters):
        logged = [(seeded["west"], "call", o[4])]
    return rows, logged


def test_every_total_matches_an_independent_count(app, seeded):
    with app.app_context():
        report = monthly_report(SEPT, None)
    rows, logged = _expected(seeded, SEPT)
    now = report["now"]
    assert now.total == len(rows) + len(logged)
    # Eve's 03:00 UTC on Oct 1 is Sept 30 in New York; Bob's 03:59 UTC on Sept 1 is not.
    assert "eve@x.org" in {r[0] for r in rows} and "bob@x.org" not in {r[0] for r in rows}
    assert now.by_channel == Counter([r[2] for r in rows] + [k for _, k, _ in logged])
    assert now.by_evidence == Counter([r[3] for r in rows] + ["logged"] * len(logged))
    assert now.by_chapter == Counter([r[4] for r in rows] + [c for c, _, _ in logged])
    assert now.by_official == Counter([r[1] for r in rows] + [x for _, _, x in logged])
    senator = seeded["officials"][0]
    federal = sum(1 for x in [r[1] for r in rows] + [x for _, _, x in logged] if x == senator)
    assert now.by_level == Counter({"federal": federal, "state": now.total - federal})
    assert now.members == len({r[0] for r in rows})
    zones = {
        seeded["east"]: "America/New_York",
        seeded["west"]: "America/Los_Angeles",
        None: "America/New_York",
    }
    earlier = {s[0] for s in seeded["sends"] if _month_of(s[5], zones[s[4]]) < SEPT}
    members = {r[0] for r in rows}
    assert (now.new_members, now.returning_members) == (
        len(members - earlier),
        len(members & earlier),
    )
    assert now.returning_members == 1  # cat had sent in August
    assert now.follow_ups_opened == 1
    assert sum(report["before"].by_channel.values()) == report["before"].total
    prev_rows, _ = _expected(seeded, date(2026, 8, 1))
    assert report["before"].total == len(prev_rows) == 2  # bob's 03:59 UTC, cat's Aug 20
    # Coverage: distinct MA state legislators contacted / all MA state legislators (4).
    contacted = {x for _, _, x in logged} | {r[1] for r in rows if r[1] != seeded["officials"][0]}
    assert now.coverage == {"MA": (len(contacted), 4)}
    september = dict(report["trend"])[SEPT]
    assert september == now.total and len(report["trend"]) == 12


def test_deleted_entries_and_other_months_are_left_out(app, seeded):
    with app.app_context():
        october = monthly_report(date(2026, 10, 1), None)["now"]
    rows, logged = _expected(seeded, date(2026, 10, 1))
    assert october.total == len(rows) + len(logged)
    assert "call" in october.by_channel and october.by_channel["call"] == 1  # not the deleted
    assert october.follow_ups_closed == 0
    with app.app_context():
        this_month = clock.today().replace(day=1)
        closed_now = monthly_report(this_month, None)["now"]
    assert closed_now.follow_ups_closed == 1  # marked done today


def test_advocates_see_only_their_chapters(app, seeded):
    with app.app_context():
        report = monthly_report(SEPT, {seeded["east"]})
    rows, logged = _expected(seeded, SEPT, {seeded["east"]})
    assert report["now"].total == len(rows) + len(logged)
    assert set(report["now"].by_chapter) == {seeded["east"]}
    client = app.test_client()
    sign_in(client, "adv@example.org")
    page = client.get("/reports/monthly?month=2026-09").data.decode()
    assert "East" in page and "West" not in page
    csv = client.get("/reports/monthly.csv?month=2026-09&table=chapter").data.decode()
    assert "East" in csv and "West" not in csv


def test_page_csv_and_bad_months(app, seeded):
    client = app.test_client()
    assert client.get("/reports/monthly").status_code == 302  # sign in first
    sign_in(client, "lead@example.org")
    page = client.get("/reports/monthly?month=2026-09")
    html = page.data.decode()
    assert page.status_code == 200 and "<svg" in html and "How these are counted" in html
    assert "East" in html and "West" in html
    for bad in ("2026-13", "26-09", "september", "2026-9", "%00", "9" * 50, "1999-01"):
        assert client.get(f"/reports/monthly?month={bad}").status_code == 400
    assert client.get("/reports/monthly.csv?month=2026-09&table=nope").status_code == 400
    answer = client.get("/reports/monthly.csv?month=2026-09&table=evidence")
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    csv = answer.data.decode("utf-8-sig")
    assert csv.splitlines()[0] == "evidence,this month,last month,change,change %"


def test_cli_prints_json_and_csv(app, seeded):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reports", "monthly", "--month", "2026-09"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    summary = {r["total"]: r["this month"] for r in data["tables"]["summary"]}
    with app.app_context():
        assert summary["Interactions"] == monthly_report(SEPT, None)["now"].total
    # The headline parts what is confirmed from what was only opened: in September (local
    # time) Ann's email and Eve's print were opened and never confirmed.
    assert summary["Opened only (not confirmed)"] == 2
    assert summary["Confirmed (sent, reported or logged)"] == summary["Interactions"] - 2
    csv = runner.invoke(
        args=["reports", "monthly", "--month", "2026-09", "--format", "csv", "--table", "channel"]
    )
    assert csv.exit_code == 0 and csv.output.startswith("channel,this month")
    assert runner.invoke(args=["reports", "monthly", "--month", "nope"]).exit_code != 0
