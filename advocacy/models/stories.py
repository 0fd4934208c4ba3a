"""#IHeartHIT stories members send in, and the events chapters hold in NHIT Week."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
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

STATUSES = ("pending", "approved", "refused")


class Story(db.Model):
    """A member's story: kept as they wrote it, with a moderator's grammar fixes beside it."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the email, title and story as written: a second submit is the same row.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # None once removed (MEMBER_DATA_RETENTION_DAYS after it was sent, or on request).
    email: Mapped[str | None] = mapped_column(String(254))
    email_removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    chapter_id: Mapped[int | None] = mapped_column(ForeignKey("chapters.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    # As the member wrote them; never changed after the submit.
    original_title: Mapped[str] = mapped_column(String(150))
    original_body: Mapped[str] = mapped_column(Text)
    original_because: Mapped[str] = mapped_column(String(600))
    # What the gallery shows: the same text, or a moderator's grammar fixes of it.
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    because: Mapped[str] = mapped_column(String(600))
    video_url: Mapped[str | None] = mapped_column(String(200))
    # The re-encoded 1200 x 630 JPEG (content-addressed file name), if one was sent.
    image: Mapped[str | None] = mapped_column(String(80), index=True)
    consent_people: Mapped[bool] = mapped_column(Boolean)
    consent_not_promotional: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    # When the refusal reached our mail server (None: not sent yet, say so and retry).
    refusal_emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    chapter = relationship("Chapter")
    campaign = relationship("Campaign")
    moderated_by = relationship("User")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(f"status IN {sql_in(STATUSES)}", name="status"),
        CheckConstraint("consent_people AND consent_not_promotional", name="consents"),
        Index("ix_stories_status_featured", "status", "featured", "created_at"),
    )

    @property
    def edited(self) -> bool:
        """Whether a moderator changed any of the member's words."""
        return (self.title, self.body, self.because) != (
            self.original_title,
            self.original_body,
            self.original_because,
        )


class Event(db.Model):
    """An event a chapter holds (NHIT Week and after), listed once a lead approves it."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The iCalendar UID: stable across edits so calendars update rather than duplicate.
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The IANA zone the times were given in; the list shows them in it.
    timezone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    chapter = relationship("Chapter")

    __table_args__ = (
        CheckConstraint(f"status IN {sql_in(STATUSES)}", name="status"),
        CheckConstraint("ends_at > starts_at", name="order"),
        Index("ix_events_status_starts", "status", "starts_at"),
    )
