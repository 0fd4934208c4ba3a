"""Staff pages: list, create and edit campaigns.

Leads and admins run national campaigns and see every campaign. A chapter's advocates launch
campaigns for their chapters and see and edit only those; another chapter's campaign, or a
national one, is answered 404 as if it did not exist."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from itsdangerous import URLSafeSerializer
from sqlalchemy import or_, select
from wtforms.fields.choices import SelectChoice

from advocacy import clock, images
from advocacy.access import chapter_scope, role_required
from advocacy.campaigns.defaults import BUILT_IN
from advocacy.campaigns.editor_forms import CampaignForm
from advocacy.campaigns.preview import previews
from advocacy.campaigns.queries import campaign_in_scope, campaign_today
from advocacy.campaigns.templating import ALL_VARS, BODY_VARS, insertable
from advocacy.extensions import begin_write, csrf, db
from advocacy.forms import ascii_int
from advocacy.lookup.service import LookupFailed
from advocacy.models import Bill, BillFollow, Campaign, CampaignBill, Chapter, Rule, TalkingPoint
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
    "statement_sponsor",
    "statement_committee",
    "letter_body",
    "call_script",
    "voicemail_script",
    "cwc_topic",
    "tweet_template",
    "hashtags",
)


STAFF = ("advocate", "lead", "admin")


def image_dir() -> Path:
    """Where campaign images are stored (re-encoded, by content)."""
    return Path(current_app.config["UPLOAD_DIR"]) / "campaigns"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="campaign-image")


def _uploads(view):
    """The editor's form may carry an image: its request may be as large as a story's
    (STORY_MAX_REQUEST). The global CSRF check would read the form under the smaller
    limit, so the view is exempt from it and runs the same check here, after the limit is
    raised: a post without our token is refused (400) before anything is read or written."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        request.max_content_length = current_app.config["STORY_MAX_REQUEST"]
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        return view(*args, **kwargs)

    return wrapped


@bp.get("/campaigns")
@role_required(*STAFF)
def campaigns():
    """The campaigns the viewer may edit: every one for leads, their chapters' for advocates."""
    query = select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id.desc())
    scope = chapter_scope()
    if scope is not None:
        query = query.where(Campaign.chapter_id.in_(scope or {-1}))
    return render_template("campaigns/list.html", campaigns=db.session.scalars(query).all())


def _editable(campaign_id: int) -> Campaign:
    """The campaign, if the viewer may edit it; 404 otherwise (as if it did not exist)."""
    campaign = campaign_in_scope(campaign_id, chapter_scope())
    if campaign is None:
        abort(404)
    return campaign


def _previewing() -> bool:
    """The editor's "Preview" button: nothing is saved."""
    return request.method == "POST" and "preview" in request.form


@bp.get("/campaigns/<int:campaign_id>/preview")
@role_required(*STAFF)
def preview(campaign_id: int):
    """A saved campaign's letters and posts, as members will see them."""
    campaign = _editable(campaign_id)
    zip_code = (request.args.get("zip") or "").strip()
    if zip_code and not re.fullmatch(r"[0-9]{5}", zip_code):
        return _preview_page(campaign, [], zip_code, "Enter a five-digit ZIP code."), 400
    try:
        letters = previews(campaign, campaign_today(), zip_code or None)
    except LookupFailed as exc:
        return _preview_page(campaign, [], zip_code, exc.message), exc.status
    return _preview_page(campaign, letters, zip_code)


def _preview_page(campaign: Campaign, letters, zip_code: str, error: str | None = None):
    return render_template(
        "campaigns/preview.html", campaign=campaign, letters=letters, zip=zip_code, error=error
    )


