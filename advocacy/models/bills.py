"""Bills, in the directory's style: one row per bill of a jurisdiction and session, with its
dated actions and its sponsors (linked to our officials where they match)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy.extensions import db
from advocacy.models._types import sql_in, utcnow

# Where a bill stands, in words any jurisdiction's steps map to.
BILL_STATUSES = (
    "introduced",
    "in_committee",
    "on_floor",
    "passed_one_chamber",
    "passed_both",
    "signed",
    "vetoed",
    "withdrawn",
    "other",
)
BILL_SOURCES = ("govinfo", "ny_openleg", "openstates", "manual")
SPONSOR_ROLES = ("sponsor", "cosponsor")


class Bill(db.Model):
    """One bill (or resolution) of a jurisdiction's session."""

    __tablename__ = "bills"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable across loads: "govinfo:119-s-1261", "ny_openleg:2025-A1000".
    source_key: Mapped[str] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(20))
    # OCD jurisdiction id: ocd-jurisdiction/country:us/government (Congress),
    # ocd-jurisdiction/country:us/state:ny/government.
    jurisdiction: Mapped[str] = mapped_column(String(120), index=True)
    session: Mapped[str] = mapped_column(String(40))
    identifier: Mapped[str] = mapped_column(String(40))  # "S. 1261", "A1000"
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))
    status_text: Mapped[str] = mapped_column(String(300), default="")
    introduced_on: Mapped[date | None] = mapped_column(Date)
    latest_action_on: Mapped[date | None] = mapped_column(Date, index=True)
    latest_action: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))
    # JSON lists of names.
    subjects: Mapped[str] = mapped_column(Text, default="[]")
    committees: Mapped[str] = mapped_column(Text, default="[]")
    # sha256 of the record as loaded: an unchanged bill is not written again.
    content_hash: Mapped[str] = mapped_column(String(64))
    # The file it came from and that file's sha256: an unchanged file is not even parsed.
    source_url: Mapped[str | None] = mapped_column(String(500))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actions: Mapped[list[BillAction]] = relationship(
        back_populates="bill",
        cascade="all, delete-orphan",
        order_by="BillAction.ordinal",
        passive_deletes=True,
    )
    sponsors: Mapped[list[BillSponsor]] = relationship(
        back_populates="bill",
        cascade="all, delete-orphan",
        order_by="BillSponsor.ordinal",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint(f"status IN {sql_in(BILL_STATUSES)}", name="status"),
        CheckConstraint(f"source IN {sql_in(BILL_SOURCES)}", name="source"),
        Index("ix_bills_jurisdiction_session_identifier", "jurisdiction", "session", "identifier"),
    )


class BillAction(db.Model):
    """A dated step of a bill, in the source's words."""

    __tablename__ = "bill_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    acted_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100), default="")

    bill: Mapped[Bill] = relationship(back_populates="actions")


class BillSponsor(db.Model):
    """A sponsor or cosponsor: our official when matched, the source's name always."""

    __tablename__ = "bill_sponsors"

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    # bioguide id (Congress) or the member id of the source (NY).
    external_id: Mapped[str | None] = mapped_column(String(40))
    official_id: Mapped[int | None] = mapped_column(
        ForeignKey("officials.id", ondelete="SET NULL"), index=True
    )
    joined_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)

    bill: Mapped[Bill] = relationship(back_populates="sponsors")

    __table_args__ = (CheckConstraint(f"role IN {sql_in(SPONSOR_ROLES)}", name="role"),)
