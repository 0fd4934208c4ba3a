"""Interactions: everything a member sent or opened, once each, with its evidence level."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    case,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy.extensions import db
from advocacy.keys import member_key
from advocacy.models._types import sql_in, utcnow
from advocacy.months import send_month

CHANNELS = (
    "email",
    "smtp_email",
    "print",
    "contact_form",
    "tweet",
    "bluesky",
    "mastodon",
    "call",
    "cwc",
)
# How the outbox delivers a row: our SMTP server, or the House's CWC API.
OUTBOX_KINDS = ("smtp", "cwc_house", "cwc_senate", "regulations_gov")
# What a member reports of a call, and the position they heard (if any).
CALL_OUTCOMES = ("reached", "voicemail", "no_answer", "wrong_number", "skipped")
POSITIONS = ("supports", "opposes", "undecided")
# intent: the member opened the link; reported: they say they sent it; sent: our SMTP
# server handed it over. A row only ever moves up this order.
EVIDENCE = ("intent", "reported", "sent")
# Channels we carry ourselves (our SMTP server, the House's CWC): a letter queued there is on
# its way, not merely opened, though its row says intent until it is delivered.
CARRIED = ("smtp_email", "cwc")


def confirmed():
    """SQL: whether an interaction is more than an opening (reported, sent, or carried)."""
    return Interaction.evidence.in_(("reported", "sent")) | Interaction.channel.in_(CARRIED)


def evidence_rank(column):
    """SQL: the position of an evidence level in EVIDENCE (intent 0, reported 1, sent 2)."""
    return case({level: i for i, level in enumerate(EVIDENCE)}, value=column, else_=0)


class Interaction(db.Model):
    """One contact with one official, by one member, in one campaign, over one channel."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of member email, campaign, official and channel: UNIQUE, so a double click,
    # a retry or the back button can never add a second row.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    official_id: Mapped[int] = mapped_column(ForeignKey("officials.id"), index=True)
    # The office as it was when the member wrote (seats change; history must not).
    official_name: Mapped[str] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(120))
    division_id: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(String(10))
    # The member's personal data: None once removed (MEMBER_DATA_RETENTION_DAYS after the
    # send, or at the member's request), member_data_removed_at saying when.
    member_name: Mapped[str | None] = mapped_column(String(200))
    member_email: Mapped[str | None] = mapped_column(String(254))
    member_zip: Mapped[str | None] = mapped_column(String(10))
    member_data_removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who the member is in counts (keys.member_key: a keyed hash of the email), kept when
    # the email goes so that reports never change.
    member_key: Mapped[str] = mapped_column(String(64), index=True)
    chapter: Mapped[str | None] = mapped_column(String(120))
    # The member's chapter when they named one of ours (what chapter roll-ups count).
    chapter_id: Mapped[int | None] = mapped_column(ForeignKey("chapters.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The first day of the month the send falls in on its chapter's calendar
    # (REPORT_TIMEZONE without a chapter); stamped on insert, see reports/rollup.py.
    local_month: Mapped[date] = mapped_column(Date)
    # Calls only: how the call went and the position the member heard (the latest report).
    call_outcome: Mapped[str | None] = mapped_column(String(20))
    position_heard: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (
        CheckConstraint(f"channel IN {sql_in(CHANNELS)}", name="channel"),
        CheckConstraint(f"evidence IN {sql_in(EVIDENCE)}", name="evidence"),
        CheckConstraint(f"call_outcome IN {sql_in(CALL_OUTCOMES)}", name="call_outcome"),
        CheckConstraint(f"position_heard IN {sql_in(POSITIONS)}", name="position_heard"),
        Index("ix_interactions_campaign_created", "campaign_id", "created_at"),
        # Reports: a month is one range of created_at (chapter_id checked from the index);
        # "returning member" looks up a member's earlier sends.
        Index("ix_interactions_created_chapter", "created_at", "chapter_id", "member_email"),
        Index("ix_interactions_member_created", "member_email", "created_at"),
    )


class OutboxMessage(db.Model):
    """A letter to deliver (our SMTP server, or the House's CWC); `flask outbox send` does."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The letter's interaction; None for a message that is not a member's letter (an
    # advocate's legislation digest), which is kept once by dedupe_key instead.
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id"), unique=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    # A member's comment on a rule (kind regulations_gov), in place of an interaction.
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), unique=True)
    # What the receiver gave back for it (regulations.gov's tracking number).
    receipt: Mapped[str | None] = mapped_column(String(60))
    # JSON {"Header": "value"} added to the email (List-Unsubscribe on a digest).
    headers: Mapped[str | None] = mapped_column(Text)
    to_address: Mapped[str] = mapped_column(String(254))
    reply_to: Mapped[str] = mapped_column(String(254))
    from_name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # smtp: to_address is an email address; cwc_house and cwc_senate: the MemberOffice
    # code, and payload holds the CWC XML (body keeps the message text for people to read).
    kind: Mapped[str] = mapped_column(String(20), default="smtp", server_default="smtp")
    payload: Mapped[str | None] = mapped_column(Text)

    interaction: Mapped[Interaction | None] = relationship()

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        CheckConstraint(f"kind IN {sql_in(OUTBOX_KINDS)}", name="kind"),
    )


class CwcOffice(db.Model):
    """A Senate office that takes CWC messages now: the Senate's active list (SOAPBox's
    active_offices.json), refreshed daily. Only these senators are offered CWC."""

    __tablename__ = "cwc_offices"

    office_code: Mapped[str] = mapped_column(String(8), primary_key=True)  # SMA01
    bioguide_id: Mapped[str] = mapped_column(String(7), index=True)
    name: Mapped[str] = mapped_column(String(200))


@event.listens_for(Interaction, "before_insert")
def _stamp_month(mapper, connection, target: Interaction) -> None:
    """ORM inserts get their report month and member key like `record()` gives them."""
    if target.local_month is None:
        target.created_at = target.created_at or utcnow()
        target.local_month = send_month(connection, target.chapter_id, target.created_at)
    if target.member_key is None and target.member_email:
        target.member_key = member_key(current_app.config, target.member_email)
