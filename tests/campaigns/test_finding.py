"""Campaigns can be found: the home page and a lookup's results list those open today."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.census_answers import MA_ADDRESS
from tests.factories import app_today, make_campaign, submit


def test_the_home_page_lists_open_campaigns_only(app, client):
    make_campaign(app, title="Open now", slug="open-now")
    make_campaign(
        app,
        title="Long over",
        slug="long-over",
        starts_on=date(2020, 9, 21),
        ends_on=date(2020, 9, 25),
    )
    make_campaign(
        app,
        title="Not yet",
        slug="not-yet",
        starts_on=app_today(app) + timedelta(days=30),
        ends_on=app_today(app) + timedelta(days=40),
    )
    page = client.get("/").get_data(as_text=True)
    assert "Campaigns you can join today" in page and 'href="/c/open-now"' in page
    assert "Long over" not in page and "Not yet" not in page


@pytest.mark.realdata
def test_a_lookup_lists_campaigns_for_the_members_officials_first(march):
    client, _, app = march  # nhit-week writes to every body
    make_campaign(app, title="Unicameral only", slug="unicam", targets="state_legislature")
    make_campaign(app, title="Senate only", slug="senate-only", targets="us_senate")
    page = submit(client, "/find", {"q": MA_ADDRESS}, page=client.get("/").get_data(as_text=True))
    text = page.get_data(as_text=True)
    assert "Campaigns you can join for these officials" in text
    # Massachusetts has no unicameral legislature: that campaign comes last.
    assert text.index('href="/c/unicam"') > text.index('href="/c/senate-only"')
    assert text.index('href="/c/unicam"') > text.index('href="/c/nhit-week"')
