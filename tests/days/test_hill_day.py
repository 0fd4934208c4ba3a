"""A Massachusetts chapter's Hill day, as its advocate and six attendees live it, on the
real directory with a fake Census geocoder and a real SMTP server (aiosmtpd): six
attendees from three districts register; the offices get five requests (the two senators
and three Representatives), not eighteen; two meetings are confirmed; an attendee's day
keeps Russell then Rayburn with the walk between and ends before they leave; the
leave-behind names the district's attendees; the report makes the log entry with the
staffer linked and the follow-up."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import icalendar
import pytest
from sqlalchemy import func, select

from advocacy.delivery.outbox import send_due
from advocacy.extensions import db
from advocacy.models import (
    AdvocacyDay,
    Attendee,
    Chapter,
    DayMeeting,
    LogEntry,
    LogEntryStaff,
)
from tests.census_answers import ADDRESS_URL, address_answer, geographies, match
from tests.factories import PASSWORD, app_today, make_people, sign_in, submit

pytestmark = pytest.mark.realdata
# Six attendees: two each in the 5th, 7th and 8th congressional districts.
PEOPLE = [
    ("Ana Alvarez", "ana@example.org", "12 Elm St, Boston, MA 02130", "2507"),
    ("Ben Brooks", "ben@example.org", "40 Oak St, Boston, MA 02119", "2507"),
    ("Cy Chen", "cy@example.org", "5 Pine St, Quincy, MA 02169", "2508"),
    ("Di Dunn", "di@example.org", "9 Birch Rd, Quincy, MA 02170", "2508"),
    ("Ed Egan", "ed@example.org", "77 Main St, Medford, MA 02155", "2505"),
    ("Flo Fox", "flo@example.org", "3 High St, Medford, MA 02155", "2505"),
]


def _serve_addresses(mock) -> None:
    """The Census geocoder's answer for each attendee's address (its district)."""
    districts = {address.split(",")[0].upper(): cd for _, _, address, cd in PEOPLE}

    def answer(request):
        typed = parse_qs(urlparse(request.url).query)["address"][0]
        cd = districts.get(typed.split(",")[0].strip().upper())
        if cd is None:
            return 200, {}, _json(address_answer())
        town = typed.split(",")[1].strip().upper()
        found = match(
            f"{typed.split(',')[0].upper()}, {town}, MA, 02130",
            42.3,
            -71.1,
            "02130",
            geographies("25", cd=cd),
        )
        return 200, {}, _json(address_answer(found))

    mock.add_callback("GET", ADDRESS_URL, callback=answer)


def _json(value) -> str:
    return json.dumps(value)


@pytest.fixture
def hill(census_app, smtp):
    client, mock = census_app
    app = client.application
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MARCH_RATE_LIMIT=None)
    _serve_addresses(mock)
    with app.app_context():
        ma = Chapter(
            name="Massachusetts Chapter", country="US", regions="MA", timezone="America/New_York"
        )
        other = Chapter(
            name="Ontario Chapter", country="CA", regions="ON", timezone="America/Toronto"
        )
        db.session.add_all([ma, other])
        make_people(ma, other)
        db.session.commit()
    advocate = app.test_client()
    assert sign_in(advocate, "a@example.org", PASSWORD).status_code == 303
    # A week from the mirror's day, so the directory's terms are the current ones.
    return app, advocate, inbox, app_today(app) + timedelta(days=7)


def _plan(app, advocate, when) -> tuple[str, int]:
    response = submit(
        advocate,
        "/days/new",
        {
            "chapter_id": "1",
            "title": "MA Hill Day",
            "mode": "hill",
            "state": "ma",
            "starts_on": when.isoformat(),
            "ends_on": when.isoformat(),
            "timezone": "America/New_York",
            "place": "Washington, DC",
            "window": "9:00 and 16:00",
            "campaign_id": "",
            "ask": "Cosponsor the Health Data Access Act.",
            "contact_name": "Alex Advocate",
            "contact_email": "a@example.org",
        },
    )
    assert response.status_code == 303, response.data.decode()[:3000]
    with app.app_context():
        day = db.session.scalars(select(AdvocacyDay)).one()
        return day.key, day.id


def _register(app, when, key, name, email, address, depart="15:00"):
    member = app.test_client()
    return submit(
        member,
        f"/d/{key}",
        {
            "name": name,
            "email": email,
            "address": address,
            "arrive_day": when.isoformat(),
            "arrive_time": "08:30",
            "depart_day": when.isoformat(),
            "depart_time": depart,
            "needs": "",
        },
    )


def _add_scheduler(advocate, official_id, name, email):
    response = submit(
        advocate,
        f"/officials/{official_id}/staff/new",
        {
            "chapter_id": "1",
            "name": name,
            "role": "scheduler",
            "email": email,
            "phone": "",
            "notes": "",
            "confirmed_on": "2026-01-20",
        },
    )
    assert response.status_code == 303, response.data.decode()[:2000]


def test_a_massachusetts_hill_day_from_registration_to_the_meeting_report(hill):
    app, advocate, inbox, when = hill
    key, day_id = _plan(app, advocate, when)
    for name, email, address, _ in PEOPLE:
        response = _register(app, when, key, name, email, address)
        assert response.status_code == 303, response.data.decode()[:3000]
    # Registering again with the same email is an update, not a seventh attendee.
    again = _register(
        app, when, key, "Ana Alvarez", "ANA@example.org", PEOPLE[0][2], depart="16:00"
    )
    assert again.status_code == 303
    # An address outside Massachusetts is refused by the address field.
    outside = _register(
        app, when, key, "Out Sider", "out@example.org", "1 Nowhere Rd, Far, NY 10001"
    )
    assert outside.status_code == 400
    assert "address" in outside.data.decode().lower()
    # Departure before arrival is refused with the field's message.
    early = _register(app, when, key, "Gus Green", "gus@example.org", PEOPLE[0][2], depart="07:00")
    assert early.status_code == 400 and "after your arrival" in early.data.decode()

    with app.app_context():
        assert len(db.session.scalars(select(Attendee).where(Attendee.day_id == day_id)).all()) == 6
        meetings = db.session.scalars(select(DayMeeting).where(DayMeeting.day_id == day_id)).all()
        db.session.expunge_all()
    offices = sorted((m.office, m.official_name) for m in meetings)
    assert [o for o, _ in offices].count("U.S. Senator") == 2
    assert [o for o, _ in offices].count("U.S. Representative") == 3, offices
    assert len(meetings) == 5
    reps = {m.district: m for m in meetings if m.office == "U.S. Representative"}
    senators = [m for m in meetings if m.office == "U.S. Senator"]

    # Schedulers are on file for four offices; the fifth has none.
    known = senators + [m for d, m in reps.items() if d != "District 5"]
    for i, meeting in enumerate(known):
        _add_scheduler(advocate, meeting.official_id, f"Scheduler {i}", f"sched{i}@house.test")
    page = advocate.get(f"/days/{day_id}").data.decode()
    sent = submit(advocate, f"/days/{day_id}/requests", {}, page=page, follow_redirects=True)
    text = sent.data.decode()
    assert "Sent 4 meeting requests, one per office" in text
    fifth = reps["District 5"]
    assert f"No scheduler is on file for {fifth.official_name}" in text
    # Its page says so, offers its public contact, and takes an address.
    meeting_page = advocate.get(f"/days/{day_id}/meetings/{fifth.id}").data.decode()
    assert "No scheduler is on file for this office" in meeting_page
    response = submit(
        advocate,
        f"/days/{day_id}/meetings/{fifth.id}/request",
        {"to": "scheduler5@house.test"},
        page=meeting_page,
    )
    assert response.status_code == 303
    # Sending again sends nothing more.
    page = advocate.get(f"/days/{day_id}").data.decode()
    assert "requests, one per office</button>" not in page

    with app.app_context():
        assert send_due(app.config)["failed"] == 0
    requests = [(to, m) for to, m in inbox.messages if m["Subject"].startswith("Meeting request")]
    assert len(requests) == 5
    recipients = sorted(to[0] for to, _ in requests)
    assert recipients == sorted(
        [f"sched{i}@house.test" for i in range(4)] + ["scheduler5@house.test"]
    )
    bodies = {to[0]: m.get_payload(decode=True).decode() for to, m in requests}
    # Each House office hears of its own constituents only; each senator of all six.
    district5 = bodies["scheduler5@house.test"]
    assert "Ed Egan" in district5 and "Flo Fox" in district5 and "Ana Alvarez" not in district5
    senator_body = bodies["sched0@house.test"]
    assert all(name in senator_body for name, *_ in PEOPLE)
    assert "Cosponsor the Health Data Access Act." in senator_body
    assert all(m["Reply-To"] == "a@example.org" for _, m in requests)
    registered = [m for _, m in inbox.messages if m["Subject"].startswith("You are registered")]
    assert len(registered) == 6

    # Two confirmations: a senator in Russell at 10:00, the 7th's Representative in
    # Rayburn at 11:00.
    _confirm(advocate, when, day_id, senators[0], "10:00", "10:30", "SR-317")
    _confirm(advocate, when, day_id, reps["District 7"], "11:00", "11:30", "2157 Rayburn")
    with app.app_context():
        ana = db.session.scalars(select(Attendee).where(Attendee.email == "ANA@example.org")).one()
        cy = db.session.scalars(select(Attendee).where(Attendee.email == "cy@example.org")).one()
        db.session.expunge_all()
    sheet = app.test_client().get(f"/d/{key}/me/{ana.feed_key}").data.decode()
    order = [
        sheet.index(senators[0].official_name),
        sheet.index("Walk from Russell to Rayburn: 20 minutes"),
        sheet.index(reps["District 7"].official_name),
    ]
    assert order == sorted(order), sheet
    assert "leaving at 10:30" in sheet and "conflict" not in sheet.lower()
    feed = app.test_client().get(f"/d/{key}/me/{ana.feed_key}/calendar.ics")
    events = [e for e in icalendar.Calendar.from_ical(feed.data).walk("VEVENT")]
    assert [str(e["location"]) for e in events] == ["SR-317, Russell", "2157 Rayburn, Rayburn"]
    # Cy (8th district) sees only the senator's meeting.
    cy_sheet = app.test_client().get(f"/d/{key}/me/{cy.feed_key}").data.decode()
    assert (
        senators[0].official_name in cy_sheet
        and reps["District 7"].official_name not in cy_sheet.split("Not confirmed yet")[0]
    )

    # The leave-behind: chapter, ask, the district's attendees, the contact.
    leave = advocate.get(
        f"/days/{day_id}/meetings/{reps['District 7'].id}/leave-behind"
    ).data.decode()
    assert "Massachusetts Chapter" in leave and "Cosponsor the Health Data Access Act." in leave
    assert "Ana Alvarez, Ben Brooks" in leave and "Cy Chen" not in leave
    assert "a@example.org" in leave

    # The report after the senator's meeting: the scheduler met, a follow-up promised.
    report_page = advocate.get(f"/days/{day_id}/meetings/{senators[0].id}/report").data.decode()
    staffer = re.search(r'name="staff" type="checkbox" value="(\d+)"', report_page).group(1)
    response = submit(
        advocate,
        f"/days/{day_id}/meetings/{senators[0].id}/report",
        {
            "attendees": [str(ana.id)],
            "staff": [staffer],
            "occurred_on": when.isoformat(),
            "said": "The senator's staff will read the bill and wants our data.",
            "outcome": "supportive",
            "follow_up": "Send the survey data",
            "follow_up_on": (when + timedelta(days=7)).isoformat(),
        },
        page=report_page,
    )
    assert response.status_code == 303
    with app.app_context():
        entry = db.session.scalars(
            select(LogEntry).where(LogEntry.notes.contains("survey data"))
        ).one()
        assert entry.kind == "meeting" and entry.outcome == "supportive"
        assert entry.follow_up_on == when + timedelta(days=7)
        assert [o.official_id for o in entry.officials] == [senators[0].official_id]
        assert "Ana Alvarez" in entry.participants and "Scheduler 0" in entry.participants
        links = db.session.scalars(
            select(LogEntryStaff).where(LogEntryStaff.entry_id == entry.id)
        ).all()
        assert [(link.staffer_id, link.role) for link in links] == [(int(staffer), "scheduler")]
        entry_id = entry.id
    shown = advocate.get(f"/log/{entry_id}").data.decode()
    assert "Scheduler 0" in shown
    summary = advocate.get(f"/days/{day_id}").data.decode()
    assert "1 meetings held: 1 supportive" in summary and "1 follow-ups open" in summary
    # A second report of the same meeting makes no second entry.
    again = advocate.get(f"/days/{day_id}/meetings/{senators[0].id}/report")
    assert again.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 1
    # The Ontario chapter's advocate sees none of it.
    other = app.test_client()
    assert sign_in(other, "b@example.org", PASSWORD).status_code == 303
    assert other.get(f"/days/{day_id}").status_code == 404
    assert (
        other.get(f"/officials/{senators[0].official_id}").data.decode().count("Scheduler 0") == 0
    )


def _confirm(advocate, when, day_id, meeting, starts, ends, room):
    page = advocate.get(f"/days/{day_id}/meetings/{meeting.id}").data.decode()
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    response = submit(
        advocate,
        f"/days/{day_id}/meetings/{meeting.id}",
        {
            "status": "confirmed",
            "day": when.isoformat(),
            "starts": starts,
            "ends": ends,
            "room": room,
            "note": "",
            "version": version.group(1),
        },
        page=page,
    )
    assert response.status_code == 303, response.data.decode()[:3000]
