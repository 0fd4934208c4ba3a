"""Bills: GET /api/v1/bills?q=&jurisdiction=&status= and one bill by id, with each
sponsor's official id in our directory (and their bioguide or source id)."""

from __future__ import annotations

from flask import abort, current_app, jsonify, request

from advocacy.api import bp
from advocacy.bills.forms import BillSearchForm
from advocacy.bills.queries import bill_json, get_bill, search_bills


@bp.get("/bills")
def bills():
    """Bills matching words, a legislature and a status; a page of them."""
    form = BillSearchForm(request.args)
    if not form.validate():
        field, errors = next(iter(form.errors.items()))
        return jsonify(error="Bad Request", status=400, field=field, message=errors[0]), 400
    per_page = current_app.config["BILLS_PER_PAGE"]
    page = form.page.data or 1
    rows, total = search_bills(**form.filters(), page=page, per_page=per_page)
    return jsonify(total=total, page=page, per_page=per_page, bills=[bill_json(b) for b in rows])


@bp.get("/bills/<int:bill_id>")
def bill(bill_id: int):
    """One bill with its summary, actions and sponsors; 404 JSON when unknown."""
    found = get_bill(bill_id)
    if found is None:
        abort(404, description=f"No bill with id {bill_id}.")
    return jsonify(bill_json(found, full=True))
