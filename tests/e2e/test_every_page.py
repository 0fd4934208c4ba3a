"""Every page, for every role, in a real browser at phone and desktop widths: no page is wider
than the screen at 320, 390 or 1280 px (WCAG 1.4.10 reflow), axe (WCAG 2.2 A and AA) finds
nothing at 320 and 1280 px, nothing is asked of another host. One test per role, so the
walk is shared among the workers.

Each page is loaded once, at 320 px, and then resized as a phone turned sideways or a
window widened would be (our layouts are CSS alone: the media queries answer the new
width); axe is put into the page once and run at each of its widths.

With $ADVOCACY_SCREENSHOTS set (`make screenshots`), a screenshot of each page at 390 and
1280 px goes there, with widths.json (each page's document width at each viewport).
"""

from __future__ import annotations

import json
import re

import pytest
import responses
from axe_playwright_python.base import AXE_SCRIPT

from advocacy import create_app
from tests.browser import SHOTS
from tests.census_answers import CENSUS, MA_ADDRESS, serve_ma
from tests.factories import PASSWORD, base_config, dispose, mirror_start, set_clock
from tests.mirror import copy_tree
from tests.net import serving
from tests.site import build_site, pages

pytestmark = pytest.mark.realdata

WIDTHS = (320, 390, 1280)
AXE_WIDTHS = (320, 1280)  # the narrowest and the widest: what a layout in between can break
SHOT_WIDTHS = (390, 1280)
# Each role's pages in so many parts (a part is one test: the workers share the walk).
PARTS = {"member": 3, "advocate": 3, "lead": 2, "admin": 1}
WALKS = [(role, part) for role, n in PARTS.items() for part in range(n)]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def site(databases, shared_data, tmp_path_factory):
    """The realistic site, built once per worker for every role's walk."""
    url, data_dir = databases.loaded("sqlite", shared_data)
    folder = tmp_path_factory.mktemp("site")
    app = create_app(
        base_config(url, copy_tree(data_dir, folder / "data", link=True))
        | {"GEOCODER": "census", "CENSUS_GEOCODER_URL": CENSUS, "GEOCODER_RETRIES": 0,
           "SMTP_HOST": "127.0.0.1", "UPLOAD_DIR": str(folder / "uploads"),
           # The limits on, as deployed: the walk stays far below them, and one member is
           # limited on purpose to see the page they get.
           "RATELIMIT_ENABLED": True,
           "LEGISLATOR_DATA_MIRROR": str(shared_data)}
    )  # fmt: skip
    set_clock(app, mirror_start(shared_data))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        serve_ma(mock)
        built = build_site(app, app.test_client())
        with serving(app) as base:
            yield base, built, app
    dispose(app)
    databases.discard(url)


def _slug(path: str) -> str:
    """A file name for the page: signed tokens (long, new each run) read as "link"."""
    path = "/".join("link" if len(part) > 30 else part for part in path.split("/"))
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")[:60] or "home"


def _sign_in(page, base: str, role: str) -> None:
    email = {"advocate": "a@example.org", "lead": "lead@example.org", "admin": "admin@example.org"}
    page.goto(f"{base}/staff/login")
    page.get_by_label("Email").fill(email[role])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _march(page, base: str) -> None:
    """A member starts the march, so its later pages have something to show."""
    page.goto(f"{base}/c/nhit-week")
    page.get_by_label("Your name").fill("Ana Member")
    page.get_by_label("Your email").fill("ana@example.org")
    page.get_by_label("Your street address, city, state and ZIP").fill(MA_ADDRESS)
    page.get_by_role("button", name="Find my officials").click()
    page.wait_for_url("**/c/nhit-week/write")
    page.get_by_role("button", name="Preview my letters").click()
    page.wait_for_url("**/c/nhit-week/send")


def _open(page, url: str) -> int | None:
    """Load the page at the narrowest width; its status."""
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    response = page.goto(url)
    page.wait_for_load_state()
    return response.status if response else None


def _resize(page, width: int) -> dict:
    """The page at this width (measuring it lays it out again at the new size)."""
    page.set_viewport_size({"width": width, "height": 800})
    return _measure(page)


def _measure(page) -> dict:
    return page.evaluate(
        "() => ({doc: document.documentElement.scrollWidth, view: window.innerWidth,"
        " wide: [...document.querySelectorAll('body *')].filter(e => {"
        "  const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1"
        "   && getComputedStyle(e).position !== 'absolute' && r.width > 0"
        "   && !e.closest('.table-scroll'); })"
        "  .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))})"
    )


