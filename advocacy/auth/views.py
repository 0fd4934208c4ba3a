"""Staff sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from advocacy.campaigns.forms import LoginForm
from advocacy.extensions import db
from advocacy.models import StaffUser

bp = Blueprint("auth", __name__, url_prefix="/staff")

# Compared against when the email is unknown, so both cases take the same time.
_DUMMY_HASH = "scrypt:32768:8:1$7zVs0QYxQx1l7kFh$" + "0" * 128


def safe_next(target: str | None) -> str | None:
    """A redirect target only if it is a path on this site (not //evil, /\\evil, https:)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        return render_template("staff/login.html", form=form)
    if not form.validate():
        return render_template("staff/login.html", form=form), 400
    user = db.session.scalars(
        select(StaffUser).where(func.lower(StaffUser.email) == form.email.data.lower())
    ).first()
    valid = check_password_hash(user.password_hash if user else _DUMMY_HASH, form.password.data)
    if not (user and valid and user.active):
        form.password.errors = ["That email and password don't match an active account."]
        return render_template("staff/login.html", form=form), 400
    session.clear()  # a new session at sign-in (no fixation)
    login_user(user)
    return redirect(safe_next(form.next.data) or url_for("staff.campaigns"), code=303)


@bp.post("/logout")
@login_required
def logout():
    """Sign out."""
    logout_user()
    session.clear()
    return redirect(url_for("main.index"), code=303)
