"""Queued and scheduled work, one worker command for every machine: `flask jobs run`.

A worker delivers the outbox continuously (letters through our SMTP server and the House's
and Senate's CWC) and runs the scheduled jobs when they are due: the public-data refresh,
the agency rules from the Federal Register, the purge of members' personal data past its
retention, the digests, and the Senate's list
of offices taking CWC messages. Run one or more workers beside the web
servers (a systemd service each; README "Deployment"). They share nothing but the database:

- the outbox is taken one message at a time under a row lock (delivery/outbox.py), so
  each letter goes out once whatever the number of workers;
- a scheduled job is claimed by a conditional UPDATE of its `job_runs` row ("started
  before now - period"), which exactly one worker wins, on SQLite and PostgreSQL alike.

SQLite has no row locks, so there a worker holds a lock file beside the database and a
second worker on the same database says so and stops.

Why not RQ or Celery: the outbox row is written in the member's own transaction with the
interaction it delivers, so a letter can never be recorded and not queued (or queued and
not recorded); a queue in Redis would be a second store that can disagree with the first.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from filelock import FileLock, Timeout
from flask import Flask
from sqlalchemy import or_, select, update

from advocacy.delivery.outbox import send_due
from advocacy.extensions import begin_write, db, upsert_insert
from advocacy.models import JobRun
from advocacy.models._types import utcnow

log = logging.getLogger(__name__)
WORKER = f"{socket.gethostname()}:{os.getpid()}"
SCHEDULE_CHECK_SECONDS = 60


def _refresh(config) -> str:
    from advocacy.directory.update import update_directory

    result = update_directory(config)
    return f"{result.status}; sources changed: {len(result.changed_sources)}"


def _rules(config) -> str:
    from advocacy.rules.load import update_rules

    result = update_rules(config)
    return f"{result.documents} documents: {result.inserted} new, {result.updated} changed"


def _purge(config) -> str:
    from advocacy.privacy.service import purge_expired

    return f"{purge_expired(config)} interactions lost their member's name and email"


def queue_digests(config) -> str:
    """Queue every due legislation digest (each once per advocate and period)."""
    from advocacy.bills.digest import digests
    from advocacy.delivery.outbox import enqueue_message
    from advocacy.rules.digest import rule_lines

    now = utcnow()
    queued = quiet = 0
    begin_write()
    for user, mail in digests(now, rule_lines):
        if mail is not None:
            queued += enqueue_message(
                to=mail.to,
                subject=mail.subject,
                body=mail.body,
                dedupe_key=mail.dedupe_key,
                headers=mail.headers,
            )
        else:
            quiet += 1
        user.digest_sent_at = now
    db.session.commit()
    return f"{queued} digests queued; {quiet} advocates had nothing new"


def _senate_offices(config) -> str:
    from advocacy.campaigns.senate import refresh_offices

    return refresh_offices(config)


def _senate_period(config) -> timedelta | None:
    from advocacy.delivery.cwc import senate_configured

    hours = config.get("SENATE_CWC_REFRESH_HOURS")
    return timedelta(hours=hours) if hours and senate_configured(config) else None


@dataclass(frozen=True)
class Scheduled:
    """A job run every `period(config)` (None: off in this deployment)."""

    name: str
    period: Callable[[dict], timedelta | None]
    run: Callable[[dict], str]


def _hours(key: str) -> Callable[[dict], timedelta | None]:
    return lambda config: timedelta(hours=config[key]) if config.get(key) else None


SCHEDULE = (
    Scheduled("data-refresh", _hours("DATA_REFRESH_HOURS"), _refresh),
    Scheduled("rules-refresh", _hours("RULES_REFRESH_HOURS"), _rules),
    Scheduled(
        "member-data-retention",
        lambda c: timedelta(hours=24) if c.get("MEMBER_DATA_RETENTION_DAYS") else None,
        _purge,
    ),
    # Hourly: each advocate's digest goes when their day or week is up.
    Scheduled("legislation-digest", lambda c: timedelta(hours=1), queue_digests),
    # Daily where the Senate's CWC is set up: which Senate offices take CWC messages.
    Scheduled("senate-cwc-offices", _senate_period, _senate_offices),
)


def claim(name: str, period: timedelta, now: datetime | None = None) -> bool:
    """Whether this worker takes this run of the job (one worker in all wins)."""
    now = now or utcnow()
    db.session.execute(
        upsert_insert(JobRun).values(name=name).on_conflict_do_nothing(index_elements=["name"])
    )
    taken = db.session.execute(
        update(JobRun)
        .where(
            JobRun.name == name,
            or_(JobRun.started_at.is_(None), JobRun.started_at <= now - period),
        )
        .values(started_at=now, finished_at=None, status="running", message=None, worker=WORKER)
    ).rowcount
    db.session.commit()
    return taken == 1


def run_scheduled(config, now: datetime | None = None, only: set[str] | None = None) -> list[str]:
    """Run every job that is due and that this worker wins; returns their names."""
    ran = []
    for job in SCHEDULE:
        period = job.period(config)
        if period is None or (only is not None and job.name not in only):
            continue
        if not claim(job.name, period, now):
            continue
        try:
            status, message = "ok", job.run(config)
        except Exception as exc:  # a failed job is recorded and tried next period
            db.session.rollback()
            log.exception("job %s failed", job.name)
            status, message = "failed", f"{type(exc).__name__}: {exc}"
        db.session.execute(
            update(JobRun)
            .where(JobRun.name == job.name, JobRun.worker == WORKER)
            .values(finished_at=utcnow(), status=status, message=message[:2000])
        )
        db.session.commit()
        log.info("job %s: %s (%s)", job.name, status, message)
        ran.append(job.name)
    return ran


def last_runs() -> list[JobRun]:
    return list(db.session.scalars(select(JobRun).order_by(JobRun.name)))


class WorkerBusy(RuntimeError):
    """Another worker already serves this SQLite database."""


class Worker:
    """The loop of `flask jobs run`: deliver, run what is due, sleep, until told to stop.

    SIGTERM or SIGINT lets the message in hand finish, then the worker exits.
    """

    def __init__(self, app: Flask, *, interval: float = 5.0, only: set[str] | None = None):
        self.app = app
        self.interval = interval
        self.only = only  # "outbox" and/or job names; None: everything
        self.stopping = False
        self.next_schedule_check = 0.0

    def _wants(self, name: str) -> bool:
        return self.only is None or name in self.only

    def _sqlite_lock(self) -> FileLock | None:
        uri = self.app.config["SQLALCHEMY_DATABASE_URI"]
        if not uri.startswith("sqlite:///"):
            return None
        lock = FileLock(str(Path(uri.removeprefix("sqlite:///")).with_suffix(".worker.lock")))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise WorkerBusy(
                "another worker serves this SQLite database (one at a time: SQLite has no "
                "row locks; use PostgreSQL for several)"
            ) from None
        return lock

    def stop(self, *_args) -> None:
        self.stopping = True

    def one_pass(self) -> dict[str, int]:
        """Deliver what is due and run due jobs once; returns the outbox counts."""
        counts = {"sent": 0, "retry": 0, "failed": 0}
        with self.app.app_context():
            if self._wants("outbox"):
                counts = send_due(self.app.config)
            if time.monotonic() >= self.next_schedule_check:
                # Claiming is a write: ask the schedule once a minute, not every pass.
                self.next_schedule_check = time.monotonic() + SCHEDULE_CHECK_SECONDS
                jobs = None if self.only is None else self.only - {"outbox"}
                run_scheduled(self.app.config, only=jobs)
        return counts

    def run(self, *, once: bool = False, on_pass: Callable[[dict], None] | None = None) -> None:
        lock = self._sqlite_lock()
        previous = {}
        if threading.current_thread() is threading.main_thread():
            previous = {s: signal.signal(s, self.stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            while not self.stopping:
                counts = self.one_pass()
                if on_pass:
                    on_pass(counts)
                if once:
                    break
                if not any(counts.values()):
                    self._sleep()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if lock is not None:
                lock.release()

    def _sleep(self) -> None:
        deadline = time.monotonic() + self.interval
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, self.interval))
