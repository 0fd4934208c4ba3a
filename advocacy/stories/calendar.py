"""Approved events as iCalendar (RFC 5545): the whole feed or one event to download."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar

from advocacy import clock
from advocacy.models import Event


def to_ical(events: Iterable[Event], url_for_event, name: str) -> bytes:
    """A VCALENDAR of these events; times in UTC so every calendar reads them alike."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//advocacy//NHIT Week events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = clock.now()
    for event in events:
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", _utc(event.starts_at))
        item.add("dtend", _utc(event.ends_at))
        item.add("summary", event.title)
        details = [event.description] if event.description else []
        if event.online_url:
            details.append(f"Join online: {event.online_url}")
        details.append(f"Hosted by {event.chapter.name}.")
        item.add("description", "\n\n".join(details))
        item.add("location", event.place or event.online_url or "")
        if event.online_url:
            item.add("url", event.online_url)
        else:
            item.add("url", url_for_event(event))
        item.add("last-modified", _utc(event.updated_at))
        calendar.add_component(item)
    return calendar.to_ical()


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
