"""Staff pages: list, create and edit campaigns."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from advocacy.auth.access import role_required
from advocacy.campaigns.defaults import BUILT_IN
from advocacy.campaigns.forms import CampaignForm
from advocacy.campaigns.preview import previews
from advocacy.campaigns.queries import campaign_today
from advocacy.campaigns.templating import ALL_VARS, BODY_VARS
from advocacy.extensions import begin_write, db
from advocacy.models import Campaign, TalkingPoint
from advocacy.models.campaigns import DEFAULT_HASHTAGS

bp = Blueprint("staff", __name__, url_prefix="/staff")

FIELDS = (
    "title",
    "slug",
    "summary",
    "owner",
    "starts_on",
    "ends_on",
    "subject",
    "letter_statement",
    "letter_body",
    "call_script",
    "voicemail_script",
    "cwc_topic",
    "tweet_template",
    "hashtags",
)


@bp.get("/campaigns")
@role_required("lead", "admin")
def campaigns():
    """Every campaign."""
    rows = db.session.scalars(select(Campaign).order_by(Campaign.starts_on.desc())).all()
    return render_template("campaigns/list.html", campaigns=rows)


def _previewing() -> bool:
    """The editor's "Preview" button: nothing is saved."""
    return request.method == "POST" and "preview" in request.form


@bp.get("/campaigns/<int:campaign_id>/preview")
@role_required("lead", "admin")
def preview(campaign_id: int):
    """A saved campaign's letters and posts, as members will see them."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return render_template(
        "campaigns/preview.html", campaign=campaign, letters=previews(campaign, campaign_today())
    )


@bp.route("/campaigns/new", methods=["GET", "POST"])
@role_required("lead", "admin")
def new():
    """Create a campaign."""
    if request.method == "POST" and not _previewing():
        begin_write()
    form = CampaignForm()
    if not form.is_submitted():
        form.hashtags.data = DEFAULT_HASHTAGS
        for name, source in BUILT_IN.items():
            getattr(form, name).data = source
        form.owner.data = "national"
    return _save(form, Campaign())


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@role_required("lead", "admin")
def edit(campaign_id: int):
    """Edit a campaign and its talking points."""
    if request.method == "POST" and not _previewing():
        begin_write()
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    form = CampaignForm(obj=None if request.method == "POST" else campaign)
    if not form.is_submitted():
        form.targets.data = campaign.target_list
        for entry, point in zip(form.points.entries, campaign.talking_points, strict=False):
            entry.form.title.data, entry.form.body.data = point.title, point.body
    return _save(form, campaign)


def _editor(form: CampaignForm, campaign: Campaign, status: int = 200, letters=None):
    return render_template(
        "campaigns/edit.html",
        form=form,
        campaign=campaign,
        variables=ALL_VARS,
        body_variables=BODY_VARS,
        letters=letters,
    ), status


def _unsaved(form: CampaignForm) -> Campaign:
    """The campaign as the form has it, for a preview (never added to the session)."""
    draft = Campaign(**{name: getattr(form, name).data or "" for name in FIELDS})
    draft.targets = ",".join(form.targets.data)
    draft.talking_points = [
        TalkingPoint(position=i, title=e.form.title.data or "", body=e.form.body.data or "")
        for i, e in enumerate(form.points.entries)
        if e.form.title.data or e.form.body.data
    ]
    return draft


def _save(form: CampaignForm, campaign: Campaign):
    if not form.validate_on_submit():
        return _editor(form, campaign, 400 if form.is_submitted() else 200)
    if _previewing():
        letters = previews(_unsaved(form), campaign_today())
        db.session.rollback()  # nothing of a preview is written
        return _editor(form, campaign, letters=letters)
    taken = db.session.scalars(select(Campaign.id).where(Campaign.slug == form.slug.data)).first()
    if taken is not None and taken != campaign.id:
        form.slug.errors = ["Another campaign already uses this link name."]
        return _editor(form, campaign, 400)
    for name in FIELDS:
        setattr(campaign, name, getattr(form, name).data or "")
    campaign.targets = ",".join(form.targets.data)
    points = [
        (e.form.title.data, e.form.body.data)
        for e in form.points.entries
        if e.form.title.data or e.form.body.data
    ]
    # Old points go before new ones take their positions (UNIQUE campaign, position).
    for point in list(campaign.talking_points):
        db.session.delete(point)
    campaign.talking_points.clear()
    db.session.add(campaign)
    db.session.flush()
    campaign.talking_points.extend(
        TalkingPoint(position=i, title=(title or body[:60]), body=body or title)
        for i, (title, body) in enumerate(points)
    )
    db.session.commit()
    flash(f"Saved “{campaign.title}”.", "success")
    return redirect(url_for("staff.edit", campaign_id=campaign.id), code=303)
