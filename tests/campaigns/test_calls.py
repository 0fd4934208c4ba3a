"""Calls: every official with a phone can be called from the send page, with the campaign's
script, and the member's report of how it went is one interaction, counted in reports."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from advocacy.campaigns.forms import CALL_OUTCOME_LABELS, POSITION_LABELS
from advocacy.campaigns.letters import tel
from advocacy.extensions import db
from advocacy.models import Interaction, Official
from advocacy.models.interactions import CALL_OUTCOMES, POSITIONS
from advocacy.months import month_start
from advocacy.reports.monthly import monthly_report
from advocacy.reports.tables import tables
from tests.factories import start, submit, write

pytestmark = pytest.mark.realdata


def _call(client, official_id, outcome="reached", position="", page=None):
    page = page or client.get("/c/nhit-week/send").get_data(as_text=True)
    fields = {
        "official_id": official_id,
        "channel": "call",
        "evidence": "reported",
        "outcome": outcome,
        "position": position,
    }
    return submit(client, "/c/nhit-week/act", fields, page=page)


def test_the_labels_cover_every_outcome_the_database_takes():
    assert tuple(CALL_OUTCOME_LABELS) == CALL_OUTCOMES and tuple(POSITION_LABELS) == POSITIONS


@pytest.mark.parametrize(
    ("number", "link"),
    [
        ("202-224-4543", "tel:2022244543"),
        ("(617) 722-2000 ext. 12", "tel:6177222000"),
        ("+1 202 555 0100", "tel:+12025550100"),
    ],
)
def test_tel_links(number, link):
    assert tel(number) == link


def test_a_member_calls_with_the_script_and_reports_how_it_went(march):
    client, _, app = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").get_data(as_text=True)
    assert 'href="tel:' in page and "Report my call" in page
    called = int(re.search(r'name="official_id" value="(\d+)">\s*<input type="hidden" '
                           r'name="channel" value="call"', page).group(1))  # fmt: skip
    with app.app_context():
        official = db.session.get(Official, called)
        assert any(o.phone for o in official.offices)
    assert _call(client, called, "no_answer", page=page).status_code == 303
    # Calling back later and getting through: still one call, now reached, with a position.
    assert _call(client, called, "reached", "supports").status_code == 303
    assert _call(client, called, "voicemail").status_code == 303
    with app.app_context():
        rows = db.session.scalars(select(Interaction).where(Interaction.channel == "call")).all()
        assert len(rows) == 1
        row = rows[0]
        assert (row.evidence, row.call_outcome, row.position_heard) == (
            "reported",
            "voicemail",
            "supports",  # a later report that heard no position keeps the one heard
        )
        report = tables(monthly_report(month_start(row.local_month), None))
    header, lines = report["calls"]
    assert header[-1] == "calls" and lines == [
        ["National Health IT Week", row.official_name, "left a voicemail", "supports", 1]
    ]
    assert any(r[0] == "Phone call" and r[1] == 1 for r in report["channel"][1])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": ""}, b"Choose how the call went"),
        ({"outcome": "hung up on me"}, b"Choose how the call went"),
        ({"evidence": "intent"}, b"Tell us how the call went"),
        ({"position": "maybe"}, b"Choose supports, opposes or undecided"),
        ({"channel": "print", "outcome": "reached"}, b"Only a call has an outcome"),
    ],
)
def test_bad_call_reports_are_refused(march, fields, message):
    client, _, app = march
    start(client)
    write(client)
    page = client.get("/c/nhit-week/send").get_data(as_text=True)
    official = re.search(r'name="official_id" value="(\d+)"', page).group(1)
    base = {
        "official_id": official,
        "channel": "call",
        "evidence": "reported",
        "outcome": "reached",
    }
    response = submit(client, "/c/nhit-week/act", base | fields, page=page)
    assert response.status_code == 400 and message in response.data
    with app.app_context():
        assert db.session.scalars(select(Interaction)).all() == []
