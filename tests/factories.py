"""Builders every test may use: settings, worlds of chapters and people, officials,
campaigns, signed-in clients and the steps of the march. Fixtures live in the conftests;
what they build lives here (cookiecutter-flask keeps builders in tests/factories.py)."""

from __future__ import annotations

import io
import json
import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from advocacy import clock
from advocacy.extensions import db
from advocacy.interactions.logbook import create_entry
from advocacy.interactions.sends import idempotency_key
from advocacy.models import (
    Bill,
    Campaign,
    Chapter,
    Division,
    Interaction,
    Official,
    Seat,
    TalkingPoint,
    User,
)
from tests.census_answers import MA_ADDRESS
from tests.html import token

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("ADVOCACY_SHARED_DATA", REPO.parent / "shared" / "legislators"))
# CI services set CI to "true", "1" or "yes"; anything but empty, "0", "false" or "no" counts.
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
PASSWORD = "correct horse battery"
TEMPLATE_CACHE_VARIABLE = "ADVOCACY_TEST_TEMPLATE_CACHE"
MA = "ocd-division/country:us/state:ma"


def unavailable(message: str):
    """A test that cannot run here: a skip with the reason, a failure under CI (where
    everything it needs must be installed)."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


# --- the clock -----------------------------------------------------------------------------


class TestClock:
    """The app's clock in tests: it starts at a fixed moment and runs on with real time (rows
    written one after another keep their order), or stands still once frozen. Set on an
    app with `set_clock`; the app reads it through advocacy.clock."""

    __test__ = False  # not a test class

    def __init__(self, start: datetime, running: bool = True):
        self.set(start, running)

    def set(self, moment: datetime, running: bool | None = None) -> None:
        """Jump to `moment` (aware); it keeps running unless told otherwise."""
        self.start = moment
        self.running = self.running if running is None else running
        self.started = time.monotonic()

    def freeze(self) -> None:
        """Stand still at the present moment."""
        self.set(self(), running=False)

    def advance(self, **delta) -> None:
        """Move on by timedelta(**delta)."""
        self.set(self() + timedelta(**delta))

    def __call__(self) -> datetime:
        if not self.running:
            return self.start
        return self.start + timedelta(seconds=time.monotonic() - self.started)

    def today(self) -> date:
        """The clock's UTC date."""
        return self().date()


# Hermetic tests live on this calendar: written dates (a meeting on 2026-09-23, an event on
# 2026-10-05) keep their place relative to "now" whatever the real date is.
HERMETIC_START = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


def mirror_start(shared_data: Path) -> datetime:
    """Noon UTC on the day the public-data mirror was built (its PROVENANCE.json): tests on
    the real data see it as current as it was then, not as it ages."""
    built = json.loads((shared_data / "PROVENANCE.json").read_text())["built_on"]
    return datetime.combine(date.fromisoformat(built), datetime.min.time(), UTC).replace(hour=12)


def set_clock(app, moment: datetime, running: bool = True) -> TestClock:
    """Give an app a test clock at `moment`; returns it (to move or freeze)."""
    app_clock = TestClock(moment, running)
    app.extensions[clock.EXTENSION] = app_clock
    return app_clock


def app_today(app, zone: str | None = None) -> date:
    """Today on an app's clock (in `zone`)."""
    with app.app_context():
        return clock.today(zone)


# --- settings ----------------------------------------------------------------------------