@bp.route("/campaigns/new", methods=["GET", "POST"])
@csrf.exempt
@role_required(*STAFF)
@_uploads
def new():
    """Create a campaign."""
    if request.method == "POST" and not _previewing() and "add_point" not in request.form:
        begin_write()
    if not current_user.sees_all_chapters and not current_user.chapters:
        abort(
            403,
            description="Campaigns are run by chapters, and your account is in none yet. "
            "Ask a task-force lead to add you to your chapter.",
        )
    form = CampaignForm()
    _bill_choices(form, set())
    _rule_choices(form, None)
    _chapter_choices(form)
    if not form.is_submitted():
        form.hashtags.data = DEFAULT_HASHTAGS
        wanted = ascii_int(request.args.get("bill", ""), 1)
        if wanted and any(wanted == c.value for c in form.bill_id.choices):
            form.bill_id.data, form.bill_stance.data = wanted, "support"
        rule = ascii_int(request.args.get("rule", ""), 1)
        if rule and any(rule == c.value for c in form.rule_id.choices):
            form.rule_id.data = rule
        for name, source in BUILT_IN.items():
            getattr(form, name).data = source
    return _save(form, Campaign())


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@csrf.exempt
@role_required(*STAFF)
@_uploads
def edit(campaign_id: int):
    """Edit a campaign and its talking points."""
    if request.method == "POST" and not _previewing() and "add_point" not in request.form:
        begin_write()
    campaign = _editable(campaign_id)
    form = CampaignForm(obj=None if request.method == "POST" else campaign)
    _bill_choices(form, _cited_ids(campaign))
    _rule_choices(form, campaign.rule_id)
    _chapter_choices(form)
    if not form.is_submitted():
        form.chapter_id.data = campaign.chapter_id or 0
        form.rule_id.data = campaign.rule_id or 0
        form.bill_id.data = campaign.bill_id or 0
        form.bill_stance.data = campaign.bill_stance or ""
        form.also_bills.data = [c.bill_id for c in campaign.also_cites if c.bill_id]
        form.targets.data = campaign.target_list
        while len(form.points.entries) <= len(campaign.talking_points):
            form.points.append_entry()
        for entry, point in zip(form.points.entries, campaign.talking_points, strict=False):
            entry.form.title.data, entry.form.body.data = point.title, point.body
    return _save(form, campaign)


def _bill_choices(form: CampaignForm, current: set[int]) -> None:
    """The bills a campaign may name: those the editor's chapters follow (a lead's: any
    chapter's), and those it cites now."""
    followed = select(BillFollow.bill_id).where(
        BillFollow.kind == "bill", BillFollow.ended_at.is_(None)
    )
    scope = chapter_scope()
    if scope is not None:
        followed = followed.where(BillFollow.chapter_id.in_(scope or {-1}))
    bills = db.session.scalars(
        select(Bill)
        .where(or_(Bill.id.in_(followed), Bill.id.in_(sorted(current))))
        .order_by(Bill.jurisdiction, Bill.identifier)
    ).all()
    form.bill_id.choices = [SelectChoice(0, "None")] + [
        SelectChoice(b.id, f"{b.identifier}: {b.title[:80]}") for b in bills
    ]
    form.also_bills.choices = form.bill_id.choices[1:]


def _rule_choices(form: CampaignForm, current: int | None) -> None:
    """The rules a comment campaign may be on: those open for comment today (Eastern), and
    the campaign's own."""
    today = clock.today("America/New_York")
    rules = db.session.scalars(
        select(Rule)
        .where(or_(Rule.comments_close_on >= today, Rule.id == (current or -1)))
        .order_by(Rule.comments_close_on, Rule.document_number)
    ).all()
    form.rule_id.choices = [SelectChoice(0, "None: letters to officials")] + [
        SelectChoice(r.id, f"{r.document_number}: {r.title[:80]}") for r in rules
    ]


def _set_rule(campaign: Campaign, rule_id: int | None) -> None:
    """The rule a comment campaign is on; it closes with the rule's comment period."""
    campaign.rule_id = rule_id
    rule = db.session.get(Rule, rule_id) if rule_id else None
    if rule is not None and rule.comments_close_on and rule.comments_close_on >= campaign.starts_on:
        campaign.ends_on = rule.comments_close_on


def _chapter_choices(form: CampaignForm) -> None:
    """Leads: national or any chapter; advocates: one of their own chapters, never national."""
    if current_user.sees_all_chapters:
        chapters = db.session.scalars(select(Chapter).order_by(Chapter.name)).all()
        choices = [SelectChoice(0, "None: a national campaign")]
    else:
        chapters = sorted(current_user.chapters, key=lambda c: c.name)
        choices = []
    form.chapter_id.choices = choices + [SelectChoice(c.id, c.name) for c in chapters]
    if not form.is_submitted() and not current_user.sees_all_chapters and chapters:
        form.chapter_id.data = chapters[0].id


def _cited_ids(campaign: Campaign) -> set[int]:
    return {campaign.bill_id, *(c.bill_id for c in campaign.also_cites)} - {None}


def _also_cited(form: CampaignForm, kept: list[CampaignBill]) -> list[CampaignBill]:
    """The other bills the form cites, each named as text too; citations of bills the
    data no longer holds (kept) stay after them."""
    if not form.bill_id.data:
        return []
    bills = db.session.scalars(select(Bill).where(Bill.id.in_(form.also_bills.data or [-1])))
    found = {b.id: b for b in bills}
    cited = [
        CampaignBill(bill=found[i], label=f"{found[i].identifier}: {found[i].title}"[:300])
        for i in form.also_bills.data or []
        if i in found
    ]
    gone = [CampaignBill(bill=None, label=c.label) for c in kept if c.bill_id is None]
    for position, citation in enumerate(cited + gone):
        citation.position = position
    return cited + gone


