"""No page makes the browser ask another host for anything: photos, fonts, scripts, styles.

The `browser` fixture watches every request of every page it opens; here a member and a lead
walk the pages with the real directory loaded (officials' photo URLs point elsewhere)."""

from __future__ import annotations

import pytest

from advocacy import create_app
from tests.browser import Watched
from tests.factories import PASSWORD, base_config, dispose, make_campaign
from tests.net import serving

pytestmark = pytest.mark.realdata

MEMBER_PAGES = [
    "/",
    "/officials",
    "/officials?q=Warren",
    "/find?zip=02139",
    "/c/nhit-week",
    "/stories",
    "/stories/new",
    "/events",
    "/privacy",
    "/my-history",
    "/staff/login",
    "/password/reset",
]
LEAD_PAGES = ["/log", "/log/new", "/log/follow-ups", "/reports/monthly", "/staff/campaigns"]


@pytest.fixture
def site(databases, shared_data, tmp_path):
    url, data_dir = databases.loaded("sqlite", shared_data)
    app = create_app(base_config(url, data_dir))
    result = app.test_cli_runner().invoke(
        args=["users", "create", "lead@example.org", "--role", "lead", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    make_campaign(app)
    with serving(app) as base:
        yield base
    dispose(app)


def test_no_page_asks_another_host_for_anything(browser, site):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    for path in MEMBER_PAGES:
        assert page.goto(site + path).status == 200, path
    # An official's page (their photo URL is another site's): shown as initials.
    page.goto(site + "/officials?q=Warren")
    page.locator("a[href^='/officials/']").first.click()
    page.wait_for_load_state()
    assert "/officials/" in page.url
    page.goto(site + "/staff/login")
    page.get_by_label("Email").fill("lead@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    for path in LEAD_PAGES:  # a lead with no chapter may be told a page is not theirs
        assert page.goto(site + path).status in (200, 403), path


def test_the_watch_sees_a_request_to_another_host(_chromium):
    watched = Watched(_chromium)
    page = watched.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing leaves the machine
    page.set_content('<img src="https://photos.example.com/senator.jpg" alt="">')
    page.wait_for_timeout(200)
    assert watched.foreign == ["image https://photos.example.com/senator.jpg"]
