"""A member sends a story with a photo in a real browser; a lead approves it; it is shared."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.models import Story
from advocacy.text import count_words, tweet_length
from tests.factories import PASSWORD, make_campaign, make_world
from tests.net import serving
from tests.stories import pictures


@pytest.fixture
def live(sqlite_app, tmp_path):
    sqlite_app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    make_world(sqlite_app)
    make_campaign(sqlite_app)
    with serving(sqlite_app) as base:
        yield base, sqlite_app


def test_story_with_photo_to_gallery_with_share_card(browser, live, tmp_path):
    base, app = live
    photo = tmp_path / "family.jpg"
    photo.write_bytes(pictures.jpeg_with_gps(size=(2000, 1500)))
    svg = tmp_path / "logo.svg"
    svg.write_bytes(pictures.SVG)

    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/stories/new?campaign=nhit-week")
    page.get_by_label("Your name").fill("Ana Member")
    page.get_by_label("Your email (never shown)").fill("ana@example.org")
    page.get_by_label("Title").fill("Records that followed my mother")
    page.get_by_label("Your story (at most 300 words)").fill(
        "When my mother moved hospitals in 2025, her records arrived before she did."
    )
    page.get_by_label("#IHeartHIT because …").fill("her records arrived before she did")
    # Live counters, counted as the submit will count (the server's own functions).
    body = page.input_value("textarea[name=body]")
    words = f"{count_words(body)} of 300 words"
    expect(page.locator("#body-count")).to_have_text(words)
    left = 280 - tweet_length("#IHeartHIT because her records arrived before she did")
    expect(page.locator("#because-count")).to_have_text(f"{left} characters left")
    page.get_by_label("Everyone this story is about has given me permission").check()
    page.get_by_label("This story does not promote").check()
    # An SVG first: refused with a reason, and the words stay on the page.
    page.set_input_files("input[name=image]", str(svg))
    page.get_by_role("button", name="Send my story").click()
    assert "SVG images are not accepted" in page.inner_text("main")
    # The problems are summed up at the top, and that summary has the focus.
    expect(page.locator(".error-summary")).to_be_focused()
    assert "SVG images are not accepted" in page.inner_text(".error-summary")
    assert "arrived before she did" in page.input_value("textarea[name=body]")
    page.set_input_files("input[name=image]", str(photo))
    page.get_by_label("Everyone this story is about has given me permission").check()
    page.get_by_label("This story does not promote").check()
    page.get_by_role("button", name="Send my story").click()
    page.wait_for_url("**/stories/thanks")
    assert "Thank you" in page.inner_text("main")

    lead = browser.new_page()
    lead.set_default_timeout(15_000)
    lead.goto(f"{base}/staff/login")
    lead.get_by_label("Email").fill("lead@example.org")
    lead.get_by_label("Password").fill(PASSWORD)
    lead.get_by_role("button", name="Sign in").click()
    lead.goto(f"{base}/stories/moderate")
    lead.get_by_role("link", name="Records that followed my mother").click()
    lead.get_by_role("button", name="Approve", exact=True).click()
    assert "Approved" in lead.inner_text("main")

    page.goto(f"{base}/stories")
    card = page.locator("article.story-card").first
    assert "Records that followed my mother" in card.inner_text()
    width = card.locator("img").evaluate("img => img.complete && img.naturalWidth")
    assert width == 1200
    card.get_by_role("link").click()
    image_url = page.get_attribute('meta[property="og:image"]', "content")
    assert page.get_attribute('meta[name="twitter:card"]', "content") == "summary_large_image"
    served = page.request.get(image_url)
    assert served.ok and served.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(served.body()))
    assert image.size == (1200, 630) and not image.getexif()  # no GPS left
    share = page.get_by_role("link", name="X").get_attribute("href")
    assert "%23IHeartHIT" in share and "%23NHITweek" in share
    campaign = page.get_by_role("link", name="Write to your officials: National Health IT Week")
    assert campaign.count() == 1 and campaign.is_visible()
    with app.app_context():
        assert db.session.scalars(select(Story.status)).all() == ["approved"]
