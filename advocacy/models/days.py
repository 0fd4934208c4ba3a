"""Advocacy days: a chapter's Hill, Capitol or in-district day, who registered, and the one
meeting per office the day asks for (with its history and, after it, its report).

Attendees are grouped by the offices that represent them, so an office gets one request
however many of its constituents come; a meeting moves through to-request, requested,
confirmed (time and room), declined or moved to staff, each step kept.
"""

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

DAY_MODES = ("hill", "capitol", "district")
MEETING_STATES = ("to_request", "requested", "confirmed", "declined", "staff")


class AdvocacyDay(db.Model):
    """A day (or a few) of meetings a chapter plans, with its registration page."""

    __tablename__ = "advocacy_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id"), index=True)
    # Its talking points are the day's topics.
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    key: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(10))
    # Two-letter state (lower case): attendees must live in it.
    state: Mapped[str] = mapped_column(String(2))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(40))
    place: Mapped[str] = mapped_column(String(200), default="")
    ask: Mapped[str] = mapped_column(Text, default="")
    # When offices may put meetings ("9:00 to 17:00"), as the requests say it.
    window: Mapped[str] = mapped_column(String(120), default="")
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    chapter = relationship("Chapter")
    campaign = relationship("Campaign")
    bills = relationship("Bill", secondary="advocacy_day_bills", order_by="Bill.identifier")
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="day", order_by="Attendee.name", cascade="all, delete-orphan"
    )
    meetings: Mapped[list[DayMeeting]] = relationship(
        back_populates="day", order_by="DayMeeting.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(f"mode IN {sql_in(DAY_MODES)}", name="mode"),
        CheckConstraint("ends_on >= starts_on", name="ends_after"),
    )


class AdvocacyDayBill(db.Model):
    """A followed bill the day is about."""

    __tablename__ = "advocacy_day_bills"

    day_id: Mapped[int] = mapped_column(
        ForeignKey("advocacy_days.id", ondelete="CASCADE"), primary_key=True
    )
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"), primary_key=True)


class Attendee(db.Model):
    """One person registered for a day (a second registration by email updates this one)."""

    __tablename__ = "day_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("advocacy_days.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # The email folded: UNIQUE per day (an erased attendee gets a random one).
    email_key: Mapped[str] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(Text)
    arrive_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    depart_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    needs: Mapped[str | None] = mapped_column(Text)
    # The private link of their schedule and calendar feed.
    feed_key: Mapped[str] = mapped_column(String(43), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    data_removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    day: Mapped[AdvocacyDay] = relationship(back_populates="attendees")
    offices = relationship("Official", secondary="day_attendee_offices")

    __table_args__ = (
        CheckConstraint("depart_at > arrive_at", name="departs_after"),
        Index("uq_day_attendees_day_email", "day_id", "email_key", unique=True),
    )


class AttendeeOffice(db.Model):
    """An office that represents an attendee (their meeting, if the day gets one)."""

    __tablename__ = "day_attendee_offices"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("day_attendees.id", ondelete="CASCADE"), primary_key=True
    )
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"), primary_key=True)


class DayMeeting(db.Model):
    """The one meeting a day asks of an office: whom it asked, where it stands, when."""

    __tablename__ = "day_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("advocacy_days.id", ondelete="CASCADE"))
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"))
    official_name: Mapped[str] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12), default="to_request")
    # Where the request went (a scheduler, or the office's public address), and how often.
    request_to: Mapped[str] = mapped_column(String(254), default="")
    requests_sent: Mapped[int] = mapped_column(Integer, default=0)
    staffer_id: Mapped[int | None] = mapped_column(ForeignKey("staffers.id"))
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    room: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # The log entry its report made (one report per meeting; later edits go to the entry).
    log_entry_id: Mapped[int | None] = mapped_column(ForeignKey("log_entries.id"), unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    day: Mapped[AdvocacyDay] = relationship(back_populates="meetings")
    official = relationship("Official")
    staffer = relationship("Staffer")
    log_entry = relationship("LogEntry")
    changes: Mapped[list[DayMeetingChange]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="DayMeetingChange.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(f"status IN {sql_in(MEETING_STATES)}", name="status"),
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after"),
        Index("uq_day_meetings_day_official", "day_id", "official_id", unique=True),
    )


class DayMeetingChange(HistoryStep, db.Model):
    """One step of a meeting's history: requested, confirmed, moved, reported."""

    __tablename__ = "day_meeting_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("day_meetings.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(12))

    meeting: Mapped[DayMeeting] = relationship(back_populates="changes")
