"""A member's comment on a rule: one page to write it, one to see it filed.

/c/<slug>/comment            who you are, a box for each section of the outline, files
/c/<slug>/comment/<token>    the comment: filed with its tracking number, on its way, or
                             (without regulations.gov's API here) the agency's page to file
                             it on and "I filed it"; a receipt by email

The token is the comment's id, signed: the member's link to their comment, nobody else's.
"""

from __future__ import annotations

import functools
import json

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from advocacy import abuse, clock
from advocacy.campaigns import comments
from advocacy.campaigns.forms import CommentForm, FiledForm
from advocacy.campaigns.queries import find_campaign
from advocacy.delivery import regulations
from advocacy.delivery.outbox import enqueue_message
from advocacy.extensions import begin_write, csrf, db
from advocacy.models import Campaign, Chapter, Comment, OutboxMessage
from advocacy.tokens import make_token, read_token

bp = Blueprint("comments", __name__)
TOKEN_DAYS = 400  # the link in the member's receipt works as long as they keep it
abuse.limit_member_posts(bp, "comment-address")


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None or campaign.rule is None:
        abort(404, description="There is no comment campaign at this link.")
    return campaign


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="comment-files")


def _uploads(view):
    """The comment may carry files: its request may be COMMENT_MAX_FILES files of
    COMMENT_MAX_FILE_BYTES. The CSRF check runs after the limit is raised, before anything
    is read or stored (the global check would read the body under the smaller limit)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        config = current_app.config
        request.max_content_length = (
            config["COMMENT_MAX_FILES"] * config["COMMENT_MAX_FILE_BYTES"] + 1024 * 1024
        )
        if request.method == "POST" and config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        return view(*args, **kwargs)

    return wrapped


def _chapters(form: CommentForm) -> None:
    chapters = db.session.execute(select(Chapter.id, Chapter.name).order_by(Chapter.name)).all()
    form.chapter.choices = [(0, "No chapter / not sure")] + [(i, n) for i, n in chapters]


def _kept(token: str) -> list[dict]:
    """Files an earlier try of the form already checked and stored (a signed list)."""
    if not token or len(token) > 20_000:
        return []
    try:
        kept = _signer().loads(token)
    except BadSignature:
        return []
    folder = comments.file_dir()
    return [k for k in kept if isinstance(k, dict) and (folder / k.get("sha256", "")).is_file()]


def _page(campaign, form, sections, answers, status=200, **extra):
    rule = campaign.rule
    today = clock.today(comments.EASTERN)
    return render_template(
        "campaigns/comment.html",
        campaign=campaign,
        rule=rule,
        form=form,
        sections=sections,
        answers=answers,
        days_left=comments.days_left(rule, today),
        closes_on=comments.closes_on(campaign),
        through_api=regulations.configured(current_app.config),
        limit=current_app.config["COMMENT_MAX_CHARS"],
        max_files=current_app.config["COMMENT_MAX_FILES"],
        agencies=json.loads(rule.agencies or "[]"),
        **extra,
    ), status


@bp.route("/c/<slug>/comment", methods=["GET", "POST"])
@csrf.exempt  # checked in _uploads, after the larger upload limit is set
@_uploads
def write(slug: str):
    """Write a comment on the campaign's rule, section by section, and file it."""
    campaign = _campaign(slug)
    sections = comments.outline(campaign)
    config = current_app.config
    form = CommentForm()
    _chapters(form)
    answers = [request.form.get(f"section-{i}", "") for i in range(len(sections))]
    if not comments.is_open(campaign):
        return _page(campaign, None, sections, answers, 400 if form.is_submitted() else 200,
                     closed=True)  # fmt: skip
    if not form.is_submitted():
        return _page(campaign, form, sections, answers, kept=[], kept_token="")
    kept = _kept(request.form.get("kept_files", ""))
    problems: list[tuple[str, str, str]] = []
    valid = form.validate()
    text = ""
    try:
        text = comments.check_answers(sections, answers, config["COMMENT_MAX_CHARS"])
    except comments.CommentRefused as refused:
        problems.append(("section-0", "Your comment", str(refused)))
    problems += _take_files(kept)
    removed = set(request.form.getlist("remove_file"))
    kept = [k for k in kept if k["sha256"] not in removed]
    kept_token = _signer().dumps(kept) if kept else ""
    share = comments.own_share(answers, [s.suggestion for s in sections]) if text else 0
    if (
        text and not problems and valid
        and share < config["COMMENT_OWN_SHARE"] and not form.mostly_suggested.data
    ):  # fmt: skip
        return _page(campaign, form, sections, answers, 400, kept=kept, kept_token=kept_token,
                     share=share, ask_more=True)  # fmt: skip
    if not valid or problems:
        return _page(campaign, form, sections, answers, 400, kept=kept, kept_token=kept_token,
                     problems=problems, share=share if text else None)  # fmt: skip
    begin_write()
    comment = _file(campaign, form, text, share, kept)
    db.session.commit()
    return redirect(_link(campaign, comment), code=303)


