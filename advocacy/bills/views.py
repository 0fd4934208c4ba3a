"""Legislation pages: /bills (search and filters), one bill's page (sponsors, the viewer's
officials, the chapter's position, related campaigns and contacts), following bills,
queries and sponsors, a chapter's watch list, bills entered by hand, the digest's choice
and its one-click unsubscribe."""

from __future__ import annotations

import json

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
from sqlalchemy.orm.exc import StaleDataError

from advocacy.access import acting_chapters as access_chapters
from advocacy.access import chapter_scope, role_required
from advocacy.bills import service
from advocacy.bills.follows import (
    POSITION_NAMES,
    Conflict,
    describe_change,
    follow_bill,
    follow_for,
    follow_query,
    follow_sponsor,
    last_seen,
    mark_seen,
    positions_on,
    set_position,
    unfollow,
    watch_list,
)
from advocacy.bills.forms import (
    DIGEST_NAMES,
    BillSearchForm,
    DigestForm,
    FollowForm,
    FollowQueryForm,
    ManualBillForm,
    PositionForm,
)
from advocacy.bills.queries import (
    get_bill,
    search_bills,
    sponsored_by,
)
from advocacy.bills.service import followed_sponsored
from advocacy.extensions import begin_write, csrf, db
from advocacy.forms import page_count
from advocacy.jurisdictions import CHAMBER_NAMES, JURISDICTION_NAMES, STATUS_NAMES
from advocacy.models import (
    Bill,
    BillFollow,
    Chapter,
    Official,
    User,
)
from advocacy.tokens import make_token, read_token

bp = Blueprint("bills", __name__)
ANYONE = ("advocate", "lead", "admin")
UNSUBSCRIBE_DAYS = 400  # a digest's link works as long as anyone would keep the email
POSITION_CONFLICT = (
    "Someone else saved the chapter's position while you were editing it, so nothing was "
    "overwritten. Here is the current position; please make your change again."
)


@bp.app_context_processor
def _names():
    return {
        "jurisdiction_names": JURISDICTION_NAMES,
        "status_names": STATUS_NAMES,
        "chamber_names": CHAMBER_NAMES,
        "position_names": POSITION_NAMES,
    }


@bp.app_template_global()
def bills_sponsored(official_id: int) -> list:
    """The newest bills an official sponsors or cosponsors (their page lists them)."""
    return sponsored_by(official_id)


@bp.app_template_global("followed_sponsored")
def _followed_sponsored(official_id: int) -> list[tuple[Bill, list[str]]]:
    """For an official's page: the bills they sponsor that the viewer's chapters follow."""
    return followed_sponsored(official_id, chapter_scope())


def acting_chapters() -> list[Chapter]:
    """The chapters the signed-in user follows bills for (leads and admins: every one)."""
    return access_chapters(chapter_scope())


def _chosen_chapter(form, chapters: list[Chapter]) -> Chapter:
    form.set_chapters(chapters)
    if not chapters:
        abort(403, description="You are not in a chapter yet: ask a task-force lead to add you.")
    return next((c for c in chapters if c.id == form.chapter_id.data), chapters[0])


@bp.get("/bills")
def listing():
    """Search bills by words (titles, summaries, actions), legislature, chamber and status;
    signed-in advocates may follow the search for a chapter."""
    form = BillSearchForm(request.args)
    follow = None
    chapters = acting_chapters() if current_user.is_authenticated else []
    if current_user.is_authenticated:
        follow = FollowQueryForm(formdata=None, data=form.data)
        follow.set_chapters(chapters)
    if request.args and not form.validate():
        return render_template(
            "bills/list.html", form=form, follow=follow, rows=[], total=0, page=1, pages=0
        ), 400
    per_page = current_app.config["BILLS_PER_PAGE"]
    page = form.page.data or 1
    rows, total = search_bills(**form.filters(), page=page, per_page=per_page)
    pages = page_count(total, per_page, page)
    sponsor = db.session.get(Official, form.sponsor.data) if form.sponsor.data else None
    sponsor_follow = None
    if sponsor is not None and follow is not None:
        sponsor_follow = FollowForm(formdata=None)
        sponsor_follow.set_chapters(chapters)
    return render_template(
        "bills/list.html", form=form, follow=follow, rows=rows, total=total, page=page,
        pages=pages, sponsor=sponsor, sponsor_follow=sponsor_follow,
    )  # fmt: skip


