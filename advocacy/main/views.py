"""Home page and the context every page shares."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, current_app, render_template

from advocacy.directory.status import data_status

bp = Blueprint("main", __name__)

_status_cache: dict[str, Any] = {}


def cached_data_status() -> dict[str, Any]:
    """data_status(), reused for DATA_STATUS_CACHE_SECONDS (pages ask on every request)."""
    ttl = current_app.config["DATA_STATUS_CACHE_SECONDS"]
    key = current_app.config["SQLALCHEMY_DATABASE_URI"]
    hit = _status_cache.get(key)
    if hit and ttl > 0 and time.monotonic() - hit[0] < ttl:
        return hit[1]
    status = data_status(current_app.config)
    _status_cache[key] = (time.monotonic(), status)
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


@bp.get("/")
def index():
    """Home page: find your officials; what the directory holds."""
    from advocacy.lookup.forms import LookupForm

    return render_template("main/index.html", form=LookupForm())
