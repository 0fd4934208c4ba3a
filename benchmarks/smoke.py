"""Every benchmark in its smoke mode (small data, its invariants checked, no timing judged),
on both databases, two at a time. Exits 1 when any benchmark's invariants break (or it
crashes), with its output; CI runs this after the tests (`make test`).

    python benchmarks/smoke.py [--only march]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from tests.scratch import scratch_folder  # noqa: E402

# (benchmark, its arguments): each runs as `python benchmarks/NAME.py --smoke ARGS`.
SMOKES = (
    ("load_directory", ()),  # both databases, each in a child process
    ("lookup", ()),
    ("march", ("--database", "sqlite")),
    ("march", ("--database", "postgresql")),
    ("report", ()),  # both databases
    ("bills", ("--database", "sqlite")),
    ("bills", ("--database", "postgresql")),
    ("outbox", ("--database", "sqlite")),
    ("outbox", ("--database", "postgresql")),
    ("canada", ()),  # both databases
    ("rules", ("--database", "sqlite")),
    ("rules", ("--database", "postgresql")),
)
# What sits beside the benchmarks without being one.
HELPERS = {"common", "smoke", "bench_app", "seed_interactions"}


def _run(name: str, args: tuple[str, ...]) -> tuple[str, int, float, str]:
    started = time.monotonic()
    # A smoke run judges no time: its databases and clusters may live in memory (as the
    # tests' do) where the machine has room. A benchmark run for figures keeps to the disk.
    scratch = scratch_folder()
    env = {**os.environ, "TMPDIR": str(scratch)} if scratch else None
    done = subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), "--smoke", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )
    title = " ".join((name, *args))
    return title, done.returncode, time.monotonic() - started, done.stdout + done.stderr


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--only", help="one benchmark's smoke runs")
    options.add_argument("--parallel", type=int, default=2)
    args = options.parse_args()
    chosen = [s for s in SMOKES if args.only in (None, s[0])]
    started = time.monotonic()
    failed = []
    with ThreadPoolExecutor(args.parallel) as pool:
        for title, code, seconds, output in pool.map(lambda s: _run(*s), chosen):
            verdict = "ok" if code == 0 else f"FAILED (exit {code})"
            print(f"{title}: {verdict} in {seconds:.0f} s")
            checks = [line for line in output.splitlines() if line.startswith("  ok ")]
            print("\n".join(checks))
            if code != 0:
                failed.append(title)
                print(output[-6000:])
    print(f"{len(chosen)} smoke runs in {time.monotonic() - started:.0f} s; failed: {failed or 0}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