def base_config(database_url: str, data_dir: Path) -> dict:
    """Test settings: no network retries to wait for, no cached status between requests,
    password hashes cheap to make (argon2's lowest costs; production's are the defaults)."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "LEGISLATOR_DATA_DIR": str(data_dir),
        # Story photos beside the test's data, never in the checkout's instance/.
        "UPLOAD_DIR": str(Path(data_dir).parent / "uploads"),
        "LEGISLATOR_DATA_MIRROR": None,
        "HTTP_RETRIES": 2,
        "HTTP_BACKOFF": 0,
        "HTTP_CONNECT_TIMEOUT": 1.0,
        "HTTP_READ_TIMEOUT": 2.0,
        # Sign-in limits have their own test; elsewhere many sign-ins come from 127.0.0.1.
        "RATELIMIT_ENABLED": False,
        # No test reaches the real Census geocoder: those that need one set a fake.
        "GEOCODER": "offline",
        # ... nor Represent: tests of Canada serve a fake one (tests/represent.py).
        "REPRESENT_URL": None,
        # Workers in tests refresh no public data unless a test asks them to.
        "DATA_REFRESH_HOURS": 0,
        "RULES_REFRESH_HOURS": 0,
        "PASSWORD_HASH_TIME_COST": 1,
        "PASSWORD_HASH_MEMORY_KIB": 8,
        "PASSWORD_HASH_PARALLELISM": 1,
        # One folder of compiled templates for the whole run (tests/conftest.py makes it):
        # each of the run's apps would otherwise compile every page it renders again.
        "TEMPLATE_CACHE_DIR": os.environ.get(TEMPLATE_CACHE_VARIABLE),
    }


def dispose(app) -> None:
    """Close every pooled connection of an app (needed before copying its database)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- officials and campaigns -------------------------------------------------------------


def make_official(
    key: str,
    name: str,
    *,
    level: str = "federal",
    chamber: str = "upper",
    state: str = "ma",
    party: str | None = None,
    division: str = MA,
    title: str = "Senator",
) -> Official:
    """An official with a seat (not yet added to the session)."""
    given, _, family = name.rpartition(" ")
    official = Official(
        source_key=f"test:{key}",
        source="test",
        full_name=name,
        sort_name=f"{family}, {given}" if given else name,
        given_name=given or None,
        family_name=family,
    )
    official.seat = Seat(
        level=level, chamber=chamber, title=title, state=state, party=party, division_id=division
    )
    return official


def ma_division() -> Division:
    """The Massachusetts division the test officials sit for."""
    return Division(ocd_id=MA, name="Massachusetts", kind="state", state="ma")


def make_send(
    campaign_id: int,
    official_id: int,
    member: str,
    when: datetime,
    *,
    channel: str = "email",
    evidence: str = "intent",
    chapter_id: int | None = None,
    name: str | None = None,
) -> Interaction:
    """A member's send written through the ORM (not record()), as another code path would
    write one; its report month is stamped on insert (not yet added to the session)."""
    return Interaction(
        idempotency_key=idempotency_key(member, campaign_id, official_id, channel),
        campaign_id=campaign_id,
        official_id=official_id,
        official_name="x",
        office="x",
        channel=channel,
        evidence=evidence,
        member_name=name or member,
        member_email=member,
        chapter_id=chapter_id,
        created_at=when,
        updated_at=when,
    )


STATEMENT = (
    "As your constituent in {{ member_city }}, {{ member_state }}, I ask you, "
    "{{ official_title }} {{ official_last_name }}, to support health IT.\n\n{{ talking_points }}"
)


def make_campaign(app, **overrides) -> int:
    """A campaign open today on the app's clock (in every US time zone), with two talking
    points."""
    today = app_today(app, app.config["CAMPAIGN_TIMEZONE"])
    values = {
        "slug": "nhit-week",
        "title": "National Health IT Week",
        "summary": "Tell your legislators why health IT matters.",
        "owner": "national",
        "starts_on": today - timedelta(days=2),
        "ends_on": today + timedelta(days=2),
        "targets": "us_senate,us_house,state_upper,state_lower,state_legislature",
        "subject": "Support health IT, {{ official_title }} {{ official_last_name }}",
        "letter_statement": STATEMENT,
        "letter_body": "My name is {{ member_name }} and I live in {{ member_city }}.",
        "tweet_template": "{{ official_title }} {{ official_last_name }}, support health IT!",
        "hashtags": "#NHITweek #HITworks #IHeartHIT",
    } | overrides
    with app.app_context():
        campaign = Campaign(**values)
        campaign.talking_points = [
            TalkingPoint(
                position=0, title="Interoperability", body="Data must follow the patient."
            ),
            TalkingPoint(position=1, title="Workforce", body="Fund health IT training."),
        ]
        db.session.add(campaign)
        db.session.commit()
        return campaign.id


