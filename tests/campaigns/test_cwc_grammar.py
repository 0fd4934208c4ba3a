"""The CWC XML we build, checked against the tests' RELAX NG of CWC 2.0 (tests/cwc-2.0.rng,
validated by lxml): every message our length checks let through is one the grammar
takes, and the grammar refuses what CWC refuses (it is not a check that always passes)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy.campaigns.cwc import (
    CWC_SUBJECT,
    CWC_TEXT,
    Constituent,
    build_message,
    length_problems,
)
from advocacy.text import hostile_text_problem
from tests.cwc import AGENT, problems

MEMBER = Constituent(
    "Ms.", "Ana", "Member", "1 Main St", "Boston", "MA", "02130", "ana@example.org"
)
OFFICES = {"HMA07", "SMA01", "SMA02"}
TODAY = date(2026, 9, 21)


def _message(office="HMA07", subject="Support health IT", statement="We ask you to act.",
             message="I work in hospital IT.", **more) -> bytes:  # fmt: skip
    return build_message(
        AGENT,
        office=office,
        campaign_id="nhit-week",
        constituent=MEMBER,
        subject=subject,
        topic="Health",
        statement=statement,
        message=message,
        today=TODAY,
        **more,
    ).encode()


@pytest.mark.parametrize(
    "more",
    [
        {},
        {"bills": [("119", "s", "1261")], "pro_or_con": "Pro"},
        {"bills": [("119", "hr", "238"), ("119", "s", "1261")], "pro_or_con": "Con"},
        {"statement": "", "message": "I work in hospital IT."},  # the member's words only
        {"statement": "We ask you to act.", "message": "Hi"},  # too short: left out
        {"office": "SMA01"},
        {"office": "SMA02", "bills": [("119", "s", "1261")], "pro_or_con": "Pro"},
    ],
)
def test_what_we_build_is_cwc_2_0(more):
    assert problems(_message(**more), OFFICES) == []


@pytest.mark.parametrize(
    "xml, refused",
    [
        (_message(subject="Hi"), "Subject"),
        (_message(statement="", message=""), "Expecting an element"),
        (_message(office="SMA04"), "MemberOffice"),
        (_message(office="HMA7"), "MemberOffice"),
        (_message().replace(b"<Prefix>Ms.</Prefix>", b"<Prefix>Sir</Prefix>"), "Prefix"),
        (_message().replace(b"<Zip>02130</Zip>", b"<Zip>2130</Zip>"), "Zip"),
        (_message(bills=[("119", "bill", "1261")], pro_or_con="Pro"), "BillTypeAbbreviation"),
        (_message().replace(b"<Subject>", b"<Topic>x</Topic><Subject>"), "Topic"),
        (_message(statement="x" * (CWC_TEXT[1] + 1), message=""), "OrganizationStatement"),
    ],
)
def test_the_grammar_refuses_what_cwc_refuses(xml, refused):
    found = problems(xml, OFFICES)
    assert found and any(refused in p for p in found), found


# Text a member or a lead can get past the forms (which refuse control characters,
# direction overrides and what is not text, such as U+FFFF: hostile_text_problem).
ANY = st.characters(exclude_categories=("Cs",)) | st.sampled_from("\n\t\ufffe\uffff\x00\x1b")


def typed(min_size=0, max_size=60):
    return st.text(ANY, min_size=min_size, max_size=max_size).filter(
        lambda t: hostile_text_problem(t) is None
    )


# Short texts, and texts about CWC's limits (where an off-by-one would show).
AT_THE_LIMIT = st.integers(CWC_TEXT[1] - 3, CWC_TEXT[1] + 3).map(lambda n: "é" * n)
TEXTS = st.one_of(typed(), typed(4, 8), AT_THE_LIMIT)
SUBJECTS = st.one_of(typed(CWC_SUBJECT[0] - 1, 40), st.integers(495, 505).map(lambda n: "S" * n))


@settings(max_examples=150, deadline=None)
@given(subject=SUBJECTS, statement=TEXTS, message=TEXTS)
def test_every_letter_our_checks_pass_is_one_cwc_takes(subject, statement, message):
    """The limits the forms and the queue check (length_problems) are CWC's own: a letter
    they pass is valid CWC 2.0 (whitespace-only subjects aside, which the forms strip)."""
    subject = subject.strip()
    if length_problems(subject, statement, message):
        return
    assert CWC_SUBJECT[0] <= len(subject) <= CWC_SUBJECT[1]
    assert problems(_message(subject=subject, statement=statement, message=message), OFFICES) == []
