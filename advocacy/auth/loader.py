"""Flask-Login's user loader: the signed-in account of a session cookie."""

from __future__ import annotations

from advocacy.extensions import db
from advocacy.models import User

MAX_ID = 2**31 - 1  # larger ids cannot exist, and PostgreSQL would refuse to compare them


def load_user(user_id: str) -> User | None:
    """The account a session names, or None (a forged or stale id is nobody)."""
    if not (user_id.isascii() and user_id.isdigit()) or not 0 < int(user_id) <= MAX_ID:
        return None
    return db.session.get(User, int(user_id))