def about_bill(app, identifier: str = "S. 1261", **fields) -> int:
    """Load the mirror's bills (New York's first only) and make the one campaign support
    this one (with `fields` set on it too); returns the bill's id."""
    app.config.update(BILLS_NY_LIMIT=1)
    loaded = app.test_cli_runner().invoke(args=["bills", "update"])
    assert loaded.exit_code == 0, loaded.output
    with app.app_context():
        bill = db.session.scalars(select(Bill).where(Bill.identifier == identifier)).one()
        campaign = db.session.scalars(select(Campaign)).one()
        campaign.bill_id, campaign.bill_stance = bill.id, "support"
        for name, value in fields.items():
            setattr(campaign, name, value)
        db.session.commit()
        return bill.id


# --- chapters, people and the log --------------------------------------------------------


@dataclass
class World:
    """Ids of what the tests act on."""

    chapter_a: int
    chapter_b: int
    officials: list[int]
    entry_a: int
    entry_b: int
    campaign: int | None = None


def make_people(a: Chapter, b: Chapter) -> dict[str, User]:
    """Advocate a@ (chapter a), advocate b@ (chapter b), lead@ and admin@, flushed (inside an
    app context); by email."""
    from advocacy.auth.passwords import hash_password

    users = {
        email: User(
            email=email,
            name=email.split("@")[0].title(),
            role=role,
            password_hash=hash_password(PASSWORD),
            chapters=chapters,
        )
        for email, role, chapters in [
            ("a@example.org", "advocate", [a]),
            ("b@example.org", "advocate", [b]),
            ("lead@example.org", "lead", []),
            ("admin@example.org", "admin", []),
        ]
    }
    db.session.add_all(users.values())
    db.session.flush()
    return users


def queue_letters(app, n: int, body: str = "Letter number {i}.") -> None:
    """n letters queued as the march queues them: an interaction and its outbox row each
    (with make_world's officials and a campaign)."""
    from advocacy.delivery.outbox import enqueue

    world = make_world(app)
    campaign_id = make_campaign(app)
    with app.app_context():
        now = clock.now()
        for i in range(n):
            send = make_send(campaign_id, world.officials[i % 3], f"m{i}@example.org", now)
            send.channel = "smtp_email"
            db.session.add(send)
            db.session.flush()
            enqueue(
                send.id,
                to="office@example.gov",
                reply_to=send.member_email,
                from_name=f"Member {i}",
                subject=f"Letter {i}",
                body=body.format(i=i),
            )
        db.session.commit()


def make_world(app) -> World:
    """Chapters A and B; advocate a@ (A), b@ (B), lead@, admin@; officials; one entry each."""
    with app.app_context():
        a = Chapter(name="Chapter A", country="US", regions="MA", timezone="America/New_York")
        b = Chapter(name="Chapter B", country="CA", regions="ON", timezone="America/Toronto")
        db.session.add_all([a, b, ma_division()])
        officials = [
            make_official(str(i), name)
            for i, name in enumerate(["Jane Doe", "John Roe", "Ann Poe"])
        ]
        db.session.add_all(officials)
        users = make_people(a, b)
        values = {
            "kind": "meeting",
            "occurred_on": date(2026, 9, 23),
            "campaign_id": None,
            "issue": "Interoperability",
            "participants": "",
            "topics": "",
            "notes": "",
            "outcome": "supportive",
            "follow_up_on": date(2026, 12, 1),
            "follow_up_done": False,
        }
        entry_a = create_entry(
            users["a@example.org"].id, values | {"chapter_id": a.id}, [officials[0].id]
        )
        entry_b = create_entry(
            users["b@example.org"].id,
            values | {"chapter_id": b.id, "notes": "B's secret notes"},
            [officials[0].id],
        )
        db.session.commit()
        return World(a.id, b.id, [o.id for o in officials], entry_a.id, entry_b.id)


