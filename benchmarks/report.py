"""Benchmark: the monthly report at 1,000,000 interactions, on SQLite and PostgreSQL.

Seeds each database (benchmarks/seed_interactions.py; the roll-up triggers fire for every
row), checks the roll-ups against a full recount, then times, in the same run, the full
report (this month, last month, 12-month trend, members, follow-ups) and the bare SQL
GROUP BY queries for the same month's totals run directly on `interactions`.
Prints the query plans of the bare month's scan and of the report's largest read.
Targets: report < 500 ms and no more than twice the bare SQL. Invariants: the roll-ups
equal a full recount, and the report counts the month's sends the rows hold.

    python benchmarks/report.py [--n 1000000] [--backend both] [--smoke]  (2,000 sends)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import text  # noqa: E402

from advocacy import create_app  # noqa: E402
from advocacy.extensions import db  # noqa: E402
from advocacy.reports.monthly import monthly_report  # noqa: E402
from advocacy.reports.rollup import rebuild  # noqa: E402
from benchmarks.common import MIRROR, SECRET, SMOKE_STATES, Invariants  # noqa: E402  # noqa: E402
from benchmarks.seed_interactions import seed  # noqa: E402
from tests.pg import PostgresCluster, find_pg_bin  # noqa: E402

MONTH = date(2026, 9, 1)
# The same month's totals, straight SQL: UTC month edges (the report reads each chapter's
# calendar, which only moves the edges), one GROUP BY per total the report shows.
BARE = [
    "SELECT channel, count(*) FROM interactions WHERE created_at >= :a AND created_at < :b "
    "GROUP BY channel",
    "SELECT evidence, count(*) FROM interactions WHERE created_at >= :a AND created_at < :b "
    "GROUP BY evidence",
    "SELECT chapter_id, count(*) FROM interactions WHERE created_at >= :a AND created_at < :b "
    "GROUP BY chapter_id",
    "SELECT campaign_id, count(*) FROM interactions WHERE created_at >= :a AND created_at < :b "
    "GROUP BY campaign_id",
    "SELECT official_id, count(*) FROM interactions WHERE created_at >= :a AND created_at < :b "
    "GROUP BY official_id",
    "SELECT count(DISTINCT member_email) FROM interactions WHERE created_at >= :a "
    "AND created_at < :b",
]


def timed(fn, repeat=5) -> float:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run(name: str, url: str, n: int, workdir: Path, smoke: bool = False) -> dict:
    app = create_app(
        {
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "LEGISLATOR_DATA_DIR": str(workdir / name),
            "LEGISLATOR_DATA_MIRROR": str(MIRROR),
            "REPRESENT_URL": None,
            "DATA_STATES": SMOKE_STATES if smoke else None,
        }
    )
    seeded = seed(app, n, date(2026, 10, 31), app.config["LEGISLATOR_DATA_MIRROR"])
    with app.app_context():
        # The triggers kept the roll-ups during the load; a full recount must agree.
        started = time.perf_counter()
        differed = rebuild(db.session.connection())
        rebuild_s = time.perf_counter() - started
        db.session.commit()
        # Fresh statistics after the bulk load. On PostgreSQL also VACUUM, as autovacuum
        # would: a million trigger updates in one load transaction leave the roll-ups'
        # old row versions behind (sends made one by one are pruned as they go).
        if name == "postgresql":
            db.session.remove()
            with db.engine.connect() as raw:
                raw.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        params = {"a": "2026-09-01", "b": "2026-10-01"}
        if name == "postgresql":
            params = {"a": "2026-09-01T00:00:00+00:00", "b": "2026-10-01T00:00:00+00:00"}

        def bare():
            for query in BARE:
                db.session.execute(text(query), params).all()
            # The 12-month trend's bare equivalent: one count per month.
            db.session.execute(
                text(
                    "SELECT count(*) FROM interactions WHERE created_at >= :a AND created_at < :b"
                ),
                params,
            ).all()

        def report():
            monthly_report(MONTH, None)
            db.session.rollback()

        counted = monthly_report(MONTH, None)["now"]
        sends_counted = sum(n for ev, n in counted.by_evidence.items() if ev != "logged")
        sends_held = db.session.execute(
            text("SELECT count(*) FROM interactions WHERE local_month = :m"),
            {"m": MONTH.isoformat() if name == "sqlite" else MONTH},
        ).scalar()
        db.session.rollback()

        bare_ms = timed(bare)
        report_ms = timed(report)
        explain = "EXPLAIN QUERY PLAN " if name == "sqlite" else "EXPLAIN "
        plan = db.session.execute(text(explain + BARE[0]), params).all()
        # The report's largest read: one month of the per-official roll-up, by its key.
        rollup_plan = db.session.execute(
            text(
                explain + "SELECT official_id, sum(n) FROM report_official_counts "
                "WHERE month = :m GROUP BY official_id"
            ),
            {"m": MONTH.isoformat() if name == "sqlite" else MONTH},
        ).all()
        db.session.remove()
        db.engine.dispose()
    return {
        "backend": name,
        "seeded": seeded,
        "bare_ms": bare_ms,
        "report_ms": report_ms,
        "plan": [" ".join(str(c) for c in row) for row in plan],
        "rollup_plan": [" ".join(str(c) for c in row) for row in rollup_plan],
        "differed": differed,
        "rebuild_s": rebuild_s,
        "sends_counted": sends_counted,
        "sends_held": sends_held,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--smoke", action="store_true", help="2,000 sends, one state")
    args = parser.parse_args()
    if args.smoke:
        args.n = 2000
    results = []
    with tempfile.TemporaryDirectory(prefix="advocacy-report-") as tmp:
        workdir = Path(tmp)
        if args.backend in ("sqlite", "both"):
            results.append(
                run("sqlite", f"sqlite:///{workdir / 'r.db'}", args.n, workdir, args.smoke)
            )
        if args.backend in ("postgresql", "both") and find_pg_bin():
            cluster = PostgresCluster(find_pg_bin())
            cluster.start()
            try:
                cluster.create_database("report")
                results.append(
                    run("postgresql", cluster.url("report"), args.n, workdir, args.smoke)
                )
            finally:
                cluster.stop()
    invariants = Invariants()
    for r in results:
        ratio = r["report_ms"] / r["bare_ms"] if r["bare_ms"] else 0
        print(
            f"{r['backend']}: {r['seeded']['interactions']:,} interactions "
            f"(seeded in {r['seeded']['seconds']:.0f} s)"
        )
        print(f"  full monthly report  {r['report_ms']:8.1f} ms  (target < 500 ms)")
        print(
            f"  bare SQL GROUP BYs   {r['bare_ms']:8.1f} ms  -> report/bare = {ratio:.2f} "
            "(target <= 2)"
        )
        print(
            f"  roll-ups vs a full recount: {r['differed']} differences "
            f"(recount took {r['rebuild_s']:.1f} s)"
        )
        print("  plan of the bare month's scan: " + " | ".join(r["plan"][:3]))
        print("  plan of the report's per-official read: " + " | ".join(r["rollup_plan"][:3]))
        invariants.check(f"{r['backend']}: roll-ups equal a full recount", r["differed"] == 0)
        invariants.check(
            f"{r['backend']}: the report counts the month's sends",
            r["sends_counted"] == r["sends_held"] > 0,
            f"{r['sends_counted']} counted, {r['sends_held']} in the month's rows",
        )
    return invariants.exit_code()


if __name__ == "__main__":
    sys.exit(main())
