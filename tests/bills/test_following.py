"""Following legislation, as a new advocate would: follow the search "telehealth" in New
York and S. 1261 in Congress, see which of the chapter's officials sponsor them, set the
chapter's position (with its history and a conflict for a stale form), get a digest of
what changed through the outbox and a real SMTP server, unsubscribe in one click, cite a
bill in the log and in a campaign (its letters and CWC). On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from advocacy import clock
from advocacy.auth.passwords import hash_password
from advocacy.bills.queries import search_bills
from advocacy.campaigns import cwc
from advocacy.delivery.outbox import send_due
from advocacy.extensions import db
from advocacy.jobs import run_scheduled
from advocacy.models import (
    Bill,
    BillChange,
    BillFollow,
    BillPosition,
    Campaign,
    Chapter,
    OutboxMessage,
    Seat,
    User,
)
from tests.cwc import problems
from tests.factories import (
    PASSWORD,
    app_today,
    campaign_form,
    make_world,
    sign_in,
    signed_in,
    submit,
)

NY_FOLDER = "raw.githubusercontent.com/jehiah/ny_legislation/master/bills/2025"
# Eight New York bills about telehealth, and three about other things.
NY_TELEHEALTH = ["A1691", "A1782", "A4024", "A4512", "A6334", "A9137", "A9182", "S1005"]
NY_OTHER = ["A1000", "A1001", "A1002"]
NY = "ocd-jurisdiction/country:us/state:ny/government"


def _mirror(shared_data, tmp_path, names):
    """A mirror with GovInfo's files and only these New York bills (copies: tests edit)."""
    mirror = tmp_path / "bills-mirror"
    mirror.mkdir()
    (mirror / "www.govinfo.gov").symlink_to(shared_data / "www.govinfo.gov")
    folder = mirror / NY_FOLDER
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(shared_data / NY_FOLDER / f"{name}.json", folder / f"{name}.json")
    return mirror, folder


@pytest.fixture
def world(loaded_app, shared_data, tmp_path):
    """The real directory, the watch-list bills and eleven New York bills; a New York
    chapter with its advocate, and a task-force lead."""
    mirror, folder = _mirror(shared_data, tmp_path, NY_TELEHEALTH[:-1] + NY_OTHER)
    loaded_app.config.update(LEGISLATOR_DATA_MIRROR=str(mirror), BILLS_NY_LIMIT=None)
    result = loaded_app.test_cli_runner().invoke(args=["bills", "update"])
    assert result.exit_code == 0, result.output
    with loaded_app.app_context():
        chapter = Chapter(name="New York", country="US", regions="NY", timezone="America/New_York")
        db.session.add(chapter)
        for email, role, chapters in [
            ("ny@example.org", "advocate", [chapter]),
            ("lead@example.org", "lead", []),
        ]:
            db.session.add(
                User(
                    email=email,
                    name=email.split("@")[0],
                    role=role,
                    password_hash=hash_password(PASSWORD),
                    chapters=chapters,
                )
            )
        db.session.commit()
        chapter_id = chapter.id
    return loaded_app, mirror, folder, chapter_id


def _client(app, email):
    client = app.test_client()
    assert sign_in(client, email).status_code == 303
    return client


def _bill(identifier: str) -> Bill:
    return db.session.scalars(select(Bill).where(Bill.identifier == identifier)).one()


