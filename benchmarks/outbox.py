"""Benchmark: outbox delivery by `flask jobs run` workers into a local SMTP server.

Queues N letters (an interaction and its outbox row each, as the march writes them), starts
K worker processes against one database and one aiosmtpd server on 127.0.0.1, and times
until every letter is sent. Prints letters per second, and checks 0 lost and 0 doubled
(by the server's count and by distinct Message-IDs). SQLite runs one worker (it allows one).

    python benchmarks/outbox.py [--letters 3000] [--workers 3] [--database sqlite|postgresql]
                                [--smoke]  (200 letters, 2 workers on PostgreSQL)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aiosmtpd.controller import Controller  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from advocacy import create_app  # noqa: E402
from advocacy.extensions import db  # noqa: E402
from advocacy.models import OutboxMessage  # noqa: E402
from benchmarks.common import Invariants, fresh_database, parser  # noqa: E402
from tests.factories import base_config, queue_letters  # noqa: E402
from tests.net import free_port  # noqa: E402
from tests.smtp import Inbox  # noqa: E402


def seed(app, letters: int) -> None:
    with app.app_context():
        upgrade()
    queue_letters(
        app, letters, body="Dear Senator,\n\n" + "A paragraph of the member's letter. " * 30
    )


def sent(app) -> int:
    with app.app_context():
        n = db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent")
        )
        db.session.remove()
        return n


def run(url: str, letters: int, workers: int, tmp: Path) -> int:
    app = create_app(base_config(url, tmp / "data"))
    seed(app, letters)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")} | {
        "FLASK_SQLALCHEMY_DATABASE_URI": url,
        "FLASK_SECRET_KEY": "b" * 64,
        "FLASK_SMTP_HOST": "127.0.0.1",
        "FLASK_SMTP_PORT": str(controller.port),
        "FLASK_MAIL_FROM": "letters@advocacy.test",
        "FLASK_DATA_REFRESH_HOURS": "0",
        "FLASK_RULES_REFRESH_HOURS": "0",
        "FLASK_MEMBER_DATA_RETENTION_DAYS": "0",
    }
    factory = f"advocacy:create_app(instance_path={str(tmp / 'instance')!r})"
    command = [sys.executable, "-m", "flask", "--app", factory, "jobs", "run", "--only", "outbox"]
    started = time.perf_counter()
    procs = [
        subprocess.Popen(command + ["--interval", "0.2"], env=env, cwd=REPO) for _ in range(workers)
    ]
    try:
        deadline = time.monotonic() + 600
        while sent(app) < letters and time.monotonic() < deadline:
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=30)
        controller.stop()
    done = sent(app)
    ids = {message["Message-ID"] for _, message in inbox.messages}
    print(
        f"{workers} worker(s): {done}/{letters} letters in {elapsed:.1f} s "
        f"(start-up included) = {done / elapsed:.0f} letters/s; "
        f"received {len(inbox.messages)}, distinct Message-IDs {len(ids)}; "
        f"lost {letters - done}, doubled {len(inbox.messages) - len(ids)}"
    )
    invariants = Invariants()
    invariants.check("0 lost", done == letters == len(ids), f"{letters - done}")
    invariants.check("0 doubled", len(inbox.messages) == len(ids))
    return invariants.exit_code()


def main() -> int:
    options = parser(__doc__)
    options.add_argument("--letters", type=int, default=3000)
    options.add_argument("--workers", type=int, default=3)
    args = options.parse_args()
    if args.smoke:
        args.letters, args.workers = 200, 2
    workers = 1 if args.database == "sqlite" else args.workers  # SQLite allows one
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(args.database, Path(folder)) as url,
    ):
        return run(url, args.letters, workers, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
