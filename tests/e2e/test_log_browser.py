"""The log form in a real browser: officials found as the advocate types; Enter in the search
box searches (and ticks the one official found), never saves; Save logs the contact."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from advocacy.extensions import db
from advocacy.models import LogEntry
from tests.factories import PASSWORD, make_world
from tests.net import serving


@pytest.fixture
def live(sqlite_app):
    make_world(sqlite_app)
    with serving(sqlite_app) as base:
        yield base, sqlite_app


def _entries(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LogEntry))


def test_officials_appear_as_you_type_and_enter_never_saves(browser, live):
    base, app = live
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/staff/login")
    page.get_by_label("Email").fill("a@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/log/new")
    before = _entries(app)
    box = page.get_by_label("Find an official by name")
    box.press_sequentially("Po", delay=30)
    page.locator("#found label").first.wait_for()
    assert "Ann Poe" in page.inner_text("#found")
    assert not page.locator("#found input").first.is_checked()  # typing ticks nothing
    box.press("Enter")
    expect(page.locator("#found input").first).to_be_checked()
    assert page.url.endswith("/log/new") and _entries(app) == before  # Enter did not save
    page.get_by_label("Issue").fill("Interoperability")
    page.get_by_role("button", name="Save", exact=True).last.click()
    page.wait_for_url("**/log/*")
    assert _entries(app) == before + 1
    assert "Ann Poe" in page.inner_text("main")
    # The entry's Edit and Delete stand on one line, top to top and bottom to bottom.
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        edit = page.get_by_role("link", name="Edit", exact=True).bounding_box()
        delete = page.get_by_role("button", name="Delete", exact=True).bounding_box()
        assert edit and delete and abs(edit["y"] - delete["y"]) < 1, (width, edit, delete)
        assert abs(edit["height"] - delete["height"]) < 1, (width, edit, delete)
