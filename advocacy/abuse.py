"""Abuse limits beyond Flask-Limiter's per-route ones: counters keyed by what a request
carries (a member's email, an account), kept in the same storage (RATELIMIT_STORAGE_URI:
memory for one process, Redis for several), and a honeypot field for public forms.

Emails never reach the storage in clear: a counter is keyed by keys.member_key.
"""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import parse_many
from wtforms import StringField
from wtforms.validators import ValidationError

from advocacy.extensions import limiter
from advocacy.keys import member_key

log = logging.getLogger(__name__)
NAMESPACE = "advocacy"


def _items(setting: str):
    value = current_app.config.get(setting)
    return parse_many(value) if value else []


def _active() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True)) and limiter.enabled


def take(setting: str, *key: str) -> bool:
    """Count one against every limit of `setting` for key; False (counting nothing) when
    one is used up. A storage that does not answer lets the request through (logged):
    a down Redis must not stop a march."""
    items = _items(setting)
    if not items or not _active():
        return True
    try:
        strategy = limiter.limiter
        if not all(strategy.test(item, NAMESPACE, setting, *key) for item in items):
            return False
        for item in items:
            strategy.hit(item, NAMESPACE, setting, *key)
    except Exception:  # the storage's own errors differ by backend
        log.warning("rate-limit storage did not answer; %s not enforced", setting, exc_info=True)
    return True


def used_up(setting: str, *key: str) -> bool:
    """Whether a limit of `setting` is used up for key (counting nothing)."""
    items = _items(setting)
    if not items or not _active():
        return False
    try:
        return not all(limiter.limiter.test(item, NAMESPACE, setting, *key) for item in items)
    except Exception:
        log.warning("rate-limit storage did not answer; %s not checked", setting, exc_info=True)
        return False


def count(setting: str, *key: str) -> None:
    """Count one against `setting` for key (a failed sign-in, say)."""
    items = _items(setting)
    if not items or not _active():
        return
    try:
        for item in items:
            limiter.limiter.hit(item, NAMESPACE, setting, *key)
    except Exception:
        log.warning("rate-limit storage did not answer; %s not counted", setting, exc_info=True)


def limit_member_posts(blueprint, scope: str) -> None:
    """A public blueprint's posts, per client address, at MARCH_RATE_LIMIT (none if unset):
    a room on one conference Wi-Fi still gets through, a script does not."""
    limiter.limit(
        lambda: current_app.config["MARCH_RATE_LIMIT"] or "",
        methods=["POST"],
        scope=scope,
        exempt_when=lambda: not current_app.config["MARCH_RATE_LIMIT"],
    )(blueprint)


def email_key(email: str) -> str:
    return member_key(current_app.config, email)


def client_address() -> str:
    return get_remote_address() or "unknown"


# --- honeypot ------------------------------------------------------------------------------

HONEYPOT_LABEL = "Leave this field empty"
TRAPPED = "This form could not be accepted. If you are a person, please try again."


def _empty(form, field) -> None:
    if field.data:
        current_app.logger.info("honeypot filled on %s", request.path)
        raise ValidationError(TRAPPED)


class Honeypot:
    """Mixed into public forms: a field people never see or fill (hidden by CSS, out of
    the tab order, autocomplete off); a bot that fills every field is refused with 400."""

    website = StringField(HONEYPOT_LABEL, validators=[_empty])
