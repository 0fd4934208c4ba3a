"""Background work across several workers: the outbox goes out exactly once, a scheduled job
runs on one worker, SQLite keeps to one worker.

The multi-worker test is real end to end: three `flask jobs run` processes, one PostgreSQL
cluster, one aiosmtpd server, 1,000 queued letters, and one worker killed (SIGKILL) while it
is in the middle of handing a letter to the server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import psutil
import pytest
from aiosmtpd.controller import Controller
from filelock import FileLock
from sqlalchemy import func, select

from advocacy import create_app
from advocacy.extensions import db
from advocacy.jobs import claim, run_scheduled
from advocacy.models import Interaction, JobRun, OutboxMessage
from tests.factories import REPO, base_config, dispose, queue_letters
from tests.net import free_port
from tests.smtp import Inbox

LETTERS = 1000
KILL_AT = 300  # the worker handing over the 300th letter dies in the middle of it


class KillingInbox(Inbox):
    """Keeps what it receives; at the KILL_AT-th letter, kills the worker sending it before
    the server has accepted anything (between RCPT and DATA)."""

    def __init__(self, workers: list[subprocess.Popen]):
        super().__init__()
        self.workers = workers
        self.started = 0
        self.killed: int | None = None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        with self.lock:
            self.started += 1
            victim = self.started == KILL_AT and self.killed is None
        if victim:
            worker = self._owner(session.peer[1])
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            self.killed = worker.pid
            return "421 4.3.2 Closing"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    def _owner(self, port: int) -> subprocess.Popen:
        for worker in self.workers:
            connections = psutil.Process(worker.pid).net_connections(kind="tcp")
            if any(c.laddr and c.laddr.port == port for c in connections):
                return worker
        raise AssertionError(f"no worker owns port {port}")


def _worker(url: str, smtp_port: int, instance) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")} | {
        "FLASK_SQLALCHEMY_DATABASE_URI": url,
        "FLASK_SECRET_KEY": "k" * 64,
        "FLASK_SMTP_HOST": "127.0.0.1",
        "FLASK_SMTP_PORT": str(smtp_port),
        "FLASK_MAIL_FROM": "letters@advocacy.test",
        "FLASK_DATA_REFRESH_HOURS": "0",
        "FLASK_RULES_REFRESH_HOURS": "0",
    }
    factory = f"advocacy:create_app(instance_path={str(instance)!r})"
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", factory, "jobs", "run", "--interval", "0.2"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _sent(app) -> int:
    with app.app_context():
        n = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent")
        )
        db.session.rollback()
        return n


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_three_workers_deliver_a_thousand_letters_once_each_though_one_dies(
    backend, databases, tmp_path
):
    url = databases.migrated(backend)
    app = create_app(base_config(url, tmp_path / "data"))
    queue_letters(app, LETTERS)
    workers: list[subprocess.Popen] = []
    inbox = KillingInbox(workers)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        workers += [_worker(url, controller.port, tmp_path / f"w{i}") for i in range(3)]
        deadline = time.monotonic() + 120
        while _sent(app) < LETTERS and time.monotonic() < deadline:
            time.sleep(0.2)
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)  # finishes the letter in hand, then exits
        outputs = [worker.communicate(timeout=30)[0] for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        controller.stop()

    assert inbox.killed is not None, "no worker was killed mid-send"
    codes = {worker.pid: worker.returncode for worker in workers}
    assert codes.pop(inbox.killed) == -signal.SIGKILL
    assert list(codes.values()) == [0, 0], outputs
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        evidence = db.session.scalars(select(Interaction.evidence)).all()
    dispose(app)

    assert [row.status for row in rows] == ["sent"] * LETTERS  # 0 lost
    assert all(row.attempts == 1 for row in rows)  # the dead worker's try left no mark
    assert set(evidence) == {"sent"}
    received = [message["Subject"] for _, message in inbox.messages]
    assert len(received) == LETTERS  # 0 doubled
    assert sorted(received) == sorted(f"Letter {i}" for i in range(LETTERS))
    ids = {message["Message-ID"] for _, message in inbox.messages}
    assert len(ids) == LETTERS
    assert inbox.started == LETTERS + 1  # the killed try, and each letter once


def test_one_worker_in_many_runs_a_scheduled_job(app):
    def attempt(_):
        with app.app_context():
            try:
                return claim("data-refresh", timedelta(hours=1), now)
            finally:
                db.session.remove()

    now = datetime.now(UTC)
    with ThreadPoolExecutor(6) as pool:
        assert sorted(pool.map(attempt, range(12))) == [False] * 11 + [True]
    assert not attempt(None)  # taken within the hour
    now += timedelta(hours=1, seconds=1)
    assert attempt(None)  # due again


def test_a_failing_job_is_recorded_and_shown(app, tmp_path):
    empty = tmp_path / "mirror"
    empty.mkdir()
    app.config.update(DATA_REFRESH_HOURS=24, LEGISLATOR_DATA_MIRROR=str(empty))
    with app.app_context():
        assert run_scheduled(app.config) == [
            "data-refresh",
            "member-data-retention",
            "legislation-digest",
        ]
        assert run_scheduled(app.config) == []  # not due again for a day
        run = db.session.get(JobRun, "data-refresh")
        assert run.status == "failed" and run.finished_at is not None
        assert "SourceError" in run.message
        assert db.session.get(JobRun, "member-data-retention").status == "ok"
    result = app.test_cli_runner().invoke(args=["jobs", "status"])
    assert "data-refresh" in result.output and "last failed" in result.output
    assert "Outbox: empty" in result.output


def test_a_second_worker_on_one_sqlite_database_stops_and_says_why(sqlite_app):
    path = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with FileLock(path.removesuffix(".db") + ".worker.lock"):
        result = sqlite_app.test_cli_runner().invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 1
    assert "another worker serves this SQLite database" in result.output
    result = sqlite_app.test_cli_runner().invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0, result.output