@bp.get("/bills/<int:bill_id>")
def bill(bill_id: int):
    """One bill: status, summary, dated actions, sponsors linked to their pages (the
    viewer's own officials marked); for advocates the chapter's position with its history,
    following, related campaigns and logged contacts."""
    found = get_bill(bill_id)
    if found is None:
        abort(404, description="There is no bill with that id.")
    zip_code = (request.args.get("zip") or "").strip()
    viewer = current_user.chapters if current_user.is_authenticated else None
    yours, mine_by, zip_problem = service.viewer_officials(zip_code, viewer)
    mine = yours & {s.official_id for s in found.sponsors if s.official_id}
    if not zip_code and not mine:
        mine_by = None  # "marked: elected in your chapter's states" only with a mark
    context = {
        "bill": found,
        "subjects": json.loads(found.subjects or "[]"),
        "committees": json.loads(found.committees or "[]"),
        "held_by": service.committees_holding(found, yours),
        "mine": mine,
        "mine_by": mine_by,
        "zip_problem": zip_problem,
        "campaigns": service.campaigns_about(found.id),
    }
    if current_user.is_authenticated:
        chapters = acting_chapters()
        context["chapters"] = [
            {
                "chapter": c,
                "follow": follow_for(c.id, f"bill:{found.id}"),
                "position": next((p for p in positions_on(found.id, {c.id})), None),
            }
            for c in chapters
        ]
        context["position_form"] = PositionForm(formdata=None)  # its CSRF token
    status = 400 if zip_problem else 200
    return render_template("bills/bill.html", **context), status


def _found_or_404(bill_id: int) -> Bill:
    found = db.session.get(Bill, bill_id)
    if found is None:
        abort(404, description="There is no bill with that id.")
    return found


def _toggle(key: str, follow, done: tuple[str, str]):
    """Follow (or stop following) `key` for the chosen chapter: `follow(chapter_id, user_id)`
    makes the follow; done: what to say after following and after stopping. Returns the
    chapter acted for."""
    form = FollowForm()
    chapter = _chosen_chapter(form, acting_chapters())
    if not form.validate():
        abort(400, description="Choose one of your chapters and follow or stop following.")
    begin_write()
    if form.action.data == "follow":
        follow(chapter.id, current_user.id)
    elif existing := follow_for(chapter.id, key):
        unfollow(existing)
    db.session.commit()
    flash(f"{chapter.name} {done[0] if form.action.data == 'follow' else done[1]}.")
    return chapter


@bp.post("/bills/<int:bill_id>/follow")
@role_required(*ANYONE)
def follow(bill_id: int):
    """Follow a bill for a chapter, or stop."""
    _found_or_404(bill_id)
    _toggle(
        f"bill:{bill_id}",
        lambda chapter_id, user_id: follow_bill(chapter_id, user_id, bill_id),
        ("follows this bill", "no longer follows this bill"),
    )
    return redirect(url_for("bills.bill", bill_id=bill_id))


@bp.post("/bills/<int:bill_id>/position")
@role_required(*ANYONE)
def position(bill_id: int):
    """Set the chapter's position on a bill (its history kept; a stale form is a conflict)."""
    found = _found_or_404(bill_id)
    form = PositionForm()
    chapter = _chosen_chapter(form, acting_chapters())
    if not form.validate():
        flash("The position was not saved: " + "; ".join(
            f"{getattr(form, n).label.text}: {e[0]}" for n, e in form.errors.items()
        ), "error")  # fmt: skip
        return redirect(url_for("bills.bill", bill_id=found.id) + "#position")
    begin_write()
    try:
        diff = set_position(
            chapter.id,
            found.id,
            current_user.id,
            form.position.data,
            form.notes.data or "",
            form.seen_version(),
        )
    except (Conflict, StaleDataError):
        db.session.rollback()
        flash(POSITION_CONFLICT, "error")
        return redirect(url_for("bills.bill", bill_id=found.id) + "#position")
    db.session.commit()
    flash(
        f"{chapter.name}'s position saved: {POSITION_NAMES[form.position.data]}."
        if diff
        else "Nothing changed."
    )
    return redirect(url_for("bills.bill", bill_id=found.id) + "#position")


@bp.post("/bills/follow-search")
@role_required(*ANYONE)
def follow_search():
    """Follow a keyword search (with its filters) for a chapter."""
    form = FollowQueryForm()
    chapter = _chosen_chapter(form, acting_chapters())
    if not form.validate():
        flash("The search was not followed: enter the words to follow.", "error")
        return redirect(url_for("bills.listing"))
    begin_write()
    follow_query(
        chapter.id,
        current_user.id,
        form.q.data,
        form.jurisdiction.data or None,
        form.chamber.data or None,
        form.status.data or None,
    )
    db.session.commit()
    flash(f"{chapter.name} follows bills matching “{form.q.data}”.")
    return redirect(url_for("bills.watch", chapter=chapter.id))


