"""Planning a day: who comes, which offices represent them, and one meeting request per
office (never one per attendee), with each meeting's status and history.

An attendee is located as the lookup locates a member; the offices the day meets are
those of the day's mode: a Hill day meets the two senators and the Representative, a
Capitol day the state legislators, an in-district period both, at their district offices.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy import abuse
from advocacy.access import limit_to_scope
from advocacy.delivery.outbox import enqueue_message
from advocacy.directory.queries import district_label, office_label
from advocacy.extensions import db
from advocacy.lookup.service import LookupFailed, find_officials
from advocacy.models import (
    AdvocacyDay,
    Attendee,
    AttendeeOffice,
    Bill,
    DayMeeting,
    DayMeetingChange,
    Official,
    history,
)
from advocacy.models._types import utcnow
from advocacy.relationships.staff import scheduler_for

MODE_NAMES = {
    "hill": "Hill day (Washington)",
    "capitol": "State Capitol day",
    "district": "In-district meetings",
}
STATUS_NAMES = {
    "to_request": "To request",
    "requested": "Requested",
    "confirmed": "Confirmed",
    "declined": "Declined",
    "staff": "Moved to staff",
}
# The seats each kind of day meets: (level, chamber).
MODE_SEATS = {
    "hill": {("federal", "upper"), ("federal", "lower")},
    "capitol": {("state", "upper"), ("state", "lower"), ("state", "legislature")},
    "district": {
        ("federal", "upper"),
        ("federal", "lower"),
        ("state", "upper"),
        ("state", "lower"),
        ("state", "legislature"),
    },
}


class OutsideArea(Exception):
    """The address is not in the day's state, or the lookup could not place it."""


def wall_to_utc(wall: datetime | None, zone) -> datetime | None:
    """A wall-clock time of the day's zone, in UTC (as every time is stored)."""
    return wall.replace(tzinfo=zone).astimezone(UTC) if wall else None


def new_key() -> str:
    return secrets.token_urlsafe(16)[:22]


def create_day(chapter_id: int, user_id: int, values: dict[str, Any], bill_ids: list[int]):
    """A day with its registration link (the caller commits)."""
    day = AdvocacyDay(chapter_id=chapter_id, created_by_id=user_id, key=new_key(), **values)
    day.bills = list(db.session.scalars(select(Bill).where(Bill.id.in_(bill_ids or [-1]))))
    db.session.add(day)
    return day


def days_in(scope: set[int] | None) -> list[AdvocacyDay]:
    query = select(AdvocacyDay).order_by(AdvocacyDay.starts_on.desc(), AdvocacyDay.id.desc())
    return list(db.session.scalars(limit_to_scope(query, AdvocacyDay.chapter_id, scope)))


def get_day(day_id: int, scope: set[int] | None) -> AdvocacyDay | None:
    day = db.session.get(AdvocacyDay, day_id)
    if day is None or (scope is not None and day.chapter_id not in scope):
        return None
    return day


# The keys of public and private links (secrets.token_urlsafe's alphabet).
URL_KEY = re.compile(r"[A-Za-z0-9_-]{8,60}")


def day_by_key(key: str) -> AdvocacyDay | None:
    """The day a registration link names (None for any other text)."""
    if not URL_KEY.fullmatch(key or "") or len(key) > 32:
        return None
    return db.session.scalars(select(AdvocacyDay).where(AdvocacyDay.key == key)).first()


def offices_for(day: AdvocacyDay, address: str, today: date) -> list[int]:
    """The officials a day meets for an attendee at this address (OutsideArea if the
    address is not in the day's state or cannot be placed)."""
    try:
        found = find_officials({"q": address}, today, combined=True)
    except LookupFailed as failed:
        raise OutsideArea(failed.message) from None
    seats = MODE_SEATS[day.mode]
    officials = found.lookup.officials
    states = {(o.get("state") or "").lower() for o in officials if o.get("level") == "federal"}
    if day.state not in states:
        raise OutsideArea(
            f"That address is not in {day.state.upper()}, where this day's meetings are: "
            "attendees meet the officials who represent them there."
        )
    return [o["id"] for o in officials if (o.get("level"), o.get("chamber")) in seats]


