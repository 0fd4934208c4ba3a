"""Key contacts (grasstops): an advocate's relationship with an official or a staffer, kept
with their consent and under the privacy rules (download, erasure, retention). Leads see
who knows whom, where the followed bills' committees have no one, and who is behind the
meetings a year they meant to have."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from advocacy.access import limit_to_scope
from advocacy.extensions import db
from advocacy.models import (
    Bill,
    BillFollow,
    CommitteeMember,
    Identifier,
    KeyContact,
    LogEntry,
    LogEntryOfficial,
    LogEntryStaff,
    Official,
    Seat,
    Staffer,
    StaffRole,
    User,
)
from advocacy.models._types import utcnow
from advocacy.relationships.staff import ROLE_NAMES

HOW_NAMES = {
    "constituent": "Constituent",
    "colleague": "Former colleague",
    "donor": "Donor",
    "patient": "Patient or caregiver",
    "friend": "Personal friend",
    "other": "Other",
}
STRENGTH_NAMES = {"close": "Close", "regular": "Regular contact", "acquainted": "Acquainted"}
MEETING_KINDS = ("meeting", "advocacy_day")
FIELDS = ("how", "strength", "notes", "goal_per_year")


def add_contact(
    user: User, chapter_id: int, values: dict[str, Any], *, official_id=None, staffer_id=None
) -> KeyContact:
    """Record a relationship the advocate consented to keep (the caller commits)."""
    now = utcnow()
    contact = KeyContact(
        user_id=user.id,
        chapter_id=chapter_id,
        official_id=official_id,
        staffer_id=staffer_id,
        consent_at=now,
        created_at=now,
        **{k: values[k] for k in FIELDS},
    )
    db.session.add(contact)
    return contact


def update_contact(contact: KeyContact, values: dict[str, Any]) -> None:
    """Save edits; the advocate's consent is given again with them (retention restarts)."""
    for key in FIELDS:
        setattr(contact, key, values[key])
    contact.consent_at = utcnow()


def get_contact(contact_id: int, user: User) -> KeyContact | None:
    """One of the advocate's own key contacts (no one else edits theirs)."""
    return db.session.scalars(
        select(KeyContact).where(KeyContact.id == contact_id, KeyContact.user_id == user.id)
    ).first()


def who_knows(official_id: int, scope: set[int] | None) -> list[KeyContact]:
    """Who knows this official, or someone on their staff, in the viewer's chapters."""
    staff_ids = select(StaffRole.staffer_id).where(StaffRole.official_id == official_id)
    query = (
        select(KeyContact)
        .where((KeyContact.official_id == official_id) | KeyContact.staffer_id.in_(staff_ids))
        .options(selectinload(KeyContact.user), selectinload(KeyContact.staffer))
        .order_by(KeyContact.strength, KeyContact.id)
    )
    return list(db.session.scalars(limit_to_scope(query, KeyContact.chapter_id, scope)))


@dataclass
class Progress:
    """A key contact's meetings this year, and how many its goal asks for by now."""

    contact: KeyContact
    held: int
    due: int

    @property
    def behind(self) -> bool:
        """Short of the year's goal, pro rata to the day of the year."""
        return self.held < self.due


def _held(contact: KeyContact, year: int) -> int:
    """Meetings the advocate logged this year with the official (or the staffer)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    query = select(func.count(func.distinct(LogEntry.id))).where(
        LogEntry.created_by_id == contact.user_id,
        LogEntry.kind.in_(MEETING_KINDS),
        LogEntry.deleted_at.is_(None),
        LogEntry.occurred_on.between(start, end),
    )
    if contact.official_id is not None:
        query = query.join(LogEntryOfficial, LogEntryOfficial.entry_id == LogEntry.id).where(
            LogEntryOfficial.official_id == contact.official_id
        )
    else:
        query = query.join(LogEntryStaff, LogEntryStaff.entry_id == LogEntry.id).where(
            LogEntryStaff.staffer_id == contact.staffer_id
        )
    return db.session.scalar(query) or 0


def progress(contacts: list[KeyContact], today: date) -> list[Progress]:
    """Each contact's meetings this year against its goal; due so far, pro rata."""
    share = today.timetuple().tm_yday / (366 if today.year % 4 == 0 else 365)
    rows = []
    for contact in contacts:
        due = int(contact.goal_per_year * share) if contact.goal_per_year else 0
        rows.append(Progress(contact, _held(contact, today.year), due))
    return rows


def contacts_in(scope: set[int] | None, user: User | None = None) -> list[KeyContact]:
    """Key contacts of the viewer's chapters (or one advocate's), newest first."""
    query = (
        select(KeyContact)
        .options(
            selectinload(KeyContact.user),
            selectinload(KeyContact.official),
            selectinload(KeyContact.staffer),
        )
        .order_by(KeyContact.id.desc())
    )
    if user is not None:
        query = query.where(KeyContact.user_id == user.id)
    return list(db.session.scalars(limit_to_scope(query, KeyContact.chapter_id, scope)))


def coverage(scope: set[int] | None) -> list[tuple[Official, list[str]]]:
    """Members of Congress on the committees the viewer's chapters' followed bills went
    to, with no key contact in those chapters: (official, the bills), by name."""
    bills = db.session.scalars(
        limit_to_scope(
            select(Bill)
            .join(BillFollow, BillFollow.bill_id == Bill.id)
            .where(BillFollow.ended_at.is_(None)),
            BillFollow.chapter_id,
            scope,
        ).distinct()
    ).all()
    by_code: dict[str, set[str]] = {}
    for bill in bills:
        for code in json.loads(bill.committee_codes or "[]"):
            by_code.setdefault(str(code).lower(), set()).add(bill.identifier)
    if not by_code:
        return []
    members = db.session.execute(
        select(Official, CommitteeMember.committee_code)
        .join(
            Identifier, (Identifier.official_id == Official.id) & (Identifier.scheme == "bioguide")
        )
        .join(CommitteeMember, CommitteeMember.bioguide_id == Identifier.value)
        .join(Seat, Seat.official_id == Official.id)
        .where(func.lower(CommitteeMember.committee_code).in_(list(by_code)))
    ).all()
    known = set(
        db.session.scalars(
            limit_to_scope(
                select(KeyContact.official_id).where(KeyContact.official_id.is_not(None)),
                KeyContact.chapter_id,
                scope,
            )
        )
    )
    found: dict[int, tuple[Official, set[str]]] = {}
    for official, code in members:
        if official.id in known:
            continue
        found.setdefault(official.id, (official, set()))[1].update(by_code[code.lower()])
    return sorted(((o, sorted(b)) for o, b in found.values()), key=lambda row: row[0].sort_name)


def staffer_label(staffer: Staffer) -> str:
    """A staffer as a list names them: "Pat Lee (Scheduler, Sen. X)"."""
    current = staffer.current
    if current is None:
        return staffer.name
    return f"{staffer.name} ({ROLE_NAMES[current.role]}, {current.official.full_name})"
