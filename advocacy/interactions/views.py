"""The advocate's log pages: feed, new/edit/delete/restore, follow-ups, CSV, history;
and the contacts an official's page shows a signed-in viewer."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict

from advocacy import clock
from advocacy.access import chapter_scope, limit_to_scope, role_required
from advocacy.directory.queries import office_label, search_officials
from advocacy.extensions import begin_write, db
from advocacy.forms import MAX_ID, ascii_int
from advocacy.interactions.export import FEED_HEADER, csv_download, feed_rows, to_csv
from advocacy.interactions.feed import Filters, feed
from advocacy.interactions.forms import (
    KIND_LABELS,
    OUTCOME_LABELS,
    SEND_LABELS,
    DeleteForm,
    FeedFilterForm,
    LogEntryForm,
)
from advocacy.interactions.logbook import (
    FIELDS,
    Conflict,
    create_entry,
    entries_citing,
    get_entry,
    set_deleted,
    update_entry,
)
from advocacy.models import Bill, BillFollow, Campaign, Chapter, Official
from advocacy.models.interactions import CHANNELS
from advocacy.months import local_time

bp = Blueprint("interactions", __name__, url_prefix="/log")
# Why there is nowhere to log a contact, and what to do.
NO_CHAPTER = (
    "Your account belongs to no chapter yet, so there is nowhere to log a contact. Ask a "
    "task-force lead to add you to your chapter; until then you can read the activity."
)
NO_CHAPTER_LEAD = (
    "There is no chapter yet: contacts are logged for a chapter. Create one on the Chapters "
    "page first."
)
bp.add_app_template_filter(json.loads, "fromjson")
ANYONE = ("advocate", "lead", "admin")
CONFLICT = (
    "Someone else saved this entry while you were editing it, so nothing was "
    "overwritten. Here is the current version; please make your change again."
)


def _chapters(scope) -> list[Chapter]:
    query = limit_to_scope(select(Chapter).order_by(Chapter.name), Chapter.id, scope)
    return list(db.session.scalars(query))


def _filters(scope) -> tuple[Filters, list[str]]:
    """Feed filters from the query string; bad values are reported, never a 500."""
    form = FeedFilterForm(request.args)
    form.validate()
    return form.filters(scope), form.messages()


bp.add_app_template_filter(local_time, "local_time")


@bp.app_template_global()
def official_contacts(official_id: int) -> dict | None:
    """For an official's page: the contacts the signed-in viewer's chapters had with them
    (None for anonymous viewers, who see no section)."""
    if not current_user.is_authenticated:
        return None
    items = feed(chapter_scope(), Filters(official_id=official_id))
    return {
        "contacts": items,
        "kinds": KIND_LABELS,
        "sends": SEND_LABELS,
        "outcomes": OUTCOME_LABELS,
    }


@bp.app_template_global()
def bill_contacts(bill_id: int) -> list | None:
    """For a bill's page: the contacts the signed-in viewer's chapters logged about it
    (None for anonymous viewers, who see no section)."""
    if not current_user.is_authenticated:
        return None
    return entries_citing(bill_id, chapter_scope())


@bp.get("", endpoint="feed")
@role_required(*ANYONE)
def feed_page():
    """The activity of the chapters the viewer may see, with filters."""
    return _feed("interactions/feed.html")


@bp.get("/follow-ups")
@role_required(*ANYONE)
def follow_ups():
    """Follow-ups not yet done, soonest first."""
    scope = chapter_scope()
    filters, errors = _filters(scope)
    filters.follow_ups = True
    # A refused filter is said on the page; it never reaches the query.
    items = [] if errors else sorted(feed(scope, filters), key=lambda i: i.follow_up_on)
    page = render_template(
        "interactions/follow_ups.html",
        items=items,
        errors=errors,
        today=clock.today(),
        kinds=KIND_LABELS,
        sends=SEND_LABELS,
    )
    return page, 400 if errors else 200


def _feed(template: str):
    scope = chapter_scope()
    filters, errors = _filters(scope)
    items = feed(scope, filters) if not errors else []
    status = 400 if errors else 200
    return render_template(
        template,
        items=items,
        errors=errors,
        filters=filters,
        chapters=_chapters(scope),
        campaigns=db.session.scalars(select(Campaign).order_by(Campaign.title)).all(),
        kinds=KIND_LABELS,
        sends=SEND_LABELS,
        outcomes=OUTCOME_LABELS,
        channels=CHANNELS,
    ), status


@bp.get("/export.csv")
@role_required(*ANYONE)
def export():
    """The feed, with the same filters, as CSV."""
    scope = chapter_scope()
    filters, errors = _filters(scope)
    if errors:
        abort(400, description="; ".join(errors))
    items = feed(scope, filters, limit=100_000)
    return csv_download(to_csv(FEED_HEADER, feed_rows(items)), "advocacy-log.csv")


def _prepare(form: LogEntryForm, scope, entry=None) -> list[Official]:
    """Choices for the form: the viewer's chapters, campaigns, and officials to pick."""
    form.chapter_id.choices = [(c.id, c.name) for c in _chapters(scope)]
    form.campaign_id.choices = [(0, "None")] + [
        (c.id, c.title) for c in db.session.scalars(select(Campaign).order_by(Campaign.title))
    ]
    # Bills the viewer's chapters follow, and those the entry already cites.
    followed = limit_to_scope(
        select(BillFollow.bill_id).where(BillFollow.kind == "bill", BillFollow.ended_at.is_(None)),
        BillFollow.chapter_id,
        scope,
    )
    cited = [b.id for b in entry.bills] if entry is not None else []
    bills = db.session.scalars(
        select(Bill)
        .where(or_(Bill.id.in_(followed), Bill.id.in_(cited or [-1])))
        .order_by(Bill.identifier)
    ).all()
    form.bills.choices = [(b.id, f"{b.identifier}: {b.title[:90]}") for b in bills]
    if entry is not None and not form.is_submitted():
        form.bills.data = cited
    # Only ids an official could have: others are refused by the choices, not the database.
    chosen = {i for i in form.officials.data or [] if 0 < i <= MAX_ID}
    if entry is not None and not form.is_submitted():
        chosen = {o.official_id for o in entry.officials}
    found = []
    if form.find.data and form.find.validate(form):  # its length before any query
        found, _ = search_officials(today=clock.today(), q=form.find.data, per_page=20)
        if _searching() and len(found) == 1:  # the one official searched for comes ticked
            chosen.add(found[0].id)
            form.officials.data = sorted(chosen)
    chosen_rows = (
        list(db.session.scalars(select(Official).where(Official.id.in_(chosen or {-1}))))
        if chosen
        else []
    )
    officials = {o.id: o for o in [*chosen_rows, *found]}
    form.officials.choices = [(o.id, _label(o)) for o in officials.values()]
    if entry is not None and not form.is_submitted():
        form.officials.data = sorted(chosen)
    return list(officials.values())


