"""Relationship pages: an office's staff, advocates' key contacts (with who knows whom,
coverage and goals), coalition partners, and sign-on letters with their public signing
page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from advocacy import clock
from advocacy.access import acting_chapters, chapter_scope, limit_to_scope, role_required
from advocacy.directory.queries import get_official
from advocacy.extensions import begin_write, db, limiter
from advocacy.models import Campaign, Official, Organisation, Seat, Signature
from advocacy.relationships import coalitions, contacts, staff
from advocacy.relationships.forms import (
    DeliverForm,
    KeyContactForm,
    LetterForm,
    ModerateForm,
    OrganisationForm,
    SignForm,
    StaffForm,
)

bp = Blueprint("relationships", __name__)
ANYONE = ("advocate", "lead", "admin")
limiter.limit(
    lambda: current_app.config["MARCH_RATE_LIMIT"] or "",
    methods=["POST"],
    scope="sign-on-address",
    exempt_when=lambda: not current_app.config["MARCH_RATE_LIMIT"],
)(bp)


@bp.app_context_processor
def _names():
    return {
        "knows_how_names": contacts.HOW_NAMES,
        "strength_names": contacts.STRENGTH_NAMES,
        "org_kind_names": coalitions.KIND_NAMES,
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


def _chapters():
    chapters = acting_chapters(chapter_scope())
    if not chapters:
        abort(403, description="You are not in a chapter yet: ask a task-force lead to add you.")
    return chapters


def _chapter(form, chapters):
    chapter = next((c for c in chapters if c.id == form.chapter_id.data), None)
    if chapter is None:
        abort(404)
    return chapter


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
    chapters = _chapters()
    form = StaffForm()
    form.set_chapters(chapters)
    if not form.is_submitted():
        form.confirmed_on.data = clock.today()
    if form.validate_on_submit():
        chapter = _chapter(form, chapters)
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
    chapters = [c for c in _chapters() if c.id == person.chapter_id] or _chapters()
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


@bp.route("/officials/<int:official_id>/key-contact", methods=["GET", "POST"])
@role_required(*ANYONE)
def new_contact(official_id: int):
    """Record that you know this official (with your consent)."""
    official = _official(official_id)
    chapters = _chapters()
    form = KeyContactForm()
    form.set_chapters(chapters)
    if form.validate_on_submit():
        chapter = _chapter(form, chapters)
        begin_write()
        contacts.add_contact(current_user, chapter.id, form.values(), official_id=official.id)
        db.session.commit()
        flash(f"Your relationship with {official.full_name} is recorded.")
        return redirect(url_for("relationships.key_contacts"), 303)
    return render_template(
        "relationships/key_contact.html", form=form, whom=official.full_name, contact=None
    ), 400 if form.errors else 200


@bp.route("/staff-contacts/<int:staffer_id>/key-contact", methods=["GET", "POST"])
@role_required(*ANYONE)
def new_staff_contact(staffer_id: int):
    """Record that you know this staffer (with your consent)."""
    person = staff.get_staffer(staffer_id, chapter_scope())
    if person is None:
        abort(404, description="There is no staffer by that id among those you may see.")
    chapters = _chapters()
    form = KeyContactForm()
    form.set_chapters(chapters)
    if form.validate_on_submit():
        chapter = _chapter(form, chapters)
        begin_write()
        contacts.add_contact(current_user, chapter.id, form.values(), staffer_id=person.id)
        db.session.commit()
        flash(f"Your relationship with {person.name} is recorded.")
        return redirect(url_for("relationships.key_contacts"), 303)
    return render_template(
        "relationships/key_contact.html",
        form=form,
        whom=contacts.staffer_label(person),
        contact=None,
    ), 400 if form.errors else 200


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
            for contact_chapter in _chapters()
            if contact_chapter.id == contact.chapter_id
        ]
        or _chapters()
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
    form = DeliverForm()
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
        delete_form=DeliverForm(),
        year=today.year,
    )


@bp.get("/key-contacts/coverage")
@role_required(*ANYONE)
def coverage():
    """Members of the followed bills' committees no one in your chapters knows."""
    return render_template("relationships/coverage.html", rows=contacts.coverage(chapter_scope()))