@pytest.mark.realdata
def test_an_advocate_follows_sets_a_position_gets_a_digest_and_a_campaign_cites_it(
    world, shared_data, smtp
):
    app, mirror, folder, chapter_id = world
    advocate = _client(app, "ny@example.org")

    # 1. Follow the search "telehealth" in New York, from the bills page.
    page = advocate.get(f"/bills?q=telehealth&jurisdiction={NY}").data.decode()
    assert "Follow this search for New York" in page
    response = submit(
        advocate,
        "/bills/follow-search",
        {
            "q": "telehealth",
            "jurisdiction": NY,
            "chamber": "",
            "status": "",
            "chapter_id": chapter_id,
        },
        page=page,
    )
    assert response.status_code == 302
    with app.app_context():
        follow = db.session.scalars(select(BillFollow)).one()
        assert (follow.kind, follow.query, follow.jurisdiction) == ("query", "telehealth", NY)
        found, total = search_bills(q="telehealth", jurisdiction=NY)
        assert {b.identifier for b in found} == set(NY_TELEHEALTH[:-1])
        s1261 = _bill("S. 1261").id
        a1691 = _bill("A1691").id

    # 2. Follow S. 1261 from its page; both show on the watch list.
    page = advocate.get(f"/bills/{s1261}").data.decode()
    assert "Follow this bill" in page
    response = submit(
        advocate,
        f"/bills/{s1261}/follow",
        {"chapter_id": chapter_id, "action": "follow"},
        page=page,
    )
    assert response.status_code == 302
    watch = advocate.get("/watch").data.decode()
    assert "S. 1261" in watch and "A1691" in watch and "(7 bills)" in watch

    # 3. Which of the chapter's officials sponsor them: New York's, marked on the page.
    page = advocate.get(f"/bills/{a1691}").data.decode()
    with app.app_context():
        bill = db.session.get(Bill, a1691)
        ny_sponsors = {
            s.official_id
            for s in bill.sponsors
            if s.official_id
            and db.session.scalars(
                select(Seat.state).where(Seat.official_id == s.official_id)
            ).first()
            == "ny"
        }
    assert ny_sponsors
    marked = set(
        map(
            int,
            re.findall(r'/officials/(\d+)">[^<]+</a> <strong class="badge">Your official', page),
        )
    )
    assert marked == ny_sponsors
    assert "elected in your chapter's states (New York)" in html.unescape(page)
    # A member marks theirs by ZIP code; a ZIP that is not one is told so, with a 400.
    assert advocate.get(f"/bills/{a1691}?zip=12345x").status_code == 400

    # 4. The chapter's position, then a change; a stale form is a conflict, not a loss.
    response = submit(
        advocate,
        f"/bills/{a1691}/position",
        {
            "chapter_id": chapter_id,
            "position": "support",
            "notes": "Parity for telehealth.",
            "version": "",
        },
        page=page,
    )
    assert response.status_code == 302
    page = advocate.get(f"/bills/{a1691}").data.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    fields = {
        "chapter_id": chapter_id,
        "position": "amend",
        "notes": "Add privacy.",
        "version": version,
    }
    assert submit(advocate, f"/bills/{a1691}/position", fields, page=page).status_code == 302
    stale = submit(advocate, f"/bills/{a1691}/position", fields | {"position": "oppose"}, page=page)
    assert "Someone else saved" in advocate.get(stale.headers["Location"]).data.decode()
    with app.app_context():
        row = db.session.scalars(select(BillPosition)).one()
        assert (row.position, row.notes) == ("amend", "Add privacy.")
        assert [json.loads(c.details)["position"] for c in row.changes] == [
            [None, "support"],
            ["support", "amend"],
        ]
    page = advocate.get(f"/bills/{a1691}").data.decode()
    assert "Seek amendment" in page and "History (2)" in page

    # 5. The digest: daily. Time passes; A1691 gets an action and a new telehealth bill
    # appears; the worker queues one digest and the outbox delivers it.
    page = advocate.get("/watch").data.decode()
    assert submit(advocate, "/watch/digest", {"digest": "daily"}, page=page).status_code == 302
    with app.app_context():
        long_ago = clock.now() - timedelta(days=3)
        db.session.execute(update(BillChange).values(changed_at=long_ago))
        db.session.execute(
            update(User)
            .where(User.email == "ny@example.org")
            .values(digest_sent_at=clock.now() - timedelta(hours=25))
        )
        db.session.commit()
    data = json.loads((folder / "A1691.json").read_text())
    data["Actions"].append(
        {"Date": "2026-11-20", "Text": "AMENDED ON THIRD READING 1691A", "Chamber": "ASSEMBLY"}
    )
    (folder / "A1691.json").write_text(json.dumps(data))
    shutil.copy(shared_data / NY_FOLDER / "S1005.json", folder / "S1005.json")
    result = app.test_cli_runner().invoke(args=["bills", "update"])
    assert result.exit_code == 0, result.output
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, PUBLIC_URL="https://hit.example.org")
    with app.app_context():
        assert run_scheduled(app.config, only={"legislation-digest"}) == ["legislation-digest"]
        assert send_due(app.config)["sent"] == 1
        # Run again: not due, and the same period's key would refuse a second copy anyway.
        db.session.execute(update(User).values(digest_sent_at=None))
        db.session.execute(update(BillChange).values(changed_at=clock.now()))
        db.session.commit()
        db.session.execute(update(OutboxMessage).values(status="sent"))
        db.session.commit()
    with app.app_context():
        from advocacy.jobs import queue_digests

        queue_digests(app.config)
        assert db.session.scalars(select(OutboxMessage)).all().__len__() == 1
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["ny@example.org"]
    body = message.get_payload(decode=True).decode()
    assert "A1691" in body and "AMENDED ON THIRD READING 1691A" in body
    assert "Our position: Seek amendment" in body
    assert "S1005" in body and "New bill" in body
    assert "S. 1261" not in body  # nothing changed on it
    unsubscribe = re.search(
        r"<(https://hit\.example\.org/digest/unsubscribe/[^>]+)>", message["List-Unsubscribe"]
    ).group(1)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in body

    # One click (RFC 8058): a POST with no session and no CSRF token turns it off.
    anonymous = app.test_client()
    path = unsubscribe.removeprefix("https://hit.example.org")
    assert "Stop the digest" in anonymous.get(path).data.decode()  # a GET changes nothing
    with app.app_context():
        assert (
            db.session.scalars(select(User.digest).where(User.email == "ny@example.org")).one()
            == "daily"
        )
    response = anonymous.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "no more digest emails" in response.data.decode()
    with app.app_context():
        assert (
            db.session.scalars(select(User.digest).where(User.email == "ny@example.org")).one()
            == "off"
        )
    assert anonymous.post(path[:-3] + "abc").status_code == 404

    # 6. The log cites the bill; the bill page lists the contact; the report counts it.
    form = advocate.get("/log/new").data.decode()
    assert f'value="{s1261}"' in form
    with app.app_context():
        official = _bill("S. 1261").sponsors[0].official_id
    response = submit(
        advocate,
        "/log/new",
        {
            "chapter_id": chapter_id,
            "kind": "meeting",
            "occurred_on": app_today(app).isoformat(),
            "officials": [official],
            "bills": [s1261],
            "campaign_id": 0,
            "outcome": "supportive",
        },
        page=form,
    )
    assert response.status_code == 303, response.data.decode()[:2000]
    assert "Contacts your chapters logged about it" in advocate.get(f"/bills/{s1261}").data.decode()
    lead = _client(app, "lead@example.org")
    report = lead.get(f"/reports/monthly?month={app_today(app):%Y-%m}").data.decode()
    assert "Legislation: bills followed" in report
    row = re.search(r"<tr>\s*<td>S\. 1261</td>(.*?)</tr>", report, re.S).group(1)
    # logged contacts, campaign sends, cosponsors since our contact
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row)[-3:] == ["1", "0", "0"]

    # 7. The advocate launches their chapter's campaign about S. 1261: its templates say the
    # bill, its CWC letters carry it.
    assert f"/staff/campaigns/new?bill={s1261}" in advocate.get(f"/bills/{s1261}").data.decode()
    page = advocate.get(f"/staff/campaigns/new?bill={s1261}").data.decode()
    assert re.search(rf'<option selected value="{s1261}">|<option value="{s1261}" selected', page)
    fields = campaign_form(
        bill_id=s1261,
        bill_stance="support",
        subject="Please cosponsor {{ bill_number }}",
        letter_statement="We ask you to support {{ bill_number }}, the {{ bill_title }}.",
    )
    # As a browser sends it: the chapter the form preselects (the advocate's only one).
    select_ = page.split('name="chapter_id"')[1].split("</select>")[0]
    fields["chapter_id"] = re.search(r'<option selected value="(\d+)"', select_).group(1)
    response = submit(advocate, "/staff/campaigns/new", fields, page=page)
    assert response.status_code == 303
    preview = submit(advocate, response.headers["Location"], fields | {"preview": "1"})
    preview = preview.data.decode()
    assert "Please cosponsor S. 1261" in preview
    assert "support S. 1261, the CONNECT for Health Act of 2025." in preview
    with app.app_context():
        campaign = db.session.scalars(select(Campaign)).one()
        assert (campaign.bill.identifier, campaign.bill_stance) == ("S. 1261", "support")
        ny = db.session.scalars(select(User).where(User.email == "ny@example.org")).one()
        assert campaign.chapter_id == ny.chapters[0].id  # the advocate's own chapter
        xml = cwc.build_message(
            {**app.config, "CWC_DELIVERY_AGENT": "A", "CWC_ACK_EMAIL": "a@example.org",
             "CWC_CONTACT_NAME": "A", "CWC_CONTACT_EMAIL": "a@example.org",
             "CWC_CONTACT_PHONE": "202-555-0100"},
            office="HMA07", campaign_id=campaign.slug,
            constituent=cwc.Constituent(
                "Ms.", "Ana", "M", "1 Main St", "Boston", "MA", "02108", "a@example.org"
            ),
            subject="Support S. 1261", topic="Health", statement="We ask for your support.",
            message="I work in health IT.", today=app_today(app),
            bills=cwc.bill_references(campaign.cited_bills),
            pro_or_con=cwc.pro_or_con(campaign.bill_stance),
        )  # fmt: skip
    assert (
        "<Bills><Bill><BillCongress>119</BillCongress><BillTypeAbbreviation>s</BillTypeAbbreviation><BillNumber>1261</BillNumber></Bill></Bills><ProOrCon>Pro</ProOrCon>"
        in xml
    )
    assert problems(xml.encode(), {"HMA07"}) == []
    assert "Campaigns about this bill" in lead.get(f"/bills/{s1261}").data.decode()


