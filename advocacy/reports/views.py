"""/reports/monthly: the page, its printable form, and CSV for every table."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, jsonify, render_template, request

from advocacy import clock
from advocacy.access import chapter_scope, role_required
from advocacy.campaigns.queries import campaign_in_scope
from advocacy.interactions.export import csv_download, to_csv
from advocacy.models import Campaign
from advocacy.months import next_month, parse_month
from advocacy.reports.monthly import monthly_report
from advocacy.reports.moved import moved_table, what_moved
from advocacy.reports.tables import tables

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _month() -> date:
    text = request.args.get("month")
    if not text:  # this month, to date; last month is one click away
        return clock.today().replace(day=1)
    month = parse_month(text)
    if month is None:
        abort(400, description="Give the month as YYYY-MM, e.g. 2026-09.")
    return month


@bp.get("/monthly")
@role_required("advocate", "lead", "admin")
def monthly():
    """The month for every chapter the viewer may see, with charts and changes."""
    month = _month()
    report = monthly_report(month, chapter_scope())
    return render_template(
        "reports/monthly.html",
        report=report,
        tables=tables(report),
        month=month,
        this_month=clock.today().replace(day=1),
        next_month=next_month(month),
    )


@bp.get("/monthly.csv")
@role_required("advocate", "lead", "admin")
def monthly_csv():
    """One table of the month as CSV (?table=channel, chapter, officials, ...)."""
    month = _month()
    report = monthly_report(month, chapter_scope())
    all_tables = tables(report)
    name = request.args.get("table", "summary")
    if name not in all_tables:
        abort(400, description=f"Unknown table; one of: {', '.join(all_tables)}.")
    header, rows = all_tables[name]
    return csv_download(to_csv(header, rows), f"report-{month:%Y-%m}-{name}.csv")


def _campaign(campaign_id: int) -> Campaign:
    """The campaign, if the viewer may read its report (as edit it); 404 otherwise."""
    found = campaign_in_scope(campaign_id, chapter_scope())
    if found is None:
        abort(404)
    return found


@bp.get("/campaigns/<int:campaign_id>")
@role_required("advocate", "lead", "admin")
def campaign(campaign_id: int):
    """What moved after a campaign asked: its officials' contacts, what members heard,
    the cosponsorships since; and who on the bill's committees has not heard from us."""
    found = _campaign(campaign_id)
    moved = what_moved(found)
    columns, rows = moved_table(moved, found.bill is not None)
    return render_template(
        "reports/campaign.html", campaign=found, moved=moved, rows=rows, columns=columns
    )


@bp.get("/campaigns/<int:campaign_id>.csv")
@role_required("advocate", "lead", "admin")
def campaign_csv(campaign_id: int):
    """The campaign report's table as CSV."""
    found = _campaign(campaign_id)
    columns, rows = moved_table(what_moved(found), found.bill is not None, unheard=True)
    return csv_download(to_csv(columns, rows), f"campaign-{found.slug}.csv")


@bp.get("/campaigns/<int:campaign_id>.json")
@role_required("advocate", "lead", "admin")
def campaign_json(campaign_id: int):
    """The campaign report as JSON, for the chapter's own tools (the same scope as the
    page: the public API has no chapter data)."""
    found = _campaign(campaign_id)
    moved = what_moved(found)
    bill = found.bill
    return jsonify(
        {
            "campaign": {"id": found.id, "slug": found.slug, "title": found.title},
            "bill": None
            if bill is None
            else {"id": bill.id, "identifier": bill.identifier, "stance": found.bill_stance},
            "moved_after_contact": moved["moved"],
            "reached": [
                {
                    "official_id": r.official.id,
                    "name": r.official.full_name,
                    "asked_as": r.group or None,
                    "confirmed_contacts": r.contacts,
                    "first_contact": r.first.isoformat(),
                    "last_contact": r.last.isoformat(),
                    "heard_on_calls": dict(r.heard),
                    "on_the_bill": r.change or None,
                    "moved_after_contact": r.moved,
                }
                for r in moved["reached"]
            ],
            "not_heard_from_us": [
                {"official_id": o.id, "name": o.full_name} for o in moved["unheard"]
            ],
        }
    )
