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

pytestmark = pytest.mark.realdata


@pytest.fixture
def live(loaded_app):
    """The app on a real HTTP server with CWC set up against a fake on 127.0.0.1."""
    make_campaign(loaded_app, **BUILT_IN)
    with FakeCwc({f"HMA{n:02d}" for n in range(1, 10)}) as fake:
        loaded_app.config.update(CWC_URL=fake.url, **AGENT)
        with serving(loaded_app) as base:
            yield base, loaded_app, fake


def _act(page, section, channel):
    """Post one action the way its form would, without following it to another site."""
    form = section.locator(f'form:has(input[name="channel"][value="{channel}"])').first
    token = form.locator('input[name="csrf_token"]').get_attribute("value")
    official = form.locator('input[name="official_id"]').get_attribute("value")
    return page.request.post(
        urljoin(page.url, form.get_attribute("action")),
        form={"csrf_token": token, "official_id": official, "channel": channel,
              "evidence": "intent"},
        max_redirects=0,
    )  # fmt: skip


def test_zip_only_member_acts_by_call_cwc_email_and_contact_form(browser, live):
    base, app, fake = live
    page = browser.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/c/nhit-week")
    page.get_by_label("Your name").fill("Ana Member")
    page.get_by_label("Your email").fill("ana@example.org")
    page.get_by_label("Your street address, city, state and ZIP").fill("02130")
    page.get_by_role("button", name="Find my officials").click()
    page.wait_for_url("**/c/nhit-week/write")

    # One choice for the U.S. House, however many districts the ZIP touches.
    house = page.get_by_role("group", name="Which U.S. House district are you in?")
    assert house.count() == 1
    house.get_by_role("radio").first.check()
    for chamber in ("state senate", "state house or assembly"):  # pick the first districts
        group = page.get_by_role("group", name=f"Which {chamber} district are you in?")
        if group.count():
            group.get_by_role("radio").first.check()
    page.get_by_role("button", name="Preview my letters").click()
    page.wait_for_url("**/c/nhit-week/send")

    letters = page.locator("section.letter")
    texts = letters.locator("pre.letter-text").all_inner_texts()
    reps = [t for t in texts if "United States House of Representatives" in t]
    assert len(reps) == 1  # one Representative, never two
    for text in texts:  # each letter reads right for its office
        assert len(re.findall(r"^Dear (Senator|Representative|Delegate) [^\n]+:$", text, re.M)) == 1
        assert text.count("Sincerely,") == 1
        assert "As a constituent in Massachusetts" in text  # a ZIP gives the state alone
        assert not re.search(r", ,|\s,|in \.", text), text

    # A call to the first senator: voicemail, position heard.
    senator = letters.first
    senator.get_by_label("I left a voicemail").check()
    senator.get_by_label("Supports").check()
    senator.get_by_role("button", name="Report my call").click()
    page.wait_for_url("**/c/nhit-week/send*")
    assert "counted your call" in page.inner_text(".flash")

    # CWC for the Representative: the street address is asked, the rest filled in.
    rep = page.locator("section.letter", has=page.locator('input[value="cwc"]'))
    rep.get_by_label("Street address").fill("1 Centre St")
    rep.get_by_label("City").fill("Boston")
    rep.get_by_role("button", name="Send through the House's CWC system").click()
    page.wait_for_url("**/c/nhit-week/send*")
    assert "through the House's CWC system" in page.inner_text(".flash")

    # Email to a state legislator: the browser is handed a mailto: link.
    with_email = page.locator("section.letter", has=page.locator('input[value="email"]')).first
    mail = _act(page, with_email, "email")
    assert mail.status == 303 and mail.headers["location"].startswith("mailto:")

    # A contact form (the senators have one) opens in a new tab; this page stays.
    with_form = page.locator("section.letter", has=page.locator('input[value="contact_form"]'))
    assert with_form.count() >= 1
    section = with_form.first
    if section.locator("details").get_attribute("open") is None:  # folded once done
        section.locator("summary").click()
    with page.context.expect_page() as opened:
        section.get_by_role("button", name="Open their contact form").click()
    assert urlsplit(opened.value.url).netloc not in ("", "127.0.0.1")
    assert page.url.startswith(f"{base}/c/nhit-week/send")

    with app.app_context():
        assert send_due(app.config)["sent"] == 1
        rows = db.session.execute(
            select(Interaction.channel, Interaction.evidence, Interaction.call_outcome)
        ).all()
    channels = {channel: (evidence, outcome) for channel, evidence, outcome in rows}
    assert channels["call"] == ("reported", "voicemail")
    assert channels["cwc"] == ("sent", None)
    assert channels["email"] == ("intent", None)
    assert channels["contact_form"] == ("intent", None)
    assert len(fake.delivered) == 1
