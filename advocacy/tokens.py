"""Signed, expiring tokens for links sent by email (invitations, resets, member history)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

INVITE_DAYS = 7
RESET_HOURS = 2
HISTORY_HOURS = 24


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"advocacy.{purpose}")


def make_token(purpose: str, payload: Any) -> str:
    """A token carrying payload, signed for one purpose."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age_seconds: int) -> Any | None:
    """The payload of a valid, unexpired token for this purpose, or None."""
    if not token or len(token) > 2000:
        return None
    try:
        return _serializer(purpose).loads(token, max_age=max_age_seconds)
    except BadSignature:  # includes SignatureExpired
        return None
