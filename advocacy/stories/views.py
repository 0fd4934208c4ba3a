"""#IHeartHIT stories: the member's form, moderation, the gallery and each story's page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

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
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from advocacy import images
from advocacy.access import chapter_scope, limit_to_scope, may_see_chapter, role_required
from advocacy.campaigns.queries import campaign_today, find_campaign
from advocacy.extensions import begin_write, csrf, db, limiter
from advocacy.forms import ascii_int
from advocacy.models import Campaign, Chapter, Story
from advocacy.models._types import utcnow
from advocacy.stories.forms import ModerateStoryForm, StoryForm, because_line
from advocacy.stories.service import (
    DECIDED,
    email_refusal,
    fact_changes,
    moderate,
    submit_story,
    word_diff,
)
from advocacy.text import fit_tweet

bp = Blueprint("stories", __name__)
MODERATORS = ("advocate", "lead", "admin")
PER_PAGE = 24


def _image_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "stories"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="story-image")


def _story_limit() -> str:
    return current_app.config["STORY_RATE_LIMIT"]


def _choices(form: StoryForm) -> None:
    chapters = db.session.execute(select(Chapter.id, Chapter.name).order_by(Chapter.name)).all()
    form.chapter.choices = [SelectChoice(0, "No chapter / not sure")] + [
        SelectChoice(i, n) for i, n in chapters
    ]
    campaigns = db.session.execute(
        select(Campaign.id, Campaign.title)
        .where(Campaign.published.is_(True))
        .order_by(Campaign.ends_on.desc())
    ).all()
    form.campaign.choices = [SelectChoice(0, "None in particular")] + [
        SelectChoice(i, t) for i, t in campaigns
    ]


def _kept_image(token: str | None) -> str | None:
    """The photo an earlier try of the form already checked, if the token is ours."""
    return images.kept(token, _signer(), _image_dir())


@bp.route("/stories/new", methods=["GET", "POST"])
@csrf.exempt  # checked by the form itself, after the larger upload limit is set
@limiter.limit(_story_limit, methods=["POST"])
def new():
    """The story form: text, line, video link, photo and consents."""
    request.max_content_length = current_app.config["STORY_MAX_REQUEST"]
    form = StoryForm()
    _choices(form)
    if request.method == "GET" and (slug := request.args.get("campaign")):
        chosen = find_campaign(slug)
        form.campaign.data = chosen.id if chosen else 0
    if not form.is_submitted():
        return render_template("stories/new.html", form=form, kept=None)
    valid = form.validate()
    image = _kept_image(form.kept_image.data)
    upload = form.image.data
    token = getattr(form, "csrf_token", None)  # absent only where CSRF is switched off
    trusted = token is None or not token.errors  # no file is written for a forged post
    if trusted and upload is not None and getattr(upload, "filename", ""):
        try:
            processed = images.process(
                upload.read(images.MAX_BYTES + 1), upload.filename, form.focus.data
            )
            image = images.store(processed, _image_dir())
        except images.ImageRefused as refused:
            form.image.errors = [str(refused)]
            image, valid = None, False
    form.kept_image.data = _signer().dumps(image) if image else ""
    if not valid:
        return render_template("stories/new.html", form=form, kept=image), 400
    begin_write()
    story_id, created = submit_story(
        {
            "name": form.name.data,
            "email": form.email.data,
            "organisation": form.organisation.data or "",
            "chapter_id": form.chapter.data or None,
            "campaign_id": form.campaign.data or None,
            "title": form.title.data,
            "body": form.body.data,
            "because": because_line(form.because.data),
            "video_url": form.video_url.data or None,
            "consent_people": True,
            "consent_not_promotional": True,
        },
        image,
    )
    db.session.commit()
    if not created:  # the thank-you itself is the next page's, said once
        flash("We already had this story from you: it is kept once.", "notice")
    return redirect(url_for("stories.thanks"), 303)


@bp.route("/stories/thanks")
def thanks():
    """After a story is sent."""
    return render_template("stories/thanks.html")


def _visible(story: Story) -> bool:
    """Approved stories are public; moderators see the rest of their chapters'."""
    if story.status == "approved":
        return True
    if not current_user.is_authenticated or current_user.role not in MODERATORS:
        return False
    return may_see_chapter(story.chapter_id, chapter_scope())


@bp.route("/stories/images/<name>")
@images.image_only
def image(name: str):
    """A story's re-encoded photo, served only as a JPEG and only when its story shows."""
    if not images.NAME.match(name):
        abort(404)
    stories = db.session.scalars(select(Story).where(Story.image == name)).all()
    path = _image_dir() / name
    if not any(_visible(s) for s in stories) or not path.exists():
        abort(404)
    return images.jpeg_response(path, max_age=86400)


