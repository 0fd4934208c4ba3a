"""People who sign in, their roles, and the chapters they belong to."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import true

from advocacy.extensions import db
from advocacy.models._types import utcnow

# advocate: logs contacts for their chapters; lead: sees and manages every chapter,
# campaign and user; admin: manages accounts (and sees what a lead sees).
ROLES = ("advocate", "lead", "admin")
COUNTRIES = ("US", "CA")

chapter_members = Table(
    "chapter_members",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("chapter_id", ForeignKey("chapters.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, db.Model):
    """An account: an advocate, a task-force lead or an admin. Members need none."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default="advocate", server_default="lead")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The legislation digest: "off", "daily" or "weekly", and when the last one went out.
    digest: Mapped[str] = mapped_column(String(10), default="off", server_default="off")
    digest_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    chapters: Mapped[list[Chapter]] = relationship(
        secondary=chapter_members, back_populates="members", order_by="Chapter.name"
    )

    __table_args__ = (
        CheckConstraint("role IN ('advocate', 'lead', 'admin')", name="role"),
        CheckConstraint("digest IN ('off', 'daily', 'weekly')", name="digest"),
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def sees_all_chapters(self) -> bool:
        """Leads and admins see every chapter."""
        return self.role in ("lead", "admin")


class Chapter(db.Model):
    """A chapter: its name, country, the states or provinces it covers, its time zone."""

    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    country: Mapped[str] = mapped_column(String(2), default="US")
    # Comma-separated state or province codes, e.g. "MA,NH,VT" or "ON".
    regions: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="America/New_York")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    members: Mapped[list[User]] = relationship(secondary=chapter_members, back_populates="chapters")

    __table_args__ = (CheckConstraint("country IN ('US', 'CA')", name="country"),)

    @property
    def region_list(self) -> list[str]:
        """The covered states or provinces."""
        return [r for r in self.regions.split(",") if r]
