"""Scheduled work: when each job last started, so one worker among many runs it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from advocacy.extensions import db


class JobRun(db.Model):
    """The last run of one scheduled job (a row per job, claimed by a conditional UPDATE)."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str | None] = mapped_column(String(10))
    message: Mapped[str | None] = mapped_column(Text)
    # host:pid of the worker that took the last run.
    worker: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (CheckConstraint("status IN ('running', 'ok', 'failed')", name="status"),)
