"""What was loaded from where: the manifest of public sources and the log of loads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, String, Text
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
