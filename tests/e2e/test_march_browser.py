"""A real browser (Debian's Chromium driven by Playwright) walks the member's flow.

The app runs on a live server on 127.0.0.1 with the real directory; the Census geocoder
is answered at the HTTP level by `responses` (the server runs in this process).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.models import Interaction
from tests.census_answers import MA_ADDRESS, serve_ma
from tests.factories import make_campaign
from tests.net import serving

pytestmark = pytest.mark.realdata


@pytest.fixture
def live(census_app, loaded_app):
    """The app on a real HTTP server; yields its base URL."""
    _, mock = census_app
    serve_ma(mock)
    make_campaign(loaded_app)
    loaded_app.config["SMTP_HOST"] = "127.0.0.1"  # offer "send it for me" (only queued here)
    with serving(loaded_app) as base:
        yield base, loaded_app


def test_member_walks_the_march_in_a_browser(browser, live):
    base, app = live
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/c/nhit-week/thanks")
    assert "0 messages" in page.inner_text(".count")
    assert "Nothing sent yet" in page.inner_text("h1")  # no thanks for doing nothing

    page.goto(f"{base}/c/nhit-week")
    page.get_by_label("Your name").fill("Ana Member")
    page.get_by_label("Your email").fill("ana@example.org")
    page.get_by_label("Your street address, city, state and ZIP").fill(MA_ADDRESS)
    page.get_by_role("button", name="Find my officials").click()
    page.wait_for_url("**/c/nhit-week/write")

    page.get_by_label("Workforce").uncheck()
    page.get_by_label("Your story (optional, at most 300 words)").fill(
        "Our records followed my mother between hospitals."
    )
    page.get_by_role("button", name="Preview my letters").click()
    page.wait_for_url("**/c/nhit-week/send")
    # One official at a time; the others are a checklist.
    current = page.locator("section.letter.current")
    checklist = page.get_by_role("navigation", name="Your officials")
    assert page.locator("section.letter").count() == 1
    assert checklist.get_by_role("listitem").count() == 5
    current.locator("summary").click()  # the letter is folded under its subject
    assert "Interoperability" in current.inner_text()
    assert "Fund health IT training" not in page.inner_text("body")

    # "Copy my letter" puts the whole letter on the clipboard (shown only with JavaScript).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    first_letter = current.locator("pre.letter-text").inner_text()
    current.get_by_role("button", name="Copy my letter").click()
    current.get_by_text("Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == first_letter
    # Other sites open in a new tab: the member keeps this page.
    for form in page.locator("form.tweet").all():
        assert form.get_attribute("target") == "_blank" and form.get_attribute("rel") == "noopener"

    # The live counter: over 280 the count goes negative and posting is disabled.
    box = page.locator("textarea[data-measure]").first
    box.fill("日" * 150)
    counter = box.locator("xpath=..").locator(".tweet-count")
    page.wait_for_function("el => el.textContent === '-20'", arg=counter.element_handle())
    assert box.locator("xpath=..").get_by_role("button").first.is_disabled()

    # Send one letter through our server (queued): the first official we can email.
    assert "0 of 5" in page.inner_text(".progress")
    for link in checklist.get_by_role("link").all():
        link.click()
        page.wait_for_load_state()
        if current.get_by_role("button", name="Send it for me by email").count():
            break
    emailed = current.locator("h2").inner_text()
    current.get_by_role("button", name="Send it for me by email").click()
    page.wait_for_url("**/c/nhit-week/send*")
    assert "is on its way" in page.inner_text(".flash")
    # Counted: on to the next official not done, focused; the checklist marks the first.
    assert "1 of 5" in page.inner_text(".progress")
    assert current.locator("h2").inner_text() != emailed
    assert page.evaluate("document.activeElement.id") == current.get_attribute("id")
    done_item = checklist.get_by_role("listitem").filter(has_text=emailed.split(" ", 1)[1][-12:])
    assert "✓ Send it for me by email" in done_item.inner_text()

    current.get_by_role("button", name="Print to mail").click()
    page.wait_for_url("**/letter/*")
    assert "Sincerely," in page.inner_text("pre")
    page.go_back()
    page.reload()
    # Printing is opening, not sending: "(opened)" on the button until "I sent it".
    print_button = current.get_by_role("button", name=re.compile(r"^Print to mail"))
    assert print_button.inner_text() == "Print to mail (opened)"
    current.get_by_role("button", name="I sent it (by post)").click()
    page.wait_for_url("**/c/nhit-week/send*")

    page.get_by_role("link", name="I'm done").click()
    page.wait_for_url("**/c/nhit-week/thanks")
    # Our email is on its way and the print was reported: two sent, nothing only opened.
    assert "2 messages sent by 1 member" in page.inner_text(".count")
    assert "Thank you!" in page.inner_text("h1")
    assert page.get_by_role("link", name="Tell your #IHeartHIT story").is_visible()

    with app.app_context():
        rows = db.session.execute(
            select(Interaction.channel, Interaction.evidence, Interaction.member_email)
        ).all()
    assert sorted(rows) == [
        ("print", "reported", "ana@example.org"),
        ("smtp_email", "intent", "ana@example.org"),
    ]
