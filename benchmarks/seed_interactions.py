"""Seed a database with N realistic interactions (default 1,000,000) for the report benchmark.

Real officials (the directory from the mirror), 12 chapters in six time zones, 6
campaigns, members who send to their 4-6 officials over several channels and evidence
levels across 12 months, and ~2% as many logged contacts (some deleted). Deterministic
(seeded random). Bulk-loaded: executemany on SQLite, COPY on PostgreSQL; the roll-up triggers fire
for every row, as they would for sends made one at a time.

    python benchmarks/seed_interactions.py --url sqlite:////tmp/bench.db [--n 1000000]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from advocacy import create_app  # noqa: E402
from advocacy.directory.update import update_directory  # noqa: E402
from advocacy.extensions import db  # noqa: E402
from advocacy.keys import member_key  # noqa: E402
from advocacy.models import Campaign, Chapter, Seat, User  # noqa: E402
from advocacy.months import default_zone, month_in_zone  # noqa: E402
from benchmarks.common import MIRROR, SECRET  # noqa: E402

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Vancouver",
]
CHANNELS = [
    ("email", 30),
    ("print", 10),
    ("contact_form", 25),
    ("tweet", 20),
    ("smtp_email", 10),
    ("bluesky", 5),
]
EVIDENCE = {
    "email": ["intent", "reported"],
    "print": ["intent", "reported"],
    "contact_form": ["intent", "reported"],
    "tweet": ["intent"],
    "smtp_email": ["sent", "intent"],
    "bluesky": ["intent"],
}
COLUMNS = (
    "idempotency_key",
    "campaign_id",
    "official_id",
    "official_name",
    "office",
    "district",
    "division_id",
    "channel",
    "evidence",
    "member_name",
    "member_email",
    "member_zip",
    "chapter",
    "chapter_id",
    "created_at",
    "updated_at",
    "local_month",
    "member_key",
)


def seed(app, n: int, end: date, mirror: str | None = None) -> dict:
    """Load the directory (if empty), chapters, campaigns and n interactions."""
    rng = random.Random(2026)
    with app.app_context():
        upgrade()
        if not db.session.scalar(text("SELECT count(*) FROM officials")):
            update_directory(app.config | ({"LEGISLATOR_DATA_MIRROR": mirror} if mirror else {}))
        chapters = []
        for i in range(12):
            chapter = Chapter(
                name=f"Chapter {i:02d}",
                country="CA" if i >= 10 else "US",
                regions="ON" if i >= 10 else "MA",
                timezone=ZONES[i % len(ZONES)],
            )
            chapters.append(chapter)
        db.session.add_all(chapters)
        campaigns = [
            Campaign(
                slug=f"bench-{i}",
                title=f"Campaign {i}",
                starts_on=end - timedelta(days=365),
                ends_on=end,
                targets="us_senate",
                subject="s",
                letter_statement="s",
                letter_body="b",
                tweet_template="t",
            )
            for i in range(6)
        ]
        db.session.add_all(campaigns)
        advocate = User(email="bench@example.org", role="lead", password_hash="x")
        db.session.add(advocate)
        db.session.commit()
        seats = db.session.execute(select(Seat.official_id, Seat.state, Seat.level)).all()
        by_state: dict[str, list[int]] = {}
        for official_id, state, _ in seats:
            by_state.setdefault(state, []).append(official_id)
        states = [s for s in by_state if s and len(by_state[s]) > 5]
        chapter_ids = [c.id for c in chapters]
        campaign_ids = [c.id for c in campaigns]
        start = datetime.combine(end - timedelta(days=365), datetime.min.time(), tzinfo=UTC)
        span = 365 * 86400
        channel_names = [c for c, _ in CHANNELS]
        weights = [w for _, w in CHANNELS]
        zones = {c.id: c.timezone for c in chapters} | {None: default_zone()}
        rows, seen, member, keys = [], set(), 0, {}
        while len(rows) < n:
            member += 1
            email = f"member{member}@example.org"
            keys[email] = member_key(app.config, email)
            state = rng.choice(states)
            officials = rng.sample(by_state[state], min(len(by_state[state]), rng.randint(4, 6)))
            chapter = rng.choice(chapter_ids) if rng.random() < 0.8 else None
            campaign = rng.choice(campaign_ids)
            when = start + timedelta(seconds=rng.randrange(span))
            for official in officials:
                for channel in rng.choices(channel_names, weights, k=rng.randint(1, 3)):
                    key = hashlib.sha256(
                        f"{email}|{campaign}|{official}|{channel}".encode()
                    ).hexdigest()
                    if key in seen:
                        continue
                    seen.add(key)
                    at = when + timedelta(seconds=rng.randrange(600))
                    rows.append(
                        (
                            key,
                            campaign,
                            official,
                            "Official",
                            "Office",
                            None,
                            None,
                            channel,
                            rng.choice(EVIDENCE[channel]),
                            f"Member {member}",
                            email,
                            "02130",
                            None,
                            chapter,
                            at,
                            at,
                            month_in_zone(at, zones[chapter]),
                            keys[email],
                        )
                    )
        rows = rows[:n]
        started = time.perf_counter()
        _bulk_insert(rows)
        _log_entries(
            rng, n // 50, chapter_ids, campaign_ids, [s[0] for s in seats], advocate.id, start, span
        )
        db.session.commit()
        return {"interactions": len(rows), "seconds": time.perf_counter() - started}


def _bulk_insert(rows: list[tuple]) -> None:
    connection = db.session.connection()
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY interactions ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in COLUMNS)
    raw.executemany(
        f"INSERT INTO interactions ({', '.join(COLUMNS)}) VALUES ({marks})",
        [
            (*r[:14], r[14].isoformat(sep=" "), r[15].isoformat(sep=" "), r[16].isoformat(), r[17])
            for r in rows
        ],
    )


def _log_entries(rng, count, chapters, campaigns, officials, user_id, start, span) -> None:
    entries, links = [], []
    for i in range(1, count + 1):
        day = (start + timedelta(seconds=rng.randrange(span))).date()
        deleted = datetime.now(UTC) if rng.random() < 0.03 else None
        follow = day + timedelta(days=30) if rng.random() < 0.3 else None
        entries.append(
            {
                "id": i,
                "chapter_id": rng.choice(chapters),
                "campaign_id": rng.choice(campaigns + [None]),
                "kind": rng.choice(["meeting", "call", "letter_mailed", "event"]),
                "occurred_on": day,
                "issue": "",
                "participants": "",
                "topics": "",
                "notes": "",
                "outcome": rng.choice(["supportive", "neutral", "opposed"]),
                "follow_up_on": follow,
                "follow_up_done": False,
                "created_by_id": user_id,
                "updated_by_id": user_id,
                "created_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
                "deleted_at": deleted,
                "version": 1,
            }
        )
        for official in rng.sample(officials, rng.randint(1, 2)):
            links.append(
                {
                    "entry_id": i,
                    "official_id": official,
                    "official_name": "x",
                    "office": "x",
                    "district": None,
                }
            )
    from advocacy.models import LogEntry, LogEntryOfficial

    db.session.execute(LogEntry.__table__.insert(), entries)
    db.session.execute(LogEntryOfficial.__table__.insert(), links)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="SQLAlchemy database URL")
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--mirror", default=str(MIRROR))
    parser.add_argument(
        "--data-dir", help="where the loaded raw files go (default: a temporary directory)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="advocacy-seed-") as scratch:
        # Never next to the database URL: a PostgreSQL URL is not a path.
        app = create_app(
            {
                "SECRET_KEY": SECRET,
                "SQLALCHEMY_DATABASE_URI": args.url,
                "LEGISLATOR_DATA_MIRROR": args.mirror,
                "LEGISLATOR_DATA_DIR": args.data_dir or scratch,
            }
        )
        result = seed(app, args.n, date(2026, 10, 31), args.mirror)
    print(f"seeded {result['interactions']:,} interactions in {result['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
