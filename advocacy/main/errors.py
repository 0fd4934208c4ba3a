"""Error pages: JSON under /api/, HTML elsewhere, never a stack trace; every request has an
id (X-Request-ID), and an error that reaches the log names it, as the 500 page does."""

from __future__ import annotations

import time

from flask import Flask, jsonify, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import (
    Conflict,
    HTTPException,
    InternalServerError,
    ServiceUnavailable,
)

from advocacy.extensions import db, limiter
from advocacy.observability import request_id
from advocacy.text import wait_words

RETRY_SECONDS = 2
# SQLSTATE classes a moment later may cure: connection exceptions (08), transaction rollback
# (40: serialization failure, deadlock), insufficient resources (53), operator intervention
# (57: shutdown, cancelled by a timeout), lock not available (55P03).
TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57")
TRANSIENT_SQLSTATES = ("55P03",)
# SQLite's words for a lock held past the busy timeout, or a file it cannot reach now.
TRANSIENT_SQLITE = ("database is locked", "database table is locked", "unable to open database")


def transient(exc: OperationalError) -> bool:
    """Whether a database error is one of waiting (a lock, a lost or refused connection),
    where trying again is the answer, rather than a bug ("no such column") that a retry
    would only repeat."""
    if exc.connection_invalidated:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate:
        return sqlstate[:2] in TRANSIENT_SQLSTATE_CLASSES or sqlstate in TRANSIENT_SQLSTATES
    if type(exc.orig).__module__.startswith("psycopg"):
        return True  # no SQLSTATE: the connection itself failed
    message = str(exc.orig).lower()
    return any(words in message for words in TRANSIENT_SQLITE)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


# Fields a limited post never carries back: the stale token; passwords are never written
# into a page.
NOT_KEPT = ("csrf_token",)


def _kept(name: str) -> bool:
    return name not in NOT_KEPT and "password" not in name.lower()


def retry_seconds() -> int:
    """When the limit that stopped this request lets it through again (at least 1 s)."""
    try:
        breached = [lim for lim in limiter.current_limits if lim.breached]
        reset = max(lim.reset_at for lim in breached) if breached else None
    except Exception:  # noqa: BLE001  (a storage that stopped answering: say a minute)
        reset = None
    return max(1, int(reset - time.time())) if reset else 60


def limited_page(exc: RateLimitExceeded, headers):
    """Our page for a limited post: what happened, when to try again, and a button that
    sends what the member wrote again (kept in the page, never lost)."""
    kept = [(k, v) for k, v in request.form.items(multi=True) if _kept(k)]
    page = render_template(
        "errors/limited.html",
        error=exc,
        wait=retry_seconds(),
        wait_words=wait_words,
        kept=kept if request.method == "POST" else [],
        files=bool(request.files),
    )
    return page, 429, headers


def error_page(exc: HTTPException):
    """An HTTP error as JSON under /api/, else as a page (a limited post as our own)."""
    # Keep what the error says in its headers (Allow on a 405, WWW-Authenticate...).
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    if _wants_json():
        body = jsonify(error=exc.name, message=exc.description, status=exc.code)
        return body, exc.code, headers
    if isinstance(exc, RateLimitExceeded):
        return limited_page(exc, headers)
    page = render_template("error.html", error=exc, request_id=request_id())
    return page, exc.code, headers


def register(app: Flask) -> None:
    """Install the handlers and the request id."""

    @app.after_request
    def _stamp(response):
        response.headers["X-Request-ID"] = request_id()
        return response

    http_error = app.errorhandler(HTTPException)(error_page)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        exc.description = (
            "This form expired or came from another site, so nothing was sent. "
            "Please go back, reload the page and submit it again."
        )
        return http_error(exc)

    @app.errorhandler(OperationalError)
    def database_busy(exc: OperationalError):
        # SQLite's lock held past the busy timeout, a PostgreSQL lock or connection
        # failure: nothing was saved, and trying again in a moment is the answer. Any
        # other operational error is a bug: a 500, logged with its traceback.
        if not transient(exc):
            return unexpected(exc)
        db.session.rollback()
        app.logger.warning("database unavailable [request %s]: %s", request_id(), exc.orig)
        busy = ServiceUnavailable(
            "We are busy right now and nothing was saved. Please try again in a moment."
        )
        busy.retry_after = RETRY_SECONDS
        return http_error(busy)

    @app.errorhandler(IntegrityError)
    def changed_meanwhile(exc: IntegrityError):
        # Two people saving the same new thing at once: the database kept one.
        db.session.rollback()
        app.logger.warning("integrity conflict [request %s]: %s", request_id(), exc.orig)
        return http_error(
            Conflict(
                "Someone saved the same thing at the same moment, so nothing was changed. "
                "Please reload the page and check before trying again."
            )
        )

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error [request %s]", request_id())
        # The failed transaction must not break the error page's own queries.
        db.session.rollback()
        return http_error(InternalServerError())