@bp.post("/officials/<int:official_id>/follow")
@role_required(*ANYONE)
def follow_official(official_id: int):
    """Follow the bills an official sponsors, for a chapter (or stop)."""
    if db.session.get(Official, official_id) is None:
        abort(404, description="There is no official with that id.")
    chapter = _toggle(
        f"sponsor:{official_id}",
        lambda chapter_id, user_id: follow_sponsor(chapter_id, user_id, official_id),
        ("follows the bills this official sponsors", "no longer follows this official's bills"),
    )
    return redirect(url_for("bills.watch", chapter=chapter.id))


@bp.get("/watch")
@role_required(*ANYONE)
def watch():
    """A chapter's watch list: every followed bill, what changed since the viewer last
    looked first; looking marks them seen."""
    chapters = acting_chapters()
    if not chapters:
        return render_template("bills/watch.html", chapters=[], chapter=None)
    wanted = request.args.get("chapter", "")
    chapter = next((c for c in chapters if str(c.id) == wanted), chapters[0])
    since = last_seen(current_user.id, chapter.id)
    follows, rows, totals = watch_list(chapter.id, since)
    begin_write()
    mark_seen(current_user.id, chapter.id)
    db.session.commit()
    digest = DigestForm(formdata=None, data={"digest": current_user.digest})
    unfollow_form = FollowForm(formdata=None)
    unfollow_form.set_chapters([chapter])
    return render_template(
        "bills/watch.html", chapters=chapters, chapter=chapter, rows=rows, totals=totals,
        follows=follows, since=since, describe=describe_change, digest=digest,
        digest_names=DIGEST_NAMES, unfollow_form=unfollow_form,
    )  # fmt: skip


@bp.post("/watch/<int:follow_id>/end")
@role_required(*ANYONE)
def end_follow(follow_id: int):
    """Stop following a query, sponsor or bill from the watch list."""
    found = db.session.get(BillFollow, follow_id)
    scope = chapter_scope()
    if found is None or (scope is not None and found.chapter_id not in scope):
        abort(404, description="There is no such follow.")
    form = FollowForm()
    form.set_chapters([found.chapter])
    form.chapter_id.data = found.chapter_id
    if not form.validate():
        abort(400, description="The form was not valid; please try again.")
    begin_write()
    unfollow(found)
    db.session.commit()
    flash("Stopped following.")
    return redirect(url_for("bills.watch", chapter=found.chapter_id))


@bp.post("/watch/digest")
@role_required(*ANYONE)
def digest_choice():
    """How often the signed-in advocate gets the legislation digest."""
    form = DigestForm()
    if not form.validate():
        abort(400, description="Choose how often the digest comes.")
    begin_write()
    service.set_digest(current_user.id, form.digest.data)
    db.session.commit()
    flash(f"Legislation digest: {DIGEST_NAMES[form.digest.data].lower()}.")
    return redirect(url_for("bills.watch", chapter=request.args.get("chapter", "")))


def unsubscribe_token(user_id: int) -> str:
    return make_token("digest-unsubscribe", user_id)


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """Stop the digest: GET asks (mail scanners open links), POST does it at once (the
    List-Unsubscribe-Post one-click of RFC 8058, which carries no CSRF token)."""
    user_id = read_token("digest-unsubscribe", token, UNSUBSCRIBE_DAYS * 86400)
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        abort(404, description="This unsubscribe link is not valid. Sign in to change it.")
    if request.method == "POST":
        begin_write()
        service.set_digest(user_id, "off")
        db.session.commit()
        return render_template("bills/unsubscribed.html", done=True, token=token)
    return render_template("bills/unsubscribed.html", done=user.digest == "off", token=token)


@bp.route("/bills/new", methods=["GET", "POST"])
@role_required(*ANYONE)
def new_bill():
    """Enter a bill, regulation or policy no source carries (then follow it)."""
    form = ManualBillForm()
    if form.validate_on_submit():
        begin_write()
        entered = service.enter_bill(form.bill_values(), current_user)
        db.session.commit()
        flash("Saved, and followed by your chapter.")
        return redirect(url_for("bills.bill", bill_id=entered.id))
    status = 400 if form.is_submitted() else 200
    return render_template("bills/new.html", form=form), status
