"""Month arithmetic, in one place: month edges, stepping, parsing, and the month a send
counts in (its chapter's calendar, REPORT_TIMEZONE without one)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from flask import current_app, has_app_context
from sqlalchemy import text

from advocacy import config as defaults


def month_start(day: date) -> date:
    """The first day of the month `day` falls in."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the following month."""
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    """The first day of the previous month."""
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def parse_month(value: str | None) -> date | None:
    """ "2026-09" as the first day of that month (years 2000-2100), or None."""
    if not value or len(value) != 7 or value[4] != "-":
        return None
    year, number = value[:4], value[5:]
    if not (year.isascii() and year.isdigit() and number.isascii() and number.isdigit()):
        return None
    if not (2000 <= int(year) <= 2100 and 1 <= int(number) <= 12):
        return None
    return date(int(year), int(number), 1)


def day_start_utc(day: date, zone: str) -> datetime:
    """Midnight at the start of `day` in `zone`, as a UTC time.

    In UTC because SQLite stores naive UTC and would compare a zoned time's wall clock.
    """
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def default_zone() -> str:
    """REPORT_TIMEZONE of the running app (the shipped default outside one)."""
    if has_app_context():
        return current_app.config["REPORT_TIMEZONE"]
    return defaults.REPORT_TIMEZONE


def month_in_zone(moment: datetime, zone: str) -> date:
    """The first day of the month `moment` falls in, read in `zone`."""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(ZoneInfo(zone))
    return date(local.year, local.month, 1)


def send_month(connection, chapter_id: int | None, moment: datetime) -> date:
    """The month a send made at `moment` by a member of `chapter_id` counts in."""
    zone = None
    if chapter_id is not None:
        zone = connection.execute(
            text("SELECT timezone FROM chapters WHERE id = :id"), {"id": chapter_id}
        ).scalar()
    return month_in_zone(moment, zone or default_zone())


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows (read from disk once, not per form)."""
    return frozenset(available_timezones())


def in_zone(moment: datetime, zone: str | None) -> datetime:
    """A stored UTC time on a clock (an unknown zone reads as UTC rather than failing)."""
    if moment.tzinfo is None:  # SQLite gives naive UTC
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(ZoneInfo(zone or "UTC"))
    except (ValueError, KeyError):
        return moment.astimezone(UTC)


def clock_time(moment: datetime) -> str:
    """ "10:04 EST": a zoned time with its zone named."""
    return moment.strftime("%H:%M ") + (moment.tzname() or "UTC")


def local_time(moment: datetime | None, zone: str | None) -> str:
    """ "2026-11-21 10:04 EST": a stored UTC time on a chapter's clock, the zone named."""
    if moment is None:
        return ""
    here = in_zone(moment, zone)
    return f"{here:%Y-%m-%d} {clock_time(here)}"