def _check(page, key: str, width: int, seen: dict, problems: list[str]) -> None:
    """The page as it is now, at this width: not wider than the screen, axe-clean."""
    if seen["doc"] > seen["view"]:
        problems.append(f"{key} at {width}px is {seen['doc']}px wide (too wide: {seen['wide']})")
    if SHOTS and width in SHOT_WIDTHS:
        page.screenshot(path=SHOTS / f"{_slug(key)}-{width}.png", full_page=True)
    if width in AXE_WIDTHS:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE_SCRIPT)  # once per loaded page, not once per width
        # Violations in full; the passes only counted (one node each), not serialised.
        options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
        result = page.evaluate(f"axe.run(document, {json.dumps(options)})")
        assert result["passes"], "axe checked nothing"
        for violation in result["violations"]:
            targets = [n["target"] for n in violation["nodes"]][:3]
            problems.append(f"{key} at {width}px: axe {violation['id']} {targets}")


def _check_limited(browser, base: str, app, problems: list[str]) -> None:
    """A member who posts too often sees our page (what happened, when to try again, what
    they wrote kept), as every page is checked: reached the way a member reaches it."""
    context = browser.new_context()
    page = context.new_page()
    browser.watch(page)
    saved = app.config["MARCH_RATE_LIMIT"]
    app.config["MARCH_RATE_LIMIT"] = "1 per hour"
    try:
        for _ in range(2):
            page.goto(f"{base}/c/nhit-week")
            page.get_by_label("Your name").fill("Ana Member")
            page.get_by_label("Your email").fill("ana@example.org")
            page.get_by_label("Your street address, city, state and ZIP").fill(MA_ADDRESS)
            with page.expect_response(lambda r: r.request.method == "POST") as answer:
                page.get_by_role("button", name="Find my officials").click()
        page.wait_for_load_state()
        if answer.value.status != 429:
            problems.append(f"limited page: the second post answered {answer.value.status}")
        for width in WIDTHS:
            _check(page, "member limited", width, _resize(page, width), problems)
    finally:
        app.config["MARCH_RATE_LIMIT"] = saved
        context.close()


A4_HEIGHT_PX = 1123  # 297 mm at 96 px per inch


def _check_print(page, base: str, problems: list[str]) -> None:
    """The monthly report on paper: no month form or buttons, the totals on the first page."""
    page.set_viewport_size({"width": 794, "height": A4_HEIGHT_PX})  # A4 at 96 px per inch
    page.goto(f"{base}/reports/monthly")
    page.emulate_media(media="print")
    try:
        if page.locator("form.filters").is_visible() or page.locator("nav.actions").is_visible():
            problems.append("report in print: the month form or its buttons show")
        bottom = page.evaluate(
            "() => document.querySelector('.report-table').getBoundingClientRect().bottom"
        )
        if bottom > A4_HEIGHT_PX - 2 * 45:  # the 12 mm margins
            problems.append(f"report in print: the totals end at {bottom:.0f}px, past page one")
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('.chart svg text')].map(t => "
            "t.getBoundingClientRect().height)"
        )
        if sizes and min(sizes) < 12:
            problems.append(f"report in print: chart text {min(sizes):.1f}px high (< 12)")
        if SHOTS:
            page.screenshot(path=SHOTS / "lead-reports-monthly-print.png", full_page=True)
    finally:
        page.emulate_media(media="screen")


def _check_leave_behind(page, base: str, built, problems: list[str]) -> None:
    """An office's leave-behind prints (Chromium's own PDF, A4) on one page."""
    import re

    days = built.days
    page.goto(f"{base}/days/{days['day']}/meetings/{days['meeting']}/leave-behind")
    pdf = page.pdf(format="A4", print_background=False)
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    if count != 1:
        problems.append(f"leave-behind: prints on {count} pages, not one")


@pytest.mark.slow
@pytest.mark.parametrize(("role", "part"), WALKS, ids=[f"{r}-{p}" for r, p in WALKS])
def test_every_page_fits_the_screen_and_passes_axe(browser, site, role, part):
    base, built, app = site
    problems: list[str] = []
    widths: dict[str, dict[str, int]] = {}
    context = browser.new_context()
    page = context.new_page()
    browser.watch(page)
    page.set_default_timeout(15_000)
    if role == "member":
        _march(page, base)
    else:
        _sign_in(page, base, role)
    for path in pages(built)[role][part :: PARTS[role]]:
        key = f"{role} {path}"
        widths[key] = {}
        status = _open(page, base + path)
        if status is None or status >= 500:
            problems.append(f"{key}: answered {status}")
        for width in WIDTHS:
            seen = _resize(page, width)
            widths[key][str(width)] = seen["doc"]
            _check(page, key, width, seen, problems)
    if role == "lead" and part == 0:
        _check_print(page, base, problems)
    if role == "member" and part == 0:
        _check_limited(browser, base, app, problems)
    if role == "advocate" and part == 0:
        _check_leave_behind(page, base, built, problems)
    context.close()
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"widths-{role}-{part}.json").write_text(json.dumps(widths, indent=1))
    assert not problems, "\n".join(problems)
