"""Agency rules open for comment, from the Federal Register, and the comments members file
on them (through regulations.gov, or on the agency's own form and reported back)."""

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

# The Federal Register's document types we keep: proposed rules, rules, notices.
RULE_TYPES = ("PRORULE", "RULE", "NOTICE")
RULE_TYPE_NAMES = {"PRORULE": "Proposed rule", "RULE": "Rule", "NOTICE": "Notice"}
# What a chapter follows: an agency (by its Federal Register slug) or a keyword query.
RULE_FOLLOW_KINDS = ("agency", "query")
# The chapter's position on a rule (as on a bill).
RULE_POSITIONS = ("support", "oppose", "monitor", "amend")
# What a load noticed of a rule: it is new, or its comment period moved (extended, reopened).
RULE_CHANGE_KINDS = ("new", "closing")
# How a comment leaves: filed by us through regulations.gov's API, or by the member on the
# agency's own comment page (they report back).
COMMENT_CHANNELS = ("regulations_gov", "comment_form")
# intent: the member wrote it and was sent to the comment page; reported: they say they
# filed it; sent: regulations.gov gave it a tracking number. Only ever moves up.
COMMENT_EVIDENCE = ("intent", "reported", "sent")
SUBMITTER_TYPES = ("INDIVIDUAL", "ORGANIZATION", "ANONYMOUS")


class Rule(db.Model):
    """One Federal Register document (a proposed rule, a rule or a notice)."""

    __tablename__ = "rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "fr:2026-12345": the Federal Register's document number, stable across loads.
    source_key: Mapped[str] = mapped_column(String(60), unique=True)
    document_number: Mapped[str] = mapped_column(String(40), unique=True)
    type: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text)
    abstract: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(300), default="")
    publication_date: Mapped[date] = mapped_column(Date, index=True)
    comments_close_on: Mapped[date | None] = mapped_column(Date, index=True)
    # JSON lists: ["CMS-0057-P"], ["0938-AU87"], [{"title": 42, "part": 422}], and the
    # agencies as [{"slug": ..., "name": ...}] in the document's order.
    docket_ids: Mapped[str] = mapped_column(Text, default="[]")
    regulation_id_numbers: Mapped[str] = mapped_column(Text, default="[]")
    cfr_references: Mapped[str] = mapped_column(Text, default="[]")
    agencies: Mapped[str] = mapped_column(Text, default="[]")
    comment_url: Mapped[str | None] = mapped_column(String(500))
    html_url: Mapped[str | None] = mapped_column(String(500))
    pdf_url: Mapped[str | None] = mapped_column(String(500))
    # regulations.gov's id of the document comments are filed on ("CMS-2026-0001-0001").
    regulations_document_id: Mapped[str | None] = mapped_column(String(80))
    content_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    agency_rows: Mapped[list[RuleAgency]] = relationship(
        back_populates="rule", cascade="all, delete-orphan", order_by="RuleAgency.ordinal"
    )

    __table_args__ = (CheckConstraint(f"type IN {sql_in(RULE_TYPES)}", name="type"),)


class RuleAgency(db.Model):
    """One agency a rule is from (what /rules filters and chapters follow by)."""

    __tablename__ = "rule_agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    slug: Mapped[str] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(String(300))

    rule: Mapped[Rule] = relationship(back_populates="agency_rows")


class Agency(db.Model):
    """An agency of the Federal Register's list (agencies.json), for names and slugs."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(60), default="")


class RuleChange(db.Model):
    """What a load noticed of a rule: new, or its closing date moved (the digest says)."""

    __tablename__ = "rule_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    # JSON: {"comments_close_on": [old, new]} for a moved closing date.
    details: Mapped[str] = mapped_column(Text, default="{}")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    rule: Mapped[Rule] = relationship()

    __table_args__ = (CheckConstraint(f"kind IN {sql_in(RULE_CHANGE_KINDS)}", name="kind"),)


class RuleFollow(db.Model):
    """An agency or a keyword query a chapter follows (`flask rules update` reads them)."""

    __tablename__ = "rule_follows"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    chapter = relationship("Chapter")

    __table_args__ = (
        CheckConstraint(f"kind IN {sql_in(RULE_FOLLOW_KINDS)}", name="kind"),
        Index("uq_rule_follows_chapter_kind_value", "chapter_id", "kind", "value", unique=True),
    )


class RulePosition(db.Model):
    """A chapter's position on a rule, with notes; versioned like a bill position."""

    __tablename__ = "rule_positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("chapters.id", ondelete="CASCADE"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    changes: Mapped[list[RulePositionChange]] = relationship(
        back_populates="position_row",
        cascade="all, delete-orphan",
        order_by="RulePositionChange.id",
    )
    chapter = relationship("Chapter")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(f"position IN {sql_in(RULE_POSITIONS)}", name="position"),
        Index("uq_rule_positions_chapter_rule", "chapter_id", "rule_id", unique=True),
    )


class RulePositionChange(HistoryStep, db.Model):
    """One step of a rule position's history."""

    __tablename__ = "rule_position_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("rule_positions.id", ondelete="CASCADE"), index=True
    )

    position_row: Mapped[RulePosition] = relationship(back_populates="changes")


class Comment(db.Model):
    """A member's comment on a rule in a comment campaign: once per member and campaign,
    with the evidence that it was filed (regulations.gov's tracking number at best)."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the member's email and the campaign: UNIQUE, so a double click or a retry
    # never files a second comment.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id"), index=True)
    # The rule as it was when the member wrote (its number and first agency).
    document_number: Mapped[str] = mapped_column(String(40))
    agency: Mapped[str] = mapped_column(String(300), default="")
    channel: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(String(10))
    tracking_number: Mapped[str | None] = mapped_column(String(60))
    submitter_type: Mapped[str] = mapped_column(String(12), default="INDIVIDUAL")
    # The member's text, and the share of it in their own words (0-100).
    body: Mapped[str | None] = mapped_column(Text)
    own_share: Mapped[int] = mapped_column(Integer, default=100)
    # The member's personal data, removed as an interaction's is (privacy/service.py).
    member_name: Mapped[str | None] = mapped_column(String(200))
    member_email: Mapped[str | None] = mapped_column(String(254))
    member_data_removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    member_key: Mapped[str] = mapped_column(String(64), index=True)
    chapter_id: Mapped[int | None] = mapped_column(ForeignKey("chapters.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The first day of the month it falls in on its chapter's calendar.
    local_month: Mapped[date] = mapped_column(Date, index=True)

    rule: Mapped[Rule] = relationship()
    campaign = relationship("Campaign")
    files: Mapped[list[CommentFile]] = relationship(
        back_populates="comment", cascade="all, delete-orphan", order_by="CommentFile.position"
    )

    __table_args__ = (
        CheckConstraint(f"channel IN {sql_in(COMMENT_CHANNELS)}", name="channel"),
        CheckConstraint(f"evidence IN {sql_in(COMMENT_EVIDENCE)}", name="evidence"),
        CheckConstraint(f"submitter_type IN {sql_in(SUBMITTER_TYPES)}", name="submitter_type"),
        CheckConstraint("own_share BETWEEN 0 AND 100", name="own_share"),
    )


class CommentFile(db.Model):
    """A file attached to a comment, stored under UPLOAD_DIR/comments by its sha256."""

    __tablename__ = "comment_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))

    comment: Mapped[Comment] = relationship(back_populates="files")
