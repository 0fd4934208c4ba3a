"""Composing: POST /api/v1/tweets/measure, the live post counter."""

from __future__ import annotations

from flask import jsonify, request

from advocacy.api import bp
from advocacy.text import TWEET_LIMIT, hostile_text_problem, tweet_length

MAX_MEASURE = 10_000


@bp.post("/tweets/measure")
def measure():
    """twitter-text's weighted length of {"text": ...}: the composer's live counter."""
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
        weighted_length=length, valid=0 < length <= TWEET_LIMIT, remaining=TWEET_LIMIT - length
    )
