"""Legislation pages: /bills (search and filters) and one bill's page; the bills an official
sponsors, for their page."""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, render_template, request

from advocacy.bills.forms import BillSearchForm
from advocacy.bills.queries import (
    JURISDICTION_NAMES,
    STATUS_NAMES,
    get_bill,
    search_bills,
    sponsored_by,
)
from advocacy.extensions import db
from advocacy.forms import page_count
from advocacy.models import Official

bp = Blueprint("bills", __name__)


@bp.app_context_processor
def _names():
    return {"jurisdiction_names": JURISDICTION_NAMES, "status_names": STATUS_NAMES}


@bp.app_template_global()
def bills_sponsored(official_id: int) -> list:
    """The newest bills an official sponsors or cosponsors (their page lists them)."""
    return sponsored_by(official_id)


@bp.get("/bills")
def listing():
    """Search bills by words (titles, summaries, actions), legislature and status."""
    form = BillSearchForm(request.args)
    if request.args and not form.validate():
        page = render_template("bills/list.html", form=form, rows=[], total=0, page=1, pages=0)
        return page, 400
    per_page = current_app.config["BILLS_PER_PAGE"]
    page = form.page.data or 1
    rows, total = search_bills(**form.filters(), page=page, per_page=per_page)
    pages = page_count(total, per_page, page)
    sponsor = db.session.get(Official, form.sponsor.data) if form.sponsor.data else None
    return render_template(
        "bills/list.html", form=form, rows=rows, total=total, page=page, pages=pages,
        sponsor=sponsor,
    )  # fmt: skip


@bp.get("/bills/<int:bill_id>")
def bill(bill_id: int):
    """One bill: status, summary, the dated actions, sponsors linked to their pages."""
    found = get_bill(bill_id)
    if found is None:
        abort(404, description="There is no bill with that id.")
    return render_template(
        "bills/bill.html",
        bill=found,
        subjects=json.loads(found.subjects or "[]"),
        committees=json.loads(found.committees or "[]"),
    )
