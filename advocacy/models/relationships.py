"""The relationships grasstops work is made of: legislative staff of an office, the key
contacts advocates have with officials and staffers, and coalition partners with the
sign-on letters they endorse.

No public source lists staff, so advocates enter them; a staffer belongs to the chapter
that entered them and is shown to the rest of the organisation only when it chose so. A
staffer who moves offices keeps one row and gains a role: the history stays with them.
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

STAFF_ROLES = (
    "chief_of_staff",
    "scheduler",
    "legislative_director",
    "health_la",
    "district_director",
    "other",
)
KNOWS_HOW = ("constituent", "colleague", "donor", "patient", "friend", "other")
STRENGTHS = ("close", "regular", "acquainted")
ORG_KINDS = ("hospital", "vendor", "patient_group", "association", "other")
LETTER_STATES = ("open", "closed", "delivered")
SIGNATURE_STATES = ("pending", "approved", "rejected")


class Staffer(db.Model):
    """One person on a legislator's staff, as a chapter knows them."""

    __tablename__ = "staffers"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id"), index=True)
    # Shown to every chapter of the organisation (else only to the chapter that entered it).
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    confirmed_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    roles: Mapped[list[StaffRole]] = relationship(
        back_populates="staffer", cascade="all, delete-orphan", order_by="StaffRole.id"
    )
    chapter = relationship("Chapter")

    @property
    def current(self) -> StaffRole | None:
        """The role held now (the last one not ended)."""
        return next((r for r in reversed(self.roles) if r.ended_on is None), None)


class StaffRole(db.Model):
    """A staffer's role in one office, from when to when (open-ended while held)."""

    __tablename__ = "staff_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    staffer_id: Mapped[int] = mapped_column(
        ForeignKey("staffers.id", ondelete="CASCADE"), index=True
    )
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"), index=True)
    role: Mapped[str] = mapped_column(String(24))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)

    staffer: Mapped[Staffer] = relationship(back_populates="roles")
    official = relationship("Official")

    __table_args__ = (
        CheckConstraint(f"role IN {sql_in(STAFF_ROLES)}", name="role"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ended_after"),
    )


class LogEntryStaff(db.Model):
    """A staffer who took part in a logged contact, with the office and role they had."""

    __tablename__ = "log_entry_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("log_entries.id", ondelete="CASCADE"))
    staffer_id: Mapped[int] = mapped_column(ForeignKey("staffers.id"), index=True)
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"))
    role: Mapped[str] = mapped_column(String(24))

    staffer: Mapped[Staffer] = relationship()

    __table_args__ = (
        Index("uq_log_entry_staff_entry_staffer", "entry_id", "staffer_id", unique=True),
    )


class KeyContact(db.Model):
    """An advocate's relationship with an official or a staffer, recorded with their consent."""

    __tablename__ = "key_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"), index=True)
    staffer_id: Mapped[int | None] = mapped_column(ForeignKey("staffers.id"), index=True)
    how: Mapped[str] = mapped_column(String(12))
    strength: Mapped[str] = mapped_column(String(12))
    notes: Mapped[str] = mapped_column(Text, default="")
    # Meetings a year the advocate means to have with them (0: no goal).
    goal_per_year: Mapped[int] = mapped_column(Integer, default=0)
    # When the advocate agreed to this being kept (renewed on each edit).
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user = relationship("User")
    official = relationship("Official")
    staffer = relationship("Staffer")

    __table_args__ = (
        CheckConstraint(f"how IN {sql_in(KNOWS_HOW)}", name="how"),
        CheckConstraint(f"strength IN {sql_in(STRENGTHS)}", name="strength"),
        CheckConstraint("goal_per_year BETWEEN 0 AND 52", name="goal"),
        CheckConstraint(
            "(official_id IS NULL) <> (staffer_id IS NULL)", name="official_or_staffer"
        ),
    )


class Organisation(db.Model):
    """A coalition partner of a chapter: a hospital, vendor, patient group, association."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name folded (case, spacing, punctuation): one organisation per chapter by it.
    name_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    website: Mapped[str] = mapped_column(String(300), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    issues: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint(f"kind IN {sql_in(ORG_KINDS)}", name="kind"),
        Index("uq_organisations_chapter_name", "chapter_id", "name_key", unique=True),
    )


class SignOnLetter(db.Model):
    """A letter organisations endorse on a public page, delivered once with its signers."""

    __tablename__ = "sign_on_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id"), index=True)
    # The coalition campaign its deliveries count for.
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Besides officials: an agency or other address it goes to (blank: none).
    to_name: Mapped[str] = mapped_column(String(200), default="")
    to_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    chapter = relationship("Chapter")
    campaign = relationship("Campaign")
    created_by = relationship("User")
    targets = relationship("Official", secondary="sign_on_targets", order_by="Official.sort_name")
    signatures: Mapped[list[Signature]] = relationship(
        back_populates="letter", order_by="Signature.id", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint(f"status IN {sql_in(LETTER_STATES)}", name="status"),)


class SignOnTarget(db.Model):
    """An official a sign-on letter goes to."""

    __tablename__ = "sign_on_targets"

    letter_id: Mapped[int] = mapped_column(
        ForeignKey("sign_on_letters.id", ondelete="CASCADE"), primary_key=True
    )
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"), primary_key=True)


class Signature(db.Model):
    """One organisation's endorsement of a letter (one per organisation, by its folded name)."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("sign_on_letters.id", ondelete="CASCADE"))
    org_name: Mapped[str] = mapped_column(String(200))
    org_key: Mapped[str] = mapped_column(String(200))
    signatory: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    logo: Mapped[str | None] = mapped_column(String(44))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    letter: Mapped[SignOnLetter] = relationship(back_populates="signatures")

    __table_args__ = (
        CheckConstraint(f"status IN {sql_in(SIGNATURE_STATES)}", name="status"),
        Index("uq_signatures_letter_org", "letter_id", "org_key", unique=True),
    )
