"""The JSON API at /api/v1: one blueprint, a module per resource (officials, tweets) and
the OpenAPI document. It takes no cookies' authority, so it needs no CSRF token."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from advocacy.api import officials, tweets  # noqa: E402, F401  (routes register on bp)
