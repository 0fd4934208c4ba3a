"""The privacy page, and a member's own data by a link sent to their email (members have
no account): see it, download it, erase it."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from sqlalchemy import func, select
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from advocacy.abuse import Honeypot
from advocacy.delivery.smtp import mail_configured, send_mail
from advocacy.extensions import db, limiter
from advocacy.forms import PostForm, email_address, strip
from advocacy.interactions.forms import SEND_LABELS
from advocacy.models import Campaign, Comment, Interaction, Story
from advocacy.privacy.service import erase_member, member_data
from advocacy.tokens import HISTORY_HOURS, make_token, read_token

bp = Blueprint("privacy", __name__)


class HistoryForm(Honeypot, PostForm):
    """The email a member used."""

    email = StringField(
        "Your email",
        filters=[strip],
        validators=[DataRequired(), Length(max=254), email_address],
    )


class EraseForm(PostForm):
    """Erasing is for good: the member ticks a box to say they mean it."""

    confirm = BooleanField(
        "Yes, erase my name, email and ZIP code, and my stories, for good",
        validators=[DataRequired("Tick the box to erase your data.")],
    )


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.get("/privacy")
def policy():
    """What we keep about members, why, and for how long."""
    return render_template(
        "privacy/policy.html", days=current_app.config.get("MEMBER_DATA_RETENTION_DAYS")
    )


@bp.route("/my-history", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def request_link():
    """Ask for a link to everything kept with an email; same answer whether or not any."""
    form = HistoryForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("privacy/request.html", form=form), status
    email = form.email.data.lower()
    has_any = db.session.scalar(
        select(func.count())
        .select_from(Interaction)
        .where(func.lower(Interaction.member_email) == email)
    ) or db.session.scalar(
        select(func.count()).select_from(Story).where(func.lower(Story.email) == email)
    )
    if has_any:
        link = url_for("privacy.show", token=make_token("history", email), _external=True)
        send_mail(
            email,
            "Your advocacy history and data",
            f"Everything you sent or opened, to see, download or erase, for {HISTORY_HOURS} "
            f"hours:\n\n{link}\n\nIf you did not ask for this, you can ignore it.",
        )
    flash(
        "If that email has sent anything, a link to its history is on its way."
        + ("" if mail_configured() else " (No mail server is set up here.)"),
        "notice",
    )
    return redirect(url_for("privacy.request_link"), code=303)


def _email(token: str) -> str:
    email = read_token("history", token, HISTORY_HOURS * 3600)
    if not isinstance(email, str):
        abort(404, description="This link has expired; ask for a new one.")
    return email


@bp.get("/my-history/<token>")
def show(token: str):
    """Everything sent or opened with the email the link was made for."""
    return _page(token, _email(token), EraseForm())


def _page(token: str, email: str, form: EraseForm) -> str:
    rows = db.session.execute(
        select(Interaction, Campaign.title)
        .join(Campaign, Campaign.id == Interaction.campaign_id)
        .where(func.lower(Interaction.member_email) == email)
        .order_by(Interaction.created_at.desc())
    ).all()
    stories = db.session.scalar(
        select(func.count()).select_from(Story).where(func.lower(Story.email) == email)
    )
    comments = db.session.scalars(
        select(Comment)
        .where(func.lower(Comment.member_email) == email)
        .order_by(Comment.created_at.desc())
    ).all()
    return render_template(
        "privacy/history.html",
        rows=rows,
        comments=comments,
        stories=stories,
        email=email,
        token=token,
        form=form,
        days=current_app.config.get("MEMBER_DATA_RETENTION_DAYS"),
        sends=SEND_LABELS,
    )


@bp.get("/my-history/<token>/data.json")
def download(token: str):
    """The same, as a JSON file to keep."""
    data = member_data(_email(token))
    return Response(
        json.dumps(data, indent=1, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-advocacy-data.json"'},
    )


@bp.post("/my-history/<token>/erase")
def erase(token: str):
    """Erase the member's personal data; their sends stay as anonymous counts."""
    email = _email(token)
    form = EraseForm()
    if not form.validate_on_submit():
        return _page(token, email, form), 400
    erased = erase_member(current_app.config, email)
    flash(
        f"Erased: your name, email and ZIP code are gone from {erased['sends']} send(s) "
        f"and {erased['comments']} comment(s), {erased['stories']} story(ies) are "
        f"deleted, and {erased['relationships']} registration(s), signature(s) or key "
        "contact(s) are erased. The counts stay, with nothing "
        "that leads back to you.",
        "notice",
    )
    return redirect(url_for("privacy.policy"), code=303)