TEXT_FIELDS = ("issue", "participants", "topics", "notes")


def _label(official: Official) -> str:
    """ "Jane Doe — U.S. Senator, MA": names alone are not enough to pick the right one."""
    seat = official.seat
    if seat is None:
        return f"{official.full_name} (former official)"
    where = f", {seat.state.upper()}" if seat.state else ""
    return f"{official.full_name} — {office_label(seat)}{where}"


def _values(form: LogEntryForm) -> dict:
    values = {name: getattr(form, name).data for name in FIELDS}
    values["campaign_id"] = values["campaign_id"] or None
    for name in TEXT_FIELDS:  # a field left out of the post is empty, not NULL
        values[name] = values[name] or ""
    return values


def _searching() -> bool:
    """Whether this post asks to search rather than save: the Find button, or Enter pressed
    while the search box holds a name (Enter there searches, never saves)."""
    form = request.form
    return "find_officials" in form or ("enter" in form and bool(form.get("find", "").strip()))


def _unfinished(form: LogEntryForm, officials: list[Official], entry):
    """The form again while the advocate searches for officials or has something to fix
    (400 then); None when it may be saved."""
    searching = _searching()
    if searching or not form.validate_on_submit():
        status = 400 if form.is_submitted() and not searching else 200
        page = render_template(
            "interactions/form.html", form=form, officials=officials, entry=entry
        )
        return page, status
    return None


