"""The advocate's log: contacts with officials that happened outside the app.

An entry names one or more officials (copied as they were), belongs to one chapter,
keeps every edit in its history, is never deleted (only marked), and carries a version
so two people editing it at once get a conflict instead of a silent overwrite.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
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

KINDS = (
    "meeting",
    "advocacy_day",
    "call",
    "letter_mailed",
    "email",
    "event",
    "testimony",
)
OUTCOMES = ("supportive", "neutral", "opposed", "no_response", "mixed", "unknown")


class LogEntry(db.Model):
    """One contact an advocate logged: what, when, with whom, and how it went."""

    __tablename__ = "log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    issue: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(12), default="unknown")
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    follow_up_done: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    officials: Mapped[list[LogEntryOfficial]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="LogEntryOfficial.id"
    )
    changes: Mapped[list[LogEntryChange]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="LogEntryChange.id"
    )
    chapter = relationship("Chapter")
    campaign = relationship("Campaign")
    # The bills the contact was about.
    bills = relationship("Bill", secondary="log_entry_bills", order_by="Bill.identifier")
    created_by = relationship("User", foreign_keys=[created_by_id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(f"kind IN {sql_in(KINDS)}", name="kind"),
        CheckConstraint(f"outcome IN {sql_in(OUTCOMES)}", name="outcome"),
    )


class LogEntryOfficial(db.Model):
    """An official an entry was with, as they were then."""

    __tablename__ = "log_entry_officials"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("log_entries.id", ondelete="CASCADE"))
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"))
    official_name: Mapped[str] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(120))

    entry: Mapped[LogEntry] = relationship(back_populates="officials")

    __table_args__ = (
        Index("ix_log_entry_officials_official", "official_id"),
        Index("uq_log_entry_officials_entry_official", "entry_id", "official_id", unique=True),
    )


class LogEntryChange(HistoryStep, db.Model):
    """One step of an entry's history: who did what, when, and what changed."""

    __tablename__ = "log_entry_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("log_entries.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(10))

    entry: Mapped[LogEntry] = relationship(back_populates="changes")

    __table_args__ = (
        CheckConstraint("action IN ('created', 'edited', 'deleted', 'restored')", name="action"),
    )
