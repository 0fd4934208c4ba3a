"""Benchmark: a virtual march against the app under gunicorn on loopback.

Simulated members each do the whole flow (campaign page, address, message, send one
letter per official, report a call to the first official, send the Representative's
letter through the House's CWC and each senator's through the Senate's, thanks) with
their own address; every member also double-clicks one button. The Census geocoder and
CWC (House and Senate SOAPBox, with its active list) are local fakes on 127.0.0.1; after
the run the outbox delivers the CWC letters. Bounded in time and count.

Prints letters per minute sustained, p95 per step, and checks that interaction rows
equal the actions the app accepted (0 lost, 0 doubled), that no member was refused or
failed, and that every CWC letter accepted was delivered once. Target: 1,000
letters/minute on SQLite.

Every limit is as shipped. Members come in rooms (`--room`, 200 by default) that share
one client address, as a chapter breakfast on one Wi-Fi does: the app runs behind one
proxy (PROXY_COUNT=1, as deployed) and each room's members send its X-Forwarded-For. The
limits' counters live in a redis-server the run starts (memory:// without one).

    python benchmarks/march.py [--seconds 60] [--members 3000] [--clients 8] [--room 200]
                               [--database sqlite|postgresql] [--smoke]
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from advocacy import create_app  # noqa: E402
from advocacy.bills.load import update_bills  # noqa: E402
from advocacy.campaigns.defaults import BUILT_IN  # noqa: E402
from advocacy.campaigns.senate import refresh_offices  # noqa: E402
from advocacy.delivery.outbox import send_due  # noqa: E402
from advocacy.directory.update import update_directory  # noqa: E402
from advocacy.extensions import db  # noqa: E402
from advocacy.models import Bill, Campaign, Interaction, TalkingPoint  # noqa: E402
from benchmarks.common import (  # noqa: E402
    MIRROR,  # noqa: E402
    SMOKE_STATES,
    Invariants,
    parser,
    percentile,
    rate_limit_storage,
)
from benchmarks.lookup import FakeCensus  # noqa: E402
from tests.cwc import MASSACHUSETTS_SENATE, SENATE_KEY, FakeCwc  # noqa: E402
from tests.net import free_port  # noqa: E402
from tests.pg import PostgresCluster, find_pg_bin  # noqa: E402

TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def setup(env: dict[str, str], mirror: Path) -> None:
    """Schema, the directory from the mirror, and one open campaign."""
    os.environ.update(env)
    app = create_app()
    with app.app_context():
        upgrade()
        update_directory(app.config)
        print(refresh_offices(app.config))  # the Senate's offices taking CWC (the fake's)
        # The campaign is about S. 1261, as a march's would be: each letter asks its
        # official as the bill's sponsor, a member of its committee or one of the rest.
        app.config.update(BILLS_CONGRESS=["119s1261"], BILLS_NY_SESSION=None)
        loaded = update_bills(app.config)
        print(f"bills: {loaded.inserted} loaded")
        bill = db.session.scalars(select(Bill).where(Bill.identifier == "S. 1261")).one()
        campaign = Campaign(
            bill_id=bill.id,
            bill_stance="support",
            statement_sponsor="Thank you for cosponsoring {{ bill_number }}. Please press "
            "for a vote.\n\n{{ talking_points }}",
            statement_committee="Your committee holds {{ bill_number }}: please give it a "
            "hearing and a vote.\n\n{{ talking_points }}",
            slug="march",
            title="National Health IT Week",
            summary="Write to your officials.",
            starts_on=date.today() - timedelta(days=2),
            ends_on=date.today() + timedelta(days=2),
            targets="us_senate,us_house,state_upper,state_lower,state_legislature",
            **BUILT_IN,
        )
        campaign.talking_points = [TalkingPoint(position=0, title="Interop", body="Share data.")]
        db.session.add(campaign)
        db.session.commit()


def cwc_form(number: int) -> dict[str, str]:
    """What a member gives the CWC form."""
    return {
        "channel": "cwc",
        "evidence": "intent",
        "prefix": "Ms.",
        "first_name": "Member",
        "last_name": str(number),
        "street": f"{number} Centre St",
        "city": "Boston",
        "state": "MA",
        "zip": "02130",
    }


def member(
    base: str, number: int, room: int, timings: dict, counts: dict, lock: threading.Lock
) -> None:
    """One member's whole flow, from their room's client address."""
    s = requests.Session()
    where = (number - 1) // room
    s.headers["X-Forwarded-For"] = f"10.{where // 250 % 250}.{where % 250}.1"

    def step(name, method, path, **kw):
        start = time.perf_counter()
        response = s.request(method, base + path, allow_redirects=False, timeout=30, **kw)
        with lock:
            timings[name].append((time.perf_counter() - start) * 1000)
        return response

    page = step("1 campaign page", "GET", "/c/march").text
    r = step(
        "2 address + lookup",
        "POST",
        "/c/march",
        data={
            "csrf_token": TOKEN.search(page).group(1),
            "name": f"Member {number}",
            "email": f"member{number}@example.org",
            "chapter": "0",
            "address": f"{number} Centre St, Boston, MA 02130",
        },
    )
    if r.status_code != 303:
        with lock:
            counts["failed_members"] += 1
        return
    page = step("3 message page", "GET", "/c/march/write").text
    officials = re.findall(r'name="officials" type="checkbox" value="(\d+)"', page)
    step(
        "4 message",
        "POST",
        "/c/march/write",
        data={
            "csrf_token": TOKEN.search(page).group(1),
            "officials": officials,
            "points": ["1"],
            "body": "Health IT matters to my work.",
            "story": "It helped my family.",
        },
    )
    page = step("5 letters page", "GET", "/c/march/send").text
    token = TOKEN.search(page).group(1)
    listed = page.split('<nav class="checklist"', 1)[-1].split("</nav>", 1)[0]
    ids = re.findall(r"official=(\d+)#o", listed)
    # One official at a time: the Representative's own page holds the CWC form.
    rep = re.search(r'official=(\d+)#o\d+"[^>]*>U\.S\. Representative ', listed)
    house = None
    if rep:
        own = step("5 letters page", "GET", f"/c/march/send?official={rep.group(1)}").text
        house = re.search(
            r'name="official_id" value="(\d+)">\s*<input type="hidden" name="channel" '
            r'value="cwc">',
            own,
        )
    # Each senator on the Senate's active list: their own page holds the Senate's form.
    senate = []
    for senator in re.findall(r'official=(\d+)#o\d+"[^>]*>U\.S\. Senator ', listed):
        own = step("5 letters page", "GET", f"/c/march/send?official={senator}").text
        if re.search(
            rf'name="official_id" value="{senator}">\s*<input type="hidden" name="channel" '
            r'value="cwc">',
            own,
        ):
            senate.append(senator)
    for i, official in enumerate(ids):
        accepted = False
        for _ in range(2 if i == 0 else 1):  # the first button is double-clicked
            r = step(
                "6 send letter",
                "POST",
                "/c/march/act",
                data={
                    "csrf_token": token,
                    "official_id": official,
                    "channel": "print",
                    "evidence": "intent",
                },
            )
            accepted |= r.status_code == 303
            with lock:
                counts["refused sends"] += r.status_code != 303
        with lock:
            # A letter the app refused is no letter: only accepted ones are counted.
            counts["letters"] += accepted
    call = {"channel": "call", "evidence": "reported", "outcome": "reached"}
    r = step("7 report a call", "POST", "/c/march/act",
             data={"csrf_token": token, "official_id": ids[0], **call})  # fmt: skip
    with lock:
        counts["calls"] += r.status_code == 303
    if house:
        cwc = cwc_form(number)
        r = step("8 send through CWC", "POST", "/c/march/act",
                 data={"csrf_token": token, "official_id": house.group(1), **cwc})  # fmt: skip
        with lock:
            counts["cwc"] += r.status_code == 303
    for senator in senate:
        form = {"csrf_token": token, "official_id": senator, **cwc_form(number)}
        r = step("8 send: Senate CWC", "POST", "/c/march/act", data=form)
        with lock:
            counts["cwc"] += r.status_code == 303
            counts["senate cwc"] += r.status_code == 303
    step("9 thanks", "GET", "/c/march/thanks")
    with lock:
        counts["members"] += 1


def main() -> int:
    options = parser(__doc__)
    options.add_argument("--mirror", default=str(MIRROR))
    options.add_argument("--seconds", type=float, default=60.0)
    options.add_argument("--members", type=int, default=3000)
    options.add_argument("--clients", type=int, default=8)
    options.add_argument("--room", type=int, default=200, help="members per client address")
    args = options.parse_args()
    if args.smoke:
        args.members, args.clients = 24, 4
    cluster = None
    if args.database == "postgresql":
        cluster = PostgresCluster(find_pg_bin())
        cluster.start()
        cluster.create_database("march")
    try:
        return run(args, cluster)
    finally:
        if cluster is not None:
            cluster.stop()


def run(args, cluster) -> int:
    """The march on one database."""
    offices = {f"HMA{n:02d}" for n in range(1, 10)}
    with (
        tempfile.TemporaryDirectory(prefix="advocacy-march-") as tmp,
        FakeCwc(offices, senate=MASSACHUSETTS_SENATE) as cwc,
        rate_limit_storage(Path(tmp)) as (storage, storage_words),
    ):
        census = ThreadingHTTPServer(("127.0.0.1", 0), FakeCensus)
        threading.Thread(target=census.serve_forever, daemon=True).start()
        database = cluster.url("march") if cluster else f"sqlite:///{tmp}/march.db"
        env = {
            "FLASK_CWC_URL": cwc.url,
            "FLASK_CWC_API_KEY": cwc.key,
            "FLASK_CWC_DELIVERY_AGENT": "Health IT Advocacy",
            "FLASK_CWC_ACK_EMAIL": "ack@example.org",
            "FLASK_CWC_CONTACT_NAME": "Benchmark",
            "FLASK_CWC_CONTACT_EMAIL": "bench@example.org",
            "FLASK_CWC_CONTACT_PHONE": "202-555-0100",
            "FLASK_SENATE_CWC_URL": cwc.url,
            "FLASK_SENATE_CWC_API_KEY": SENATE_KEY,
            "FLASK_SQLALCHEMY_DATABASE_URI": database,
            "FLASK_LEGISLATOR_DATA_DIR": f"{tmp}/data",
            "FLASK_LEGISLATOR_DATA_MIRROR": args.mirror,
            "FLASK_REPRESENT_URL": "",  # never the live Represent
            "FLASK_GEOCODER": "census",
            "FLASK_CENSUS_GEOCODER_URL": f"http://127.0.0.1:{census.server_port}/geocoder",
            "FLASK_SECRET_KEY": "benchmark",
            # Behind one proxy, as deployed: each room's address comes in X-Forwarded-For.
            "FLASK_PROXY_COUNT": "1",
            "FLASK_RATELIMIT_STORAGE_URI": storage,
        }
        if args.smoke:
            env["FLASK_DATA_STATES"] = json.dumps(SMOKE_STATES)
        print(
            f"settings: every limit as shipped; rooms of {args.room} members per client "
            f"address; counters in {storage_words}"
        )
        setup(env, Path(args.mirror))
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "2",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "advocacy:create_app()",
            ],
            env={**os.environ, **env},
            cwd=REPO,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    requests.get(base + "/c/march", timeout=2)
                    break
                except (requests.ConnectionError, requests.Timeout):  # workers still booting
                    time.sleep(0.2)
            timings: dict[str, list[float]] = defaultdict(list)
            counts: dict[str, int] = defaultdict(int)
            lock = threading.Lock()
            numbers = iter(range(1, args.members + 1))
            stop = time.monotonic() + args.seconds

            def client():
                while time.monotonic() < stop:
                    with lock:
                        number = next(numbers, None)
                    if number is None:
                        return
                    try:
                        member(base, number, args.room, timings, counts, lock)
                    except requests.RequestException:
                        with lock:
                            counts["errors"] += 1

            began = time.monotonic()
            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - began
        finally:
            server.terminate()
            server.wait(timeout=15)
            census.shutdown()
        app = create_app()
        with app.app_context():
            started = time.monotonic()
            delivered = 0
            while True:  # the outbox delivers the CWC letters
                sent = send_due(app.config, limit=500)
                delivered += sent["sent"]
                if not any(sent.values()):
                    break
            outbox_seconds = time.monotonic() - started
            cwc_sent = db.session.scalar(
                select(func.count())
                .select_from(Interaction)
                .where(Interaction.channel == "cwc", Interaction.evidence == "sent")
            )
            rows = db.session.scalar(select(func.count()).select_from(Interaction))
            doubled = db.session.scalar(
                select(func.count()).select_from(
                    select(Interaction.idempotency_key)
                    .group_by(Interaction.idempotency_key)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
    per_minute = (counts["letters"] + counts["cwc"]) / elapsed * 60
    name = "PostgreSQL" if cluster else "SQLite"
    print(
        f"{counts['members']} members, {counts['letters']} printed letters, {counts['cwc']} "
        f"CWC letters ({counts['senate cwc']} to the Senate) and {counts['calls']} calls in "
        f"{elapsed:.1f} s "
        f"({args.clients} simulated clients, gunicorn 2 workers x 4 threads, {name})"
    )
    print(
        f"outbox: {delivered} CWC letters delivered to the fake CWC in {outbox_seconds:.1f} s; "
        f"{cwc_sent} with evidence 'sent', {len(cwc.delivered)} received by CWC"
    )
    print(f"letters per minute sustained: {per_minute:,.0f} (target >= 1,000)")
    print(f"{'step':<22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for name in sorted(timings):
        values = timings[name]
        print(
            f"{name:<22} {len(values):>6} {percentile(values, 50):>8.1f} "
            f"{percentile(values, 95):>8.1f}"
        )
    actions = counts["letters"] + counts["calls"] + counts["cwc"]
    lost = actions - rows
    print(
        f"interaction rows {rows}, actions accepted {actions}: lost {max(lost, 0)}, "
        f"doubled {max(-lost, 0) + doubled} (double clicks made: {counts['members']}); "
        f"failed members {counts['failed_members']}, refused sends {counts['refused sends']}, "
        f"errors {counts['errors']}"
    )
    print(
        json.dumps(
            {
                "letters_per_minute": round(per_minute),
                "lost": max(lost, 0),
                "doubled": max(-lost, 0) + doubled,
            }
        )
    )
    invariants = Invariants()
    invariants.check("0 lost", lost <= 0, f"{max(lost, 0)}")
    invariants.check("0 doubled", lost >= 0 and doubled == 0, f"{max(-lost, 0) + doubled}")
    invariants.check("every member finished", counts["members"] == args.members or not args.smoke)
    invariants.check(
        "no member refused or failed",
        not counts["failed_members"] and not counts["refused sends"] and not counts["errors"],
    )
    invariants.check(
        "every CWC letter accepted was delivered once",
        cwc_sent == counts["cwc"] == len(cwc.delivered) and counts["cwc"] > 0,
        f"{counts['cwc']} accepted, {cwc_sent} sent, {len(cwc.delivered)} received",
    )
    to_senate = sum(b"<MemberOffice>S" in xml for xml in cwc.delivered)
    invariants.check(
        "the Senate's CWC got each Senate letter once",
        to_senate == counts["senate cwc"] > 0,
        f"{counts['senate cwc']} accepted, {to_senate} received",
    )
    # Warren cosponsors S. 1261 (SMA01) and Markey does not: each gets their own ask.
    thanked = [b"Thank you for cosponsoring S. 1261" in xml for xml in cwc.delivered]
    to_warren = [b"<MemberOffice>SMA01<" in xml for xml in cwc.delivered]
    invariants.check(
        "each Senate letter asks its senator's group",
        thanked == to_warren and any(to_warren),
        f"{sum(thanked)} thank-yous, {sum(to_warren)} letters to the cosponsor",
    )
    return invariants.exit_code()


if __name__ == "__main__":
    sys.exit(main())
