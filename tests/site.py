"""A realistic site for the browser's walk over every page: the real directory, two chapters
and their people, log entries, a month of members' sends, stories and events, one campaign.

`build_site(app, client)` fills the app's (loaded) database and returns the ids pages need;
`pages(site)` lists every page each role sees, with the path to open it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from advocacy import clock, images
from advocacy.bills.follows import follow_query, set_position
from advocacy.directory.queries import office_label
from advocacy.extensions import db
from advocacy.interactions.logbook import create_entry
from advocacy.models import Bill, Campaign, Chapter, Event, Official, Seat, Story, User
from advocacy.tokens import make_token
from tests.factories import make_campaign, make_people, make_rule, make_send, story_form
from tests.stories import pictures


@dataclass
class Site:
    campaign: int
    senator: int
    representative: int
    legislator: int
    entry: int
    story: int
    pending_story: int
    bill: int
    user: int
    tokens: dict[str, str] = field(default_factory=dict)
    campaign_image: str = ""
    days: dict[str, str] = field(default_factory=dict)


def build_site(app, client) -> Site:
    """Fill the app's database (the real directory already loaded)."""
    app.config.update(BILLS_NY_LIMIT=20)
    loaded = app.test_cli_runner().invoke(args=["bills", "update"])
    assert loaded.exit_code == 0, loaded.output
    campaign = make_campaign(app)
    with app.app_context():
        # The campaign page opens with an image, as a lead's would.
        picture = images.process(pictures.photo(), "rally.jpg")
        db.session.get(Campaign, campaign).image = images.store(
            picture, Path(app.config["UPLOAD_DIR"]) / "campaigns"
        )
        now = clock.now()
        today = now.date()
        senator = _seat("federal", "upper")
        representative = _seat("federal", "lower")
        legislator = _seat("state", "lower")
        a = Chapter(
            name="Massachusetts Chapter", country="US", regions="MA", timezone="America/New_York"
        )
        b = Chapter(name="Ontario Chapter", country="CA", regions="ON", timezone="America/Toronto")
        db.session.add_all([a, b])
        users = make_people(a, b)
        entry = None
        for i, (kind, outcome) in enumerate(
            [("meeting", "supportive"), ("call", "neutral"), ("advocacy_day", "mixed")]
        ):
            entry = create_entry(
                users["a@example.org"].id,
                {
                    "chapter_id": a.id,
                    "kind": kind,
                    "occurred_on": today - timedelta(days=3 * i),
                    "campaign_id": campaign,
                    "issue": "Interoperability and patient access to records",
                    "participants": "Ana Member, Ben Advocate, the senator's health staffer",
                    "topics": "TEFCA, information blocking, rural broadband for telehealth",
                    "notes": "They asked for a one-page summary of the chapter's survey.",
                    "outcome": outcome,
                    "follow_up_on": today + timedelta(days=7 - 10 * i),
                    "follow_up_done": False,
                },
                [senator, representative, legislator][: i + 1],
            )
        for i in range(40):
            when = now - timedelta(days=i % 20, hours=i)
            send = make_send(
                campaign,
                [senator, representative, legislator][i % 3],
                f"member{i % 25}@example.org",
                when,
                channel=["email", "smtp_email", "print", "call", "tweet"][i % 5],
                evidence=["intent", "reported", "sent"][i % 3],
                chapter_id=a.id if i % 2 else None,
                name=f"Member {i % 25}",
            )
            official = db.session.get(Official, send.official_id)
            send.official_name, send.office = official.full_name, office_label(official.seat)
            db.session.add(send)
        for status, title in (
            ("approved", "Records that followed my mother"),
            ("approved", "A portal that found my results"),
        ):
            db.session.add(
                Event(
                    uid=f"{title[:10]}@test",
                    chapter_id=a.id,
                    title="Advocacy day at the State House",
                    starts_at=now + timedelta(days=5),
                    ends_at=now + timedelta(days=5, hours=3),
                    timezone="America/New_York",
                    place="24 Beacon St, Boston, MA",
                    description="Meet your legislators.",
                    status=status,
                    submission_key=title[:60],
                    created_by_id=users["a@example.org"].id,
                )
            )
        db.session.commit()
        bill = db.session.scalar(select(Bill.id).where(Bill.identifier == "S. 1261"))
        # The chapter follows the bill (with a position) and a search: the watch list and
        # the bill page show them.
        advocate = users["a@example.org"].id
        set_position(a.id, bill, advocate, "support", "Telehealth for every patient.", None)
        # The campaign is about it: its report, editor and preview show the bill's groups.
        about = db.session.get(Campaign, campaign)
        about.bill_id, about.bill_stance = bill, "support"
        about.statement_sponsor = "Thank you for cosponsoring {{ bill_number }}."
        follow_query(a.id, advocate, "health")
        db.session.commit()
        site = Site(
            campaign, senator, representative, legislator, entry.id, 0, 0, bill,
            users["a@example.org"].id,
        )  # fmt: skip
        site.days = _days(a.id, users["a@example.org"].id, senator, representative, bill, campaign)
        other_chapter, other = b.id, users["b@example.org"].id
    # An open proposed rule, a comment campaign on it, and a member's comment to file.
    rule = make_rule(app, other_chapter, other)
    for title in ("Records that followed my mother", "The portal that found my results"):
        assert story_form(client, title=title).status_code == 303
    with app.app_context():
        stories = db.session.scalars(select(Story).order_by(Story.id)).all()
        stories[0].status = "approved"
        db.session.commit()
        site.story, site.pending_story = stories[0].id, stories[1].id
        site.campaign_image = db.session.get(Campaign, campaign).image
        site.tokens = {
            "history": make_token("history", "member1@example.org"),
            "reset": make_token("reset", _reset_payload("a@example.org")),
            "invite": make_token("invite", {"email": "new@example.org", "chapters": [], "by": 1}),
            "comment": rule.token,
        }
    return site


