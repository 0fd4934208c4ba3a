"""A member comments on an agency rule in a real browser at a phone's width: the campaign's
link opens the comment page, a comment mostly in the campaign's words is sent back once,
a file that is not what its name says is refused with the text kept, and the filed comment
shows its tracking number once the worker has filed it through regulations.gov (a fake)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.models import Comment, User
from tests.factories import make_rule, make_world
from tests.net import serving
from tests.regulations_gov import KEY, FakeRegulationsGov

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def live(sqlite_app, tmp_path):
    sqlite_app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    world = make_world(sqlite_app)
    with sqlite_app.app_context():
        user_b = db.session.scalars(select(User.id).where(User.email == "b@example.org")).one()
    make_rule(sqlite_app, world.chapter_b, user_b)
    fake = FakeRegulationsGov(documents={"2026-20001": "CMS-2026-0101-0001"})
    with serving(fake) as regs, serving(sqlite_app) as base:
        fake.base = regs
        sqlite_app.config.update(REGULATIONS_GOV_API_KEY=KEY, REGULATIONS_GOV_URL=f"{regs}/v4")
        yield base, sqlite_app, fake


def test_a_member_comments_with_a_file_and_sees_the_tracking_number(browser, live, tmp_path):
    base, app, fake = live
    fake_pdf = tmp_path / "survey.pdf"
    fake_pdf.write_bytes(b"<html>not a pdf</html>")
    real_pdf = tmp_path / "our survey.pdf"
    real_pdf.write_bytes(PDF)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(15_000)
    page.goto(f"{base}/c/rule-comments")
    page.wait_for_url("**/c/rule-comments/comment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment on the APIs rule")
    assert "30 days left" in page.inner_text("main")
    page.get_by_label("Your name").fill("Cara Member")
    page.get_by_label("Your email (for your receipt; the agency does not publish it)").fill(
        "cara@example.org"
    )
    # The campaign's suggestion, copied as it is: the page asks for the member's own words.
    page.get_by_text("The campaign suggests").first.click()
    suggestion = page.locator("details .point-body").first.inner_text()
    page.locator("#section-0").fill(suggestion)
    page.get_by_role("button", name="File my comment").click()
    expect(page.locator("#own-words")).to_be_focused()
    assert "0% of this comment is in your own words" in page.inner_text("#own-words")
    own = "I run the EHR at a rural clinic in Worcester; prior authorization takes us four days."
    page.locator("#section-0").fill(own + " " + suggestion)
    # A file that is not what its name says: refused, the words kept.
    page.set_input_files("#files", str(fake_pdf))
    page.get_by_role("button", name="Send it as it is").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert "survey.pdf is not a PDF file inside" in page.inner_text(".error-summary")
    assert own in page.input_value("#section-0")
    page.set_input_files("#files", str(real_pdf))
    page.get_by_role("button", name="File my comment").click()
    page.wait_for_url("**/c/rule-comments/comment/*")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment is on its way")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--once"])
    assert result.exit_code == 0, result.output
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment is filed")
    (filed,) = fake.comments
    assert filed["trackingNumber"] in page.inner_text("main")
    assert filed["files"] == ["our survey.pdf"]
    with app.app_context():
        comment = db.session.scalars(
            select(Comment).where(Comment.member_email == "cara@example.org")
        ).all()[-1]
        assert comment.evidence == "sent" and own in comment.body
