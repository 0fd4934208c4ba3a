"""What a chapter follows (bills, keyword queries, sponsors), its positions on bills with
their history, and its watch list: the followed bills and what changed since an advocate
last looked. The caller commits."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.bills.queries import sponsored, words_match
from advocacy.extensions import db, upsert_insert
from advocacy.jurisdictions import STATUS_NAMES
from advocacy.models import (
    Bill,
    BillChange,
    BillFollow,
    BillPosition,
    BillPositionChange,
    BillWatchSeen,
    history,
)
from advocacy.models._types import utcnow

POSITION_NAMES = {
    "support": "Support",
    "oppose": "Oppose",
    "monitor": "Monitor",
    "amend": "Seek amendment",
}
# The most bills a query or sponsor follow lists on the watch list (the search has them all).
WATCH_MATCHES = 50


# Someone else saved the position since it was opened.
Conflict = history.VersionConflict


def query_key(q: str, jurisdiction: str | None, chamber: str | None, status: str | None) -> str:
    """A query follow's identity: its words (case and spacing aside) and filters."""
    words = " ".join(q.lower().split())
    return "query:" + json.dumps([words, jurisdiction or "", chamber or "", status or ""])


def _follow(chapter_id: int, user_id: int, key: str, **values: Any) -> BillFollow:
    """Follow (again): one row per chapter and key, its end cleared."""
    db.session.execute(
        upsert_insert(BillFollow)
        .values(
            chapter_id=chapter_id,
            key=key,
            created_by_id=user_id,
            created_at=utcnow(),
            ended_at=None,
            **values,
        )
        .on_conflict_do_update(index_elements=["chapter_id", "key"], set_={"ended_at": None})
    )
    return db.session.scalars(
        select(BillFollow).where(BillFollow.chapter_id == chapter_id, BillFollow.key == key)
    ).one()


def follow_bill(chapter_id: int, user_id: int, bill_id: int) -> BillFollow:
    return _follow(chapter_id, user_id, f"bill:{bill_id}", kind="bill", bill_id=bill_id)


def follow_sponsor(chapter_id: int, user_id: int, official_id: int) -> BillFollow:
    return _follow(
        chapter_id, user_id, f"sponsor:{official_id}", kind="sponsor", official_id=official_id
    )


def follow_query(
    chapter_id: int,
    user_id: int,
    q: str,
    jurisdiction: str | None = None,
    chamber: str | None = None,
    status: str | None = None,
) -> BillFollow:
    return _follow(
        chapter_id,
        user_id,
        query_key(q, jurisdiction, chamber, status),
        kind="query",
        query=" ".join(q.split()),
        jurisdiction=jurisdiction or None,
        chamber=chamber or None,
        status=status or None,
    )


def unfollow(follow: BillFollow) -> None:
    follow.ended_at = follow.ended_at or utcnow()


def follows_of(chapter_ids: set[int] | list[int]) -> list[BillFollow]:
    """The chapters' current follows, bills first, then queries, then sponsors."""
    rows = db.session.scalars(
        select(BillFollow)
        .where(BillFollow.chapter_id.in_(list(chapter_ids) or [-1]), BillFollow.ended_at.is_(None))
        .options(selectinload(BillFollow.bill), selectinload(BillFollow.official))
        .order_by(BillFollow.kind, BillFollow.created_at, BillFollow.id)
    ).all()
    return list(rows)


def follow_for(chapter_id: int, key: str) -> BillFollow | None:
    """The chapter's current follow of this key, or None."""
    return db.session.scalars(
        select(BillFollow).where(
            BillFollow.chapter_id == chapter_id,
            BillFollow.key == key,
            BillFollow.ended_at.is_(None),
        )
    ).first()


def matching(follow: BillFollow):
    """The conditions on Bill that a query or sponsor follow stands for."""
    if follow.kind == "bill":
        return [Bill.id == follow.bill_id]
    if follow.kind == "sponsor":
        return [sponsored(follow.official_id)]
    conditions = [words_match(follow.query or "")]
    if follow.jurisdiction:
        conditions.append(Bill.jurisdiction == follow.jurisdiction)
    if follow.chamber:
        conditions.append(Bill.chamber == follow.chamber)
    if follow.status:
        conditions.append(Bill.status == follow.status)
    return conditions


# --- Positions ------------------------------------------------------------------------------


def position_of(chapter_id: int, bill_id: int) -> BillPosition | None:
    return db.session.scalars(
        select(BillPosition)
        .where(BillPosition.chapter_id == chapter_id, BillPosition.bill_id == bill_id)
        .options(selectinload(BillPosition.changes))
    ).first()