@bp.route("/stories")
def gallery():
    """Approved stories, featured first, newest next."""
    page = ascii_int(request.args.get("page", "1"), 1, 99_999)
    if page is None:
        abort(400, description="The page is a whole number, like 2.")
    approved = select(Story).where(Story.status == "approved")
    total = db.session.scalar(select(func.count()).select_from(approved.subquery()))
    stories = db.session.scalars(
        approved.order_by(Story.featured.desc(), Story.created_at.desc(), Story.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    pages = max(1, -(-total // PER_PAGE))
    if page > pages:
        abort(404, description=f"There is no page {page}: the gallery has {pages}.")
    return render_template("stories/gallery.html", stories=stories, page=page, pages=pages)


def share_links(story: Story, url: str) -> dict[str, str]:
    """Where a reader can share a story, with #IHeartHIT #NHITweek and its link."""
    post = fit_tweet("", story.because, f"#NHITweek {url}")
    text = quote(post)
    return {
        "X": f"https://twitter.com/intent/tweet?text={text}",
        "Bluesky": f"https://bsky.app/intent/compose?text={text}",
        "LinkedIn": f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url, safe='')}",
        "Facebook": f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}",
    }


@bp.route("/stories/<int:story_id>")
def story(story_id: int):
    """One story with its share card (Open Graph) and the campaign's letter flow."""
    story = db.session.get(Story, story_id)
    if story is None or not _visible(story):
        abort(404)
    url = url_for("stories.story", story_id=story.id, _external=True)
    if story.image:
        card = url_for("stories.image", name=story.image, _external=True)
    else:
        card = url_for("static", filename="story-card.png", _external=True)
    return render_template(
        "stories/story.html",
        story=story,
        url=url,
        card=card,
        share=share_links(story, url),
        preview=story.status != "approved",
        campaign=_campaign_for(story),
    )


def _campaign_for(story: Story) -> Campaign | None:
    """The story's campaign while it is open, else the campaign open now that ends first."""
    today = campaign_today()
    if story.campaign is not None and story.campaign.is_active(today):
        return story.campaign
    return db.session.scalars(
        select(Campaign)
        .where(Campaign.published.is_(True), Campaign.starts_on <= today, Campaign.ends_on >= today)
        .order_by(Campaign.ends_on, Campaign.id)
        .limit(1)
    ).first()


@bp.route("/stories/moderate")
@role_required(*MODERATORS)
def queue():
    """Stories to moderate: pending first; advocates see their chapters' stories."""
    status = request.args.get("status", "pending")
    if status not in ("pending", "approved", "refused", "unsent"):
        abort(400, description="Unknown status; use pending, approved, refused or unsent.")
    query = limit_to_scope(select(Story), Story.chapter_id, chapter_scope())
    if status == "unsent":
        query = query.where(Story.status == "refused", Story.refusal_emailed_at.is_(None))
    else:
        query = query.where(Story.status == status)
    stories = db.session.scalars(query.order_by(Story.created_at).limit(500)).all()
    return render_template("stories/queue.html", stories=stories, status=status)


def _moderated_story(story_id: int) -> Story:
    story = db.session.get(Story, story_id)
    if story is None or not may_see_chapter(story.chapter_id, chapter_scope()):
        abort(404)
    return story


MEANWHILE = "Someone else moderated this story meanwhile; here is their version."


def _email_refusal(story: Story) -> bool:
    """Email the author the refusal, then note that it went."""
    if not email_refusal(story, url_for("stories.new", _external=True)):
        return False
    begin_write()
    db.session.get(Story, story.id).refusal_emailed_at = utcnow()
    db.session.commit()
    return True


@bp.route("/stories/<int:story_id>/moderate", methods=["GET", "POST"])
@role_required(*MODERATORS)
def review(story_id: int):
    """Fix grammar (never facts), then approve, refuse with a reason, or feature."""
    story = _moderated_story(story_id)
    form = ModerateStoryForm(obj=story if request.method == "GET" else None)
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        edits = {
            "title": form.title.data,
            "body": form.body.data,
            "because": because_line(form.because.data),
        }
        if form.version.data != story.version:
            flash(MEANWHILE, "error")
            return redirect(url_for("stories.review", story_id=story.id), 303)
        changed = fact_changes(story, edits)
        if not any(changed.values()):
            _decide(story, form, edits)
            return redirect(url_for("stories.review", story_id=story.id), 303)
        for name, facts in changed.items():
            if facts:
                getattr(form, name).errors.append(
                    "A fix may change grammar, not facts: keep "
                    + ", ".join(f"“{f}”" for f in facts)
                    + " as the author wrote (ask them to change it instead)."
                )
    if request.method == "GET":
        form.version.data = story.version
    diffs = {
        name: word_diff(getattr(story, f"original_{name}"), getattr(story, name))
        for name in ("title", "body", "because")
    }
    return render_template("stories/review.html", story=story, form=form, diffs=diffs), status


def _decide(story: Story, form: ModerateStoryForm, edits: dict) -> None:
    """A moderator's decision (or a refusal's email sent again), said in a flash."""
    if form.action.data == "resend":
        if story.status == "refused" and not story.refusal_emailed_at:
            sent = _email_refusal(story)
            flash(*(("The refusal email has gone to the author.", "success") if sent
                    else ("The email could not be sent; try again later.", "error")))  # fmt: skip
        return
    begin_write()
    try:
        moderate(story, current_user.id, form.action.data, edits, form.reason.data)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(MEANWHILE, "error")
        return
    message = DECIDED[form.action.data]
    if form.action.data == "refuse":
        sent = _email_refusal(story)
        message += (
            " The author has been emailed the reason."
            if sent
            else " The email could not be sent; use “Send again” later."
        )
    flash(message, "success")


@bp.route("/stories/preview/<token>")
@images.image_only
def image_preview(token: str):
    """The photo a member just sent, shown back on the form before the story is saved."""
    name = _kept_image(token[:200])
    if name is None:
        abort(404)
    response = images.jpeg_response(_image_dir() / name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