def register(
    day: AdvocacyDay, values: dict[str, Any], official_ids: list[int]
) -> tuple[Attendee, bool]:
    """Add an attendee, or update the one with this email (a second registration is an
    update, not a second attendee); their offices get a meeting row to request. Returns
    (attendee, whether new). The caller commits."""
    key = abuse.email_key(values["email"])
    attendee = db.session.scalars(
        select(Attendee).where(Attendee.day_id == day.id, Attendee.email_key == key)
    ).first()
    created = attendee is None
    now = utcnow()
    if created:
        attendee = Attendee(
            day_id=day.id, email_key=key, feed_key=secrets.token_urlsafe(32), created_at=now
        )
        db.session.add(attendee)
    for field, value in values.items():
        setattr(attendee, field, value)
    attendee.updated_at = now
    db.session.flush()
    db.session.query(AttendeeOffice).filter(AttendeeOffice.attendee_id == attendee.id).delete()
    for official_id in dict.fromkeys(official_ids):
        db.session.add(AttendeeOffice(attendee_id=attendee.id, official_id=official_id))
    _ensure_meetings(day, official_ids)
    return attendee, created


def _ensure_meetings(day: AdvocacyDay, official_ids: list[int]) -> None:
    have = set(
        db.session.scalars(select(DayMeeting.official_id).where(DayMeeting.day_id == day.id))
    )
    for official in db.session.scalars(
        select(Official).where(Official.id.in_(set(official_ids) - have))
    ):
        seat = official.seat
        db.session.add(
            DayMeeting(
                day_id=day.id,
                official_id=official.id,
                official_name=official.full_name,
                office=office_label(seat) if seat else "",
                district=district_label(seat.district) if seat and seat.district else None,
                status="to_request",
            )
        )


def attendees_by_office(day: AdvocacyDay) -> dict[int, list[Attendee]]:
    """Each office's attendees (its constituents who come), by name."""
    rows = db.session.execute(
        select(AttendeeOffice.official_id, Attendee)
        .join(Attendee, Attendee.id == AttendeeOffice.attendee_id)
        .where(Attendee.day_id == day.id, Attendee.data_removed_at.is_(None))
        .order_by(Attendee.name)
    ).all()
    grouped: dict[int, list[Attendee]] = defaultdict(list)
    for official_id, attendee in rows:
        grouped[official_id].append(attendee)
    return grouped


def meetings_of(day: AdvocacyDay) -> list[DayMeeting]:
    """The day's meetings, senators first, then by office and name."""
    rows = db.session.scalars(
        select(DayMeeting)
        .where(DayMeeting.day_id == day.id)
        .options(selectinload(DayMeeting.official), selectinload(DayMeeting.changes))
    ).all()
    order = {"U.S. Senator": 0}
    return sorted(rows, key=lambda m: (order.get(m.office, 1), m.office, m.official_name))


def get_meeting(day: AdvocacyDay, meeting_id: int) -> DayMeeting | None:
    meeting = db.session.get(DayMeeting, meeting_id)
    return meeting if meeting is not None and meeting.day_id == day.id else None


@dataclass
class Recipient:
    """Where a request goes: an address and whose it is ("scheduler Pat Lee", "the
    office's public address"), or none, with what the lead can do instead."""

    address: str
    whose: str
    staffer_id: int | None = None


def recipient(day: AdvocacyDay, meeting: DayMeeting) -> Recipient | None:
    """The office's scheduler this chapter knows, else its public email; None if neither."""
    if meeting.request_to:
        return Recipient(meeting.request_to, "the address you gave", meeting.staffer_id)
    scheduler = scheduler_for(meeting.official_id, day.chapter_id)
    if scheduler is not None:
        return Recipient(scheduler.email, f"scheduler {scheduler.name}", scheduler.id)
    official = meeting.official
    if official is not None and official.email:
        return Recipient(official.email, "the office's public address")
    return None


def public_contact(meeting: DayMeeting) -> str:
    """What an office offers the public when no scheduler is known: its form or phone."""
    official = meeting.official
    if official is None:
        return ""
    parts = []
    if official.contact_form_url:
        parts.append(f"its contact form ({official.contact_form_url})")
    phones = [o.phone for o in official.offices if o.phone and o.classification == "capitol"]
    if phones:
        parts.append(f"its phone ({phones[0]})")
    return " or ".join(parts)


