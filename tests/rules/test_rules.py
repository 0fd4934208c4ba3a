"""Agency rules and comments on them, as a chapter and its members use them: an advocate
follows CMS, `flask rules update` loads its open proposed rule from the Federal Register
(a fake on 127.0.0.1), a lead launches a comment campaign on it, a member writes a comment
with a file, the worker files it through regulations.gov (a fake) and the member sees the
tracking number; without the API key the member files it on the agency's page and
reports back."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from advocacy.extensions import db
from advocacy.models import Campaign, Comment, OutboxMessage, Rule, RuleChange
from tests.factories import app_today, campaign_form, submit
from tests.federal_register import FakeFederalRegister, document
from tests.net import serving
from tests.regulations_gov import KEY, FakeRegulationsGov

CMS = "centers-for-medicare-medicaid-services"
FDA = "food-and-drug-administration"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUGGESTED = "Data must follow the patient."


def _documents(today):
    return [
        document(
            "2026-20001",
            "Medicare Program; Interoperability and Prior Authorization",
            agency=CMS,
            published=today - timedelta(days=10),
            closes=today + timedelta(days=30),
            abstract="Proposes APIs for prior authorization and patient access.",
            regs_id="CMS-2026-0101-0001",
        ),
        document(
            "2026-10002",
            "Medicare Advantage; Star Ratings",
            agency=CMS,
            published=today - timedelta(days=60),
            closes=today - timedelta(days=5),
        ),
        document(
            "2026-20003",
            "Clinical Decision Support Software; Guidance",
            agency=FDA,
            kind="NOTICE",
            published=today - timedelta(days=3),
            closes=today + timedelta(days=55),
        ),
    ]


@pytest.fixture
def register(app):
    """The fake Federal Register, serving; the app pointed at it, watching the FDA only."""
    fake = FakeFederalRegister()
    fake.documents = _documents(app_today(app, "America/New_York"))
    with serving(fake) as url:
        fake.base = url
        app.config.update(FEDERAL_REGISTER_URL=url, RULES_AGENCIES=[FDA])
        yield fake


def _update(app):
    return app.test_cli_runner().invoke(args=["rules", "update"])


def _comment_campaign(app, as_user, rule_id: int, slug: str = "prior-auth-comments") -> int:
    lead = as_user("lead@example.org")
    page = lead.get("/staff/campaigns/new").data.decode()
    assert "2026-20001: Medicare Program" in page
    form = campaign_form(slug=slug, title="Comment on prior authorization", rule_id=rule_id)
    del form["targets"]  # a comment goes to the agency: no bodies to write to
    response = submit(lead, "/staff/campaigns/new", form, page=page)
    assert response.status_code == 303, response.data.decode()[:2000]
    with app.app_context():
        return db.session.scalars(select(Campaign.id).where(Campaign.slug == slug)).one()


def _answers(page: str) -> list[str]:
    return re.findall(r'<textarea id="(section-\d+)"', page)


def _write(client, slug, chapter, texts, files=None, **extra):
    page = client.get(f"/c/{slug}/comment").data.decode()
    sections = _answers(page)
    fields = {
        "name": "Ana Member",
        "email": "ana@example.org",
        "submitter": "INDIVIDUAL",
        "chapter": str(chapter),
        **dict(zip(sections, texts, strict=False)),
        **extra,
    }
    if files:
        fields["files"] = files
    return submit(client, f"/c/{slug}/comment", fields, page=page,
                  content_type="multipart/form-data")  # fmt: skip


def test_an_advocate_follows_cms_and_a_member_files_a_comment_through_regulations_gov(
    app, world, as_user, register
):
    # The first update reads the agency list and the FDA's documents only.
    first = _update(app)
    assert first.exit_code == 0, first.output
    assert "1 new" in first.output
    advocate = as_user("a@example.org")
    listing = advocate.get("/rules").data.decode()
    assert "Follow this agency" in listing and "Centers for Medicare" in listing
    chosen = {"agency": CMS, "chapter_id": str(world.chapter_a)}
    followed = submit(advocate, "/rules/follow/agency", chosen, page=listing)
    assert followed.status_code == 302
    second = _update(app)
    assert second.exit_code == 0, second.output
    assert "2 new" in second.output and "1 unchanged" in second.output
    asked = [r for r in register.requests if r["path"] == "/documents.json"]
    assert [CMS] in [r.get("conditions[agencies][]") for r in asked]
    # Open for comment first, with the days left; the closed one after.
    page = as_user(None).get("/rules").data.decode()
    assert page.index("Interoperability and Prior") < page.index("Clinical Decision")
    assert page.index("Clinical Decision") < page.index("Star Ratings")
    assert "30 days left" in page and "Closed" in page
    with app.app_context():
        rule = db.session.scalars(select(Rule).where(Rule.document_number == "2026-20001")).one()
        rule_id, closes = rule.id, rule.comments_close_on
        assert rule.regulations_document_id == "CMS-2026-0101-0001"
    # A lead launches a comment campaign on it: it closes with the comment period.
    campaign_id = _comment_campaign(app, as_user, rule_id)
    with app.app_context():
        assert db.session.get(Campaign, campaign_id).ends_on == closes
    # A member: the campaign's link opens the comment page, one box per talking point.
    register_fake = FakeRegulationsGov(documents={"2026-20001": "CMS-2026-0101-0001"})
    member = app.test_client()
    assert (
        member.get("/c/prior-auth-comments")
        .headers["Location"]
        .endswith("/c/prior-auth-comments/comment")
    )
    page = member.get("/c/prior-auth-comments/comment").data.decode()
    assert _answers(page) == ["section-0", "section-1"] and SUGGESTED in page
    with serving(register_fake) as regs:
        register_fake.base = regs
        app.config.update(REGULATIONS_GOV_API_KEY=KEY, REGULATIONS_GOV_URL=f"{regs}/v4")
        # Only the campaign's words: asked once for more of the member's own.
        copied = _write(
            member, "prior-auth-comments", world.chapter_a, [SUGGESTED, "Fund training."]
        )
        assert copied.status_code == 400
        assert "Add more of your own words" in copied.data.decode()
        own = ("As a nurse informaticist in Worcester I wait four days for prior "
               "authorizations; " + SUGGESTED)  # fmt: skip
        response = _write(member, "prior-auth-comments", world.chapter_a, [own, ""],
                          files=[(io.BytesIO(PDF), "our survey.pdf")])  # fmt: skip
        assert response.status_code == 303, response.data.decode()[:3000]
        filed_link = response.headers["Location"]
        # The back button and a second click file nothing more.
        again = _write(member, "prior-auth-comments", world.chapter_a, [own, ""])
        assert again.status_code == 303
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
            comment = db.session.scalars(select(Comment)).one()
            assert (comment.evidence, comment.channel) == ("intent", "regulations_gov")
            assert 30 <= comment.own_share < 100 and [f.filename for f in comment.files] == [
                "our survey.pdf"
            ]
        assert "on its way" in member.get(filed_link).data.decode()
        sent = app.test_cli_runner().invoke(args=["outbox", "send", "--once"])
        assert sent.exit_code == 0, sent.output
    (filed,) = register_fake.comments
    assert filed["commentOnDocumentId"] == "CMS-2026-0101-0001"
    assert (filed["firstName"], filed["lastName"], filed["submitterType"]) == (
        "Ana", "Member", "INDIVIDUAL"
    )  # fmt: skip
    assert filed["files"] == ["our survey.pdf"] and own in filed["comment"]
    assert register_fake.uploads[filed["submissionKey"]]["our survey.pdf"] == PDF
    page = member.get(filed_link).data.decode()
    assert filed["trackingNumber"] in page and "Your comment is filed" in page
    with app.app_context():
        comment = db.session.scalars(select(Comment)).one()
        assert (comment.evidence, comment.tracking_number) == ("sent", filed["trackingNumber"])
    # The chapter sees it counted on the rule's page; the other chapter does not.
    rule_page = advocate.get("/rules/2026-20001").data.decode()
    assert "Comments your chapters filed" in rule_page and filed["trackingNumber"] in rule_page
    other = as_user("b@example.org").get("/rules/2026-20001").data.decode()
    assert filed["trackingNumber"] not in other
    # The month's report counts it by rule, agency and chapter; the member's history shows it.
    month = app_today(app, "America/New_York").strftime("%Y-%m")
    csv = as_user("lead@example.org").get(f"/reports/monthly.csv?month={month}&table=comments")
    assert csv.status_code == 200
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("rule,title,agency,chapter,filed (tracking number)")
    assert lines[1:] == [
        "2026-20001,Medicare Program; Interoperability and Prior Authorization,"
        "Centers for Medicare & Medicaid Services,Chapter A,1,0,0"
    ]


def test_without_a_key_the_member_files_on_the_agencys_page_and_reports_back(
    app, world, as_user, register
):
    app.config.update(RULES_AGENCIES=[CMS])
    assert _update(app).exit_code == 0
    with app.app_context():
        rule_id = db.session.scalars(
            select(Rule.id).where(Rule.document_number == "2026-20001")
        ).one()
    _comment_campaign(app, as_user, rule_id)
    member = app.test_client()
    mine = "I run the EHR at a rural clinic; the APIs would save us weeks."
    response = _write(member, "prior-auth-comments", 0, [mine, ""])
    assert response.status_code == 303
    link = response.headers["Location"]
    page = member.get(link).data.decode()
    assert "Now file your comment" in page
    assert 'href="https://www.regulations.gov/commenton/CMS-2026-0101-0001"' in page
    with app.app_context():
        comment = db.session.scalars(select(Comment)).one()
        assert (comment.channel, comment.evidence) == ("comment_form", "intent")
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    bad = submit(member, f"{link}/filed", {"tracking_number": "<script>"}, page=page)
    assert bad.status_code == 400 and "tracking number as shown" in bad.data.decode()
    done = submit(member, f"{link}/filed", {"tracking_number": "kx1-9abc-defg"}, page=page)
    assert done.status_code == 303
    with app.app_context():
        comment = db.session.scalars(select(Comment)).one()
        assert (comment.evidence, comment.tracking_number) == ("reported", "kx1-9abc-defg")
    assert "You filed your comment" in member.get(link).data.decode()
    month = app_today(app, "America/New_York").strftime("%Y-%m")
    csv = as_user("lead@example.org").get(f"/reports/monthly.csv?month={month}&table=comments")
    assert csv.data.decode("utf-8-sig").splitlines()[1].endswith(",No chapter,0,1,0")
    # Another token, or another campaign's: no such comment.
    assert member.get(link[:-3] + "xyz").status_code == 404


def test_a_bad_federal_register_answer_is_refused_by_name_and_nothing_changes(app, register):
    app.config.update(RULES_AGENCIES=[CMS])
    assert _update(app).exit_code == 0
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Rule))
    broken = dict(register.documents[0])
    del broken["document_number"]
    for raw, reason in (
        (b"{", "page 1 is not JSON"),
        (b"[" * 200_000, "page 1 is not JSON"),
        (b'{"results": 3}', "not a documents page"),
        (b'{"results": [' + json.dumps(broken).encode() + b"]}", "no document_number"),
    ):
        register.raw = raw
        result = _update(app)
        assert result.exit_code == 1
        assert f"refused federal-register-agency-{CMS}" in result.output
        assert reason in result.output and "unchanged" in result.output
    register.raw = None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Rule)) == before


def test_an_extended_comment_period_moves_the_campaign_with_it(app, world, as_user, register):
    app.config.update(RULES_AGENCIES=[CMS])
    assert _update(app).exit_code == 0
    with app.app_context():
        rule = db.session.scalars(select(Rule).where(Rule.document_number == "2026-20001")).one()
        rule_id, closes = rule.id, rule.comments_close_on
    campaign_id = _comment_campaign(app, as_user, rule_id)
    later = closes + timedelta(days=30)
    register.documents[0]["comments_close_on"] = later.isoformat()
    result = _update(app)
    assert result.exit_code == 0 and "1 with a new closing date" in result.output
    with app.app_context():
        assert db.session.get(Campaign, campaign_id).ends_on == later
        change = db.session.scalars(select(RuleChange).where(RuleChange.kind == "closing")).one()
        assert later.isoformat() in change.details and closes.isoformat() in change.details


def test_the_digest_names_new_rules_and_warns_seven_and_two_days_before_they_close(
    app, world, as_user, register
):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from advocacy import clock
    from advocacy.bills.digest import digests
    from advocacy.models import User
    from advocacy.rules.digest import rule_lines
    from advocacy.rules.service import follow

    with app.app_context():
        advocate = db.session.scalars(select(User).where(User.email == "a@example.org")).one()
        advocate.digest = "daily"
        advocate.digest_sent_at = clock.now() - timedelta(days=1)
        follow(world.chapter_a, advocate.id, "agency", CMS)
        db.session.commit()
    assert _update(app).exit_code == 0

    def mails(now):
        with app.app_context():
            return {u.email: m for u, m in digests(now, rule_lines) if m is not None}

    with app.app_context():
        start = clock.now()
        closes = db.session.scalars(
            select(Rule.comments_close_on).where(Rule.document_number == "2026-20001")
        ).one()
    fresh = mails(start + timedelta(hours=2))["a@example.org"]
    # Both of CMS's documents are new (one already closed); the open one says its days left.
    assert fresh.subject.endswith("2 agency rules") and "2026-20001" in fresh.body
    assert "2026-10002" in fresh.body and "(closed)" in fresh.body
    assert fresh.body.count("New in the Federal Register") == 2 and "30 days left" in fresh.body
    # The FDA's notice is no rule chapter A follows; chapter B's advocate gets nothing.
    assert "2026-20003" not in fresh.body and "b@example.org" not in mails(start)

    def noon(day):
        return datetime.combine(day, time(12), ZoneInfo("America/New_York"))

    for days_before, warned in ((10, False), (7, True), (3, False), (2, True)):
        with app.app_context():
            user = db.session.scalars(select(User).where(User.email == "a@example.org")).one()
            user.digest_sent_at = noon(closes - timedelta(days=days_before + 1))
            db.session.commit()
        found = mails(noon(closes - timedelta(days=days_before)))
        assert ("a@example.org" in found) is warned, days_before
        if warned:
            assert f"{days_before} days left" in found["a@example.org"].body


def test_a_lead_enters_a_canada_gazette_consultation_and_members_comment_at_its_link(
    app, world, as_user
):
    lead = as_user("lead@example.org")
    page = lead.get("/rules/new").data.decode()
    closes = app_today(app, "America/New_York") + timedelta(days=20)
    fields = {
        "title": "Consultation on the Pan-Canadian Interoperability Roadmap",
        "department": "Health Canada",
        "link": "https://www.canada.ca/en/health-canada/consult-interoperability.html",
        "closes_on": closes.isoformat(),
        "reference": "Canada Gazette, Part I, Vol. 160, No. 48",
    }
    bad = submit(lead, "/rules/new", fields | {"link": "javascript:alert(1)"}, page=page)
    assert bad.status_code == 400 and "starting with https://" in bad.data.decode()
    saved = submit(lead, "/rules/new", fields, page=page)
    assert saved.status_code == 302
    shown = lead.get(saved.headers["Location"]).data.decode()
    assert "Health Canada" in shown and "Pan-Canadian Interoperability" in shown
    assert as_user("a@example.org").get("/rules/new").status_code == 403
    with app.app_context():
        rule = db.session.scalars(select(Rule).where(Rule.source_key.like("manual:%"))).one()
        rule_id = rule.id
    # With regulations.gov's key set, a consultation it does not carry is still commented
    # on at its own link: nothing is queued for regulations.gov.
    app.config.update(REGULATIONS_GOV_API_KEY=KEY, REGULATIONS_GOV_URL="http://127.0.0.1:9/v4")
    lead_page = lead.get("/staff/campaigns/new").data.decode()
    assert "Pan-Canadian Interoperability" in lead_page
    form = campaign_form(slug="roadmap", title="Comment on the roadmap", rule_id=rule_id)
    del form["targets"]
    assert submit(lead, "/staff/campaigns/new", form, page=lead_page).status_code == 303
    member = app.test_client()
    mine = "As a clinic's IT lead in Ottawa, I need the roadmap to name FHIR R4."
    response = _write(member, "roadmap", 0, [mine, ""])
    assert response.status_code == 303
    page = member.get(response.headers["Location"]).data.decode()
    assert 'href="https://www.canada.ca/en/health-canada/consult-interoperability.html"' in page
    with app.app_context():
        comment = db.session.scalars(select(Comment)).one()
        assert comment.channel == "comment_form" and comment.agency == "Health Canada"
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_bad_comment_is_refused_with_a_clear_error_and_keeps_the_text(
    app, world, as_user, register
):
    app.config.update(RULES_AGENCIES=[CMS], COMMENT_MAX_CHARS=300)
    assert _update(app).exit_code == 0
    with app.app_context():
        rule_id = db.session.scalars(
            select(Rule.id).where(Rule.document_number == "2026-20001")
        ).one()
    _comment_campaign(app, as_user, rule_id)
    member = app.test_client()
    mine = "My own words about the rule, " * 12
    for texts, message in (
        (["", ""], "Write at least one section in your own words."),
        (["Ten\x07 days", "x"], "contains control characters"),
        ([mine, ""], "regulations.gov takes at most 300"),
    ):
        response = _write(member, "prior-auth-comments", 0, texts)
        page = response.data.decode()
        assert response.status_code == 400 and message in page, message
        assert 'class="error-summary"' in page
        if texts[0].strip():
            assert texts[0].split("\x07")[0][:40] in page  # the text is kept
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_a_followed_query_is_searched_and_a_member_asks_for_a_receipt(
    app, world, as_user, register
):
    from advocacy.rules.service import follow

    with app.app_context():
        follow(world.chapter_a, 1, "query", "prior authorization")
        db.session.commit()
    app.config.update(RULES_AGENCIES=[FDA])
    assert _update(app).exit_code == 0
    asked = [r for r in register.requests if r["path"] == "/documents.json"]
    assert [r.get("conditions[term]") for r in asked] == [None, ["prior authorization"]]
    with app.app_context():
        assert {n for (n,) in db.session.execute(select(Rule.document_number))} == {
            "2026-20001",
            "2026-20003",
        }
        rule_id = db.session.scalars(
            select(Rule.id).where(Rule.document_number == "2026-20001")
        ).one()
    _comment_campaign(app, as_user, rule_id)
    member = app.test_client()
    words = ["Our wait is four days at the clinic.", ""]
    response = _write(member, "prior-auth-comments", 0, words, email="rina@example.org")
    assert response.status_code == 303, response.data.decode()[:2000]
    link = response.headers["Location"]
    page = member.get(link).data.decode()
    asked_receipt = submit(member, f"{link}/receipt", {}, page=page)
    assert asked_receipt.status_code == 303 and "receipt=1" in asked_receipt.headers["Location"]
    submit(member, f"{link}/receipt", {}, page=page)  # twice: one receipt
    with app.app_context():
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == "rina@example.org")
        ).all()
        assert len(mails) == 1, [(m.to_address, m.subject) for m in mails]
        (mail,) = mails
    # The mail's link is signed when the mail is made (a second later, another signature):
    # it is the comment's page, whose words it opens.
    assert "Our wait is four days" in mail.body
    (mailed,) = re.findall(r"https?://\S+(/c/prior-auth-comments/comment/[\w.-]+)", mail.body)
    opened = app.test_client().get(mailed)  # the link alone, no session
    assert opened.status_code == 200 and "Our wait is four days" in opened.data.decode()