def _days(chapter: int, user: int, senator: int, representative: int, bill: int, campaign: int):
    """A Hill day three weeks out with two attendees, the senator's meeting confirmed in
    Russell, a scheduler on file, a key contact, a partner and a sign-on letter with two
    approved signers."""
    from advocacy.days.plan import create_day, register, send_all
    from advocacy.models import DayMeeting, KeyContact, Organisation, Signature, Staffer, StaffRole
    from advocacy.relationships.coalitions import fold_name, new_letter

    today = clock.today("America/New_York")
    day = create_day(
        chapter,
        user,
        {
            "title": "Massachusetts Hill Day", "mode": "hill", "state": "ma",
            "starts_on": today + timedelta(days=21), "ends_on": today + timedelta(days=21),
            "timezone": "America/New_York", "place": "Washington, DC",
            "window": "9:00 and 16:00", "ask": "Cosponsor the telehealth bill.",
            "campaign_id": campaign, "contact_name": "Ana Advocate",
            "contact_email": "a@example.org",
        },
        [bill],
    )  # fmt: skip
    db.session.flush()
    staffer = Staffer(
        chapter_id=chapter, name="Pat Scheduler", email="pat@senate.test", phone="202-555-0100",
        confirmed_on=today, created_by_id=user,
    )  # fmt: skip
    staffer.roles.append(StaffRole(official_id=senator, role="scheduler", started_on=today))
    db.session.add(staffer)
    start = datetime.combine(day.starts_on, datetime.min.time(), UTC)
    attendees = []
    for name, email in (("Ana Member", "ana@example.org"), ("Ben Member", "ben@example.org")):
        person, _ = register(
            day,
            {
                "name": name, "email": email, "address": "1 Centre St, Boston, MA 02130",
                "arrive_at": start + timedelta(hours=13), "depart_at": start + timedelta(hours=21),
                "needs": "Step-free routes" if name == "Ben Member" else "",
            },
            [senator, representative],
        )  # fmt: skip
        attendees.append(person)
    db.session.flush()
    send_all(day, user)
    meeting = db.session.scalars(
        select(DayMeeting).where(DayMeeting.day_id == day.id, DayMeeting.official_id == senator)
    ).one()
    meeting.status, meeting.room = "confirmed", "SR-317"
    meeting.starts_at = start + timedelta(hours=15)
    meeting.ends_at = start + timedelta(hours=15, minutes=30)
    contact = KeyContact(
        chapter_id=chapter, user_id=user, official_id=senator, how="patient", strength="regular",
        notes="Met at the clinic's open day.", goal_per_year=2, consent_at=clock.now(),
    )  # fmt: skip
    db.session.add_all([contact])
    db.session.add(
        Organisation(
            chapter_id=chapter, name="Boston Community Health", name_key="boston community health",
            kind="hospital", contact_name="Lee Partner", issues="Telehealth, data access",
        )
    )  # fmt: skip
    letter = new_letter(
        chapter,
        user,
        {
            "title": "Fund telehealth for rural clinics",
            "body": "We, the undersigned organisations, ask Congress to fund telehealth.",
            "campaign_id": campaign,
        },
        [senator],
    )
    for org in ("Boston Community Health", "Patients for Data"):
        letter.signatures.append(
            Signature(org_name=org, org_key=fold_name(org), signatory="Lee Partner",
                      title="Director", email="lee@example.org", status="approved")
        )  # fmt: skip
    db.session.commit()
    return {
        "day": str(day.id),
        "meeting": str(meeting.id),
        "attendee": str(attendees[0].id),
        "key": day.key,
        "feed": attendees[0].feed_key,
        "staffer": str(staffer.id),
        "contact": str(contact.id),
        "letter": str(letter.id),
        "letter_key": letter.key,
    }