def submit(client, url: str, fields: dict, page: str | None = None, **post):
    """POST a form with its page's CSRF token (the page is fetched from `url` unless
    given); returns the response."""
    page = client.get(url).data.decode() if page is None else page
    return client.post(url, data={"csrf_token": token(page), **fields}, **post)


def sign_in(client, email="lead@example.org", password=PASSWORD, next_=""):
    """Sign a test client in; returns the response."""
    return submit(client, "/staff/login", {"email": email, "password": password, "next": next_})


def new_lead(app, email: str = "lead@example.org"):
    """A task-force lead's account made by the CLI, and a client signed in as them."""
    result = app.test_cli_runner().invoke(args=["users", "create", email, "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert sign_in(client, email).status_code == 303
    return client


def signed_in(app):
    """A factory of clients signed in as a world's user: client_for("a@example.org")."""

    def client_for(email: str | None):
        client = app.test_client()
        if email:
            assert sign_in(client, email).status_code == 303
        return client

    return client_for


# --- the march, step by step -------------------------------------------------------------


def start(client, slug="nhit-week", **member) -> object:
    """Screen 1 for a member; returns the response."""
    fields = {"name": "Ana Member", "email": "ana@example.org", "address": MA_ADDRESS}
    return submit(client, f"/c/{slug}", fields | {"chapter": "0"} | member)


def write(client, slug="nhit-week", points=None, officials=None, **fields) -> object:
    """Screen 2 with every official and the given points; returns the response."""
    page = client.get(f"/c/{slug}/write").data.decode()
    all_officials = re.findall(r'name="officials" type="checkbox" value="(\d+)"', page)
    all_points = re.findall(r'name="points" type="checkbox" value="(\d+)"', page)
    values = {
        "officials": all_officials if officials is None else officials,
        "points": all_points if points is None else points,
        "body": "I work in a hospital IT team.",
        "story": "Our records followed my mother between hospitals.",
    }
    return submit(client, f"/c/{slug}/write", values | fields, page=page)


def send_officials(html: str) -> list[int]:
    """The officials of a send page, in its checklist's order (one is shown at a time)."""
    if '<nav class="checklist"' not in html:
        return []
    listed = html.split('<nav class="checklist"', 1)[1].split("</nav>", 1)[0]
    return [int(i) for i in re.findall(r"official=(\d+)#o", listed)]


def every_letter(client, slug="nhit-week") -> str:
    """Every official's part of the send step, one page after another (it shows one)."""
    first = client.get(f"/c/{slug}/send").get_data(as_text=True)
    return "".join(
        client.get(f"/c/{slug}/send?official={i}").get_data(as_text=True)
        for i in send_officials(first)
    )


def act(client, official_id, channel, evidence="intent", slug="nhit-week"):
    """One button on screen 3."""
    page = client.get(f"/c/{slug}/send").data.decode()
    fields = {"official_id": official_id, "channel": channel, "evidence": evidence}
    return submit(client, f"/c/{slug}/act", fields, page=page)


# --- stories -----------------------------------------------------------------------------


def story_form(client, **overrides):
    """POST the story form (after reading its token); returns the response."""
    from tests.stories import pictures

    data = {
        "name": "Ana Member",
        "email": "ana@example.org",
        "organisation": "Boston Clinic",
        "chapter": "0",
        "campaign": "0",
        "title": "The portal that found my results",
        "body": "When my mother was ill, the patient portal showed her results in 2 days.",
        "because": "my mother's records followed her",
        "video_url": "",
        "focus": "center",
        "consent_people": "y",
        "consent_not_promotional": "y",
    } | overrides
    if "image" not in data:
        data["image"] = (io.BytesIO(pictures.photo()), "photo.jpg")
    elif data["image"] is None:
        del data["image"]
    return submit(client, "/stories/new", data, content_type="multipart/form-data")


# --- campaigns ---------------------------------------------------------------------------


def campaign_form(**overrides):
    """The campaign editor's fields, filled (overrides win)."""
    data = {
        "title": "National Health IT Week",
        "slug": "nhit-2026",
        "summary": "Join us.",
        "owner": "national",
        "published": "y",
        "starts_on": "2026-09-21",
        "ends_on": "2026-09-25",
        "targets": ["us_senate", "us_house"],
        "subject": "Support health IT, {{ official_title }} {{ official_last_name }}",
        "letter_statement": "We ask for your support.\n\n{{ talking_points }}",
        "letter_body": "I am {{ member_name }} from {{ member_city }}.",
        "tweet_template": "{{ official_title }} {{ official_last_name }}, support #HealthIT",
        "hashtags": "#NHITweek #HITworks #IHeartHIT",
        "points-0-title": "Interoperability",
        "points-0-body": "Data must follow the patient.",
        "points-1-title": "",
        "points-1-body": "",
        "points-2-title": "Workforce",
        "points-2-body": "Fund training.",
    }
    return data | overrides


# --- agency rules and comments -----------------------------------------------------------


@dataclass
class RuleStage:
    """A rule open for comment, a comment campaign on it, and comments: `token` opens the
    chapterless member's; chapter B's is secret to others."""

    number: str
    slug: str
    token: str


def make_rule(app, chapter_b: int, user_b: int, tracking: str = "kbb-secret-0001") -> RuleStage:
    """CMS's proposed rule 2026-20001 open for 30 more days, the campaign "rule-comments"
    on it, a chapterless member's comment and chapter B's (with `tracking` as its tracking
    number), and chapter B's position on the rule with secret notes."""
    from advocacy.campaigns.comments import Member, file_comment
    from advocacy.models import Rule, RuleAgency, RulePosition
    from advocacy.tokens import make_token

    today = app_today(app, "America/New_York")
    campaign_id = make_campaign(app, slug="rule-comments", title="Comment on the APIs rule")
    with app.app_context():
        rule = Rule(
            source_key="fr:2026-20001",
            document_number="2026-20001",
            type="PRORULE",
            title="Medicare Program; Interoperability and Prior Authorization",
            abstract="Proposes APIs for prior authorization.",
            action="Proposed rule.",
            publication_date=today - timedelta(days=10),
            comments_close_on=today + timedelta(days=30),
            docket_ids='["CMS-2026-0101"]',
            agencies='[{"slug": "centers-for-medicare-medicaid-services", '
            '"name": "Centers for Medicare & Medicaid Services"}]',
            comment_url="https://www.regulations.gov/commenton/CMS-2026-0101-0001",
            content_hash="0" * 64,
        )
        rule.agency_rows = [
            RuleAgency(
                ordinal=0,
                slug="centers-for-medicare-medicaid-services",
                name="Centers for Medicare & Medicaid Services",
            )
        ]
        db.session.add(rule)
        db.session.flush()
        db.session.add(
            RulePosition(
                chapter_id=chapter_b, rule_id=rule.id, position="support",
                notes="Bravo secret rule note", updated_by_id=user_b,
            )
        )  # fmt: skip
        campaign = db.session.get(Campaign, campaign_id)
        campaign.rule_id = rule.id
        db.session.flush()
        mine, _ = file_comment(
            campaign, Member("Ana Member", "ana@example.org"), "Our clinic waits.", 100, []
        )
        theirs, _ = file_comment(
            campaign,
            Member("Bo Bravo", "bo@example.org", chapter_id=chapter_b),
            "Bravo's clinic waits.",
            100,
            [],
        )
        theirs.evidence, theirs.tracking_number = "reported", tracking
        db.session.commit()
        return RuleStage(rule.document_number, campaign.slug, make_token("comment", mine.id))


@dataclass
class DayStage:
    """Chapter A's advocacy day (with an attendee whose private link opens), chapter B's
    day, staffer, key contact and sign-on letter, all secret to chapter A and the public
    (but the public pages their links open)."""

    ids: dict[str, list[str]]


def make_days(app, world: World, campaign_id: int) -> DayStage:
    """Advocacy days of chapters A and B with an attendee and a meeting each; chapter B's
    staffer, key contact and sign-on letter with a pending signature (Bravo secrets)."""
    from advocacy.days.plan import create_day, register
    from advocacy.models import DayMeeting, KeyContact, Signature, Staffer, StaffRole
    from advocacy.relationships.coalitions import new_letter

    today = app_today(app, "America/New_York")
    with app.app_context():
        users = {u.email: u for u in db.session.scalars(select(User))}
        ids: dict[str, list[str]] = {k: [] for k in (
            "day_id", "meeting_id", "attendee_id", "key", "feed_key", "staffer_id",
            "contact_id", "letter_id",
        )}  # fmt: skip
        for chapter, who, name in (
            (world.chapter_a, "a@example.org", "Alpha attendee"),
            (world.chapter_b, "b@example.org", "Bravo secret attendee"),
        ):
            values = {
                "title": f"{name.split()[0]} Hill day",
                "mode": "hill",
                "state": "ma",
                "starts_on": today + timedelta(days=20),
                "ends_on": today + timedelta(days=20),
                "timezone": "America/New_York",
                "place": "Washington",
                "window": "9:00 and 17:00",
                "ask": "Cosponsor.",
                "campaign_id": campaign_id,
                "contact_name": "Contact",
                "contact_email": who,
            }
            day = create_day(chapter, users[who].id, values, [])
            db.session.flush()
            start = datetime.combine(day.starts_on, datetime.min.time(), UTC)
            attendee, _ = register(
                day,
                {
                    "name": name,
                    "email": f"{name.split()[0].lower()}@example.org",
                    "address": "1 Centre St, Boston, MA 02130",
                    "arrive_at": start + timedelta(hours=13),
                    "depart_at": start + timedelta(hours=21),
                    "needs": "",
                },
                [world.officials[0]],
            )
            db.session.flush()
            meeting = db.session.scalars(
                select(DayMeeting).where(DayMeeting.day_id == day.id)
            ).one()
            ids["day_id"].append(str(day.id))
            ids["meeting_id"].append(str(meeting.id))
            ids["attendee_id"].append(str(attendee.id))
            ids["key"].append(day.key)
            if chapter == world.chapter_a:
                # Only chapter A's attendee's private link is opened: the other's holder
                # is chapter B's attendee alone.
                ids["feed_key"].append(attendee.feed_key)
        staffer = Staffer(
            chapter_id=world.chapter_b, name="Bravo secret staffer", email="s@senate.test",
            confirmed_on=today, created_by_id=users["b@example.org"].id,
        )  # fmt: skip
        staffer.roles.append(
            StaffRole(official_id=world.officials[0], role="scheduler", started_on=today)
        )
        db.session.add(staffer)
        db.session.flush()
        contact = KeyContact(
            chapter_id=world.chapter_b, user_id=users["b@example.org"].id,
            official_id=world.officials[0], how="friend", strength="close",
            notes="Bravo secret key contact", consent_at=clock.now(),
        )  # fmt: skip
        db.session.add(contact)
        letter = new_letter(
            world.chapter_b,
            users["b@example.org"].id,
            {"title": "Bravo letter", "body": "We ask.", "campaign_id": campaign_id},
            [world.officials[0]],
        )
        letter.signatures.append(
            Signature(
                org_name="Bravo Org", org_key="bravo org", signatory="Bravo secret signatory",
                email="sig@example.org", status="pending",
            )
        )  # fmt: skip
        db.session.commit()
        ids["staffer_id"].append(str(staffer.id))
        ids["contact_id"].append(str(contact.id))
        ids["letter_id"].append(str(letter.id))
        ids["key"].append(letter.key)
        return DayStage(ids)
