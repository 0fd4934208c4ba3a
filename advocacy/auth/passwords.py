"""Passwords: argon2id hashes; older werkzeug hashes still verify and are upgraded."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

_hasher = PasswordHasher()
# Verified against when an email is unknown, so both cases cost the same.
_DUMMY = _hasher.hash("not a password anyone has")
MIN_LENGTH = 10


def hash_password(password: str) -> str:
    """An argon2id hash."""
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> tuple[bool, bool]:
    """(matches, should be rehashed). A missing hash still costs one verification."""
    if not stored or not stored.startswith("$argon2"):
        if stored and stored.startswith(("scrypt:", "pbkdf2:")):
            return check_password_hash(stored, password), True
        _verify(_DUMMY, password)
        return False, False
    ok = _verify(stored, password)
    return ok, ok and _hasher.check_needs_rehash(stored)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > 200:
        return "Use at most 200 characters."
    return None
