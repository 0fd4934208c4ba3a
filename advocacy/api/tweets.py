"""Composing: POST /api/v1/tweets/measure, the live post counter."""

from __future__ import annotations

from flask import current_app, jsonify, request

from advocacy.abuse import client_address
from advocacy.api import bp
from advocacy.extensions import limiter
from advocacy.text import TWEET_LIMIT, count_words, hostile_text_problem, tweet_length

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
    the composers' live counters (posts, stories)."""
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
    problem = hostile_text_problem(text)
    if problem:
        return jsonify(error="Bad Request", status=400, message=f"The text {problem}."), 400
    length = tweet_length(text)
    return jsonify(
        weighted_length=length,
        valid=0 < length <= TWEET_LIMIT,
        remaining=TWEET_LIMIT - length,
        words=count_words(text),
    )
