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
from advocacy.models.history import HistoryStep

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
CHAMBERS = ("upper", "lower")
# What a chapter follows: one bill, the bills a keyword query finds, or a sponsor's bills.
FOLLOW_KINDS = ("bill", "query", "sponsor")
# The chapter's position on a bill (Open States' and VoterVoice's four).
POSITIONS = ("support", "oppose", "monitor", "amend")
# What a load changed of a bill: it is new, it has new actions, its status moved.
CHANGE_KINDS = ("new", "actions", "status", "details")
DIGESTS = ("off", "daily", "weekly")


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
    # The chamber it started in, where the source says ("upper", "lower"; None: not known).
    chamber: Mapped[str | None] = mapped_column(String(10))
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
    # JSON list of BILLSTATUS committee systemCodes ("ssfi00", "hsif14").
    committee_codes: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    # sha256 of the record as loaded: an unchanged bill is not written again.
    content_hash: Mapped[str] = mapped_column(String(64))
    # The file it came from and that file's sha256: an unchanged file is not even parsed.
    source_url: Mapped[str | None] = mapped_column(String(500))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    # The dated actions' words, for the keyword search (written with the actions).
    actions_text: Mapped[str] = mapped_column(Text, default="")
    # A bill entered by hand (source "manual"): who entered it.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
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
        CheckConstraint(f"chamber IN {sql_in(CHAMBERS)}", name="chamber"),
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
    # bioguide id (Congress), the member id of the source (NY) or an Open States person id.
    external_id: Mapped[str | None] = mapped_column(String(60))
    official_id: Mapped[int | None] = mapped_column(
        ForeignKey("officials.id", ondelete="SET NULL"), index=True
    )
    joined_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)

    bill: Mapped[Bill] = relationship(back_populates="sponsors")

    __table_args__ = (CheckConstraint(f"role IN {sql_in(SPONSOR_ROLES)}", name="role"),)


class BillChange(db.Model):
    """What one load changed of a bill: the watch list and the digests read these."""

    __tablename__ = "bill_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    # JSON: {"status": [old, new], "actions": [{"date": ..., "text": ...}, ...]}
    details: Mapped[str] = mapped_column(Text, default="{}")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    bill: Mapped[Bill] = relationship()

    __table_args__ = (
        CheckConstraint(f"kind IN {sql_in(CHANGE_KINDS)}", name="kind"),
        Index("ix_bill_changes_changed_at", "changed_at"),
        Index("ix_bill_changes_bill_changed_at", "bill_id", "changed_at"),
    )


class BillFollow(db.Model):
    """A chapter follows a bill, a keyword query (with filters) or a sponsor's bills.

    Unfollowing ends it (ended_at) and following again reopens the same row: `key` is
    what is followed, in one normal form, UNIQUE per chapter.
    """

    __tablename__ = "bill_follows"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(400))
    bill_id: Mapped[int | None] = mapped_column(
        ForeignKey("bills.id", ondelete="CASCADE"), index=True
    )
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"), index=True)
    query: Mapped[str | None] = mapped_column(String(200))
    jurisdiction: Mapped[str | None] = mapped_column(String(120))
    chamber: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    bill: Mapped[Bill | None] = relationship()
    official = relationship("Official")
    chapter = relationship("Chapter")

    __table_args__ = (
        CheckConstraint(f"kind IN {sql_in(FOLLOW_KINDS)}", name="kind"),
        Index("uq_bill_follows_chapter_key", "chapter_id", "key", unique=True),
    )


class BillPosition(db.Model):
    """A chapter's position on a bill, with notes; every change kept, and a version so two
    people saving at once get a conflict, as log entries do."""

    __tablename__ = "bill_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="CASCADE"))
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    changes: Mapped[list[BillPositionChange]] = relationship(
        back_populates="position_row",
        cascade="all, delete-orphan",
        order_by="BillPositionChange.id",
    )
    bill: Mapped[Bill] = relationship()
    chapter = relationship("Chapter")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(f"position IN {sql_in(POSITIONS)}", name="position"),
        Index("uq_bill_positions_chapter_bill", "chapter_id", "bill_id", unique=True),
    )


class BillPositionChange(HistoryStep, db.Model):
    """One step of a position's history: who, when, and what changed (position, notes)."""

    __tablename__ = "bill_position_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("bill_positions.id", ondelete="CASCADE"), index=True
    )

    position_row: Mapped[BillPosition] = relationship(back_populates="changes")


class BillWatchSeen(db.Model):
    """When an advocate last looked at a chapter's watch list ("changed since")."""

    __tablename__ = "bill_watch_seen"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    chapter_id: Mapped[int] = mapped_column(
        ForeignKey("chapters.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LogEntryBill(db.Model):
    """A bill a log entry cites."""

    __tablename__ = "log_entry_bills"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("log_entries.id", ondelete="CASCADE"), primary_key=True
    )
    bill_id: Mapped[int] = mapped_column(
        ForeignKey("bills.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# The keyword search's own objects, made by migration 0014 and kept out of the models: on
# SQLite an FTS5 table over bills (with triggers that keep it in step), on PostgreSQL a GIN
# index over the bill's words. Autogenerate and the models-match-migrations test pass them by.
SEARCH_TABLE = "bills_fts"
SEARCH_INDEX = "ix_bills_search"
SEARCH_DOCUMENT = (
    "to_tsvector('english', identifier || ' ' || title || ' ' || summary || ' ' || actions_text)"
)


def not_search_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: everything but the search objects."""
    return not (name or "").startswith((SEARCH_TABLE, SEARCH_INDEX))