def _file(campaign: Campaign, form: CommentForm, text: str, share: int, kept: list[dict]):
    """Record (and queue) the member's comment with its stored files. Caller commits."""
    member = comments.Member(
        name=form.name.data,
        email=form.email.data,
        chapter_id=form.chapter.data or None,
        submitter_type=form.submitter.data,
    )
    uploads = [
        comments.Upload(k["filename"], (comments.file_dir() / k["sha256"]).read_bytes(),
                        k["content_type"])
        for k in kept
    ]  # fmt: skip
    comment, _ = comments.file_comment(campaign, member, text, share, uploads)
    return comment


def _take_files(kept: list[dict]) -> list[tuple[str, str, str]]:
    """Check and store the request's files, adding them to `kept`; the problems found (a
    refused file is named; the others are kept)."""
    config = current_app.config
    problems = []
    for upload in request.files.getlist("files"):
        if not upload or not upload.filename:
            continue
        if len(kept) >= config["COMMENT_MAX_FILES"]:
            problems.append(
                ("files", "Files", f"Attach at most {config['COMMENT_MAX_FILES']} files.")
            )
            break
        try:
            checked = comments.check_file(
                upload.filename,
                upload.read(config["COMMENT_MAX_FILE_BYTES"] + 1),
                config["COMMENT_MAX_FILE_BYTES"],
            )
        except comments.CommentRefused as refused:
            problems.append(("files", "Files", str(refused)))
            continue
        comments.store(checked)
        if checked.sha256 not in {k["sha256"] for k in kept}:
            kept.append(
                {"sha256": checked.sha256, "filename": checked.filename,
                 "content_type": checked.content_type}
            )  # fmt: skip
    return problems


def _link(campaign: Campaign, comment: Comment, **more) -> str:
    return url_for(
        "comments.filed", slug=campaign.slug, token=make_token("comment", comment.id), **more
    )


def _comment(slug: str, token: str) -> tuple[Campaign, Comment]:
    campaign = _campaign(slug)
    comment_id = read_token("comment", token, TOKEN_DAYS * 86400)
    comment = db.session.get(Comment, comment_id) if isinstance(comment_id, int) else None
    if comment is None or comment.campaign_id != campaign.id:
        abort(404, description="There is no comment at this link.")
    return campaign, comment


def _filed_page(campaign, comment, form=None, status=200, **extra):
    queued = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.comment_id == comment.id)
    ).first()
    return render_template(
        "campaigns/comment_filed.html",
        campaign=campaign,
        comment=comment,
        rule=campaign.rule,
        queued=queued,
        form=form or FiledForm(formdata=None),
        **extra,
    ), status


@bp.get("/c/<slug>/comment/<token>")
def filed(slug: str, token: str):
    """The member's comment: filed (its tracking number), on its way, or to file."""
    campaign, comment = _comment(slug, token)
    return _filed_page(campaign, comment, sent_receipt=request.args.get("receipt") == "1")


@bp.post("/c/<slug>/comment/<token>/filed")
def report(slug: str, token: str):
    """The member filed it on the agency's page: counted as reported."""
    begin_write()
    campaign, comment = _comment(slug, token)
    form = FiledForm()
    if not form.validate():
        return _filed_page(campaign, comment, form, 400)
    comments.report_filed(comment, form.tracking_number.data or None)
    db.session.commit()
    return redirect(_link(campaign, comment), code=303)


@bp.post("/c/<slug>/comment/<token>/receipt")
def receipt(slug: str, token: str):
    """Email the member a receipt of their comment (once per state of it)."""
    begin_write()
    campaign, comment = _comment(slug, token)
    if comment.member_email is None:
        abort(404, description="This comment's email address has been removed.")
    if not abuse.used_up("OUTBOX_LIMIT_PER_EMAIL", abuse.email_key(comment.member_email)):
        rule = campaign.rule
        if comment.tracking_number:
            state = f"It was filed; its tracking number is {comment.tracking_number}."
        elif comment.evidence == "reported":
            state = "You told us you filed it on the agency's comment page."
        else:
            state = "It is on its way to regulations.gov; this link shows its tracking number."
        body = (
            f"Your comment on {rule.title} (Federal Register {rule.document_number}).\n\n"
            f"{state}\n\nSee it: {_link(campaign, comment, _external=True)}\n\n"
            f"What you wrote:\n\n{comment.body or ''}\n"
        )
        queued = enqueue_message(
            to=comment.member_email,
            subject=f"Your comment on {rule.document_number}",
            body=body,
            dedupe_key=f"comment-receipt:{comment.id}:{comment.evidence}:"
            f"{comment.tracking_number or ''}"[:120],
        )
        if queued:
            abuse.take("OUTBOX_LIMIT_PER_EMAIL", abuse.email_key(comment.member_email))
        db.session.commit()
    return redirect(_link(campaign, comment, receipt="1"), code=303)
