"""After a meeting: the short report that becomes the log entry (a `meeting`, logged) with
the attendees and the staff who were there, the position heard and the follow-up promised,
and the day's summary of meetings held, positions heard and follow-ups open."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from advocacy.days.plan import record_step
from advocacy.extensions import db
from advocacy.interactions.logbook import create_entry
from advocacy.models import AdvocacyDay, Attendee, DayMeeting, Staffer, history
from advocacy.relationships.staff import link_to_entry


def file_report(
    day: AdvocacyDay,
    meeting: DayMeeting,
    user_id: int,
    values: dict[str, Any],
    attendees: list[Attendee],
    staff: list[Staffer],
):
    """Make the meeting's log entry, linking the staff; the meeting keeps it (one report
    per meeting). The caller commits."""
    who = [a.name for a in attendees if a.name]
    met = [s.name for s in staff] + ([meeting.official_name] if values["met_official"] else [])
    topics = [p.title for p in (day.campaign.talking_points if day.campaign else [])]
    notes = values["said"].strip()
    if values["follow_up"]:
        notes += ("\n\n" if notes else "") + "Follow-up promised: " + values["follow_up"].strip()
    entry = create_entry(
        user_id,
        {
            "chapter_id": day.chapter_id,
            "kind": "meeting",
            "occurred_on": values["occurred_on"],
            "campaign_id": day.campaign_id,
            "issue": day.title[:200],
            "participants": "; ".join(
                part
                for part in (
                    ("Our attendees: " + ", ".join(who)) if who else "",
                    ("Met: " + ", ".join(met)) if met else "",
                )
                if part
            ),
            "topics": "\n".join(topics + [b.identifier for b in day.bills]),
            "notes": notes,
            "outcome": values["outcome"],
            "follow_up_on": values["follow_up_on"],
            "follow_up_done": False,
        },
        [meeting.official_id],
        [b.id for b in day.bills],
    )
    db.session.flush()
    link_to_entry(entry.id, staff, meeting.official_id)
    meeting.log_entry_id = entry.id
    record_step(meeting, user_id, "reported", history.changes({}, {"log_entry": entry.id}))
    return entry


@dataclass
class Summary:
    held: int
    confirmed: int
    requested: int
    to_request: int
    declined: int
    positions: Counter
    follow_ups_open: int


def summary(meetings: list[DayMeeting]) -> Summary:
    """What the day has come to: meetings held (reported), where each office stands, the
    positions heard and the follow-ups still open."""
    status = Counter(m.status for m in meetings)
    entries = [m.log_entry for m in meetings if m.log_entry is not None]
    entries = [e for e in entries if e.deleted_at is None]
    return Summary(
        held=len(entries),
        confirmed=status["confirmed"] + status["staff"],
        requested=status["requested"],
        to_request=status["to_request"],
        declined=status["declined"],
        positions=Counter(e.outcome for e in entries),
        follow_ups_open=sum(1 for e in entries if e.follow_up_on and not e.follow_up_done),
    )
