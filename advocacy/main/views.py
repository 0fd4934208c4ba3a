"""Home page and the context every page shares."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    render_template,
    send_from_directory,
    url_for,
)
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from advocacy import clock
from advocacy.directory.status import data_status, data_version
from advocacy.extensions import db
from advocacy.theme import css

bp = Blueprint("main", __name__)


def cached_data_status() -> dict[str, Any]:
    """data_status(), reused for DATA_STATUS_CACHE_SECONDS by the app's clock (pages ask on
    every request), and made again at once when the live data or its corrections change;
    kept with the app, so it goes when the app does."""
    ttl = timedelta(seconds=current_app.config["DATA_STATUS_CACHE_SECONDS"])
    now, version = clock.now(), data_version()
    hit = current_app.extensions.get("advocacy.data_status")
    if hit and hit[1] == version and timedelta(0) <= now - hit[0] < ttl:
        return hit[2]
    status = data_status(current_app.config, now)
    current_app.extensions["advocacy.data_status"] = (now, version, status)
    return status


def inject_data_status() -> dict[str, Any]:
    """Every template gets `data_status`, so the base layout can show the stale notice."""
    try:
        return {"data_status": cached_data_status()}
    except Exception:  # noqa: BLE001  (no schema yet: the page still renders, with a notice)
        current_app.logger.exception("data status unavailable")
        return {
            "data_status": {
                "stale": True,
                "stale_reasons": ["the database is not ready"],
                "counts": {},
                "total_legislators": 0,
            }
        }


def inject_org() -> dict[str, Any]:
    """Every template gets `org`: the organisation's name, short name and logo."""
    cfg = current_app.config
    logo = cfg.get("ORG_LOGO") or "logo.svg"
    return {
        "org": {
            "name": cfg["ORG_NAME"],
            "short_name": cfg["ORG_SHORT_NAME"],
            "logo": url_for("static", filename=logo),
        }
    }


@bp.get("/theme.css")
def theme_css():
    """The organisation's colours as CSS variables (ORG_ACCENT)."""
    response = Response(css(current_app.config), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it at the root."""
    return send_from_directory(Path(current_app.static_folder), "favicon.ico", max_age=86400)


@bp.get("/")
def index():
    """Home page: find your officials; what the directory holds."""
    from advocacy.lookup.forms import LookupForm

    return render_template("main/index.html", form=LookupForm())


@bp.get("/healthz")
def healthz():
    """The process answers (for a load balancer's liveness check): no database work."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready to serve members: the database answers and holds fresh officials data.
    503 with the reasons otherwise (for a load balancer's readiness check)."""
    try:
        db.session.execute(text("SELECT 1"))
        status = data_status(current_app.config)
    except SQLAlchemyError as exc:
        db.session.rollback()
        return jsonify(status="unavailable", reasons=[f"database: {type(exc).__name__}"]), 503
    reasons = list(status["stale_reasons"])
    body = {
        "status": "unready" if reasons else "ready",
        "reasons": reasons,
        "officials": status["counts"],
        "checked_at": status["checked_at"],
    }
    return jsonify(body), 503 if reasons else 200


@bp.get("/metrics")
def metrics():
    """Prometheus metrics (METRICS_ENABLED; METRICS_TOKEN when set)."""
    from advocacy.delivery.outbox import depth
    from advocacy.observability import metrics_response

    return metrics_response(depth() if current_app.config.get("METRICS_ENABLED") else {})
