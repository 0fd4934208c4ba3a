"""Column helpers shared by the models."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now, for callable column defaults (never a module-level timestamp)."""
    return datetime.now(UTC)
