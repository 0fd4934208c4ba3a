"""The member's page: officials for an address, ZIP code or location."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from advocacy import clock
from advocacy.lookup.forms import LookupForm
from advocacy.lookup.inputs import Query
from advocacy.lookup.service import LookupFailed, find_officials

bp = Blueprint("lookup", __name__)

GROUPS = (
    (("federal", "upper"), "U.S. Senate"),
    (("federal", "lower"), "U.S. House of Representatives"),
    (("state", "executive"), "State executive"),
    (("state", "upper"), "State Senate"),
    (("state", "lower"), "State House or Assembly"),
    (("state", "legislature"), "State legislature or council"),
    (("local", "executive"), "Mayor"),
    (("canada", "lower"), "House of Commons"),
    (("province", "legislature"), "Provincial or territorial legislature"),
)


@bp.post("/find")
def find():
    """Look up the officials for what the member typed (or their location)."""
    form = LookupForm()
    if not form.validate():
        return render_template("main/index.html", form=form), 400
    return _answer(form.query, form)


@bp.get("/find")
def find_zip():
    """A ZIP lookup by link, with the member's choice among candidate districts."""
    if not request.args:
        return redirect(url_for("main.index"))
    form = LookupForm(meta={"csrf": False}, formdata=None)
    return _answer({**request.args.to_dict(), "address": None}, form)


def _answer(query: Query | dict, form: LookupForm):
    if isinstance(query, dict):
        form.q.data = query.get("zip")
    try:
        found = find_officials(query, clock.today())
    except LookupFailed as exc:
        form.q.errors = [exc.message]
        return render_template("main/index.html", form=form), exc.status
    if isinstance(query, dict):
        form.q.data = found.query.zip
    lookup = found.lookup
    groups = []
    for key, title in GROUPS:
        members = [o for o in lookup.officials if (o["level"], o["chamber"]) == key]
        if members:
            groups.append((title, members))
    candidate_types = {}
    for candidate in lookup.candidates:
        candidate_types.setdefault(candidate["type"], []).append(candidate)
    return render_template(
        "lookup/results.html",
        form=form,
        query=found.query,
        lookup=lookup,
        groups=groups,
        candidate_types=candidate_types,
    )
