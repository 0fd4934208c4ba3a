"""The legislator directory: officials, their current seat, contact points and divisions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import false

from advocacy.extensions import db
from advocacy.models._types import utcnow

LEVELS = ("federal", "state")
CHAMBERS = ("upper", "lower", "legislature", "executive")


class Division(db.Model):
    """A political geography named by its OCD division id (the join key to officials)."""

    __tablename__ = "divisions"

    ocd_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # country, state (also DC and territories), cd, sldu, sldl, or legislature (a district
    # of a unicameral body such as Nebraska's legislature or the DC council).
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str | None] = mapped_column(String(2), index=True)
    num_seats: Mapped[int | None] = mapped_column(Integer)
    # Seats elected by the whole state (PR's at-large legislators, DC's chairman and
    # at-large council members): everyone in the state is their constituent.
    statewide: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        CheckConstraint(
            "kind IN ('country', 'state', 'cd', 'sldu', 'sldl', 'legislature', 'place', "
            "'province', 'ed', 'ped')",
            name="kind",
        ),
        CheckConstraint("num_seats IS NULL OR num_seats >= 0", name="num_seats"),
    )


class GeoidRule(db.Model):
    """openstates-geo's regex rule turning a Census GEOID into an OCD id, per state and type."""

    __tablename__ = "division_geoid_rules"

    state_fips: Mapped[str] = mapped_column(String(2), primary_key=True)
    district_type: Mapped[str] = mapped_column(String(8), primary_key=True)
    state: Mapped[str] = mapped_column(String(2))
    pattern: Mapped[str] = mapped_column(String(200))
    ocd_prefix: Mapped[str] = mapped_column(String(200))
    # The id's last segment type: usually the district type, "ward" for DC's council.
    division_kind: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # openstates-geo's split_districts: one Census district holds lettered seats (1 -> 1a, 1b).
    split: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class GeoidMapping(db.Model):
    """openstates-geo's custom GEOID -> OCD id pairs; they win over the regex rules."""

    __tablename__ = "division_geoids"

    district_type: Mapped[str] = mapped_column(String(8), primary_key=True)
    geoid: Mapped[str] = mapped_column(String(16), primary_key=True)
    ocd_id: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str | None] = mapped_column(String(200))


class Official(db.Model):
    """A person in the directory. Rows are kept when they leave office (history refers to them)."""

    __tablename__ = "officials"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The source's own stable id: "bioguide:C000127" or "ocd-person/<uuid>".
    source_key: Mapped[str] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(32))
    full_name: Mapped[str] = mapped_column(String(200))
    sort_name: Mapped[str] = mapped_column(String(200), index=True)
    given_name: Mapped[str | None] = mapped_column(String(100))
    middle_name: Mapped[str | None] = mapped_column(String(100))
    family_name: Mapped[str | None] = mapped_column(String(100))
    suffix: Mapped[str | None] = mapped_column(String(20))
    nickname: Mapped[str | None] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(20))
    image_url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(254))
    website_url: Mapped[str | None] = mapped_column(String(500))
    contact_form_url: Mapped[str | None] = mapped_column(String(500))
    # sha256 of the normalised source record: an unchanged record is not rewritten.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    seat: Mapped[Seat | None] = relationship(
        back_populates="official", uselist=False, cascade="all, delete-orphan"
    )
    offices: Mapped[list[Office]] = relationship(
        back_populates="official", cascade="all, delete-orphan", order_by="Office.position"
    )
    social_accounts: Mapped[list[SocialAccount]] = relationship(
        back_populates="official", cascade="all, delete-orphan", order_by="SocialAccount.platform"
    )
    identifiers: Mapped[list[Identifier]] = relationship(
        back_populates="official", cascade="all, delete-orphan", order_by="Identifier.scheme"
    )

    def identifier(self, scheme: str) -> str | None:
        """The first identifier of a scheme (bioguide, openstates, ...), if any."""
        return next((i.value for i in self.identifiers if i.scheme == scheme), None)


class Seat(db.Model):
    """The seat an official currently holds, as the source describes it."""

    __tablename__ = "seats"

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(
        ForeignKey("officials.id", ondelete="CASCADE"), unique=True
    )
    level: Mapped[str] = mapped_column(String(8))
    chamber: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(60))
    state: Mapped[str | None] = mapped_column(String(2))
    # The district label as the source spells it ("7th Hampden", "Addison-1", "11A", "A").
    district: Mapped[str | None] = mapped_column(String(120))
    division_id: Mapped[str] = mapped_column(ForeignKey("divisions.ocd_id"), index=True)
    party: Mapped[str | None] = mapped_column(String(120))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    official: Mapped[Official] = relationship(back_populates="seat")
    division: Mapped[Division] = relationship()

    __table_args__ = (
        CheckConstraint(
            "level IN ('federal', 'state', 'local', 'canada', 'province')", name="level"
        ),
        CheckConstraint(
            "chamber IN ('upper', 'lower', 'legislature', 'executive')", name="chamber"
        ),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="term"
        ),
        Index("ix_seats_level_chamber_state", "level", "chamber", "state"),
    )


class Office(db.Model):
    """A contact point: an office's address (with coordinates when known), phone and fax."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(
        ForeignKey("officials.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    classification: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    phone: Mapped[str | None] = mapped_column(String(40))
    fax: Mapped[str | None] = mapped_column(String(40))

    official: Mapped[Official] = relationship(back_populates="offices")

    __table_args__ = (
        CheckConstraint("classification IN ('capitol', 'district')", name="classification"),
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude"),
    )


class SocialAccount(db.Model):
    """An official's account on a social network (handle as the source gives it)."""

    __tablename__ = "social_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(
        ForeignKey("officials.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(32))
    handle: Mapped[str] = mapped_column(String(200))

    official: Mapped[Official] = relationship(back_populates="social_accounts")

    __table_args__ = (UniqueConstraint("official_id", "platform", "handle"),)


class Identifier(db.Model):
    """An id of the official in another system: bioguide, openstates, govtrack, fec, wikidata..."""

    __tablename__ = "identifiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    official_id: Mapped[int] = mapped_column(
        ForeignKey("officials.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(200))

    official: Mapped[Official] = relationship(back_populates="identifiers")

    __table_args__ = (
        UniqueConstraint("official_id", "scheme", "value"),
        Index("ix_identifiers_scheme_value", "scheme", "value"),
    )


class Committee(db.Model):
    """A committee of Congress (thomas_id "HSIF") or a subcommittee ("HSIF14")."""

    __tablename__ = "committees"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    chamber: Mapped[str] = mapped_column(String(10))  # house, senate, joint
    parent_code: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(String(500))


class CommitteeMember(db.Model):
    """A member of Congress on a committee, by bioguide id, with their rank and title."""

    __tablename__ = "committee_members"

    committee_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    bioguide_id: Mapped[str] = mapped_column(String(7), primary_key=True, index=True)
    rank: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(String(100))  # Chairman, Ranking Member, ...
    side: Mapped[str | None] = mapped_column(String(10))  # majority, minority
