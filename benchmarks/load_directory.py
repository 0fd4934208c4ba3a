"""Benchmark: a full `flask data update` from the mirror, on SQLite and PostgreSQL.

Prints, per backend: the first load into an empty database (wall time), a second run with
unchanged sources, and the peak memory (max RSS) of a process that did only that. Each
backend runs in a fresh child process so their memory figures don't mix.
Target: a full load under 30 s. Invariants: the first run loads every member of Congress
(and of the loaded states), the second changes nothing.

    python benchmarks/load_directory.py [--mirror ../shared/legislators] [--backend sqlite]
                                        [--smoke]  (Congress and one state)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from advocacy import create_app  # noqa: E402
from advocacy.directory.update import update_directory  # noqa: E402
from advocacy.extensions import db  # noqa: E402
from advocacy.models import Seat  # noqa: E402
from benchmarks.common import MIRROR, SECRET, SMOKE_STATES, Invariants, fresh_database  # noqa: E402  # noqa: E402
from tests.pg import find_pg_bin  # noqa: E402


def run(backend: str, url: str, mirror: Path, workdir: Path, smoke: bool = False) -> dict:
    """Time the first and the unchanged second load into a fresh database."""
    app = create_app(
        {
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "LEGISLATOR_DATA_DIR": str(workdir / f"data-{backend}"),
            "LEGISLATOR_DATA_MIRROR": str(mirror),
            "REPRESENT_URL": None,  # Canada has its own benchmark (canada.py)
            "DATA_STATES": SMOKE_STATES if smoke else None,
        }
    )
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        first = update_directory(app.config)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        second = update_directory(app.config)
        second_s = time.perf_counter() - start
        seats = db.session.scalar(select(func.count()).select_from(Seat))
        congress = db.session.scalar(
            select(func.count())
            .select_from(Seat)
            .where(Seat.level == "federal", Seat.chamber.in_(("upper", "lower")))
        )
        db.session.remove()
        db.engine.dispose()
    folder = mirror / "unitedstates.github.io/congress-legislators"
    members = json.loads((folder / "legislators-current.json").read_text())
    return {
        "backend": backend,
        "first_s": first_s,
        "first": first.status,
        "second_s": second_s,
        "second": second.status,
        "second_changes": second.changes.total,
        "congress": congress,
        "congress_in_files": len(members),
        "seats": seats,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(backend: str, mirror: Path, smoke: bool) -> None:
    """One backend's run, in this (child) process; prints its figures as JSON."""
    with tempfile.TemporaryDirectory(prefix="advocacy-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(backend, workdir) as url:
            result = run(backend, url, mirror, workdir, smoke)
    print(json.dumps(result))


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", default=str(MIRROR))
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--smoke", action="store_true", help="Congress and one state only")
    args = parser.parse_args()
    mirror = Path(args.mirror)
    if not mirror.is_dir():
        print(f"no mirror at {mirror}", file=sys.stderr)
        return 2
    if args.child:
        child(args.child, mirror, args.smoke)
        return 0
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and find_pg_bin() is None:
        print("PostgreSQL not installed: skipping it", file=sys.stderr)
        backends.remove("postgresql")
    results = []
    for backend in backends:
        out = subprocess.run(
            [sys.executable, __file__, "--mirror", str(mirror), "--child", backend]
            + (["--smoke"] if args.smoke else []),
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'backend':<11} {'full load':>10} {'unchanged':>10} {'seats':>6} {'peak RSS':>9}")
    for r in results:
        print(
            f"{r['backend']:<11} {r['first_s']:>9.2f}s {r['second_s']:>9.2f}s "
            f"{r['seats']:>6} {r['peak_rss_mb']:>7.0f}MB"
        )
    print("target: full load under 30 s; second run 'unchanged'")
    invariants = Invariants()
    for r in results:
        invariants.check(f"{r['backend']}: first run loads", r["first"] == "loaded")
        invariants.check(
            f"{r['backend']}: every member of Congress seated",
            r["congress"] == r["congress_in_files"],
            f"{r['congress']} of {r['congress_in_files']}",
        )
        invariants.check(
            f"{r['backend']}: the second run changes nothing",
            r["second"] == "unchanged" and r["second_changes"] == 0,
        )
    return invariants.exit_code()


if __name__ == "__main__":
    sys.exit(main())
