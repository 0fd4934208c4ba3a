"""The monthly report's legislation table: the bills followed or contacted about in a
month, their status changes, the contacts and sends about them, and the cosponsors who
joined after our contact."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import func, or_, select

from advocacy.extensions import db
from advocacy.models import (
    Bill,
    BillChange,
    BillFollow,
    BillSponsor,
    Campaign,
    Interaction,
    LogEntry,
    LogEntryBill,
    LogEntryOfficial,
)
from advocacy.models.interactions import confirmed
from advocacy.months import next_month
from advocacy.reports.counting import counted, day_in, in_scope


def _bill_contacts(month: date, end: date, scope) -> tuple[Counter, Counter]:
    """Per bill: logged contacts citing it (one per official), and campaign sends about it."""
    logged = counted(
        select(LogEntryBill.bill_id, func.count())
        .join(LogEntry, LogEntry.id == LogEntryBill.entry_id)
        .join(LogEntryOfficial, LogEntryOfficial.entry_id == LogEntry.id)
        .where(
            LogEntry.occurred_on >= month,
            LogEntry.occurred_on < end,
            LogEntry.deleted_at.is_(None),
            in_scope(LogEntry.chapter_id, scope),
        )
        .group_by(LogEntryBill.bill_id)
    )
    sends = counted(
        select(Campaign.bill_id, func.count())
        .join(Interaction, Interaction.campaign_id == Campaign.id)
        .where(
            Campaign.bill_id.is_not(None),
            Interaction.local_month == month,
            in_scope(Interaction.chapter_id, scope),
        )
        .group_by(Campaign.bill_id)
    )
    return logged, sends


def _joined_after_contact(month: date, end: date, scope) -> Counter:
    """Per bill: the officials who cosponsored it in the month (by the bill's dated
    joins) after a confirmed contact from a campaign about it (by members in scope)."""
    first = (
        select(
            Campaign.bill_id,
            Interaction.official_id,
            func.min(Interaction.local_month).label("month"),
            func.min(Interaction.created_at).label("at"),
        )
        .join(Interaction, Interaction.campaign_id == Campaign.id)
        .where(Campaign.bill_id.is_not(None), confirmed(), in_scope(Interaction.chapter_id, scope))
        .group_by(Campaign.bill_id, Interaction.official_id)
        .subquery()
    )
    rows = db.session.execute(
        select(BillSponsor.bill_id, BillSponsor.joined_on, first.c.at)
        .join(
            first,
            (first.c.bill_id == BillSponsor.bill_id)
            & (first.c.official_id == BillSponsor.official_id),
        )
        .where(
            BillSponsor.role == "cosponsor",
            BillSponsor.joined_on >= month,
            BillSponsor.joined_on < end,
            first.c.month <= month,
        )
    )
    # A join dated the day of the first contact (on the campaigns' calendar) or later
    # came after it, as the campaign report says.
    zone = current_app.config["CAMPAIGN_TIMEZONE"]
    return Counter(bill_id for bill_id, joined, at in rows if joined >= day_in(at, zone))


def bills_report(month: date, scope: set[int] | None) -> list[tuple]:
    """Legislation in the month: each bill the chapters followed at the month's end or
    contacted officials about, with how many chapters followed it, its status changes in
    the month, logged contacts citing it (one per official) and campaign sends about it.
    Rows: (identifier, jurisdiction, title, following, status changes, status, logged,
    sends, cosponsors who joined after our contact)."""
    end = next_month(month)
    start_at = datetime(month.year, month.month, 1, tzinfo=UTC)
    end_at = datetime(end.year, end.month, 1, tzinfo=UTC)
    following = counted(
        select(BillFollow.bill_id, func.count(func.distinct(BillFollow.chapter_id)))
        .where(
            BillFollow.kind == "bill",
            BillFollow.created_at < end_at,
            or_(BillFollow.ended_at.is_(None), BillFollow.ended_at >= end_at),
            in_scope(BillFollow.chapter_id, scope),
        )
        .group_by(BillFollow.bill_id)
    )
    logged, sends = _bill_contacts(month, end, scope)
    joined = _joined_after_contact(month, end, scope)
    ids = set(following) | set(logged) | set(sends) | set(joined)
    changes = counted(
        select(BillChange.bill_id, func.count())
        .where(
            BillChange.bill_id.in_(ids or {-1}),
            BillChange.kind == "status",
            BillChange.changed_at >= start_at,
            BillChange.changed_at < end_at,
        )
        .group_by(BillChange.bill_id)
    )
    bills = db.session.scalars(select(Bill).where(Bill.id.in_(ids or {-1}))).all()
    rows = [
        (
            b.identifier,
            b.jurisdiction,
            b.title,
            following[b.id],
            changes[b.id],
            b.status,
            logged[b.id],
            sends[b.id],
            joined[b.id],
        )
        for b in bills
    ]
    return sorted(rows, key=lambda r: (-(r[6] + r[7]), -r[3], r[1], r[0]))
