"""An attendee's day as the schedule draws it: buildings from rooms and addresses, the walk
between them, and conflicts shown (too close for the walk, before arrival, past departure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from advocacy.days.schedule import building_of, itinerary, travel_minutes
from advocacy.models import AdvocacyDay, Attendee, DayMeeting, Office, Official

NINE = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # 09:00 in Washington that day


def _official(i: int, address: str) -> Official:
    official = Official(id=i, full_name=f"Member {i}", sort_name=f"{i}", family_name=f"{i}")
    official.offices = [Office(classification="capitol", address=address)]
    return official


def _meeting(official: Official, start: datetime, minutes: int = 30, room: str = "") -> DayMeeting:
    return DayMeeting(
        official_id=official.id, official=official, official_name=official.full_name,
        office="U.S. Senator", status="confirmed", starts_at=start,
        ends_at=start + timedelta(minutes=minutes), room=room,
    )  # fmt: skip


def _plan(meetings, officials, depart_hours=6):
    day = AdvocacyDay(id=1, timezone="America/New_York")
    attendee = Attendee(
        id=1, name="Ana", arrive_at=NINE - timedelta(minutes=30),
        depart_at=NINE + timedelta(hours=depart_hours),
    )  # fmt: skip
    attendee.offices = officials
    return itinerary(day, attendee, meetings)


def test_buildings_come_from_the_room_or_else_the_office_address():
    assert building_of("SR-317") == "Russell"
    assert building_of("2157 RHOB") == "Rayburn"
    assert building_of("", "311 Hart Senate Office Building Washington DC 20510") == "Hart"
    assert building_of("Room 4") is None
    assert travel_minutes("Russell", "Russell") == 5
    assert travel_minutes("Russell", "Dirksen") == 10
    assert travel_minutes("Russell", "Rayburn") == 20


def test_meetings_in_time_order_with_the_walk_and_no_conflict_when_there_is_time():
    senator = _official(1, "317 Russell Senate Office Building Washington DC 20510")
    rep = _official(2, "2157 Rayburn House Office Building Washington DC 20515")
    later = _meeting(rep, NINE + timedelta(hours=1))
    first = _meeting(senator, NINE)
    plan = _plan([later, first], [senator, rep])
    assert [s.building for s in plan.stops] == ["Russell", "Rayburn"]
    assert (plan.stops[1].walk_from, plan.stops[1].walk_minutes) == ("Russell", 20)
    assert plan.conflicts == 0


def test_a_meeting_too_close_for_the_walk_or_past_departure_is_a_conflict():
    senator = _official(1, "317 Russell Senate Office Building Washington DC 20510")
    rep = _official(2, "2157 Rayburn House Office Building Washington DC 20515")
    other = _official(3, "1 Cannon House Office Building Washington DC 20515")
    close = _meeting(rep, NINE + timedelta(minutes=40))  # 10 minutes after, 20 to walk
    late = _meeting(other, NINE + timedelta(hours=2, minutes=45))
    plan = _plan([_meeting(senator, NINE), close, late], [senator, rep, other], depart_hours=3)
    assert plan.stops[1].conflicts == [
        "Starts 10 minutes before you can get there from Russell (20 minutes' walk)."
    ]
    assert plan.stops[2].conflicts == ["Runs past your departure."]
    # Offices that do not represent the attendee are not on their day.
    assert len(_plan([_meeting(senator, NINE)], [rep]).stops) == 0
