"""Finding bills: keyword search over titles, summaries and actions, with filters."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from advocacy.bills.parsers import CONGRESS, NEW_YORK
from advocacy.extensions import db
from advocacy.models import Bill, BillAction, BillSponsor

JURISDICTION_NAMES = {CONGRESS: "U.S. Congress", NEW_YORK: "New York"}
STATUS_NAMES = {
    "introduced": "Introduced",
    "in_committee": "In committee",
    "on_floor": "On the floor",
    "passed_one_chamber": "Passed one chamber",
    "passed_both": "Passed both chambers",
    "signed": "Signed into law",
    "vetoed": "Vetoed",
    "withdrawn": "Withdrawn",
    "other": "Other",
}
MAX_QUERY = 200


def search_bills(
    *,
    q: str | None = None,
    jurisdiction: str | None = None,
    status: str | None = None,
    sponsor: int | None = None,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[Bill], int]:
    """One page of the bills matching, newest action first, and the total count."""
    conditions = []
    if q:
        needle = q.lower()[:MAX_QUERY]
        conditions.append(
            or_(
                func.lower(Bill.identifier).contains(needle, autoescape=True),
                func.lower(Bill.title).contains(needle, autoescape=True),
                func.lower(Bill.summary).contains(needle, autoescape=True),
                exists().where(
                    BillAction.bill_id == Bill.id,
                    func.lower(BillAction.text).contains(needle, autoescape=True),
                ),
            )
        )
    if jurisdiction:
        conditions.append(Bill.jurisdiction == jurisdiction)
    if status:
        conditions.append(Bill.status == status)
    if sponsor:
        conditions.append(
            exists().where(BillSponsor.bill_id == Bill.id, BillSponsor.official_id == sponsor)
        )
    base = select(Bill).where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    rows = db.session.scalars(
        base.order_by(Bill.latest_action_on.desc().nulls_last(), Bill.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), total


def sponsored_by(official_id: int, limit: int = 20) -> list[Bill]:
    """The newest bills an official sponsors or cosponsors (no count: their page lists them)."""
    return list(
        db.session.scalars(
            select(Bill)
            .where(
                exists().where(
                    BillSponsor.bill_id == Bill.id, BillSponsor.official_id == official_id
                )
            )
            .order_by(Bill.latest_action_on.desc().nulls_last(), Bill.id.desc())
            .limit(limit)
        )
    )


def get_bill(bill_id: int) -> Bill | None:
    return db.session.scalars(
        select(Bill)
        .where(Bill.id == bill_id)
        .options(selectinload(Bill.actions), selectinload(Bill.sponsors))
    ).first()


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def bill_json(bill: Bill, *, full: bool = False) -> dict[str, Any]:
    """A bill for the API: the list form, or with its actions and sponsors."""
    data = {
        "id": bill.id,
        "jurisdiction": bill.jurisdiction,
        "session": bill.session,
        "identifier": bill.identifier,
        "title": bill.title,
        "status": bill.status,
        "status_text": bill.status_text,
        "introduced_on": _iso(bill.introduced_on),
        "latest_action_on": _iso(bill.latest_action_on),
        "latest_action": bill.latest_action,
        "url": bill.url,
    }
    if full:
        data |= {
            "summary": bill.summary,
            "subjects": json.loads(bill.subjects or "[]"),
            "committees": json.loads(bill.committees or "[]"),
            "source": bill.source,
            "fetched_at": _iso(bill.fetched_at),
            "actions": [
                {
                    "date": _iso(a.acted_on),
                    "text": a.text,
                    "actor": a.actor,
                }
                for a in bill.actions
            ],
            "sponsors": [
                {
                    "role": s.role,
                    "name": s.name,
                    "official_id": s.official_id,
                    "source_id": s.external_id,
                    "joined_on": _iso(s.joined_on),
                    "withdrawn_on": _iso(s.withdrawn_on),
                }
                for s in bill.sponsors
            ],
        }
    return data
