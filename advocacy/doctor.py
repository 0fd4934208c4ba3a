"""`flask doctor`: what in a deployment's settings is unsafe, and what only deserves a look.

Each check returns findings; an unsafe one makes the command exit non-zero, so it can
gate a deploy.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from advocacy.directory.status import data_status
from advocacy.extensions import db
from advocacy.keys import KNOWN_KEYS
from advocacy.theme import accent_problem


@dataclass
class Finding:
    """One thing doctor says: unsafe (exit 1) or a notice."""

    unsafe: bool
    area: str
    message: str


KEY = (
    "SECRET_KEY is a well-known value or shorter than 32 characters: anyone could sign a "
    "lead's session. Set one: python -c 'import secrets; print(secrets.token_hex(32))'."
)
KEY_FILE = (
    "SECRET_KEY was made into {path}: fine for one machine; machines serving one site must "
    "share a key (set SECRET_KEY on each)."
)
NO_HTTPS = (
    "HTTPS is off: session cookies travel in clear and no HSTS is sent. Serve over HTTPS "
    "and set HTTPS=true (and PROXY_COUNT behind a proxy)."
)
NO_MAIL = "SMTP_HOST is unset: 'send it for me', invitations and resets by email are not offered."
MEMORY_LIMITS = (
    "rate-limit counters live in each process (memory://): with several workers or machines "
    "use redis://."
)
SQLITE = "SQLite: fine for one machine; several servers need PostgreSQL."


def examine(app: Flask) -> list[Finding]:
    """Every check, on the app's own settings (run inside its app context)."""
    cfg = app.config
    found = []
    key = str(cfg.get("SECRET_KEY") or "")
    if key.strip().lower() in KNOWN_KEYS or len(key) < 32:
        found.append(Finding(True, "key", KEY))
    elif app.extensions.get("advocacy.key_file"):
        found.append(
            Finding(False, "key", KEY_FILE.format(path=app.extensions["advocacy.key_file"]))
        )
    if not cfg.get("HTTPS"):
        found.append(Finding(True, "proxy", NO_HTTPS))
    found += _database(app)
    found += _mail(cfg) if cfg.get("SMTP_HOST") else [Finding(False, "mail", NO_MAIL)]
    found += _limits(str(cfg.get("RATELIMIT_STORAGE_URI") or "memory://"))
    accent = accent_problem(cfg.get("ORG_ACCENT"))
    if accent:
        found.append(Finding(False, "look", f"{accent}: pages use the default colour."))
    return found


def _limits(uri: str) -> list[Finding]:
    if uri.startswith("memory://"):
        return [Finding(False, "limits", MEMORY_LIMITS)]
    from limits.storage import storage_from_string

    try:
        answers = storage_from_string(uri).check()
    except Exception as exc:  # the storage's own errors differ by backend
        answers, why = False, type(exc).__name__
    else:
        why = "no answer"
    if not answers:
        return [Finding(True, "limits", f"the rate-limit storage does not answer ({why}).")]
    return []


def _database(app: Flask) -> list[Finding]:
    try:
        connection = db.session.connection()
        current = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory(app.extensions["migrate"].directory).get_current_head()
    except SQLAlchemyError as exc:
        db.session.rollback()
        return [Finding(True, "database", f"the database does not answer: {type(exc).__name__}")]
    found = []
    if current != head:
        message = f"the schema is at {current}, not {head}: run 'flask db upgrade'."
        found.append(Finding(True, "database", message))
    if connection.dialect.name == "sqlite":
        found.append(Finding(False, "database", SQLITE))
    if current == head:
        for reason in data_status(app.config)["stale_reasons"]:
            found.append(Finding(False, "data", f"officials data: {reason}"))
    return found


def _mail(cfg) -> list[Finding]:
    where = f"{cfg['SMTP_HOST']}:{cfg['SMTP_PORT']}"
    try:
        with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"]) as s:
            s.noop()
    except (smtplib.SMTPException, OSError) as exc:
        message = f"the SMTP server {where} does not answer ({type(exc).__name__})."
        return [Finding(True, "mail", message)]
    return []
