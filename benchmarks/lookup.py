"""Benchmark: find-my-officials, measured side by side in one run.

1. Point -> divisions in process (boundaries STRtree + GEOID -> OCD rules): p50, p99.
   Target: p99 under 1 ms (congressional and state legislative districts).
2. Over HTTP on loopback, the app under gunicorn (2 sync workers, SQLite): a cached
   street address to the full JSON answer, against a bare Flask JSON endpoint on the same
   server as the ceiling. Target: the cached API at least a third of the bare requests/s.

The Census geocoder is a local fake on 127.0.0.1 that answers once to prime the cache.
Invariants: no request fails, and the answer is the member's officials (two senators,
a representative, state legislators).

    python benchmarks/lookup.py [--mirror ../shared/legislators] [--seconds 5]
                                [--smoke]  (Massachusetts only, a fraction of a second each)
"""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask_migrate import upgrade  # noqa: E402

from advocacy import create_app  # noqa: E402
from advocacy.directory.divisions import to_ocd  # noqa: E402
from advocacy.directory.sources import offline_tables  # noqa: E402
from advocacy.directory.update import update_directory  # noqa: E402
from advocacy.geocoding.offline import offline_index  # noqa: E402
from advocacy.geocoding.types import NoMatch  # noqa: E402
from benchmarks.common import (  # noqa: E402
    MIRROR,  # noqa: E402
    SMOKE_STATES,
    Invariants,
    parser,
    percentile,
)
from tests.census_answers import address_answer, geographies, match  # noqa: E402
from tests.net import free_port  # noqa: E402

ADDRESS = "1 Centre St, Boston, MA 02130"


class FakeCensus(BaseHTTPRequestHandler):
    """Answers every address with a Massachusetts match (the cache makes this rare)."""

    body = json.dumps(
        address_answer(
            match(
                "1 CENTRE ST, BOSTON, MA, 02130",
                42.31,
                -71.11,
                "02130",
                geographies("25", cd="2507", sldu="25D18", sldl="25127"),
            )
        )
    ).encode()

    def do_GET(self):  # noqa: N802  (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def bench_points(app, mirror: Path, n: int = 20_000) -> dict:
    """Point -> divisions latency over district-office coordinates (real places)."""
    offices = json.loads(
        (
            mirror / "unitedstates.github.io/congress-legislators/legislators-district-offices.json"
        ).read_text()
    )
    points = [
        (o["latitude"], o["longitude"])
        for entry in offices
        for o in entry["offices"]
        if o.get("latitude") is not None
    ]
    rng = random.Random(1)
    with app.app_context():
        start = time.perf_counter()
        index = offline_index(*offline_tables(app.config["LEGISLATOR_DATA_DIR"]))
        index.point(*points[0])  # the first: the index and its polygons are loaded
        first = (time.perf_counter() - start) * 1000
        timings = []
        for _ in range(n):
            lat, lng = rng.choice(points)
            start = time.perf_counter()
            try:
                for district in index.point(lat, lng).districts:
                    to_ocd(district)
            except NoMatch:  # a few offices sit just off the coarse coastline
                pass
            timings.append((time.perf_counter() - start) * 1000)
    return {
        "n": n,
        "first_ms": first,
        "p50_ms": percentile(timings, 50),
        "p99_ms": percentile(timings, 99),
    }


def load(port: int, path: str, seconds: float, threads: int) -> dict:
    """Requests/s and latency of GET path from `threads` keep-alive clients."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            if ok:
                mine.append((time.perf_counter() - start) * 1000)
            else:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    began = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - began
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50) if latencies else 0,
        "p99_ms": percentile(latencies, 99) if latencies else 0,
        "errors": errors[0],
    }


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/bench/bare")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def main() -> int:
    options = parser(__doc__, databases=("sqlite",))
    options.add_argument("--mirror", default=str(MIRROR))
    options.add_argument("--seconds", type=float, default=5.0)
    options.add_argument("--threads", type=int, default=4)
    args = options.parse_args()
    if args.smoke:
        args.seconds = 0.3
    mirror = Path(args.mirror)
    with tempfile.TemporaryDirectory(prefix="advocacy-bench-") as tmp:
        census = ThreadingHTTPServer(("127.0.0.1", 0), FakeCensus)
        threading.Thread(target=census.serve_forever, daemon=True).start()
        env = {
            "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
            "FLASK_LEGISLATOR_DATA_DIR": f"{tmp}/data",
            "FLASK_LEGISLATOR_DATA_MIRROR": str(mirror),
            "FLASK_GEOCODER": "census",
            "FLASK_CENSUS_GEOCODER_URL": f"http://127.0.0.1:{census.server_port}/geocoder",
            "FLASK_DATA_STATUS_CACHE_SECONDS": "60",
            "FLASK_REPRESENT_URL": "",  # never the live Represent
            # Throughput, not the abuse limit (30 a minute per client) is measured here.
            "FLASK_API_RATE_LIMIT": "1000000 per minute",
        }
        if args.smoke:
            env["FLASK_DATA_STATES"] = json.dumps(SMOKE_STATES)
        os.environ.update(env)
        app = create_app()
        with app.app_context():
            upgrade()
            update_directory(app.config)
        points = bench_points(app, mirror, n=500 if args.smoke else 20_000)

        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--chdir",
                str(REPO / "benchmarks"),
                "--log-level",
                "warning",
                "bench_app:app",
            ],
            env={**os.environ, **env, "PYTHONPATH": str(REPO)},
        )
        try:
            wait_for(port)
            api = f"/api/v1/officials?address={quote(ADDRESS)}"
            load(port, api, 1.0, args.threads)  # prime both workers' caches and warm up
            load(port, "/bench/bare", 1.0, args.threads)
            bare = load(port, "/bench/bare", args.seconds, args.threads)
            cached = load(port, api, args.seconds, args.threads)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", api)
            answer = json.loads(conn.getresponse().read())
            conn.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
            census.shutdown()
    ratio = cached["rps"] / bare["rps"] if bare["rps"] else 0
    print(
        f"point -> divisions (n={points['n']}): p50 {points['p50_ms']:.3f} ms, "
        f"p99 {points['p99_ms']:.3f} ms (target p99 < 1 ms); the first, loading the index, "
        f"{points['first_ms']:.0f} ms"
    )
    print(f"{'endpoint':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in (("bare Flask JSON", bare), ("cached address -> API", cached)):
        print(
            f"{name:<26} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7}"
        )
    print(
        f"cached API / bare = {ratio:.2f} (target >= 0.33); gunicorn 2 workers, "
        f"{args.threads} client threads, {args.seconds:g} s each"
    )
    offices = [o["office"] for o in answer.get("officials", [])]
    invariants = Invariants()
    invariants.check("no request failed", not cached["errors"] and not bare["errors"])
    invariants.check("every request answered", cached["rps"] > 0 and bare["rps"] > 0)
    invariants.check(
        "the answer is the member's officials",
        offices.count("U.S. Senator") == 2
        and offices.count("U.S. Representative") == 1
        and answer.get("accuracy") == "address",
        ", ".join(offices),
    )
    return invariants.exit_code()


if __name__ == "__main__":
    sys.exit(main())
