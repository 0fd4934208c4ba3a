"""Relationship pages: an office's staff, advocates' key contacts (with who knows whom,
coverage and goals), coalition partners, and sign-on letters with their public signing
page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from advocacy import clock
from advocacy.access import chapter_scope, chosen_chapter, own_chapters, role_required
from advocacy.directory.queries import get_official
from advocacy.extensions import begin_write, db
from advocacy.forms import ActionForm
from advocacy.models import Official, Seat
from advocacy.relationships import contacts, staff
from advocacy.relationships.forms import (
    KeyContactForm,
    StaffForm,
)

bp = Blueprint("relationships", __name__)
ANYONE = ("advocate", "lead", "admin")


@bp.app_context_processor
def _names():
    return {
        "knows_how_names": contacts.HOW_NAMES,
        "strength_names": contacts.STRENGTH_NAMES,
    }


@bp.app_template_global()
def official_relationships(official_id: int) -> dict | None:
    """For an official's page: the staff the viewer may see and who knows them (None for
    anonymous viewers, who see neither)."""
    if not current_user.is_authenticated:
        return None
    scope = chapter_scope()
    return {
        "staff": staff.office_staff(official_id, scope),
        "who_knows": contacts.who_knows(official_id, scope),
    }


@bp.app_template_global()
def entry_staff(entry_id: int) -> list:
    """For a log entry's page: the staff who took part, as the viewer may see them."""
    if not current_user.is_authenticated:
        return []
    return staff.entry_staff(entry_id, chapter_scope())


def _official(official_id: int) -> Official:
    found = get_official(official_id)
    if found is None or found.seat is None:
        abort(404, description="There is no official with a seat by that id in the directory.")
    return found


# --- staff ---------------------------------------------------------------------------------


@bp.route("/officials/<int:official_id>/staff/new", methods=["GET", "POST"])
@role_required(*ANYONE)
def new_staffer(official_id: int):
    """Add a staffer to an office (kept by your chapter, or shared)."""
    official = _official(official_id)
    chapters = own_chapters()
    form = StaffForm()
    form.set_chapters(chapters)
    if not form.is_submitted():
        form.confirmed_on.data = clock.today()
    if form.validate_on_submit():
        chapter = chosen_chapter(form, chapters)
        begin_write()
        staff.add_staffer(chapter.id, current_user.id, official.id, form.role.data, form.values())
        db.session.commit()
        flash(f"{form.name.data} added to {official.full_name}'s staff.")
        return redirect(url_for("directory.official", official_id=official.id), 303)
    return render_template(
        "relationships/staffer.html", form=form, official=official, staffer=None
    ), 400 if form.errors else 200


def _offices_for_move(current: Official):
    """Offices a staffer might move to: the same state's legislators and members of
    Congress, by name."""
    seat = current.seat
    query = (
        select(Official)
        .join(Seat, Seat.official_id == Official.id)
        .where(Seat.state == (seat.state if seat else None))
        .order_by(Official.sort_name)
        .limit(600)
    )
    return list(db.session.scalars(query))


@bp.route("/staff-contacts/<int:staffer_id>", methods=["GET", "POST"])
@role_required(*ANYONE)
def staffer(staffer_id: int):
    """A staffer: edit, confirm, or move to another office (their history stays)."""
    scope = chapter_scope()
    person = staff.get_staffer(staffer_id, scope)
    if person is None:
        abort(404, description="There is no staffer by that id among those you may see.")
    current = person.current
    official = current.official if current else None
    editable = staff.may_edit(person, scope)
    form = StaffForm(obj=None)
    chapters = [c for c in own_chapters() if c.id == person.chapter_id] or own_chapters()
    form.set_chapters(chapters)
    if not form.is_submitted():
        form.name.data, form.email.data, form.phone.data = person.name, person.email, person.phone
        form.notes.data, form.shared.data = person.notes, person.shared
        form.confirmed_on.data = clock.today()
        form.role.data = current.role if current else "other"
        form.official_id.data = str(official.id) if official else ""
    if editable and form.validate_on_submit():
        moved_to = form.moved_to()
        target = get_official(moved_to) if moved_to else official
        if target is None:
            form.official_id.errors.append("Please choose an office from the list.")
        else:
            begin_write()
            person = staff.get_staffer(staffer_id, scope)
            staff.update_staffer(person, form.values(), target.id, form.role.data, clock.today())
            db.session.commit()
            flash("Staffer saved.")
            return redirect(url_for("directory.official", official_id=target.id), 303)
    return render_template(
        "relationships/staffer.html",
        form=form,
        official=official,
        staffer=person,
        editable=editable,
        offices=_offices_for_move(official) if official else [],
    ), 400 if form.errors else 200


