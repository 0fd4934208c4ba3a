"""Cached geocoder answers, keyed by a hash of the normalised address (never the address)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advocacy.extensions import db
from advocacy.models._types import utcnow


class GeocodeCache(db.Model):
    """One geocoder answer (districts, matched address, point) for an address hash."""

    __tablename__ = "geocode_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    answer: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
