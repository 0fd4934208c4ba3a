"""Column helpers shared by the models."""

from datetime import datetime

from advocacy import clock


def utcnow() -> datetime:
    """Timezone-aware now, for callable column defaults (never a module-level timestamp)."""
    return clock.now()


def sql_in(values: tuple[str, ...]) -> str:
    """ "('a', 'b')" for a CHECK constraint listing the allowed values."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"
