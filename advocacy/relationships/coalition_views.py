"""Coalition pages: the chapters' partner organisations, sign-on letters (written,
moderated, delivered once, printed) and the public page where organisations sign."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from advocacy import abuse
from advocacy.access import (
    chapter_scope,
    chosen_chapter,
    limit_to_scope,
    own_chapters,
    role_required,
)
from advocacy.extensions import begin_write, db
from advocacy.forms import ActionForm
from advocacy.models import Campaign, Official, Organisation, Seat, Signature, SignOnLetter
from advocacy.relationships import coalitions
from advocacy.relationships.forms import (
    LetterForm,
    ModerateForm,
    OrganisationForm,
    SignForm,
)

bp = Blueprint("coalitions", __name__)
ANYONE = ("advocate", "lead", "admin")
abuse.limit_member_posts(bp, "sign-on-address")


@bp.app_context_processor
def _names():
    return {"org_kind_names": coalitions.KIND_NAMES}


@bp.route("/coalitions", methods=["GET", "POST"])
@role_required(*ANYONE)
def organisations():
    """The chapters' coalition partners, and a form to add one."""
    scope = chapter_scope()
    chapters = own_chapters()
    form = OrganisationForm()
    form.set_chapters(chapters)
    if form.validate_on_submit():
        chapter = chosen_chapter(form, chapters)
        begin_write()
        if coalitions.add_organisation(chapter.id, form.values()) is None:
            form.name.errors.append(f"{chapter.name} already has a partner of that name.")
            db.session.rollback()
        else:
            db.session.commit()
            flash(f"{form.name.data} added to your partners.")
            return redirect(url_for("coalitions.organisations"), 303)
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
    chapters = own_chapters()
    form = LetterForm()
    _letter_choices(form, chapters)
    if not form.campaign_id.choices:
        abort(403, description="A sign-on letter counts for a campaign: launch one first.")
    if form.validate_on_submit():
        chapter = chosen_chapter(form, chapters)
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
        return redirect(url_for("coalitions.letter", letter_id=letter.id), 303)
    return render_template("relationships/new_letter.html", form=form), 400 if form.errors else 200


def _my_letter(letter_id: int):
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
        deliver_form=ActionForm(),
        sign_url=url_for("coalitions.sign", key=found.key, _external=True),
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
        return redirect(url_for("coalitions.letter", letter_id=found.id), 303)
    begin_write()
    db.session.get(Signature, form.chosen()).status = form.decision.data
    db.session.commit()
    return redirect(url_for("coalitions.letter", letter_id=found.id), 303)


@bp.post("/sign-on/<int:letter_id>/deliver")
@role_required(*ANYONE)
def deliver(letter_id: int):
    """Deliver the letter with its approved signers, once."""
    found = _my_letter(letter_id)
    form = ActionForm()
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
    return redirect(url_for("coalitions.letter", letter_id=letter_id), 303)


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
        return redirect(url_for("coalitions.signed", key=key, again="" if new else "1"), 303)
    return render_template(
        "relationships/sign.html", letter=found, form=form, approved=coalitions.approved(found)
    ), 400 if form.errors else 200


@bp.get("/s/<key>/thanks")
def signed(key: str):
    """After signing: thanks (the same whether it was the first signature or not)."""
    found = _public_letter(key)
    return render_template(
        "relationships/signed.html", letter=found, again=request.args.get("again") == "1"
    )
