"""Composing: POST /api/v1/tweets/measure, the live post counter."""

from __future__ import annotations

from flask import current_app, jsonify, request

from advocacy.abuse import client_address
from advocacy.api import bp
from advocacy.extensions import limiter
from advocacy.text import TWEET_LIMIT, count_words, lone_surrogate, post_problem, tweet_length

MAX_MEASURE = 10_000


def _composer_limit() -> str:
    return current_app.config["COMPOSER_RATE_LIMIT"] or ""


@bp.post("/tweets/measure")
# Asked on every pause in typing: its own, larger budget instead of the API's.
@limiter.limit(
    _composer_limit,
    key_func=client_address,
    override_defaults=True,
    exempt_when=lambda: not _composer_limit(),
)
def measure():
    """twitter-text's weighted length of {"text": ...} and its words as a reader counts them:
    the composers' live counters (posts, stories). Text X would refuse is measured all the
    same (valid false, and the problem in words), so the counter keeps working as the
    member types; only what is not text at all (half a surrogate pair) is a 400."""
    data = request.get_json(silent=True)
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str):
        return jsonify(
            error="Bad Request", status=400, message='Send JSON like {"text": "..."}.'
        ), 400
    if len(text) > MAX_MEASURE:
        return jsonify(
            error="Bad Request", status=400, message=f"Text longer than {MAX_MEASURE} characters."
        ), 400
    if lone_surrogate(text):
        message = "The text contains characters that are not text; please retype it."
        return jsonify(error="Bad Request", status=400, message=message), 400
    problem = post_problem(text)
    length = tweet_length(text)
    return jsonify(
        weighted_length=length,
        valid=problem is None and 0 < length <= TWEET_LIMIT,
        remaining=TWEET_LIMIT - length,
        words=count_words(text),
        problem=f"The post {problem}." if problem else None,
    )
