"""A real browser: a member who gives only a ZIP code that crosses district lines picks
one House district and acts by call, CWC (a fake CWC server), email and contact form;
every letter reads right for its office.

The geocoder is offline (a ZIP is looked up in the stored tables); nothing leaves
127.0.0.1.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from advocacy.campaigns.defaults import BUILT_IN
from advocacy.delivery.outbox import send_due
from advocacy.extensions import db
from advocacy.models import Interaction
from tests.cwc import AGENT, FakeCwc
from tests.factories import make_campaign
from tests.net import serving

SHOTS = None  # a folder to keep the phone's last screen in, when looking at it by hand

pytestmark = pytest.mark.realdata


@pytest.fixture
def live(loaded_app):
    """The app on a real HTTP server with CWC set up against a fake on 127.0.0.1."""
    make_campaign(loaded_app, **BUILT_IN)
    with FakeCwc({f"HMA{n:02d}" for n in range(1, 10)}) as fake:
        loaded_app.config.update(CWC_URL=fake.url, **AGENT)
        with serving(loaded_app) as base:
            yield base, loaded_app, fake


def _open(page, section, channel):
    """What an opener's button does, without following it to another site: post its form."""
    form = section.locator(f'form:has(input[name="channel"][value="{channel}"])').first
    token = form.locator('input[name="csrf_token"]').get_attribute("value")
    official = form.locator('input[name="official_id"]').get_attribute("value")
    return page.request.post(
        urljoin(page.url, form.get_attribute("action")),
        form={"csrf_token": token, "official_id": official, "channel": channel,
              "evidence": "intent"},
        max_redirects=0,
    )  # fmt: skip


PHONE = {"width": 390, "height": 844}
TARGETS = "us_senate,us_house,state_upper,state_lower,lieutenant_governor"


def _on_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= PHONE["height"]


def _act_on(page, section, office: str, base: str) -> tuple[int, str]:
    """The member acts on the official shown the way the page offers first; returns the
    taps it took and what was done."""
    if section.locator('input[value="cwc"]').count():
        title = section.get_by_label("Title")
        assert title.input_value() == "", "no title is chosen for the member"
        title.select_option("Ms.")
        section.get_by_label("Street address").fill("1 Centre St")
        section.get_by_label("City").fill("Boston")
        section.get_by_role("button", name="Send through the House's CWC system").click()
        return 2, "cwc"
    if office.startswith("U.S. Senator"):  # no public email: a call, or their contact form
        if "Markey" in office:
            with page.context.expect_page() as opened:
                section.get_by_role("button", name="Open their contact form").click()
            assert urlsplit(opened.value.url).netloc not in ("", "127.0.0.1")
            opened.value.close()
            assert (
                "(opened)"
                in section.get_by_role("button", name="Open their contact form").inner_text()
            )
            section.get_by_role("link", name=re.compile("^Skip: ")).click()
            return 2, "contact_form opened"
        section.get_by_label("I left a voicemail").check()
        section.get_by_role("button", name="Report my call").click()
        return 2, "call"
    if section.locator('input[value="email"]').count():
        mail = _open(page, section, "email")  # the mail app opens: one tap
        assert mail.status == 303 and mail.headers["location"].startswith("mailto:")
        assert "salem.com" not in mail.headers["location"]
        section.get_by_role("button", name="I sent it (my email)").click()
        return 2, "email"
    if section.locator('input[value="call"]').count():
        section.get_by_label("I spoke with someone").check()
        section.get_by_role("button", name="Report my call").click()
        return 2, "call"
    section.get_by_role("button", name="I sent it (by post)").click()
    return 1, "print"


def test_zip_only_member_acts_on_each_official_in_three_taps_on_a_phone(browser, live):
    """02130 crosses district lines: the member answers each question, writes to one
    Representative, the state legislators picked and exactly one Lieutenant Governor, and
    acts on each official, one at a time, in at most three taps, the main way on the
    first screen. A contact form only opened counts as opened, not sent."""
    base, app, fake = live
    with app.app_context():
        from advocacy.models import Campaign

        db.session.execute(db.update(Campaign).values(targets=TARGETS))
        db.session.commit()
    page = browser.new_page(viewport=PHONE)
    page.set_default_timeout(15_000)
    page.goto(f"{base}/c/nhit-week")
    page.get_by_label("Your name").fill("Ana Member")
    page.get_by_label("Your email").fill("ana@example.org")
    page.get_by_label("Your street address, city, state and ZIP").fill("02130")
    page.get_by_role("button", name="Find my officials").click()
    page.wait_for_url("**/c/nhit-week/write")
    write_to = page.get_by_role("group", name="Write to").inner_text()
    assert write_to.count("Lieutenant Governor") == 1, write_to
    # One choice for the U.S. House, however many districts the ZIP touches; every
    # question must be answered (nothing is preselected).
    house = page.get_by_role("group", name="Which U.S. House district are you in?")
    assert house.count() == 1 and house.get_by_role("radio", checked=True).count() == 0
    for chamber in ("U.S. House", "state senate", "state house or assembly"):
        group = page.get_by_role("group", name=f"Which {chamber} district are you in?")
        if group.count():
            group.get_by_role("radio").first.check()
    page.get_by_role("button", name="Preview my letters").click()
    page.wait_for_url("**/c/nhit-week/send")

    listed = page.get_by_role("navigation", name="Your officials").get_by_role("listitem")
    offices = [
        re.sub(r"\s+", " ", t).split(" ✓")[0].split(" not yet")[0] for t in listed.all_inner_texts()
    ]
    assert sum(o.startswith("U.S. Representative") for o in offices) == 1, offices
    assert sum(o.startswith("Lieutenant Governor") for o in offices) == 1, offices
    heights, done = [], []
    for _ in offices:
        section = page.locator("section.letter.current")
        office = section.locator("h2").inner_text()
        heights.append(page.evaluate("document.documentElement.scrollHeight"))
        assert _on_first_screen(section.locator("h2"))
        main = section.locator("form button[type=submit], ul.phones a").first
        assert _on_first_screen(main), f"{office}: the main way is below the first screen"
        assert "Dear " in section.locator("pre.letter-text").text_content()
        taps, what = _act_on(page, section, office, base)
        assert taps <= 3, (office, taps)
        done.append((office, what))
        page.wait_for_load_state()
    page.screenshot(path=str(SHOTS / "send-390.png")) if SHOTS else None
    # The contact form was only opened: that official is not done.
    assert (
        page.locator(".progress").inner_text()
        == f"{len(offices) - 1} of {len(offices)} officials done"
    )
    page.get_by_role("link", name="I'm done").first.click()
    thanks = page.locator("main").inner_text()
    assert re.search(r"You sent \d+ and opened 1", thanks), thanks
    print("\nsend page heights at 390 px:", heights)

    with app.app_context():
        assert send_due(app.config)["sent"] == 1
        rows = db.session.execute(select(Interaction.channel, Interaction.evidence)).all()
    evidence = {}
    for channel, level in rows:
        evidence.setdefault(channel, []).append(level)
    assert evidence["contact_form"] == ["intent"]  # opened only: never counted as sent
    assert evidence["cwc"] == ["sent"] and len(fake.delivered) == 1
    assert set(evidence["email"]) == {"reported"}  # the opening, upgraded once
    assert set(evidence["call"]) == {"reported"}