def _bill_values(form: CampaignForm) -> dict:
    bill_id = form.bill_id.data or None
    return {"bill_id": bill_id, "bill_stance": (form.bill_stance.data or None) if bill_id else None}


# The fields written as templates, each with its Insert buttons.
TEMPLATE_FIELDS = (
    "subject",
    "letter_statement",
    "statement_sponsor",
    "statement_committee",
    "letter_body",
    "call_script",
    "voicemail_script",
    "tweet_template",
)


def _editor(
    form: CampaignForm, campaign: Campaign, image: str | None, status: int = 200, letters=None
):
    return render_template(
        "campaigns/edit.html",
        form=form,
        campaign=campaign,
        image=image,
        inserts={
            field: insertable(BODY_VARS if field == "letter_body" else ALL_VARS)
            for field in TEMPLATE_FIELDS
        },
        letters=letters,
    ), status


def _take_image(form: CampaignForm, campaign: Campaign) -> tuple[str | None, str | None]:
    """The image the campaign will have (the saved one, one uploaded on an earlier try,
    a new upload, or none when removed) and why an upload was refused, if it was (the
    request's CSRF token was checked before: see _uploads)."""
    if not form.is_submitted():
        return campaign.image, None
    if form.remove_image.data:
        return None, None
    image = images.kept(form.kept_image.data, _signer(), image_dir()) or campaign.image
    upload = form.image.data
    if upload is not None and getattr(upload, "filename", ""):
        try:
            processed = images.process(
                upload.read(images.MAX_BYTES + 1), upload.filename, form.image_focus.data
            )
        except images.ImageRefused as refused:
            return image, str(refused)
        image = images.store(processed, image_dir())
    return image, None


def _unsaved(form: CampaignForm, image: str | None) -> Campaign:
    """The campaign as the form has it, for a preview (never added to the session)."""
    draft = Campaign(**{name: getattr(form, name).data or "" for name in FIELDS})
    draft.image = image
    draft.targets = ",".join(form.targets.data)
    values = _bill_values(form)
    draft.bill_stance = values["bill_stance"]
    draft.bill = db.session.get(Bill, values["bill_id"]) if values["bill_id"] else None
    draft.also_cites = _also_cited(form, [])
    draft.talking_points = [
        TalkingPoint(position=i, title=e.form.title.data or "", body=e.form.body.data or "")
        for i, e in enumerate(form.points.entries)
        if (e.form.title.data or e.form.body.data) and not e.form.remove.data
    ]
    return draft


def _save(form: CampaignForm, campaign: Campaign):
    adding = form.is_submitted() and "add_point" in request.form  # nothing is saved
    valid = not adding and form.validate_on_submit()
    image, refused = _take_image(form, campaign)
    if refused:
        form.image.errors, valid = [refused], False
    form.kept_image.data = _signer().dumps(image) if image else ""
    form.remove_image.data = False
    if adding:
        if len(form.points.entries) < form.points.max_entries:
            form.points.append_entry()
        return _editor(form, campaign, image)
    if not valid:
        return _editor(form, campaign, image, 400 if form.is_submitted() else 200)
    if _previewing():
        letters = previews(_unsaved(form, image), campaign_today())
        db.session.rollback()  # nothing of a preview is written
        return _editor(form, campaign, image, letters=letters)
    taken = db.session.scalars(select(Campaign.id).where(Campaign.slug == form.slug.data)).first()
    if taken is not None and taken != campaign.id:
        form.slug.errors = ["Another campaign already uses this link name."]
        return _editor(form, campaign, image, 400)
    for name in FIELDS:
        setattr(campaign, name, getattr(form, name).data or "")
    chapter = db.session.get(Chapter, form.chapter_id.data) if form.chapter_id.data else None
    campaign.chapter_id = chapter.id if chapter else None
    if chapter is not None and (not current_user.sees_all_chapters or not form.owner.data):
        campaign.owner = chapter.name
    campaign.owner = campaign.owner or "national"
    campaign.targets = ",".join(form.targets.data)
    campaign.published = bool(form.published.data)
    campaign.image = image
    for name, value in _bill_values(form).items():
        setattr(campaign, name, value)
    _set_rule(campaign, form.rule_id.data or None)
    citations = _also_cited(form, list(campaign.also_cites))
    # Old citations go before new ones take their positions (UNIQUE campaign, position).
    for citation in list(campaign.also_cites):
        db.session.delete(citation)
    campaign.also_cites.clear()
    points = [
        (e.form.title.data, e.form.body.data)
        for e in form.points.entries
        if (e.form.title.data or e.form.body.data) and not e.form.remove.data
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
    campaign.also_cites.extend(citations)
    db.session.commit()
    flash(f"Saved “{campaign.title}”.", "success")
    return redirect(url_for("staff.edit", campaign_id=campaign.id), code=303)
