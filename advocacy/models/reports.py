"""Monthly roll-ups of campaign sends, kept by database triggers on `interactions`.

Every insert, evidence upgrade or delete of an interaction moves these counts in the same
transaction (migration 0008 holds the triggers for SQLite and PostgreSQL), so the monthly
report reads a few hundred rows instead of scanning a month of sends. `chapter_id` is 0
for a member who named no chapter (0 is never a chapter id). `flask reports rebuild`
recounts them from `interactions` and says whether anything differed.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from advocacy.extensions import db


class ReportCount(db.Model):
    """Sends per month (on the chapter's calendar), chapter, campaign, channel, evidence."""

    __tablename__ = "report_counts"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    chapter_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    evidence: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportOfficialCount(db.Model):
    """Sends per month, official and chapter (in that order: a month reads per official)."""

    __tablename__ = "report_official_counts"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    official_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chapter_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportMember(db.Model):
    """Sends per month, chapter and member: who took part, and whether they had before."""

    __tablename__ = "report_members"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    chapter_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_report_members_member_month", "member_key", "month"),)


class ReportMemberFirst(db.Model):
    """The month of each member's first send: new in a month means first sent in it."""

    __tablename__ = "report_member_firsts"

    member_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_month: Mapped[date | None] = mapped_column(Date, index=True)
