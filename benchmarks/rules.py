"""Benchmark: agency rules and comments, against fakes of the Federal Register and
regulations.gov on 127.0.0.1.

1. `flask rules update` of N Federal Register documents (the fake's pages of 100; the run
   sets RULES_MAX_PAGES to fit them), then the unchanged re-run;
2. M members write a comment on one rule through the comment page (one in ten with a PDF);
3. the outbox files every comment through the fake regulations.gov at its rate limit. The
   service allows 50 comments a minute and 500 an hour; the fake keeps those counts on a
   clock sixty times faster (50 a second, 500 a minute), so that 1,000 comments meet both
   limits in about two minutes instead of two hours. Every 429 is waited out as it says.

Invariants: every document loaded; every member's comment kept once (0 lost, 0 doubled)
and filed once (the fake's count, distinct tracking numbers, each comment's own number).

    python benchmarks/rules.py [--documents 5000] [--comments 1000]
                               [--database sqlite|postgresql]
                               [--smoke]  (700 documents, 80 comments)
"""

from __future__ import annotations

import io
import logging
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from advocacy import clock, create_app  # noqa: E402
from advocacy.delivery.outbox import send_due  # noqa: E402
from advocacy.extensions import db  # noqa: E402
from advocacy.models import Campaign, Comment, OutboxMessage, Rule  # noqa: E402
from advocacy.rules.load import update_rules  # noqa: E402
from benchmarks.common import Invariants, fresh_database, parser  # noqa: E402
from tests.factories import base_config, make_campaign  # noqa: E402
from tests.federal_register import AGENCIES, FakeFederalRegister, document  # noqa: E402
from tests.net import serving  # noqa: E402
from tests.regulations_gov import KEY, FakeRegulationsGov  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SLUGS = [a["slug"] for a in AGENCIES if a["slug"] != "agriculture-department"]


def _documents(n: int, today) -> list[dict]:
    return [
        document(
            f"2026-{30000 + i:05d}",
            f"Health information technology rule number {i}",
            agency=SLUGS[i % len(SLUGS)],
            kind=("PRORULE", "NOTICE", "RULE")[i % 3],
            published=today - timedelta(days=i % 90),
            closes=today + timedelta(days=5 + i % 60),
            abstract="Proposes standards for the exchange of health information. " * 3,
        )
        for i in range(n)
    ]


def _load(app, documents: int) -> dict:
    app.config.update(RULES_AGENCIES=SLUGS, RULES_MAX_PAGES=documents // 100 + 5)
    with app.app_context():
        start = time.perf_counter()
        first = update_rules(app.config)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        again = update_rules(app.config)
        again_s = time.perf_counter() - start
        loaded = db.session.scalar(select(func.count()).select_from(Rule))
        db.session.remove()
    return {"first_s": first_s, "again_s": again_s, "loaded": loaded,
            "inserted": first.inserted, "unchanged_again": again.unchanged}  # fmt: skip


def _write(app, comments: int) -> tuple[str, float]:
    campaign_id = make_campaign(app, slug="bench-comments", title="Comment on the rule")
    with app.app_context():
        rule = db.session.scalars(select(Rule).order_by(Rule.document_number)).first()
        db.session.get(Campaign, campaign_id).rule_id = rule.id
        number = rule.document_number
        db.session.commit()
    client = app.test_client()
    start = time.perf_counter()
    for i in range(comments):
        data = {
            "name": f"Member {i}",
            "email": f"member{i}@example.org",
            "submitter": "INDIVIDUAL",
            "chapter": "0",
            "section-0": f"I am member {i}; at my clinic these standards would save hours.",
        }
        if i % 10 == 0:
            data["files"] = (io.BytesIO(PDF), f"survey-{i}.pdf")
        response = client.post("/c/bench-comments/comment", data=data,
                               content_type="multipart/form-data")  # fmt: skip
        assert response.status_code == 303, response.data[:500]
        if i % 50 == 0:  # a double click now and then files nothing more
            client.post("/c/bench-comments/comment", data={**data, "files": []},
                        content_type="multipart/form-data")  # fmt: skip
    return number, time.perf_counter() - start


def _file(app, fake) -> dict:
    start = time.perf_counter()
    passes = 0
    with app.app_context():
        while True:
            passes += 1
            send_due(app.config, now=clock.now(), limit=200)
            left = db.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(("pending", "sending")))
            )
            db.session.remove()
            if not left or time.perf_counter() - start > 900:
                break
            time.sleep(0.2)
    return {"file_s": time.perf_counter() - start, "passes": passes, "limited": fake.limited}


def run(url: str, documents: int, comments: int, tmp: Path) -> int:
    invariants = Invariants()
    app = create_app(base_config(url, tmp / "data") | {"UPLOAD_DIR": str(tmp / "uploads"),
                                                       "WTF_CSRF_ENABLED": False})  # fmt: skip
    with app.app_context():
        upgrade()
        today = clock.today("America/New_York")
    register = FakeFederalRegister(documents=_documents(documents, today))
    regs = FakeRegulationsGov(window=1.0, hour=60.0, retry_after=1)
    with serving(register) as fr_url, serving(regs) as regs_url:
        register.base, regs.base = fr_url, regs_url
        app.config.update(FEDERAL_REGISTER_URL=fr_url, REGULATIONS_GOV_API_KEY=KEY,
                          REGULATIONS_GOV_URL=f"{regs_url}/v4")  # fmt: skip
        load = _load(app, documents)
        number, write_s = _write(app, comments)
        with app.app_context():
            regs.documents[number] = db.session.scalar(
                select(Rule.regulations_document_id).where(Rule.document_number == number)
            )
            db.session.remove()
        filing = _file(app, regs)
    with app.app_context():
        kept = db.session.scalars(select(Comment)).all()
        tracking = {c.tracking_number for c in kept if c.evidence == "sent"}
        with_files = sum(1 for c in kept if c.files)
        db.session.remove()
    taken = [c["trackingNumber"] for c in regs.comments]
    print(
        f"load {documents} documents: {load['first_s']:.1f} s "
        f"({documents / load['first_s']:.0f}/s); unchanged re-run {load['again_s']:.1f} s"
    )
    print(
        f"write {comments} comments through the page: {write_s:.1f} s ({comments / write_s:.0f}/s)"
    )
    print(f"file them at the fake's limit (50/s, 500/min): {filing['file_s']:.1f} s, "
          f"{filing['passes']} passes, {filing['limited']} answers 429")  # fmt: skip
    invariants.check("every document loaded", load["loaded"] == documents, str(load["loaded"]))
    invariants.check("the re-run changed nothing", load["unchanged_again"] == documents)
    invariants.check("0 lost: one comment per member", len(kept) == comments, str(len(kept)))
    invariants.check("files kept", with_files == -(-comments // 10), str(with_files))
    invariants.check("0 doubled at regulations.gov", len(taken) == len(set(taken)) == comments,
                     f"{len(taken)} taken")  # fmt: skip
    invariants.check("each comment has its own tracking number", tracking == set(taken))
    return invariants.exit_code()


def main() -> int:
    """Run the benchmark and print its figures."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per fake request
    options = parser(__doc__)
    options.add_argument("--documents", type=int, default=5000)
    options.add_argument("--comments", type=int, default=1000)
    args = options.parse_args()
    if args.smoke:
        args.documents, args.comments = 700, 80  # 700: an agency's documents fill 2 pages
    with tempfile.TemporaryDirectory(prefix="advocacy-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(args.database, workdir) as url:
            print(f"{args.database}:")
            return run(url, args.documents, args.comments, workdir)


if __name__ == "__main__":
    sys.exit(main())
