"""What time it is, for the whole app: one place to ask.

Every "now" and "today" the app uses comes from here, so one request sees one calendar and
a test sets the app's clock (a fixed start that may move on) instead of patching datetime
or writing dates that rot. Without a clock set (every deployment), it is the system's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

# Where an app keeps a clock of its own: a callable returning an aware datetime.
EXTENSION = "advocacy.clock"


def now() -> datetime:
    """Timezone-aware UTC now: the app's clock when it has one, else the system's."""
    if has_app_context():
        clock: Callable[[], datetime] | None = current_app.extensions.get(EXTENSION)
        if clock is not None:
            return clock().astimezone(UTC)
    return datetime.now(UTC)


def today(zone: str | None = None) -> date:
    """Today's date in UTC, or on `zone`'s calendar ("America/New_York")."""
    moment = now()
    return moment.astimezone(ZoneInfo(zone)).date() if zone else moment.date()
