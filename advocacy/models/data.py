"""What was loaded from where: the manifest of public sources and the log of loads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advocacy.extensions import db
from advocacy.models._types import utcnow


class SourceFile(db.Model):
    """One public source file as it was last loaded (the live data came from this)."""

    __tablename__ = "source_files"

    url: Mapped[str] = mapped_column(String(500), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    path: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    etag: Mapped[str | None] = mapped_column(String(200))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    records: Mapped[int] = mapped_column(Integer)
    # When the source was last checked (downloaded, or answered 304), and last changed.
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DataLoad(db.Model):
    """One run of `flask data update`, successful or not."""

    __tablename__ = "data_loads"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(12))
    message: Mapped[str | None] = mapped_column(Text)
    # The loader's version (update.LOADER_VERSION): a newer loader rebuilds unchanged sources.
    loader_version: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("status IN ('loaded', 'unchanged', 'failed')", name="status"),
    )


class Correction(db.Model):
    """An admin's correction to the public data where it lags: kept apart from the loaded
    rows and applied again after every data update until retired.

    `action` is "add" (a person in a seat the data leaves empty: the seat of
    `seat_of_key`), "end" (a seat that has ended: `end_date`) or "fix" (field values:
    `fields`, a JSON object). `target_key` is the official's source key, which survives
    reloads; `agrees` is what the last load found: the public data now says the same."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(8))
    target_key: Mapped[str | None] = mapped_column(String(120), index=True)
    fields: Mapped[str] = mapped_column(Text, default="{}")
    source_url: Mapped[str] = mapped_column(String(500))
    note: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    agrees: Mapped[bool | None] = mapped_column(Boolean)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("action IN ('add', 'end', 'fix')", name="action"),)