def request_text(
    day: AdvocacyDay, meeting: DayMeeting, attendees: list[Attendee]
) -> tuple[str, str]:
    """The request's subject and body: who comes from the district, about what, when."""
    when = day.starts_on.strftime("%A %-d %B %Y")
    if day.ends_on != day.starts_on:
        when += " to " + day.ends_on.strftime("%A %-d %B %Y")
    subject = f"Meeting request: {day.chapter.name} constituents, {when}"
    lines = [
        f"Dear scheduler for {meeting.official_name},",
        "",
        f"{day.chapter.name} asks for a meeting with {meeting.official_name} or the staff "
        f"who cover health IT, on {when}"
        + (f", between {day.window}" if day.window else "")
        + (f", at {day.place}" if day.place else "")
        + ".",
        "",
        "Constituents who will attend:",
        *[f"- {a.name}" + (f", {_town(a.address)}" if _town(a.address) else "") for a in attendees],
        "",
    ]
    topics = [p.title for p in (day.campaign.talking_points if day.campaign else [])]
    if day.ask:
        lines += ["Our ask:", day.ask.strip(), ""]
    if topics:
        lines += ["Topics:", *[f"- {t}" for t in topics], ""]
    if day.bills:
        lines += ["Bills:", *[f"- {b.identifier}: {b.title}" for b in day.bills], ""]
    lines += [
        f"Please reply to {day.contact_name} <{day.contact_email}> with a time and room.",
        "",
        "Thank you,",
        day.contact_name,
        day.chapter.name,
    ]
    return subject, "\n".join(lines)


def _town(address: str | None) -> str:
    parts = [p.strip() for p in (address or "").split(",")]
    return parts[1] if len(parts) >= 3 else ""


def record_step(meeting: DayMeeting, user_id: int, action: str, details: dict) -> None:
    """One step of a meeting's history."""
    meeting.changes.append(history.step(DayMeetingChange, user_id, details, action=action))


def send_request(
    day: AdvocacyDay,
    meeting: DayMeeting,
    user_id: int,
    to: Recipient,
    attendees: list[Attendee] | None = None,
) -> bool:
    """Queue the office's request (once per sending: a resend is a new one); whether it was
    queued. `attendees`: the office's, when the caller has them. The caller commits."""
    if attendees is None:
        attendees = attendees_by_office(day).get(meeting.official_id, [])
    if not attendees:
        return False
    subject, body = request_text(day, meeting, attendees)
    number = meeting.requests_sent + 1
    queued = enqueue_message(
        to=to.address,
        subject=subject,
        body=body,
        dedupe_key=f"day-request:{meeting.id}:{number}",
        reply_to=day.contact_email,
    )
    if queued:
        before = {"status": meeting.status, "request_to": meeting.request_to}
        meeting.requests_sent = number
        meeting.request_to = to.address
        meeting.staffer_id = to.staffer_id
        if meeting.status == "to_request":
            meeting.status = "requested"
        record_step(
            meeting,
            user_id,
            "requested",
            history.changes(before, {"status": meeting.status, "request_to": to.address}),
        )
    return queued


def send_all(day: AdvocacyDay, user_id: int) -> tuple[list[DayMeeting], list[DayMeeting]]:
    """Request every office still to be asked that has constituents coming: (sent, those
    with no address to send to). The caller commits."""
    sent, missing = [], []
    grouped = attendees_by_office(day)
    for meeting in meetings_of(day):
        if meeting.status != "to_request" or not grouped.get(meeting.official_id):
            continue
        to = recipient(day, meeting)
        if to is None:
            missing.append(meeting)
        elif send_request(day, meeting, user_id, to, grouped[meeting.official_id]):
            sent.append(meeting)
    return sent, missing


MEETING_FIELDS = ("status", "starts_at", "ends_at", "room", "note")


def update_meeting(meeting: DayMeeting, user_id: int, values: dict[str, Any]) -> None:
    """Save the lead's edit of a meeting (status, time, room, note) with its history."""
    before = {k: _plain(getattr(meeting, k)) for k in MEETING_FIELDS}
    for key in MEETING_FIELDS:
        setattr(meeting, key, values[key])
    after = {k: _plain(values[k]) for k in MEETING_FIELDS}
    changed = history.changes(before, after)
    if changed:
        record_step(
            meeting, user_id, values["status"] if "status" in changed else "edited", changed
        )


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value
