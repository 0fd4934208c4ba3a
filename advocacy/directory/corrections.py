"""Corrections that survive updates: an admin's fixes where the public data lags.

Kept in their own table, never in the loaded rows' place: `apply_corrections` lays them
over the live rows after every `flask data update` (and at once when one is made), and
`check_corrections` compares each with a freshly built directory, so one that the public
data now agrees with is reported and can be retired.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy import clock
from advocacy.directory.build import Directory
from advocacy.directory.canada import name_key
from advocacy.directory.records import person_fields, web_url
from advocacy.extensions import db
from advocacy.models import Correction, Division, Official, Seat

# What a "fix" may change, and where the value lives: the person or the seat.
FIX_FIELDS = {
    "full_name": "person",
    "email": "person",
    "website_url": "person",
    "contact_form_url": "person",
    "party": "seat",
    "title": "seat",
    "district": "seat",
}
SEAT_COPY = ("level", "chamber", "title", "state", "district", "division_id")
ACTIONS = {"add": "Added", "end": "Ended", "fix": "Fixed"}


def correction_key(correction_id: int) -> str:
    """The source key of the official an "add" correction creates."""
    return f"correction:{correction_id}"


def fields_of(correction: Correction) -> dict[str, Any]:
    """The correction's values (an object; anything else reads as none)."""
    try:
        data = json.loads(correction.fields or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def active() -> list[Correction]:
    """Every correction not retired, oldest first (later ones win)."""
    return list(
        db.session.scalars(
            select(Correction).where(Correction.retired_at.is_(None)).order_by(Correction.id)
        )
    )


def check_corrections(directory: Directory, now: datetime | None = None) -> int:
    """Record, for each active correction, whether the freshly built public data now says
    the same; returns how many it agrees with."""
    now = now or clock.now()
    records = {r.source_key: r for r in directory.officials}
    agreed = 0
    for correction in active():
        values = fields_of(correction)
        record = records.get(correction.target_key or "")
        if correction.action == "fix":
            agrees = record is not None and all(
                getattr(record, FIX_FIELDS[k])[k] == v for k, v in values.items() if k in FIX_FIELDS
            )
        elif correction.action == "end":
            ended = _date(values.get("end_date"))
            end = record.seat["end_date"] if record else None
            agrees = record is None or (end is not None and ended is not None and end <= ended)
        else:
            seat = values.get("seat") or {}
            agrees = any(
                r.seat["division_id"] == seat.get("division_id")
                and r.seat["title"] == seat.get("title")
                and name_key(r.person["full_name"]) == name_key(values.get("full_name"))
                for r in directory.officials
            )
        correction.agrees = agrees
        correction.checked_at = now
        agreed += agrees
    return agreed


def corrections_pending() -> bool:
    """A correction not yet checked against the public data, or an official a retired one
    left to be rewritten from it: the next update rebuilds the directory."""
    unchecked = db.session.scalar(
        select(Correction.id)
        .where(Correction.retired_at.is_(None), Correction.checked_at.is_(None))
        .limit(1)
    )
    rewrite = db.session.scalar(
        select(Official.id)
        .join(Seat)
        .where(Official.fingerprint.is_(None), Official.source != "correction")
        .limit(1)
    )
    return unchecked is not None or rewrite is not None


@dataclass
class Applied:
    """What applying one correction did: "applied", or why it could not be."""

    correction: Correction
    outcome: str


def _official(key: str | None) -> Official | None:
    return db.session.scalars(
        select(Official).where(Official.source_key == key).options(selectinload(Official.seat))
    ).first()


def problem(correction: Correction) -> str | None:
    """Why a correction cannot be applied to the live rows now (reads only), or None."""
    if correction.action == "add":
        division = (fields_of(correction).get("seat") or {}).get("division_id")
        if not division or db.session.get(Division, division) is None:
            return "its seat's division is not in the public data"
        return None
    official = _official(correction.target_key)
    if official is None or official.seat is None:
        return "its official is no longer in the public data"
    return None


def apply_corrections() -> list[Applied]:
    """Lay every active correction over the live rows (in the caller's transaction)."""
    out = []
    for correction in active():
        reason = problem(correction)
        if reason is None:
            _apply(correction, fields_of(correction))
        out.append(Applied(correction, reason or "applied"))
    db.session.flush()
    return out


def _apply(correction: Correction, values: dict[str, Any]) -> None:
    if correction.action == "add":
        _add(correction, values)
        return
    official = _official(correction.target_key)
    if correction.action == "end":
        official.seat.end_date = _date(values.get("end_date"))
        return
    for name, value in values.items():
        if FIX_FIELDS.get(name) == "person":
            setattr(official, name, value)
        elif FIX_FIELDS.get(name) == "seat":
            setattr(official.seat, name, value)


def _add(correction: Correction, values: dict[str, Any]) -> None:
    """The person an "add" puts in its seat, written (again) under the correction's key."""
    key = correction_key(correction.id)
    official = _official(key)
    if official is None:
        official = Official(source_key=key, source="correction")
        db.session.add(official)
    name = str(values.get("full_name") or "").strip()
    parts = name.split()
    person = person_fields(
        name,
        parts[0] if len(parts) > 1 else None,
        parts[-1] if parts else None,
        email=values.get("email"),
        website=web_url(values.get("website_url")),
    )
    for column, value in person.items():
        setattr(official, column, value)
    seat = values["seat"]
    if official.seat is None:
        official.seat = Seat()
    for column in SEAT_COPY:
        setattr(official.seat, column, seat.get(column))
    official.seat.party = values.get("party") or None
    official.seat.start_date = _date(values.get("start_date"))
    official.seat.end_date = None


def corrections_for(official: Official) -> list[Correction]:
    """The active corrections shown on an official's page, with their sources."""
    query = select(Correction).where(Correction.retired_at.is_(None)).order_by(Correction.id)
    if official.source_key.startswith("correction:"):
        return list(db.session.scalars(query.where(Correction.id == _added_by(official))))
    return list(db.session.scalars(query.where(Correction.target_key == official.source_key)))


def _added_by(official: Official) -> int:
    """The id of the correction that added an official (source key "correction:ID")."""
    return int(official.source_key.split(":", 1)[1])


def describe(correction: Correction) -> str:
    """A correction in words: "Fixed party to Democratic", "Ended on 2027-01-03"."""
    values = fields_of(correction)
    if correction.action == "end":
        return f"Ended on {values.get('end_date')}"
    if correction.action == "add":
        seat = values.get("seat") or {}
        return f"Added {values.get('full_name')} as {seat.get('title')}"
    return "Fixed " + "; ".join(
        f"{k.replace('_', ' ')} to {v}" for k, v in values.items() if k in FIX_FIELDS
    )


def retire_correction(correction: Correction, now: datetime) -> None:
    """Stop applying a correction: an added person leaves the seat now; a fixed or ended
    official is rewritten from the public data by the next update."""
    correction.retired_at = now
    if correction.action == "add":
        official = _official(correction_key(correction.id))
        if official is not None and official.seat is not None:
            db.session.delete(official.seat)
    else:
        official = _official(correction.target_key)
        if official is not None:
            official.fingerprint = None  # not the public data's any more: rewrite it