@pytest.mark.realdata
def test_follows_are_per_chapter_and_unfollowing_keeps_the_row(world):
    app, _, _, chapter_id = world
    advocate = _client(app, "ny@example.org")
    with app.app_context():
        s1261 = _bill("S. 1261").id
        other = Chapter(name="Elsewhere", country="US", regions="CA")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    page = advocate.get(f"/bills/{s1261}").data.decode()
    assert "Elsewhere" not in page  # an advocate acts for their own chapters only
    # A chapter that is not theirs is not a choice: refused, nothing written; so is an
    # action that is neither, and a chapter written in non-ASCII digits.
    for fields in (
        {"chapter_id": other_id, "action": "follow"},
        {"chapter_id": chapter_id, "action": "delete"},
        {"chapter_id": "١", "action": "follow"},
    ):
        assert submit(advocate, f"/bills/{s1261}/follow", fields, page=page).status_code == 400
    with app.app_context():
        assert db.session.scalars(select(BillFollow)).all() == []

    def act(action: str) -> list[tuple]:
        """Follow or unfollow as the page's form does: the follows there are after it."""
        fields = {"chapter_id": chapter_id, "action": action}
        submit(advocate, f"/bills/{s1261}/follow", fields, page=page)
        with app.app_context():
            rows = db.session.scalars(select(BillFollow)).all()
            return [(r.id, r.chapter_id, r.ended_at is None) for r in rows]

    (first,) = act("follow")
    assert first[1:] == (chapter_id, True)
    assert act("unfollow") == [(first[0], chapter_id, False)]  # ended, kept
    assert act("follow") == [(first[0], chapter_id, True)]  # the same row, reopened
    # Anonymous visitors see the bill, not the chapter's position or follow buttons.
    assert "Follow this bill" not in app.test_client().get(f"/bills/{s1261}").data.decode()
    assert app.test_client().get("/watch").status_code in (302, 401)


