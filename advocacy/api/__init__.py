"""The JSON API at /api/v1: one blueprint, a module per resource (officials, tweets) and
the OpenAPI document. It takes no cookies' authority, so it needs no CSRF token.

Every client is limited: by address (API_RATE_LIMIT), or, with a partner's key in the
X-API-Key header, by partner (API_KEY_RATE_LIMIT). An unknown key is refused with 401.
"""

import hmac

from flask import Blueprint, abort, current_app, g, request

from advocacy.abuse import client_address
from advocacy.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
KEY_HEADER = "X-API-Key"


def partner() -> str | None:
    """The partner whose key this request carries (None: no key, or not one of ours)."""
    if "api_partner" not in g:
        given = request.headers.get(KEY_HEADER, "").encode("utf-8", "replace")
        g.api_partner = next(
            (
                name
                for name, key in (current_app.config.get("API_KEYS") or {}).items()
                if given and key and hmac.compare_digest(given, str(key).encode("utf-8"))
            ),
            None,
        )
    return g.api_partner


@bp.before_request
def _known_key():
    if KEY_HEADER in request.headers and partner() is None:
        abort(401, description=f"Unknown {KEY_HEADER}. Leave it out to use the public limits.")


def _client() -> str:
    _known_key()  # the limiter asks first: an unknown key is a 401, not the address's 429
    name = partner()
    return f"partner:{name}" if name else f"address:{client_address()}"


def _limit() -> str:
    return current_app.config["API_KEY_RATE_LIMIT" if partner() else "API_RATE_LIMIT"] or ""


# One budget per client across the whole API (not one per route).
limiter.shared_limit(_limit, scope="api", key_func=_client, exempt_when=lambda: not _limit())(bp)

from advocacy.api import bills, officials, tweets  # noqa: E402, F401  (routes register on bp)
