"""Passwords: argon2id hashes; older werkzeug hashes still verify and are upgraded."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from werkzeug.security import check_password_hash

from advocacy import config as defaults

MIN_LENGTH = 10
# Verified against when an email is unknown, so both cases cost the same.
_DUMMY_PASSWORD = "not a password anyone has"  # noqa: S105  (never anyone's)
_hashers: dict[tuple[int, int, int], tuple[PasswordHasher, str]] = {}


def _hasher() -> tuple[PasswordHasher, str]:
    """The hasher for the app's PASSWORD_HASH_* costs, and a dummy hash made with it
    (built on first use, not at import)."""
    source = current_app.config if has_app_context() else vars(defaults)
    costs = (
        source["PASSWORD_HASH_TIME_COST"],
        source["PASSWORD_HASH_MEMORY_KIB"],
        source["PASSWORD_HASH_PARALLELISM"],
    )
    found = _hashers.get(costs)
    if found is None:
        hasher = PasswordHasher(time_cost=costs[0], memory_cost=costs[1], parallelism=costs[2])
        found = _hashers[costs] = (hasher, hasher.hash(_DUMMY_PASSWORD))
    return found


def hash_password(password: str) -> str:
    """An argon2id hash."""
    return _hasher()[0].hash(password)


def verify_password(stored: str | None, password: str) -> tuple[bool, bool]:
    """(matches, should be rehashed). A missing hash still costs one verification."""
    hasher, dummy = _hasher()
    if not stored or not stored.startswith("$argon2"):
        if stored and stored.startswith(("scrypt:", "pbkdf2:")):
            return check_password_hash(stored, password), True
        _verify(hasher, dummy, password)
        return False, False
    ok = _verify(hasher, stored, password)
    return ok, ok and hasher.check_needs_rehash(stored)


def _verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > 200:
        return "Use at most 200 characters."
    return None
