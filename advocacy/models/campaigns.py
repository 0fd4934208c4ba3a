"""Campaigns with talking points and letter and tweet templates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from advocacy.extensions import db
from advocacy.models._types import utcnow

DEFAULT_HASHTAGS = "#NHITweek #HITworks #IHeartHIT"
TARGETS = (
    "us_senate",
    "us_house",
    "state_upper",
    "state_lower",
    "state_legislature",
    "governor",
    "lieutenant_governor",
    "attorney_general",
    "secretary_of_state",
    "state_officers",
    "mayors",
    "ca_commons",
    "ca_provincial",
)
# Statewide offices are targets one by one; a campaign saved when they were one target
# ("state_executive") writes to all of them.
STATEWIDE_TARGETS = (
    "governor",
    "lieutenant_governor",
    "attorney_general",
    "secretary_of_state",
    "state_officers",
)
# What a campaign asks of the bill it names.
STANCES = ("support", "oppose", "amend")
# The groups a campaign about a bill asks differently: its sponsors and cosponsors (thank
# them, ask them to push it), members of a committee that holds it (ask for a hearing and
# a vote), and everyone else (ask them to cosponsor or support it).
ASK_GROUPS = ("sponsor", "committee", "rest")
ASK_NAMES = {
    "sponsor": "the bill's sponsor or a cosponsor",
    "committee": "on a committee that holds the bill",
    "rest": "neither a sponsor nor on its committees",
}


class Campaign(db.Model):
    """A campaign members join from a shared link: what to say, to whom, and when."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # Who runs it, as shown ("national", a chapter's name).
    owner: Mapped[str] = mapped_column(String(120), default="national")
    # The chapter that runs it, whose advocates may edit it (None: national, leads only).
    chapter_id: Mapped[int | None] = mapped_column(
        ForeignKey("chapters.id", ondelete="SET NULL"), index=True
    )
    # The campaign's picture (a re-encoded 1200 x 630 JPEG in UPLOAD_DIR/campaigns, by
    # the sha256 name advocacy.images gives it), shown on its page and its share card.
    image: Mapped[str | None] = mapped_column(String(44))
    # A draft is seen only by the staff who may edit it; members get a 404.
    published: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # Comma-separated bodies from TARGETS.
    targets: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    # Locked organisation statement (a template rendered for each official).
    letter_statement: Mapped[str] = mapped_column(Text)
    # The statement for the bill's sponsors and for its committees' members (templates as
    # letter_statement); empty: that group gets letter_statement.
    statement_sponsor: Mapped[str] = mapped_column(Text, default="", server_default="")
    statement_committee: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The member's editable part, as the campaign suggests it (a template rendered once
    # per member, then plain text the member may change).
    letter_body: Mapped[str] = mapped_column(Text)
    tweet_template: Mapped[str] = mapped_column(Text)
    # What a member says on the phone, and the line to leave on a voicemail (templates).
    call_script: Mapped[str] = mapped_column(Text, default="", server_default="")
    voicemail_script: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The Library of Congress policy area CWC deliveries are filed under.
    cwc_topic: Mapped[str] = mapped_column(String(80), default="Health", server_default="Health")
    hashtags: Mapped[str] = mapped_column(String(200), default=DEFAULT_HASHTAGS)
    # The bill the campaign is about, if any, and what it asks (support, oppose, amend).
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("bills.id"), index=True)
    bill_stance: Mapped[str | None] = mapped_column(String(10))
    # A comment campaign: members write one comment on this rule (not letters to
    # officials), and it closes with the rule's comment period.
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("rules.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    talking_points: Mapped[list[TalkingPoint]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="TalkingPoint.position"
    )
    # The other bills it cites, with the same stance (the bill above is the one it asks
    # each official about).
    also_cites: Mapped[list[CampaignBill]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="CampaignBill.position"
    )
    bill = relationship("Bill")
    rule = relationship("Rule")
    chapter = relationship("Chapter")

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="window"),
        CheckConstraint("bill_stance IN ('support', 'oppose', 'amend')", name="bill_stance"),
    )

    @property
    def target_list(self) -> list[str]:
        """The targeted bodies, in TARGETS order."""
        chosen = set(self.targets.split(","))
        if "state_executive" in chosen:
            chosen |= set(STATEWIDE_TARGETS)
        return [t for t in TARGETS if t in chosen]

    @property
    def cited_bills(self) -> list:
        """Every bill it cites that the data still holds: its bill, then the others."""
        others = [c.bill for c in self.also_cites if c.bill is not None]
        return ([self.bill] if self.bill is not None else []) + others

    def statement_for(self, group: str | None) -> str:
        """The organisation statement for an official of this ask group (see ASK_GROUPS):
        the group's own when the lead wrote one, else the campaign's."""
        own = {"sponsor": self.statement_sponsor, "committee": self.statement_committee}
        return (own.get(group or "") or "").strip() or self.letter_statement

    def is_active(self, today: date) -> bool:
        """Whether members can take part today (a draft: never)."""
        return self.published and self.starts_on <= today <= self.ends_on


class TalkingPoint(db.Model):
    """One point members may choose to include: a short title and a paragraph."""

    __tablename__ = "talking_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship(back_populates="talking_points")

    __table_args__ = (UniqueConstraint("campaign_id", "position"),)


class CampaignBill(db.Model):
    """Another bill a campaign cites: linked while the data holds it, and named as text
    (its number and title when cited) so that the citation outlives the link."""

    __tablename__ = "campaign_bills"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    bill_id: Mapped[int | None] = mapped_column(
        ForeignKey("bills.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)

    campaign: Mapped[Campaign] = relationship(back_populates="also_cites")
    bill = relationship("Bill")

    __table_args__ = (UniqueConstraint("campaign_id", "position"),)
