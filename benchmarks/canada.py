"""Benchmark: Canada, on SQLite and PostgreSQL.

Per backend, on a fresh database loaded from the mirror with the test suite's fake
Represent on 127.0.0.1 (343 MPs, 124 MPPs, 125 MNAs; the other legislatures 404):

1. the full `flask data update` with Represent (wall time), and how many Canadians it seated;
2. a Canadian postal code to its officials through find_officials, in process: the first
   lookup (Represent over loopback, then the database), then cached lookups (the answer
   cache and the resolved-districts cache), p50 and p99;
3. the same with the resolved cache cleared each time (the database work of one answer).

Targets: cached p99 under 1 ms; uncached database work p99 under 20 ms. Invariants: every
member the fake publishes is seated, and the Toronto postal code finds its MP and MPP on
every lookup.

    python benchmarks/canada.py [--mirror ../shared/legislators] [--backend sqlite]
                                [--smoke]  (one state beside Canada, 200 lookups)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from advocacy import clock, create_app  # noqa: E402
from advocacy.directory.update import update_directory  # noqa: E402
from advocacy.extensions import db  # noqa: E402
from advocacy.lookup.service import find_officials  # noqa: E402
from advocacy.models import Seat  # noqa: E402
from benchmarks.common import MIRROR, SECRET, SMOKE_STATES, Invariants, fresh_database, percentile  # noqa: E402  # noqa: E402
from tests.net import serving  # noqa: E402
from tests.pg import find_pg_bin  # noqa: E402
from tests.represent import TORONTO_POSTCODE, FakeRepresent  # noqa: E402


def run(backend: str, url: str, mirror: Path, workdir: Path, n: int, smoke: bool) -> dict:
    """Load with Represent, then time postal-code lookups."""
    fake = FakeRepresent(mirror)
    with serving(fake) as represent:
        app = create_app(
            {
                "SECRET_KEY": SECRET,
                "SQLALCHEMY_DATABASE_URI": url,
                "LEGISLATOR_DATA_DIR": str(workdir / f"data-{backend}"),
                "LEGISLATOR_DATA_MIRROR": str(mirror),
                "REPRESENT_URL": represent,
                "GEOCODER": "offline",
                "DATA_STATES": SMOKE_STATES if smoke else None,
            }
        )
        with app.app_context():
            today = clock.today()
            upgrade()
            start = time.perf_counter()
            update_directory(app.config)
            load_s = time.perf_counter() - start
            canadians = db.session.scalar(
                select(func.count()).where(Seat.level.in_(("canada", "province")))
            )
        with app.test_request_context():
            start = time.perf_counter()
            first = find_officials({"postcode": TORONTO_POSTCODE}, today)
            first_ms = (time.perf_counter() - start) * 1000
            found = {len(first.lookup.officials)}
            cached = []
            for _ in range(n):
                start = time.perf_counter()
                answer = find_officials({"postcode": TORONTO_POSTCODE}, today)
                cached.append((time.perf_counter() - start) * 1000)
                found.add(len(answer.lookup.officials))
            uncached = []
            for _ in range(max(n // 10, 50)):
                app.extensions.pop("resolved", None)
                start = time.perf_counter()
                find_officials({"postcode": TORONTO_POSTCODE}, today)
                uncached.append((time.perf_counter() - start) * 1000)
            db.session.remove()
        with app.app_context():
            db.engine.dispose()
    published = sum(
        len(members) for slug, members in fake.roster.items() if not slug.endswith("-council")
    )
    return {
        "backend": backend,
        "load_s": load_s,
        "canadians": canadians,
        "published": published,
        "officials_found": sorted(found),
        "first_ms": first_ms,
        "cached_p50_ms": percentile(cached, 50),
        "cached_p99_ms": percentile(cached, 99),
        "uncached_p50_ms": percentile(uncached, 50),
        "uncached_p99_ms": percentile(uncached, 99),
    }


def child(backend: str, mirror: Path, n: int, smoke: bool) -> None:
    """One backend's run, in this (child) process; prints its figures as JSON."""
    with tempfile.TemporaryDirectory(prefix="advocacy-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(backend, workdir) as url:
            result = run(backend, url, mirror, workdir, n, smoke)
    print(json.dumps(result))


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default=str(MIRROR))
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--lookups", type=int, default=5000)
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_true", help="one state, 200 lookups")
    args = parser.parse_args()
    if args.smoke:
        args.lookups = 200
    mirror = Path(args.mirror)
    if not mirror.is_dir():
        print(f"no mirror at {mirror}", file=sys.stderr)
        return 2
    if args.child:
        child(args.child, mirror, args.lookups, args.smoke)
        return 0
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and find_pg_bin() is None:
        print("PostgreSQL not installed: skipping it", file=sys.stderr)
        backends.remove("postgresql")
    invariants = Invariants()
    print(
        f"{'backend':<11} {'load':>7} {'seated':>7} {'first':>8} "
        f"{'cached p50/p99':>16} {'uncached p50/p99':>18}"
    )
    for backend in backends:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--mirror",
                str(mirror),
                "--lookups",
                str(args.lookups),
                "--child",
                backend,
                *(["--smoke"] if args.smoke else []),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['backend']:<11} {r['load_s']:>6.1f}s {r['canadians']:>7} "
            f"{r['first_ms']:>6.1f}ms "
            f"{r['cached_p50_ms']:>6.3f}/{r['cached_p99_ms']:.3f}ms "
            f"{r['uncached_p50_ms']:>7.2f}/{r['uncached_p99_ms']:.2f}ms"
        )
        invariants.check(
            f"{backend}: every published member seated",
            r["canadians"] == r["published"],
            f"{r['canadians']} of {r['published']}",
        )
        invariants.check(
            f"{backend}: each lookup finds the MP and the MPP", r["officials_found"] == [2]
        )
    return invariants.exit_code()


if __name__ == "__main__":
    sys.exit(main())