# --- coalitions and sign-on letters --------------------------------------------------------


@bp.route("/coalitions", methods=["GET", "POST"])
@role_required(*ANYONE)
def organisations():
    """The chapters' coalition partners, and a form to add one."""
    scope = chapter_scope()
    chapters = _chapters()
    form = OrganisationForm()
    form.set_chapters(chapters)
    if form.validate_on_submit():
        chapter = _chapter(form, chapters)
        begin_write()
        if coalitions.add_organisation(chapter.id, form.values()) is None:
            form.name.errors.append(f"{chapter.name} already has a partner of that name.")
            db.session.rollback()
        else:
            db.session.commit()
            flash(f"{form.name.data} added to your partners.")
            return redirect(url_for("relationships.organisations"), 303)
    partners = db.session.scalars(
        limit_to_scope(
            select(Organisation).order_by(Organisation.name), Organisation.chapter_id, scope
        )
    ).all()
    return render_template(
        "relationships/organisations.html", form=form, partners=partners
    ), 400 if form.errors else 200


@bp.get("/sign-on")
@role_required(*ANYONE)
def letters():
    """The chapters' sign-on letters."""
    return render_template(
        "relationships/letters.html", letters=coalitions.letters_of(chapter_scope())
    )


def _letter_choices(form: LetterForm, chapters) -> None:
    form.set_chapters(chapters)
    ids = [c.id for c in chapters]
    campaigns = db.session.scalars(
        select(Campaign)
        .where((Campaign.chapter_id.in_(ids)) | (Campaign.chapter_id.is_(None)))
        .order_by(Campaign.starts_on.desc())
        .limit(100)
    ).all()
    form.campaign_id.choices = [SelectChoice(str(c.id), c.title) for c in campaigns]
    states = {
        r.strip().lower() for c in chapters for r in (c.regions or "").split(",") if r.strip()
    }
    officials = db.session.scalars(
        select(Official)
        .join(Seat, Seat.official_id == Official.id)
        .where(Seat.level == "federal", Seat.state.in_(states or {"-"}))
        .order_by(Official.sort_name)
    ).all()
    form.targets.choices = [SelectChoice(str(o.id), o.full_name) for o in officials]


@bp.route("/sign-on/new", methods=["GET", "POST"])
@role_required(*ANYONE)
def new_letter():
    """Write a letter for organisations to sign."""
    chapters = _chapters()
    form = LetterForm()
    _letter_choices(form, chapters)
    if not form.campaign_id.choices:
        abort(403, description="A sign-on letter counts for a campaign: launch one first.")
    if form.validate_on_submit():
        chapter = _chapter(form, chapters)
        begin_write()
        letter = coalitions.new_letter(
            chapter.id,
            current_user.id,
            {
                "title": form.title.data,
                "body": form.body.data,
                "campaign_id": int(form.campaign_id.data),
                "to_name": form.to_name.data or "",
                "to_email": form.to_email.data or "",
            },
            [int(i) for i in form.targets.data or []],
        )
        db.session.commit()
        flash("Letter ready: share its signing link with your partners.")
        return redirect(url_for("relationships.letter", letter_id=letter.id), 303)
    return render_template("relationships/new_letter.html", form=form), 400 if form.errors else 200


def _my_letter(letter_id: int):
    from advocacy.models import SignOnLetter

    letter = db.session.get(SignOnLetter, letter_id)
    scope = chapter_scope()
    if letter is None or (scope is not None and letter.chapter_id not in scope):
        abort(404, description="There is no sign-on letter by that id among your chapters.")
    return letter


