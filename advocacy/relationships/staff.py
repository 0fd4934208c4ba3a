"""Legislative staff as contacts of an office: entered by advocates (no public source lists
them), kept by the chapter that entered them or shared with the organisation, each with
the day they were last confirmed. A staffer who moves offices keeps their row and history;
their old role is ended and a new one begins."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from advocacy.extensions import db
from advocacy.models import LogEntryStaff, Staffer, StaffRole
from advocacy.models._types import utcnow

ROLE_NAMES = {
    "chief_of_staff": "Chief of staff",
    "scheduler": "Scheduler",
    "legislative_director": "Legislative director",
    "health_la": "Health legislative assistant",
    "district_director": "District director",
    "other": "Other staff",
}
FIELDS = ("name", "email", "phone", "notes", "shared", "confirmed_on")


def visible(scope: set[int] | None):
    """SQL: the staffers a viewer with this chapter scope may see (their chapters' own and
    those shared with the organisation; leads see all)."""
    if scope is None:
        return True
    return or_(Staffer.chapter_id.in_(scope or {-1}), Staffer.shared.is_(True))


def office_staff(official_id: int, scope: set[int] | None) -> list[Staffer]:
    """The staff working for an office now, as this viewer may see them, by role."""
    rows = db.session.scalars(
        select(Staffer)
        .join(StaffRole, StaffRole.staffer_id == Staffer.id)
        .where(StaffRole.official_id == official_id, StaffRole.ended_on.is_(None))
        .where(visible(scope))
        .options(selectinload(Staffer.roles))
        .order_by(StaffRole.role, Staffer.name)
    ).unique()
    return list(rows)


def get_staffer(staffer_id: int, scope: set[int] | None) -> Staffer | None:
    """One staffer, if this viewer may see them (else None, as for no such staffer)."""
    return db.session.scalars(
        select(Staffer).where(Staffer.id == staffer_id).where(visible(scope))
    ).first()


def may_edit(staffer: Staffer, scope: set[int] | None) -> bool:
    """Only the chapter that entered a staffer edits them (and leads)."""
    return scope is None or staffer.chapter_id in scope


def add_staffer(
    chapter_id: int, user_id: int, official_id: int, role: str, values: dict[str, Any]
) -> Staffer:
    """A new staffer in an office (the caller commits)."""
    now = utcnow()
    staffer = Staffer(
        chapter_id=chapter_id,
        created_by_id=user_id,
        created_at=now,
        updated_at=now,
        **{k: values[k] for k in FIELDS},
    )
    staffer.roles.append(
        StaffRole(official_id=official_id, role=role, started_on=values["confirmed_on"])
    )
    db.session.add(staffer)
    return staffer


def update_staffer(
    staffer: Staffer, values: dict[str, Any], official_id: int, role: str, today: date
) -> None:
    """Save edits; a new office or role ends the current one and starts the next, so the
    history of where they worked stays (the caller commits)."""
    for key in FIELDS:
        setattr(staffer, key, values[key])
    staffer.updated_at = utcnow()
    current = staffer.current
    if current is None or (current.official_id, current.role) != (official_id, role):
        if current is not None:
            current.ended_on = max(today, current.started_on)
        staffer.roles.append(StaffRole(official_id=official_id, role=role, started_on=today))


def scheduler_for(official_id: int, chapter_id: int) -> Staffer | None:
    """Whom a meeting request to this office goes to: the scheduler this chapter can see
    (its own first, the most recently confirmed), if any has an email."""
    rows = db.session.scalars(
        select(Staffer)
        .join(StaffRole, StaffRole.staffer_id == Staffer.id)
        .where(
            StaffRole.official_id == official_id,
            StaffRole.ended_on.is_(None),
            StaffRole.role == "scheduler",
            Staffer.email != "",
        )
        .where(visible({chapter_id}))
        .order_by((Staffer.chapter_id == chapter_id).desc(), Staffer.confirmed_on.desc())
    ).first()
    return rows


def link_to_entry(entry_id: int, staffers: list[Staffer], official_id: int | None) -> None:
    """Name these staffers as taking part in a log entry, with the role they had then."""
    for staffer in staffers:
        current = staffer.current
        db.session.add(
            LogEntryStaff(
                entry_id=entry_id,
                staffer_id=staffer.id,
                official_id=current.official_id if current else official_id,
                role=current.role if current else "other",
            )
        )


def entry_staff(entry_id: int, scope: set[int] | None) -> list[tuple[Staffer, str]]:
    """The staff who took part in a log entry, with the role they had, as seen by this
    viewer."""
    rows = db.session.execute(
        select(Staffer, LogEntryStaff.role)
        .join(LogEntryStaff, LogEntryStaff.staffer_id == Staffer.id)
        .where(LogEntryStaff.entry_id == entry_id)
        .where(visible(scope))
        .order_by(Staffer.name)
    ).all()
    return [(s, r) for s, r in rows]
