"""JSON API for the directory (/api/v1)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, jsonify

from advocacy.directory.queries import get_official, official_json

bp = Blueprint("directory_api", __name__, url_prefix="/api/v1")


@bp.get("/officials/<int:official_id>")
def official(official_id: int):
    """One official as JSON; 404 JSON when the id is unknown."""
    found = get_official(official_id)
    if found is None:
        abort(404, description=f"No official with id {official_id}.")
    return jsonify(official_json(found, datetime.now(UTC).date()))