@bp.get("/sign-on/<int:letter_id>")
@role_required(*ANYONE)
def letter(letter_id: int):
    """A letter's signatures to moderate, and its delivery."""
    found = _my_letter(letter_id)
    return render_template(
        "relationships/letter.html",
        letter=found,
        moderate=ModerateForm(),
        deliver_form=DeliverForm(),
        sign_url=url_for("relationships.sign", key=found.key, _external=True),
        approved=coalitions.approved(found),
    )


@bp.post("/sign-on/<int:letter_id>/moderate")
@role_required(*ANYONE)
def moderate(letter_id: int):
    """Approve or reject one signature."""
    found = _my_letter(letter_id)
    form = ModerateForm()
    if not form.validate_on_submit() or form.chosen() is None:
        abort(400, description="Please choose a signature and a decision.")
    signature = db.session.get(Signature, form.chosen())
    if signature is None or signature.letter_id != found.id:
        abort(404, description="This letter has no signature by that id.")
    if found.status == "delivered":
        flash("The letter is delivered: its signers can no longer change.", "error")
        return redirect(url_for("relationships.letter", letter_id=found.id), 303)
    begin_write()
    db.session.get(Signature, form.chosen()).status = form.decision.data
    db.session.commit()
    return redirect(url_for("relationships.letter", letter_id=found.id), 303)


@bp.post("/sign-on/<int:letter_id>/deliver")
@role_required(*ANYONE)
def deliver(letter_id: int):
    """Deliver the letter with its approved signers, once."""
    found = _my_letter(letter_id)
    form = DeliverForm()
    if not form.validate_on_submit():
        abort(400, description="The form had expired; please try again.")
    begin_write()
    found = _my_letter(letter_id)
    try:
        done = coalitions.deliver(found, current_user)
    except coalitions.NoSigners:
        db.session.rollback()
        flash("No signature is approved yet, so there is nothing to deliver.", "error")
    except coalitions.AlreadyDelivered:
        db.session.rollback()
        flash("This letter was delivered already; it goes once.", "error")
    else:
        db.session.commit()
        parts = [f"emailed to {done.emailed} officials"]
        if done.printed:
            parts.append(f"{done.printed} to print and post (see the printable letter)")
        if done.agency:
            parts.append("emailed to the agency")
        flash("Delivered: " + ", ".join(parts) + ".")
    return redirect(url_for("relationships.letter", letter_id=letter_id), 303)


@bp.get("/sign-on/<int:letter_id>/print")
@role_required(*ANYONE)
def print_letter(letter_id: int):
    """The letter with its approved signers, to print."""
    found = _my_letter(letter_id)
    return render_template(
        "relationships/print_letter.html", letter=found, approved=coalitions.approved(found)
    )


def _public_letter(key: str):
    found = coalitions.letter_by_key(key)
    if found is None:
        abort(404, description="There is no sign-on letter at this link.")
    return found


@bp.route("/s/<key>", methods=["GET", "POST"])
def sign(key: str):
    """An organisation signs a letter (once per organisation)."""
    found = _public_letter(key)
    form = SignForm()
    if found.status == "open" and form.validate_on_submit():
        begin_write()
        new = coalitions.sign(
            _public_letter(key),
            {
                "org_name": form.org_name.data,
                "signatory": form.signatory.data,
                "title": form.title.data or "",
                "email": form.email.data,
            },
        )
        db.session.commit()
        return redirect(url_for("relationships.signed", key=key, again="" if new else "1"), 303)
    return render_template(
        "relationships/sign.html", letter=found, form=form, approved=coalitions.approved(found)
    ), 400 if form.errors else 200


@bp.get("/s/<key>/thanks")
def signed(key: str):
    """After signing: thanks (the same whether it was the first signature or not)."""
    from flask import request

    found = _public_letter(key)
    return render_template(
        "relationships/signed.html", letter=found, again=request.args.get("again") == "1"
    )
