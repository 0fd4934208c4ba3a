"""Directory pages: browse and search officials, one official's page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from advocacy import clock
from advocacy.directory.corrections import corrections_for, describe
from advocacy.directory.forms import OfficialSearchForm
from advocacy.directory.jurisdictions import PROVINCES
from advocacy.directory.queries import (
    district_label,
    get_official,
    is_current,
    office_label,
    search_officials,
    social_url,
)
from advocacy.forms import page_count

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
    )
