"""Officials: GET /api/v1/officials?address=... | zip=... | lat=...&lng=..., one official by
id, and the OpenAPI document."""

from __future__ import annotations

from flask import abort, jsonify, request

from advocacy import clock
from advocacy.api import bp
from advocacy.api.openapi import OPENAPI
from advocacy.directory.queries import get_official, official_json
from advocacy.lookup.service import LookupFailed, find_officials


def _error(status: int, message: str, **extra):
    names = {400: "Bad Request", 404: "Not Found", 503: "Service Unavailable"}
    return jsonify(error=names[status], message=message, status=status, **extra), status


@bp.get("/officials")
def officials():
    """Every official representing an address, ZIP code, Canadian postal code or point."""
    try:
        found = find_officials(request.args, clock.today())
    except LookupFailed as exc:
        extra = {"field": exc.field} if exc.status == 400 else {}
        return _error(exc.status, exc.message, **extra)
    query, lookup, geocoded = found.query, found.lookup, found.lookup.geocoded
    echo = {
        "address": query.address,
        "zip": query.zip,
        "postcode": query.postcode,
        "lat": query.lat,
        "lng": query.lng,
        "picks": query.picks,
    }
    return jsonify(
        {
            "query": {k: v for k, v in echo.items() if v},
            "accuracy": geocoded.accuracy,
            "matched_address": geocoded.matched_address,
            "zip": geocoded.zip,
            "notes": [*geocoded.notes, *lookup.notes],
            "divisions": lookup.divisions,
            "officials": lookup.officials,
            "vacancies": lookup.vacancies,
            "candidates": lookup.candidates,
            "unresolved": lookup.unresolved,
        }
    )


@bp.get("/officials/<int:official_id>")
def official(official_id: int):
    """One official as JSON; 404 JSON when the id is unknown."""
    found = get_official(official_id)
    if found is None:
        abort(404, description=f"No official with id {official_id}.")
    return jsonify(official_json(found, clock.today()))


@bp.get("/openapi.json")
def openapi():
    """The API's OpenAPI 3.1 description."""
    return jsonify(OPENAPI)
