"""A member's own history, by a link sent to their email (members have no account)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from advocacy.auth.tokens import HISTORY_HOURS, make_token, read_token
from advocacy.extensions import db, limiter
from advocacy.forms import PostForm, email_address, strip
from advocacy.mail import mail_configured, send_mail
from advocacy.models import Campaign, Interaction

bp = Blueprint("history", __name__)


class HistoryForm(PostForm):
    """The email a member used."""

    email = StringField(
        "Your email",
        filters=[strip],
        validators=[DataRequired(), Length(max=254), email_address],
    )


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/my-history", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def request_link():
    """Ask for a link to everything sent with an email; same answer whether or not any."""
    form = HistoryForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("campaigns/history_request.html", form=form), status
    email = form.email.data
    sent_any = db.session.scalar(
        select(func.count())
        .select_from(Interaction)
        .where(func.lower(Interaction.member_email) == email.lower())
    )
    if sent_any:
        link = url_for("history.show", token=make_token("history", email.lower()), _external=True)
        send_mail(
            email,
            "Your advocacy history",
            f"Everything you sent or opened, for {HISTORY_HOURS} hours:\n\n{link}",
        )
    flash(
        "If that email has sent anything, a link to its history is on its way."
        + ("" if mail_configured() else " (No mail server is set up here.)"),
        "notice",
    )
    return redirect(url_for("history.request_link"), code=303)


@bp.get("/my-history/<token>")
def show(token: str):
    """Everything sent or opened with the email the link was made for."""
    email = read_token("history", token, HISTORY_HOURS * 3600)
    if not isinstance(email, str):
        abort(404, description="This link has expired; ask for a new one.")
    rows = db.session.execute(
        select(Interaction, Campaign.title)
        .join(Campaign, Campaign.id == Interaction.campaign_id)
        .where(func.lower(Interaction.member_email) == email)
        .order_by(Interaction.created_at.desc())
    ).all()
    return render_template("campaigns/history.html", rows=rows, email=email)
