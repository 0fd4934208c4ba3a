"""Benchmark: loading every bill of the mirror, an unchanged re-run, and keyword search.

Loads the directory and then every bill (Congress watch-list and the whole New York
session) from ../shared/legislators into a fresh database, times `flask bills update` and
its unchanged re-run, then the p95 of keyword searches (the /bills query) at the loaded size
and with synthetic copies up to --synthetic bills. Invariants: every bill read is loaded,
the re-run changes none, a search finds bills, and each advocate with news gets one digest.

    python benchmarks/bills.py [--database sqlite|postgresql] [--synthetic 200000]
                               [--smoke]  (200 New York bills, 20 advocates)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, text, update  # noqa: E402

from advocacy import create_app  # noqa: E402
from advocacy.bills.load import update_bills  # noqa: E402
from advocacy.bills.queries import search_bills  # noqa: E402
from advocacy.directory.update import update_directory  # noqa: E402
from advocacy.extensions import db  # noqa: E402
from advocacy.models import Bill  # noqa: E402
from benchmarks.common import (  # noqa: E402
    MIRROR,  # noqa: E402
    SMOKE_STATES,
    Invariants,
    fresh_database,
    parser,
)
from tests.factories import base_config  # noqa: E402

WORDS = [
    "telehealth",
    "privacy",
    "medicaid",
    "cybersecurity",
    "insurance",
    "broadband",
    "hospital",
    "records",
    "nurse",
    "opioid",
    "pharmacy",
]


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] * 1000


def searches(rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        for word in WORDS:
            started = time.perf_counter()
            search_bills(q=word, per_page=25)
            times.append(time.perf_counter() - started)
    return p95(times)


def digest_run(app, invariants: Invariants, advocates: int = 1000, per_chapter: int = 10) -> str:
    """1,000 advocates (10 per chapter), each chapter following 20 items (12 bills, 4
    searches, 4 sponsors), 2,000 bills changed since their last digest: the time to compose
    and queue every digest (jobs.queue_digests, what the worker runs)."""
    from datetime import UTC, datetime, timedelta

    from advocacy.bills.follows import follow_bill, follow_query, follow_sponsor
    from advocacy.jobs import queue_digests
    from advocacy.models import BillChange, BillSponsor, Chapter, OutboxMessage, User

    bill_ids = db.session.scalars(select(Bill.id).order_by(Bill.id)).all()
    sponsors = db.session.scalars(
        select(BillSponsor.official_id).where(BillSponsor.official_id.is_not(None)).distinct()
    ).all()
    yesterday = datetime.now(UTC) - timedelta(hours=25)
    for c in range(advocates // per_chapter):
        chapter = Chapter(name=f"Bench chapter {c}", regions="NY")
        db.session.add(chapter)
        db.session.flush()
        people = [
            User(email=f"bench{c}-{i}@example.org", password_hash="x", role="advocate",
                 digest="daily", digest_sent_at=yesterday, chapters=[chapter])
            for i in range(per_chapter)
        ]  # fmt: skip
        db.session.add_all(people)
        db.session.flush()
        for k in range(12):
            follow_bill(chapter.id, people[0].id, bill_ids[(c * 37 + k * 101) % len(bill_ids)])
        for k in range(4):
            follow_query(chapter.id, people[0].id, WORDS[(c + k) % len(WORDS)])
            follow_sponsor(chapter.id, people[0].id, sponsors[(c * 7 + k) % len(sponsors)])
    # The load's own "new bill" changes are older than the advocates' last digest.
    db.session.execute(update(BillChange).values(changed_at=yesterday - timedelta(days=2)))
    now = datetime.now(UTC)
    db.session.add_all(
        BillChange(bill_id=bill_ids[i * 7 % len(bill_ids)], kind="actions",
                   details='{"actions": [{"date": "2026-11-20", "text": "Reported"}]}',
                   changed_at=now)
        for i in range(2000)
    )  # fmt: skip
    db.session.commit()
    started = time.perf_counter()
    message = queue_digests(app.config)
    took = time.perf_counter() - started
    queued = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    invariants.check(
        "one digest per advocate with news", queued == advocates, f"{queued} of {advocates}"
    )
    again = queue_digests(app.config)
    invariants.check(
        "a second run queues none",
        db.session.scalar(select(func.count()).select_from(OutboxMessage)) == queued,
        again,
    )
    return (
        f"digest run, {advocates} advocates x 20 follows: {took:.1f} s ({message}; {queued} queued)"
    )


def grow(target: int) -> int:
    """Synthetic copies of the loaded bills (new source keys) up to `target` rows."""
    have = db.session.scalar(select(func.count()).select_from(Bill))
    copy = 0
    columns = (
        "source, jurisdiction, session, identifier, title, summary, status, status_text, "
        "introduced_on, latest_action_on, latest_action, url, subjects, committees, "
        "content_hash, fetched_at, created_at, updated_at, chamber, actions_text"
    )
    while have < target:
        copy += 1
        db.session.execute(
            text(
                f"INSERT INTO bills (source_key, {columns}) SELECT source_key || :suffix, "
                f"{columns} FROM bills WHERE source_key NOT LIKE :copies LIMIT :n"
            ),
            {"n": target - have, "suffix": f"/copy{copy}", "copies": "%/copy%"},
        )
        db.session.commit()
        have = db.session.scalar(select(func.count()).select_from(Bill))
    return have


def run(url: str, tmp: Path, synthetic: int, smoke: bool) -> int:
    config = base_config(url, tmp / "data") | {"LEGISLATOR_DATA_MIRROR": str(MIRROR)}
    if smoke:
        config |= {"DATA_STATES": SMOKE_STATES + ["ny"], "BILLS_NY_LIMIT": 200}
    app = create_app(config)
    invariants = Invariants()
    with app.app_context():
        upgrade()
        update_directory(app.config)
        started = time.perf_counter()
        first = update_bills(app.config)
        load = time.perf_counter() - started
        started = time.perf_counter()
        again = update_bills(app.config)
        rerun = time.perf_counter() - started
        print(f"load {first.inserted} bills: {load:.1f} s; unchanged re-run "
              f"({again.unchanged} unchanged): {rerun:.1f} s")  # fmt: skip
        loaded = db.session.scalar(select(func.count()).select_from(Bill))
        invariants.check("every bill read is loaded", first.inserted == loaded > 0, f"{loaded}")
        invariants.check(
            "the re-run changes none",
            again.unchanged == loaded and not again.inserted and not again.updated,
        )
        print(f"keyword search p95 at {first.inserted} bills: {searches():.1f} ms")
        found, total = search_bills(q="health", per_page=25)
        invariants.check("a search finds bills", total > 0 and len(found) == min(total, 25))
        print(digest_run(app, invariants, *((20, 5) if smoke else ())))
        if synthetic and not smoke:
            size = grow(synthetic)
            print(f"keyword search p95 at {size} bills: {searches(2):.1f} ms")
        db.session.remove()
        db.engine.dispose()
    return invariants.exit_code()


def main() -> int:
    options = parser(__doc__)
    options.add_argument("--synthetic", type=int, default=200_000)
    args = options.parse_args()
    if not MIRROR.is_dir():
        sys.exit(f"the mirror is not at {MIRROR}")
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(args.database, Path(folder)) as url,
    ):
        return run(url, Path(folder), args.synthetic, args.smoke)


if __name__ == "__main__":
    sys.exit(main())