def positions_on(bill_id: int, chapter_ids: set[int] | None) -> list[BillPosition]:
    """The positions on a bill of the chapters a viewer may see (None: all)."""
    query = select(BillPosition).where(BillPosition.bill_id == bill_id)
    if chapter_ids is not None:
        query = query.where(BillPosition.chapter_id.in_(list(chapter_ids) or [-1]))
    return list(
        db.session.scalars(
            query.options(
                selectinload(BillPosition.changes), selectinload(BillPosition.chapter)
            ).order_by(BillPosition.chapter_id)
        )
    )


def set_position(
    chapter_id: int,
    bill_id: int,
    user_id: int,
    position: str,
    notes: str,
    seen_version: int | None,
) -> dict[str, list]:
    """Set the chapter's position (and follow the bill). seen_version: the version the form
    showed (None: there was none yet); Conflict if someone saved since."""
    now = utcnow()

    def create() -> BillPosition:
        row = BillPosition(chapter_id=chapter_id, bill_id=bill_id)
        db.session.add(row)
        return row

    diff = history.save_versioned(
        position_of(chapter_id, bill_id), create, BillPositionChange, user_id,
        {"position": position, "notes": notes}, {"updated_by_id": user_id, "updated_at": now},
        seen_version, now,
    )  # fmt: skip
    if diff:
        follow_bill(chapter_id, user_id, bill_id)
    return diff


# --- The watch list -------------------------------------------------------------------------


@dataclass
class Watched:
    """A bill on a watch list, its changes since the last look, the chapter's position."""

    bill: Bill
    changes: list[BillChange] = field(default_factory=list)
    position: BillPosition | None = None

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def last_seen(user_id: int, chapter_id: int) -> datetime | None:
    row = db.session.get(BillWatchSeen, (user_id, chapter_id))
    return row.seen_at if row else None


def mark_seen(user_id: int, chapter_id: int, when: datetime | None = None) -> None:
    when = when or utcnow()
    db.session.execute(
        upsert_insert(BillWatchSeen)
        .values(user_id=user_id, chapter_id=chapter_id, seen_at=when)
        .on_conflict_do_update(index_elements=["user_id", "chapter_id"], set_={"seen_at": when})
    )


def changes_since(bill_ids: list[int], since: datetime | None) -> dict[int, list[BillChange]]:
    """Each bill's changes after `since` (None: none are new), oldest first."""
    if since is None or not bill_ids:
        return {}
    rows = db.session.scalars(
        select(BillChange)
        .where(BillChange.bill_id.in_(bill_ids), BillChange.changed_at > since)
        .order_by(BillChange.changed_at, BillChange.id)
    ).all()
    found: dict[int, list[BillChange]] = {}
    for row in rows:
        found.setdefault(row.bill_id, []).append(row)
    return found


def watch_list(
    chapter_id: int, since: datetime | None
) -> tuple[list[BillFollow], list[Watched], dict[int, int]]:
    """The chapter's follows; its followed bills, changed ones first; and {follow id: bills
    matched} for each query and sponsor follow (which list at most WATCH_MATCHES of theirs,
    newest)."""
    follows = follows_of([chapter_id])
    found: set[int] = set()
    totals: dict[int, int] = {}
    for follow in follows:
        if follow.kind == "bill":
            found.add(follow.bill_id)
            continue
        base = select(Bill.id).where(*matching(follow))
        totals[follow.id] = db.session.scalar(select(db.func.count()).select_from(base.subquery()))
        newest = base.order_by(Bill.latest_action_on.desc().nulls_last(), Bill.id.desc())
        found.update(db.session.scalars(newest.limit(WATCH_MATCHES)))
    bills = db.session.scalars(select(Bill).where(Bill.id.in_(list(found) or [-1]))).all()
    changes = changes_since(list(found), since)
    positions = {
        p.bill_id: p
        for p in db.session.scalars(
            select(BillPosition).where(
                BillPosition.chapter_id == chapter_id, BillPosition.bill_id.in_(list(found) or [-1])
            )
        )
    }
    rows = [
        Watched(bill=b, changes=changes.get(b.id, []), position=positions.get(b.id)) for b in bills
    ]
    rows.sort(
        key=lambda w: (
            not w.changed,
            -(w.bill.latest_action_on.toordinal() if w.bill.latest_action_on else 0),
            -w.bill.id,
        )
    )
    return follows, rows, totals


def describe_change(change: BillChange) -> str:
    """A change in words, for the watch list and the digest."""
    details = json.loads(change.details or "{}")
    parts = []
    if change.kind == "new":
        parts.append("New bill")
    if "status" in details:
        old, new = details["status"]
        parts.append(f"Status: {STATUS_NAMES.get(old, old)} → {STATUS_NAMES.get(new, new)}")
    for action in details.get("actions", []):
        parts.append(f"{action.get('date') or 'undated'}: {action.get('text', '')}")
    return "; ".join(parts) or "Details updated"
