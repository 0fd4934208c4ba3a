"""The monthly roll-ups the triggers keep always equal a recount of `interactions`."""

from __future__ import annotations

import random
import threading
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select, update

from advocacy.extensions import begin_write, db
from advocacy.interactions.sends import SendRow, record
from advocacy.keys import member_key
from advocacy.models import (
    Chapter,
    Division,
    Interaction,
    ReportCount,
    ReportMember,
    ReportMemberFirst,
)
from advocacy.months import month_in_zone
from advocacy.reports.rollup import ROLLUPS, rebuild, restamp
from tests.factories import make_campaign, make_official, make_send

CHANNELS = ["email", "print", "tweet", "smtp_email"]
EVIDENCE = ["intent", "reported", "sent"]


@pytest.fixture
def world(app):
    with app.app_context():
        chapters = [
            Chapter(name="East", country="US", regions="MA", timezone="America/New_York"),
            Chapter(name="West", country="US", regions="CA", timezone="America/Los_Angeles"),
        ]
        ma = "ocd-division/country:us/state:ma"
        db.session.add(Division(ocd_id=ma, name="MA", kind="state", state="ma"))
        officials = [
            make_official(str(i), f"Person {i}", level="state", chamber="lower", division=ma)
            for i in range(1, 6)
        ]
        db.session.add_all([*chapters, *officials])
        db.session.commit()
        return {
            "chapters": [c.id for c in chapters] + [None],
            "officials": [o.id for o in officials],
            "campaign": make_campaign(app),
        }


def _send(world, rng, member: int) -> dict:
    official = rng.choice(world["officials"])
    return {
        "campaign_id": world["campaign"],
        "official_id": official,
        "official_name": "x",
        "office": "x",
        "district": None,
        "division_id": None,
        "channel": rng.choice(CHANNELS),
        "evidence": rng.choice(EVIDENCE),
        "member_name": "M",
        "member_email": f"m{member}@example.org",
        "member_zip": None,
        "chapter": None,
        "chapter_id": rng.choice(world["chapters"]),
    }


def _orm_send(world, member: str, when: datetime, chapter: int | None, channel="email"):
    """A send written through the ORM (not record()), as another code path would."""
    official = world["officials"][0]
    return make_send(
        world["campaign"], official, member, when, channel=channel, chapter_id=chapter, name="M"
    )


def _recount() -> dict:
    """The roll-ups worked out here, in Python, from the rows themselves: for each roll-up
    of the one specification, a count of sends (or the earliest month) per key."""
    rows = list(db.session.scalars(select(Interaction)))
    expected = {}
    for rollup in ROLLUPS:
        kept: dict = Counter() if rollup.value == "n" else {}
        for i in rows:
            key = tuple(
                (getattr(i, name) or 0) if name == "chapter_id" else getattr(i, name)
                for name in rollup.sources
            )
            if rollup.value == "n":
                kept[key] += 1
            else:
                kept[key] = min(kept.get(key, i.local_month), i.local_month)
        expected[rollup.table.name] = kept
    return expected


def _kept() -> dict:
    """The roll-ups as the triggers left them (zero counts are no count)."""
    kept = {}
    for rollup in ROLLUPS:
        table = rollup.table
        found = db.session.execute(
            select(*[table.c[k] for k in rollup.keys], table.c[rollup.value])
        ).all()
        if rollup.value == "n":
            kept[table.name] = Counter({tuple(r[:-1]): r[-1] for r in found if r[-1]})
        else:
            kept[table.name] = {tuple(r[:-1]): r[-1] for r in found}
    return kept


def test_inserts_upgrades_repeats_and_deletes_keep_the_rollups_exact(app, world):
    rng = random.Random(7)
    with app.app_context():
        for step in range(300):
            begin_write()
            record(SendRow(**_send(world, rng, rng.randrange(40))))  # repeats upgrade or do nothing
            db.session.commit()
            if step % 50 == 49:  # the outbox marks some sent; an admin erases a member
                db.session.execute(
                    update(Interaction).where(Interaction.id % 7 == 0).values(evidence="sent")
                )
                db.session.execute(delete(Interaction).where(Interaction.id % 11 == 0))
                db.session.commit()
        # An ORM insert from another path gets its month stamped too.
        # 05:00 UTC on Oct 1 is Sept 30 in Los Angeles.
        late = datetime(2026, 10, 1, 5, tzinfo=UTC)
        db.session.add(_orm_send(world, "late@example.org", late, world["chapters"][1]))
        db.session.commit()
        assert db.session.scalar(
            select(Interaction.local_month).where(Interaction.member_email == "late@example.org")
        ) == date(2026, 9, 1)
        expected = _recount()
        assert sum(expected["report_counts"].values()) > 100
        assert _kept() == expected
        assert rebuild(db.session.connection()) == 0


