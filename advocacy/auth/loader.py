"""Flask-Login's hooks: the signed-in account of a session cookie, and where a visitor
who must sign in is sent."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, redirect, request, url_for

from advocacy.extensions import db
from advocacy.forms import ascii_int
from advocacy.models import User


def load_user(user_id: str) -> User | None:
    """The account a session names, or None (a forged or stale id is nobody)."""
    number = ascii_int(user_id, 1)
    return None if number is None else db.session.get(User, number)


MAX_NEXT = 2000  # characters of a page to come back to; a longer one is not kept


def unauthorized():
    """To the sign-in page, remembering the page asked for (as a local path, and only
    when it is of a sensible length: a 60 KB query string makes no Location header)."""
    flash("Please sign in.", "notice")
    target = request.full_path.rstrip("?")
    if len(target) > MAX_NEXT:
        target = request.path if len(request.path) <= MAX_NEXT else None
    login = url_for("auth.login")
    return redirect(f"{login}?{urlencode({'next': target})}" if target else login)
