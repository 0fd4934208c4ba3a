"""The day a stored moment falls on, on a chapter's or the campaigns' calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

from advocacy.reports.counting import day_in


def test_a_late_evening_send_is_that_evenings_day_however_it_is_stored():
    """9 pm in New York on 3 October is 01:00 UTC on the 4th: the report's day is the 3rd,
    whether the database hands the moment back with its zone (PostgreSQL) or naive in UTC
    (SQLite)."""
    aware = datetime(2026, 10, 4, 1, 0, tzinfo=UTC)
    naive = datetime(2026, 10, 4, 1, 0)
    assert day_in(aware, "America/New_York") == date(2026, 10, 3)
    assert day_in(naive, "America/New_York") == date(2026, 10, 3)
    assert day_in(naive, "UTC") == date(2026, 10, 4)
