"""Which month a send counts in: its chapter's calendar, REPORT_TIMEZONE without one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from sqlalchemy import text

from advocacy import config as defaults


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