@bp.get("/officials.json")
@role_required(*ANYONE)
def officials_json():
    """Officials matching ?q= as the advocate types (the log form's search, with JavaScript)."""
    # The search box's own field and checks, fed ?q= (so a NUL or an override is refused
    # exactly as the no-JS Find refuses it).
    form = LogEntryForm(
        formdata=MultiDict({"find": request.args.get("q", "")}), meta={"csrf": False}
    )
    query = form.find.data or ""
    if len(query) < 2 or not form.find.validate(form):
        return jsonify(officials=[], message=" ".join(form.find.errors))
    found, _ = search_officials(today=clock.today(), q=query, per_page=10)
    return jsonify(officials=[{"id": o.id, "label": _label(o)} for o in found])


@bp.route("/new", methods=["GET", "POST"])
@role_required(*ANYONE)
def new():
    """Log a contact."""
    scope = chapter_scope()
    form = LogEntryForm()
    if not form.is_submitted():
        form.occurred_on.data = clock.today()
        form.outcome.data = "unknown"
    officials = _prepare(form, scope)
    if not form.chapter_id.choices:
        abort(403, description=NO_CHAPTER_LEAD if current_user.sees_all_chapters else NO_CHAPTER)
    unfinished = _unfinished(form, officials, None)
    if unfinished:
        return unfinished
    begin_write()
    entry = create_entry(current_user.id, _values(form), form.officials.data, form.bills.data or [])
    db.session.commit()
    flash("Logged. Thank you!", "success")
    return redirect(url_for("interactions.entry", entry_id=entry.id), code=303)


@bp.get("/<int:entry_id>")
@role_required(*ANYONE)
def entry(entry_id: int):
    """One entry with its history."""
    found = get_entry(entry_id, chapter_scope())
    if found is None:
        abort(404)
    return render_template(
        "interactions/entry.html",
        entry=found,
        kinds=KIND_LABELS,
        sends=SEND_LABELS,
        outcomes=OUTCOME_LABELS,
        form=DeleteForm(),
    )


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@role_required(*ANYONE)
def edit(entry_id: int):
    """Edit an entry; a concurrent edit is a conflict, never a silent overwrite."""
    scope = chapter_scope()
    found = get_entry(entry_id, scope)
    if found is None or found.deleted_at is not None:
        abort(404)
    form = LogEntryForm(obj=found if request.method == "GET" else None)
    if request.method == "GET":
        form.campaign_id.data = found.campaign_id or 0
        form.version.data = str(found.version)
    officials = _prepare(form, scope, found)
    unfinished = _unfinished(form, officials, found)
    if unfinished:
        return unfinished
    seen = ascii_int(form.version.data or "") or -1
    begin_write()  # the entry is read again under the write lock, then its version checked
    try:
        update_entry(
            found, current_user.id, _values(form), form.officials.data, seen, form.bills.data or []
        )
        db.session.commit()
    except (Conflict, StaleDataError):
        db.session.rollback()
        flash(CONFLICT, "error")
        return redirect(url_for("interactions.edit", entry_id=entry_id), code=303)
    flash("Saved.", "success")
    return redirect(url_for("interactions.entry", entry_id=entry_id), code=303)


@bp.post("/<int:entry_id>/delete")
@role_required(*ANYONE)
def delete(entry_id: int):
    """Delete softly (restorable, recorded)."""
    return _set_deleted(entry_id, True)


@bp.post("/<int:entry_id>/restore")
@role_required(*ANYONE)
def restore(entry_id: int):
    """Restore a deleted entry."""
    return _set_deleted(entry_id, False)


def _set_deleted(entry_id: int, deleted: bool):
    found = get_entry(entry_id, chapter_scope())
    form = DeleteForm()
    if found is None:
        abort(404)
    if not form.validate_on_submit():
        abort(400, description="Please use the button on the entry's page.")
    begin_write()
    try:
        set_deleted(found, current_user.id, deleted, form.version.data or found.version)
        db.session.commit()
    except (Conflict, StaleDataError):
        db.session.rollback()
        flash(CONFLICT, "error")
        return redirect(url_for("interactions.entry", entry_id=entry_id), code=303)
    flash("Deleted. You can restore it from this page." if deleted else "Restored.", "success")
    return redirect(url_for("interactions.entry", entry_id=entry_id), code=303)
