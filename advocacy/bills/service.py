"""What the legislation pages do, without the request: the chapters a user acts for, the
bills an official sponsors that those chapters follow, which sponsors are the viewer's own
officials, a bill entered by hand, and the digest's choice."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import func, or_, select

from advocacy import clock
from advocacy.access import limit_to_scope
from advocacy.bills.follows import POSITION_NAMES, follow_bill, positions_on
from advocacy.bills.parsers import committee_code
from advocacy.bills.queries import sponsored_by
from advocacy.directory.status import per_load
from advocacy.extensions import db
from advocacy.lookup.service import LookupFailed, find_officials
from advocacy.models import (
    Bill,
    BillFollow,
    BillSponsor,
    Campaign,
    CampaignBill,
    Chapter,
    Committee,
    CommitteeMember,
    Identifier,
    Official,
    Seat,
    User,
)
from advocacy.models._types import utcnow


def followed_sponsored(official_id: int, scope: set[int] | None) -> list[tuple[Bill, list[str]]]:
    """The bills an official sponsors that these chapters follow, each with the chapters'
    positions in words (none for a viewer of no chapter)."""
    if scope is not None and not scope:
        return []
    bills = {b.id: b for b in sponsored_by(official_id, limit=200)}
    if not bills:
        return []
    follows = db.session.scalars(
        limit_to_scope(
            select(BillFollow).where(
                BillFollow.ended_at.is_(None),
                BillFollow.kind == "bill",
                BillFollow.bill_id.in_(list(bills)),
            ),
            BillFollow.chapter_id,
            scope,
        )
    ).all()
    followed = {f.bill_id for f in follows}
    return [
        (
            bills[bill_id],
            [
                f"{p.chapter.name}: {POSITION_NAMES[p.position]}"
                for p in positions_on(bill_id, scope)
            ],
        )
        for bill_id in sorted(followed, key=lambda i: bills[i].identifier)
    ]


def viewer_officials(
    zip_code: str, chapters: list[Chapter] | None
) -> tuple[set[int], str | None, str | None]:
    """The viewer's officials: every official of a ZIP code they give, or else those
    elected in the states of the viewer's chapters (None: anonymous). Returns (official
    ids, how they were chosen, a problem with the ZIP)."""
    if zip_code:
        try:
            lookup = find_officials({"zip": zip_code}, clock.today()).lookup
        except LookupFailed as exc:
            return set(), None, exc.message
        return {o["id"] for o in lookup.officials}, f"ZIP code {zip_code}", None
    states = {r.lower() for c in chapters or [] for r in c.region_list}
    if not states:
        return set(), None, None
    ids = db.session.scalars(
        select(Official.id).join(Official.seat).where(func.lower(Seat.state).in_(states))
    ).all()
    names = ", ".join(c.name for c in chapters)
    return set(ids), f"your chapter's states ({names})", None


def _on_committees(codes: list[str]):
    """SQL: (CommitteeMember, Official) for the members of these committees we seat."""
    return (
        select(CommitteeMember, Official)
        .join(Identifier, (Identifier.scheme == "bioguide")
              & (Identifier.value == CommitteeMember.bioguide_id))
        .join(Official, Official.id == Identifier.official_id)
        .where(CommitteeMember.committee_code.in_(codes))
    )  # fmt: skip


def _holding(found: Bill) -> list[str]:
    """congress-legislators' ids of the committees holding the bill ("SSFI", "HSIF14")."""
    return [committee_code(c) for c in json.loads(found.committee_codes or "[]")]


def on_its_committees(found: Bill) -> set[int]:
    """The officials who sit on a committee or subcommittee holding the bill."""
    codes = _holding(found)
    if not codes:
        return set()
    return set(db.session.scalars(_on_committees(codes).with_only_columns(Official.id)))


def ask_groups(found: Bill | None) -> dict[int, str]:
    """Who a campaign about this bill asks what: official id -> "sponsor" (its sponsor and
    cosponsors who have not withdrawn) or "committee" (members of a committee or
    subcommittee holding it); an official not in the answer is one of "the rest". Every
    letter of a march asks it: the answer is kept until the bill's record or the
    directory changes (a bill load rewrites a changed bill's hash)."""
    if found is None:
        return {}
    key = f"ask_groups:{found.id}:{found.content_hash}"
    return per_load(key, lambda: _ask_groups(found))


def _ask_groups(found: Bill) -> dict[int, str]:
    groups = dict.fromkeys(on_its_committees(found), "committee")
    sponsors = db.session.scalars(
        select(BillSponsor.official_id).where(
            BillSponsor.bill_id == found.id,
            BillSponsor.official_id.is_not(None),
            BillSponsor.withdrawn_on.is_(None),
        )
    )
    return groups | {official_id: "sponsor" for official_id in sponsors}


def committees_holding(found: Bill, viewer: set[int]) -> list[dict]:
    """The committees and subcommittees holding a bill (from its BILLSTATUS codes), each
    with its chair and ranking member and the viewer's officials who sit on it."""
    codes = _holding(found)
    if not codes:
        return []
    committees = {
        c.code: c for c in db.session.scalars(select(Committee).where(Committee.code.in_(codes)))
    }
    rows = db.session.execute(_on_committees(codes).order_by(CommitteeMember.rank)).all()
    held = []
    for code in codes:
        if code not in committees:
            continue
        members = [(m, o) for m, o in rows if m.committee_code == code]
        held.append(
            {
                "committee": committees[code],
                "leaders": [(m, o) for m, o in members if m.title],
                "yours": [(m, o) for m, o in members if o.id in viewer],
            }
        )
    return held


def campaigns_about(bill_id: int) -> list[Campaign]:
    """The campaigns that cite a bill (as the one they ask about, or beside it), earliest
    first."""
    beside = select(CampaignBill.campaign_id).where(CampaignBill.bill_id == bill_id)
    return list(
        db.session.scalars(
            select(Campaign)
            .where(
                or_(Campaign.bill_id == bill_id, Campaign.id.in_(beside)),
                Campaign.published.is_(True),
            )
            .order_by(Campaign.starts_on)
        )
    )


def enter_bill(values: dict, user: User) -> Bill:
    """A bill, regulation or policy no source carries, followed by the user's chapters.
    Caller commits."""
    now = utcnow()
    entered = Bill(
        source="manual",
        source_key=f"manual:{uuid.uuid4()}",
        session=values.get("session") or str(now.year),
        latest_action="",
        content_hash="manual",
        entered_by_id=user.id,
        fetched_at=now,
        created_at=now,
        updated_at=now,
        **{k: v for k, v in values.items() if k != "session"},
    )
    db.session.add(entered)
    db.session.flush()
    for chapter in user.chapters:
        follow_bill(chapter.id, user.id, entered.id)
    return entered


def set_digest(user_id: int, digest: str) -> None:
    """How often a user gets the legislation digest ("off" stops it). Caller commits."""
    user = db.session.get(User, user_id)
    if user.digest == "off" and digest != "off":
        user.digest_sent_at = utcnow()  # the first digest covers what changes from now
    user.digest = digest
