"""Error pages: JSON under /api/, HTML elsewhere, never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if _wants_json():
            return jsonify(error=exc.name, message=exc.description, status=exc.code), exc.code
        return render_template("error.html", error=exc), exc.code

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        exc.description = (
            "This form expired or came from another site, so nothing was sent. "
            "Please go back, reload the page and submit it again."
        )
        return http_error(exc)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        # The failed transaction must not break the error page's own queries.
        from advocacy.extensions import db

        db.session.rollback()
        return http_error(InternalServerError())
