"""An attendee's day: their confirmed meetings in order, clustered by building, with the
walk between buildings, and every conflict shown (a meeting too close to the last one for
the walk, before they arrive, or running past their departure), never hidden.

Where a meeting is comes from the room the office confirmed ("SR-425", "425 Russell"),
else from the office's capitol address in the directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from advocacy import clock
from advocacy.models import AdvocacyDay, Attendee, DayMeeting
from advocacy.months import in_zone

# The Capitol complex's office buildings, by the names and abbreviations offices use.
BUILDINGS = {
    "Russell": ("senate", r"russell|\bsr\b|\bsrob\b"),
    "Dirksen": ("senate", r"dirksen|\bsd\b|\bsdob\b"),
    "Hart": ("senate", r"\bhart\b|\bsh\b|\bshob\b"),
    "Cannon": ("house", r"cannon|\bchob\b"),
    "Longworth": ("house", r"longworth|\blhob\b"),
    "Rayburn": ("house", r"rayburn|\brhob\b"),
    "Capitol": ("capitol", r"\bcapitol\b|state house|statehouse"),
}
# Walking minutes, with security lines and lifts: the Senate's buildings are joined by
# tunnels, as are the House's; crossing from one side to the other takes the longest.
SAME_BUILDING = 5
SAME_SIDE = 10
ACROSS = 20
UNKNOWN = 15


def building_of(*texts: str | None) -> str | None:
    """The building a room or an address names, if any (the first text that names one)."""
    for text in texts:
        lowered = (text or "").lower().replace("-", " ")
        for name, (_side, pattern) in BUILDINGS.items():
            if re.search(pattern, lowered):
                return name
    return None


def travel_minutes(start: str | None, end: str | None) -> int:
    """Minutes to walk between two buildings (a guess when either is not known)."""
    if start is None or end is None:
        return UNKNOWN
    if start == end:
        return SAME_BUILDING
    if BUILDINGS[start][0] == BUILDINGS[end][0]:
        return SAME_SIDE
    return ACROSS


def meeting_building(meeting: DayMeeting) -> str | None:
    official = meeting.official
    addresses = [
        o.address for o in (official.offices if official else []) if o.classification == "capitol"
    ]
    return building_of(meeting.room, *addresses)


@dataclass
class Stop:
    """One meeting on an attendee's day, with the walk to it and what is wrong."""

    meeting: DayMeeting
    building: str | None
    starts: datetime
    ends: datetime
    walk_from: str | None = None
    walk_minutes: int = 0
    leave_by: datetime | None = None
    conflicts: list[str] = field(default_factory=list)


@dataclass
class Itinerary:
    attendee: Attendee
    stops: list[Stop]
    unconfirmed: list[DayMeeting]
    zone: ZoneInfo

    @property
    def conflicts(self) -> int:
        return sum(len(s.conflicts) for s in self.stops)


def itinerary(day: AdvocacyDay, attendee: Attendee, meetings: list[DayMeeting]) -> Itinerary:
    """The attendee's confirmed meetings in time order with walks and conflicts; the
    offices not yet confirmed are listed apart."""
    zone = ZoneInfo(day.timezone)
    mine = {o.id for o in attendee.offices}
    relevant = [m for m in meetings if m.official_id in mine]
    confirmed = sorted(
        (m for m in relevant if m.status in ("confirmed", "staff") and m.starts_at),
        key=lambda m: m.starts_at.replace(tzinfo=m.starts_at.tzinfo or UTC),
    )
    arrive, depart = (
        in_zone(attendee.arrive_at, day.timezone),
        in_zone(attendee.depart_at, day.timezone),
    )
    stops: list[Stop] = []
    for meeting in confirmed:
        starts = in_zone(meeting.starts_at, day.timezone)
        ends = (
            in_zone(meeting.ends_at, day.timezone)
            if meeting.ends_at
            else starts + timedelta(minutes=30)
        )
        stop = Stop(meeting, meeting_building(meeting), starts, ends)
        if stops:
            last = stops[-1]
            stop.walk_from = last.building
            stop.walk_minutes = travel_minutes(last.building, stop.building)
            stop.leave_by = last.ends
            there = last.ends + timedelta(minutes=stop.walk_minutes)
            if there > starts:
                late = int((there - starts).total_seconds() // 60)
                stop.conflicts.append(
                    f"Starts {late} "
                    f"minutes before you can get there from {last.building or 'the last meeting'} "
                    f"({stop.walk_minutes} minutes' walk)."
                )
        if starts < arrive:
            stop.conflicts.append("Starts before you arrive.")
        if ends > depart:
            stop.conflicts.append("Runs past your departure.")
        stops.append(stop)
    unconfirmed = [m for m in relevant if m not in confirmed and m.status != "declined"]
    return Itinerary(attendee, stops, unconfirmed, zone)


def to_ical(day: AdvocacyDay, plan: Itinerary, url: str) -> bytes:
    """The attendee's confirmed meetings as a calendar feed (RFC 5545), times in UTC."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//advocacy//Advocacy day//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{day.title}: {plan.attendee.name}")
    stamp = clock.now()
    for stop in plan.stops:
        meeting = stop.meeting
        item = icalendar.Event()
        item.add("uid", f"day-{day.id}-meeting-{meeting.id}-attendee-{plan.attendee.id}@advocacy")
        item.add("dtstamp", stamp)
        item.add("dtstart", stop.starts.astimezone(UTC))
        item.add("dtend", stop.ends.astimezone(UTC))
        item.add("summary", f"Meeting: {meeting.official_name}")
        where = ", ".join(p for p in (meeting.room, stop.building) if p)
        item.add("location", where)
        details = [f"{meeting.office} {meeting.official_name}"]
        if stop.walk_from:
            details.append(f"Walk from {stop.walk_from}: {stop.walk_minutes} minutes.")
        details += stop.conflicts
        item.add("description", "\n".join(details))
        item.add("url", url)
        calendar.add_component(item)
    return calendar.to_ical()