def test_a_bill_entered_by_hand_needs_a_web_link(app):
    make_world(app)
    client = signed_in(app)("a@example.org")
    page = client.get("/bills/new").data.decode()
    fields = {
        "jurisdiction": "ocd-jurisdiction/country:ca/province:on/government",
        "identifier": "Bill 60",
        "session": "44-1",
        "title": "Your Health Act, 2023",
        "summary": "Ontario: more procedures in community clinics.",
        "chamber": "",
        "status": "signed",
        "status_text": "Royal Assent",
    }
    for bad in ("javascript:alert(1)", "ftp://example.org/x", "https:///x", "https://a b.org"):
        response = submit(client, "/bills/new", fields | {"url": bad}, page=page)
        assert response.status_code == 400 and "web address" in response.data.decode()
    response = submit(
        client, "/bills/new", fields | {"url": "https://www.ola.org/en/bill-60"}, page=page
    )
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).data.decode()
    assert (
        "Bill 60: Your Health Act, 2023" in shown
        and "Ontario" in shown
        and "Entered by hand" in shown
    )
    with app.app_context():
        bill = db.session.scalars(select(Bill).where(Bill.source == "manual")).one()
        assert db.session.scalars(select(BillFollow.chapter_id)).all() == [
            c.id
            for c in db.session.scalars(select(User).where(User.email == "a@example.org"))
            .one()
            .chapters
        ]
        assert search_bills(q="community clinics")[1] == 1 and bill.status == "signed"
