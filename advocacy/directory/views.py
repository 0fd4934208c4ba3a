"""Directory pages: browse and search officials, one official's page, and admins'
corrections to the public data."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from advocacy import clock
from advocacy.access import role_required
from advocacy.directory.corrections import (
    FIX_FIELDS,
    SEAT_COPY,
    apply_corrections,
    correction_key,
    corrections_for,
    describe,
    retire_correction,
)
from advocacy.directory.forms import CorrectionForm, OfficialSearchForm
from advocacy.directory.queries import (
    committees_of,
    district_label,
    get_official,
    is_current,
    office_label,
    search_officials,
    social_url,
)
from advocacy.extensions import begin_write, db
from advocacy.forms import PostForm, page_count
from advocacy.jurisdictions import PROVINCES
from advocacy.models import Correction, Official

bp = Blueprint("directory", __name__)


@bp.app_template_global()
def seat_label(seat):
    """Template helper: "U.S. Senator", "State Representative"..."""
    return office_label(seat) if seat else ""


bp.add_app_template_filter(district_label, "district_label")


@bp.app_template_filter()
def initials(name: str | None) -> str:
    """ "Jane Q. Doe" as "JD": shown where a photo would be, without loading one."""
    words = [w for w in (name or "").replace(".", " ").split() if w[:1].isalpha()]
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper() if words else "?"


@bp.app_template_global()
def account_url(account):
    """Template helper: a link for a social account, or None."""
    return social_url(account.platform, account.handle)


@bp.get("/officials")
def officials():
    """Browse and search every current official; paginated."""
    form = OfficialSearchForm(request.args)
    if request.args and not form.validate():
        return render_template(
            "directory/officials.html", form=form, rows=[], total=0, page=1, pages=0
        ), 400
    per_page = current_app.config["OFFICIALS_PER_PAGE"]
    page = form.page.data or 1
    rows, total = search_officials(
        today=clock.today(),
        q=form.q.data or None,
        state=form.state.data or None,
        level=form.level.data or None,
        chamber=form.chamber.data or None,
        page=page,
        per_page=per_page,
    )
    pages = page_count(total, per_page, page)
    return render_template(
        "directory/officials.html",
        form=form,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        provinces=PROVINCES,
    )


@bp.get("/officials/<int:official_id>")
def official(official_id: int):
    """One official: seat and term, every contact point, social link and identifier."""
    found = get_official(official_id)
    if found is None:
        abort(404, description="There is no official with that id in the directory.")
    return render_template(
        "directory/official.html",
        official=found,
        current=is_current(found.seat, clock.today()),
        corrections=corrections_for(found),
        describe_correction=describe,
        committees=committees_of(found),
    )


# Admins' corrections to the public data: made from an official's page, listed, retired (the
# corrections themselves, kept apart and re-applied after every update, are corrections.py's).
corrections_bp = Blueprint("corrections", __name__)


@corrections_bp.route("/officials/<int:official_id>/correct", methods=["GET", "POST"])
@role_required("admin")
def correct(official_id: int):
    """Correct one official: fix fields, end the seat, or add the person now in it."""
    official = get_official(official_id)
    if official is None or official.seat is None:
        abort(404, description="There is no official with a seat by that id in the directory.")
    form = CorrectionForm()
    if form.validate_on_submit():
        values, problem = _values(form, official)
        if problem:
            form.action.errors = [problem]
        else:
            begin_write()
            correction = Correction(
                action=form.action.data,
                target_key=None if form.action.data == "add" else official.source_key,
                fields=json.dumps(values, sort_keys=True),
                source_url=form.source_url.data,
                note=form.note.data,
                created_by=current_user.email,
                created_at=clock.now(),
            )
            db.session.add(correction)
            db.session.flush()
            apply_corrections()
            db.session.commit()
            current_app.extensions.pop("data_version", None)
            flash(f"Saved: {describe(correction)}. It is applied again after every data update.")
            target = official
            if correction.action == "add":
                target = db.session.scalars(
                    select(Official).where(Official.source_key == correction_key(correction.id))
                ).one()
            return redirect(url_for("directory.official", official_id=target.id))
    status = 400 if form.is_submitted() else 200
    return render_template("directory/correct.html", form=form, official=official), status


def _values(form: CorrectionForm, official: Official) -> tuple[dict, str | None]:
    """The correction's values, or why the form does not make one."""
    seat = official.seat
    if form.action.data == "end":
        if form.day.data is None:
            return {}, "Please give the date the seat's term ended."
        return {"end_date": form.day.data.isoformat()}, None
    if form.action.data == "add":
        if not form.full_name.data:
            return {}, "Please give the name of the person now in this seat."
        return {
            "full_name": form.full_name.data,
            "party": form.party.data or None,
            "email": form.email.data or None,
            "website_url": form.website_url.data or None,
            "start_date": form.day.data.isoformat() if form.day.data else None,
            "seat": {k: getattr(seat, k) for k in SEAT_COPY},
        }, None
    values = {}
    for name, part in FIX_FIELDS.items():
        field = getattr(form, name, None)
        if field is None or not field.data:
            continue
        current = getattr(official if part == "person" else seat, name)
        if field.data != current:
            values[name] = field.data
    if not values:
        return {}, "Please change at least one field: each one left blank stays as it is."
    return values, None


@corrections_bp.get("/corrections")
@role_required("admin")
def corrections():
    """Every active correction, whether the public data now agrees, and a retire button."""
    rows = db.session.scalars(
        select(Correction).where(Correction.retired_at.is_(None)).order_by(Correction.id)
    ).all()
    keys = {c.target_key for c in rows if c.target_key} | {correction_key(c.id) for c in rows}
    officials = {
        o.source_key: o
        for o in db.session.scalars(select(Official).where(Official.source_key.in_(keys)))
    }
    return render_template(
        "directory/corrections.html",
        rows=[(c, describe(c), officials.get(c.target_key or correction_key(c.id))) for c in rows],
        form=PostForm(),
    )


@corrections_bp.post("/corrections/<int:correction_id>/retire")
@role_required("admin")
def retire(correction_id: int):
    """Stop applying a correction (say, once the public data agrees)."""
    form = PostForm()
    if not form.validate_on_submit():
        abort(400, description="The form expired; please try again.")
    correction = db.session.get(Correction, correction_id)
    if correction is None or correction.retired_at is not None:
        abort(404, description="There is no active correction by that id.")
    begin_write()
    retire_correction(correction, clock.now())
    db.session.commit()
    current_app.extensions.pop("data_version", None)
    flash(f"Retired correction {correction_id}: the next data update loads the public values.")
    return redirect(url_for("corrections.corrections"))