def test_a_send_counts_in_its_chapters_month():
    moment = datetime(2026, 10, 1, 3, 30, tzinfo=UTC)
    assert month_in_zone(moment, "America/New_York") == date(2026, 9, 1)
    assert month_in_zone(moment, "Europe/London") == date(2026, 10, 1)
    assert month_in_zone(moment.replace(tzinfo=None), "UTC") == date(2026, 10, 1)
    # Newfoundland is 2.5 hours behind UTC in October.
    assert month_in_zone(datetime(2026, 10, 1, 2, 29, tzinfo=UTC), "America/St_Johns") == date(
        2026, 9, 1
    )


def test_concurrent_sends_lose_and_double_nothing(app, world):
    """Eight writers at once on the same few roll-up rows: every send counted once."""
    errors = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        try:
            with app.app_context():
                for _ in range(40):
                    begin_write()
                    record(SendRow(**_send(world, rng, rng.randrange(30))))
                    db.session.commit()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with app.app_context():
        total = db.session.scalar(select(db.func.count()).select_from(Interaction))
        assert sum(_kept()["report_counts"].values()) == total > 0
        assert _kept() == _recount()


def test_rebuild_mends_a_damaged_rollup_and_restamp_follows_the_default_zone(app, world):
    with app.app_context():
        begin_write()
        rng = random.Random(3)
        for member in range(20):
            record(SendRow(**_send(world, rng, member)))
        db.session.commit()
        db.session.execute(update(ReportCount).values(n=ReportCount.n + 5))
        db.session.commit()
        assert rebuild(db.session.connection()) > 0
        db.session.commit()
        assert _kept() == _recount()
        # A chapterless send at 05:00 UTC on Oct 1 is October in New York, September in
        # Los Angeles; changing REPORT_TIMEZONE and restamping moves it, triggers move counts.
        # (Edges must be compared in UTC: LA's midnight is 07:00 UTC, not 00:00.)
        edge = _orm_send(world, "edge@example.org", datetime(2026, 10, 1, 5, tzinfo=UTC), None)
        key = edge.idempotency_key
        db.session.add(edge)
        db.session.commit()
        assert db.session.scalar(
            select(Interaction.local_month).where(Interaction.idempotency_key == key)
        ) == date(2026, 10, 1)
        assert restamp(db.session.connection(), "America/Los_Angeles") >= 1
        db.session.commit()
        assert db.session.scalar(
            select(Interaction.local_month).where(Interaction.idempotency_key == key)
        ) == date(2026, 9, 1)
        assert _kept() == _recount()


def test_cli_rebuild_reports_what_it_mended(app, world):
    with app.app_context():
        begin_write()
        record(SendRow(**_send(world, random.Random(1), 1)))
        db.session.commit()
        db.session.execute(delete(ReportMember))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["reports", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "0 sends moved month; 1 roll-up counts differed" in result.output
    again = app.test_cli_runner().invoke(args=["reports", "rebuild"])
    assert "0 roll-up counts differed" in again.output
    with app.app_context():
        assert _kept() == _recount()


def test_a_members_first_month_follows_deletes_and_moves(app, world):
    def send(channel, when):
        return _orm_send(world, "first@example.org", when, world["chapters"][0], channel)

    def first():
        return db.session.scalar(
            select(ReportMemberFirst.first_month).where(
                ReportMemberFirst.member_key == member_key(app.config, "first@example.org")
            )
        )

    with app.app_context():
        db.session.add(send("print", datetime(2026, 9, 10, tzinfo=UTC)))
        db.session.commit()
        assert first() == date(2026, 9, 1)
        db.session.add(send("email", datetime(2026, 8, 10, tzinfo=UTC)))
        db.session.commit()
        assert first() == date(2026, 8, 1)
        db.session.execute(delete(Interaction).where(Interaction.channel == "email"))
        db.session.commit()
        assert first() == date(2026, 9, 1)
        # The September send moves to October (as a restamp would): the first month follows.
        db.session.execute(update(Interaction).values(local_month=date(2026, 10, 1)))
        db.session.commit()
        assert first() == date(2026, 10, 1)
        db.session.execute(delete(Interaction))
        db.session.commit()
        assert first() is None
        assert _kept() == _recount()