# --- key contacts --------------------------------------------------------------------------


def _record_contact(name: str, label: str, **target: int):
    """The key-contact form for one official or staffer: saved with consent, or shown."""
    chapters = own_chapters()
    form = KeyContactForm()
    form.set_chapters(chapters)
    if form.validate_on_submit():
        chapter = chosen_chapter(form, chapters)
        begin_write()
        contacts.add_contact(current_user, chapter.id, form.values(), **target)
        db.session.commit()
        flash(f"Your relationship with {name} is recorded.")
        return redirect(url_for("relationships.key_contacts"), 303)
    return render_template(
        "relationships/key_contact.html", form=form, whom=label, contact=None
    ), 400 if form.errors else 200


@bp.route("/officials/<int:official_id>/key-contact", methods=["GET", "POST"])
@role_required(*ANYONE)
def new_contact(official_id: int):
    """Record that you know this official (with your consent)."""
    official = _official(official_id)
    return _record_contact(official.full_name, official.full_name, official_id=official.id)


@bp.route("/staff-contacts/<int:staffer_id>/key-contact", methods=["GET", "POST"])
@role_required(*ANYONE)
def new_staff_contact(staffer_id: int):
    """Record that you know this staffer (with your consent)."""
    person = staff.get_staffer(staffer_id, chapter_scope())
    if person is None:
        abort(404, description="There is no staffer by that id among those you may see.")
    return _record_contact(person.name, contacts.staffer_label(person), staffer_id=person.id)


@bp.route("/key-contacts/<int:contact_id>", methods=["GET", "POST"])
@role_required(*ANYONE)
def key_contact(contact_id: int):
    """Edit one of your key contacts (your consent is given again)."""
    contact = contacts.get_contact(contact_id, current_user)
    if contact is None:
        abort(404, description="You have no key contact by that id.")
    form = KeyContactForm()
    form.set_chapters(
        [
            contact_chapter
            for contact_chapter in own_chapters()
            if contact_chapter.id == contact.chapter_id
        ]
        or own_chapters()
    )
    if not form.is_submitted():
        form.how.data, form.strength.data = contact.how, contact.strength
        form.notes.data, form.goal_per_year.data = contact.notes, contact.goal_per_year
    if form.validate_on_submit():
        begin_write()
        contact = contacts.get_contact(contact_id, current_user)
        contacts.update_contact(contact, form.values())
        db.session.commit()
        flash("Key contact saved.")
        return redirect(url_for("relationships.key_contacts"), 303)
    whom = (
        contact.official.full_name if contact.official else contacts.staffer_label(contact.staffer)
    )
    return render_template(
        "relationships/key_contact.html", form=form, whom=whom, contact=contact
    ), 400 if form.errors else 200


@bp.post("/key-contacts/<int:contact_id>/delete")
@role_required(*ANYONE)
def delete_contact(contact_id: int):
    """Remove one of your key contacts (it is deleted, not kept)."""
    form = ActionForm()
    contact = contacts.get_contact(contact_id, current_user)
    if contact is None:
        abort(404, description="You have no key contact by that id.")
    if not form.validate_on_submit():
        abort(400, description="The form had expired; please try again.")
    begin_write()
    db.session.delete(contacts.get_contact(contact_id, current_user))
    db.session.commit()
    flash("Key contact removed.")
    return redirect(url_for("relationships.key_contacts"), 303)


@bp.get("/key-contacts")
@role_required(*ANYONE)
def key_contacts():
    """Your key contacts and your chapters': goals for the year and who is behind."""
    scope = chapter_scope()
    today = clock.today()
    rows = contacts.progress(contacts.contacts_in(scope), today)
    return render_template(
        "relationships/key_contacts.html",
        rows=rows,
        mine=[r for r in rows if r.contact.user_id == current_user.id],
        behind=[r for r in rows if r.behind],
        delete_form=ActionForm(),
        year=today.year,
    )


@bp.get("/key-contacts/coverage")
@role_required(*ANYONE)
def coverage():
    """Members of the followed bills' committees no one in your chapters knows."""
    return render_template("relationships/coverage.html", rows=contacts.coverage(chapter_scope()))