def _seat(level: str, chamber: str) -> int:
    return db.session.scalar(
        select(Official.id)
        .join(Seat, Seat.official_id == Official.id)
        .where(Seat.level == level, Seat.chamber == chamber, Seat.state == "ma")
        .order_by(Official.sort_name)
        .limit(1)
    )


def _reset_payload(email: str) -> dict:
    user = db.session.scalars(select(User).where(User.email == email)).one()
    return {"id": user.id, "h": user.password_hash[-16:]}


def pages(site: Site) -> dict[str, list[str]]:
    """Every page, by the role that opens it (anonymous members first)."""
    c = "/c/nhit-week"
    return {
        "member": [
            "/",
            "/campaigns",
            "/find?zip=02139",
            "/officials",
            "/officials?state=MA&level=state",
            f"/officials/{site.senator}",
            f"/officials/{site.legislator}",
            c,
            f"{c}/write",
            f"{c}/send",
            f"{c}/letter/{site.senator}",
            f"{c}/thanks",
            "/bills?q=telehealth",
            f"/bills/{site.bill}",
            "/rules",
            "/rules/2026-20001",
            "/c/rule-comments/comment",
            f"/c/rule-comments/comment/{site.tokens['comment']}",
            "/stories",
            f"/stories/{site.story}",
            "/stories/new",
            "/stories/thanks",
            "/events",
            "/privacy",
            "/my-history",
            f"/my-history/{site.tokens['history']}",
            "/staff/login",
            "/password/reset",
            f"/password/reset/{site.tokens['reset']}",
            f"/d/{site.days['key']}",
            f"/d/{site.days['key']}/me/{site.days['feed']}",
            f"/s/{site.days['letter_key']}",
            f"/s/{site.days['letter_key']}/thanks",
            "/no-such-page",
        ],
        "advocate": [
            "/log",
            "/log/new",
            f"/log/{site.entry}",
            f"/log/{site.entry}/edit",
            "/log/follow-ups",
            "/reports/monthly",
            "/events/new",
            f"/officials/{site.senator}",
            "/bills?q=telehealth",
            f"/bills/{site.bill}",
            "/watch",
            "/bills/new",
            "/rules",
            "/rules/2026-20001",
            "/days",
            "/days/new",
            f"/days/{site.days['day']}",
            f"/days/{site.days['day']}/meetings/{site.days['meeting']}",
            f"/days/{site.days['day']}/meetings/{site.days['meeting']}/report",
            f"/days/{site.days['day']}/meetings/{site.days['meeting']}/leave-behind",
            f"/days/{site.days['day']}/attendees/{site.days['attendee']}",
            f"/officials/{site.senator}/staff/new",
            f"/staff-contacts/{site.days['staffer']}",
            f"/officials/{site.senator}/key-contact",
            "/key-contacts",
            f"/key-contacts/{site.days['contact']}",
            "/key-contacts/coverage",
            "/coalitions",
            "/sign-on",
            "/sign-on/new",
            f"/sign-on/{site.days['letter']}",
            f"/sign-on/{site.days['letter']}/print",
            # Advocates launch their chapters' campaigns.
            "/staff/campaigns",
            "/staff/campaigns/new",
        ],
        "lead": [
            "/reports/monthly",
            "/staff/campaigns",
            "/staff/campaigns/new",
            f"/staff/campaigns/{site.campaign}/edit",
            f"/staff/campaigns/{site.campaign}/preview",
            f"/reports/campaigns/{site.campaign}",
            "/stories/moderate",
            f"/stories/{site.pending_story}/moderate",
            "/events/moderate",
            "/rules/2026-20001",
            "/rules/new",
            "/chapters",
            "/log",
        ],
        "admin": [
            "/admin/users",
            f"/admin/users/{site.user}",
            "/invitations/new",
            "/corrections",
            f"/officials/{site.senator}/correct",
        ],
    }
