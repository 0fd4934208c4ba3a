"""Finding bills: keyword search over titles, summaries and actions, with filters."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import false, func, literal_column, or_, select, text
from sqlalchemy.orm import selectinload

from advocacy.extensions import db
from advocacy.models import Bill, BillSponsor
from advocacy.models.bills import SEARCH_DOCUMENT, SEARCH_TABLE

MAX_QUERY = 200


def search_bills(
    *,
    q: str | None = None,
    jurisdiction: str | None = None,
    status: str | None = None,
    sponsor: int | None = None,
    chamber: str | None = None,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[Bill], int]:
    """One page of the bills matching, newest action first, and the total count."""
    conditions = []
    if q:
        conditions.append(words_match(q))
    if chamber:
        conditions.append(Bill.chamber == chamber)
    if jurisdiction:
        conditions.append(Bill.jurisdiction == jurisdiction)
    if status:
        conditions.append(Bill.status == status)
    if sponsor:
        conditions.append(sponsored(sponsor))
    # One pass over the matches gives the page's ids and, beside each, how many match (a
    # common word matches a tenth of 200,000 bills: a separate count read them all twice).
    found = db.session.execute(
        select(Bill.id, func.count().over())
        .where(*conditions)
        .order_by(Bill.latest_action_on.desc().nulls_last(), Bill.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    if not found:  # no match, or a page past the last: count them
        total = db.session.scalar(select(func.count(Bill.id)).where(*conditions))
        return [], total
    bills = {
        b.id: b for b in db.session.scalars(select(Bill).where(Bill.id.in_([i for i, _ in found])))
    }
    return [bills[i] for i, _ in found], found[0][1]


_WORD = re.compile(r"\w+")
_IDENTIFIER = re.compile(r"^\s*([A-Za-z][A-Za-z.\s]{0,6}?)\s*(\d{1,6}[A-Za-z]?)\s*$")


def _plain_identifier(column):
    return func.lower(func.replace(func.replace(column, " ", ""), ".", ""))


def words_match(q: str):
    """Bills whose identifier, title, summary or actions hold every word of q (stemmed:
    "telehealth services" finds "Telehealth Service"), or whose identifier q is ("S.1261",
    "s 1261", "A1000"). SQLite: the FTS5 table; PostgreSQL: the GIN index (migration 0014)."""
    q = q[:MAX_QUERY]
    found = []
    identifier = _IDENTIFIER.match(q)
    if identifier:
        plain = "".join(identifier.groups()).replace(" ", "").replace(".", "").lower()
        found.append(_plain_identifier(Bill.identifier) == plain)
    if db.session.get_bind().dialect.name == "sqlite":
        words = _WORD.findall(q)
        if words:
            expression = " ".join('"' + w.replace('"', "") + '"' for w in words[:20])
            found.append(
                Bill.id.in_(
                    select(literal_column("rowid"))
                    .select_from(text(SEARCH_TABLE))
                    .where(text(f"{SEARCH_TABLE} MATCH :words").bindparams(words=expression))
                )
            )
    else:
        found.append(
            text(f"{SEARCH_DOCUMENT} @@ websearch_to_tsquery('english', :words)").bindparams(
                words=q
            )
        )
    return or_(*found) if found else false()


def sponsored(official_id: int):
    """Bills this official sponsors or cosponsors: an uncorrelated IN, so the database reads
    the official's sponsorships once (a correlated EXISTS read them once per bill)."""
    return Bill.id.in_(select(BillSponsor.bill_id).where(BillSponsor.official_id == official_id))


def sponsored_by(official_id: int, limit: int = 20) -> list[Bill]:
    """The newest bills an official sponsors or cosponsors (no count: their page lists them)."""
    return list(
        db.session.scalars(
            select(Bill)
            .where(sponsored(official_id))
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
