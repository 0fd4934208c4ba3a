"""Every built-in template reads right whatever the member told us of where they live: a
full address, a city and state, a state, or nothing ("in Massachusetts", never ", MA")."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy.campaigns.defaults import BUILT_IN
from advocacy.campaigns.letters import Member, compose, member_place, sign_off_place
from advocacy.models import Campaign, Office
from tests.factories import make_official

# What reads wrong: an empty place left its punctuation or its preposition behind.
BROKEN = re.compile(
    r"(,\s*,|\s,|\(\s*\)|\b(in|from|of|at)\s*[.,!?:;]|\b(in|from|of|at)\s*$|  |^\s*[,.]|"
    r"\{\{|\{%|\bNone\b)",
    re.MULTILINE,
)
OFFICIALS = [
    make_official("s", "Jane Doe"),
    make_official("r", "Sam Rep", chamber="lower", title="Representative"),
    make_official("a", "Ana Ley", level="state", chamber="lower", title="Assemblymember"),
]
for o in OFFICIALS:
    o.offices = [Office(classification="capitol", address="24 Beacon St, Boston, MA 02133")]

members = st.builds(
    Member,
    name=st.sampled_from(["Ana Member", "José Núñez", "李雷"]),
    email=st.sampled_from(["ana@example.org", ""]),
    address=st.sampled_from(["1 Main St, Boston, MA 02130", "02130", ""]),
    city=st.sampled_from(["Boston", "", "  "]),
    state=st.sampled_from(["MA", "ma", "", "ZZ"]),
    zip=st.sampled_from(["02130", ""]),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(member=members, official=st.sampled_from(OFFICIALS), points=st.booleans())
def test_built_in_templates_read_right_with_any_place(member, official, points):
    campaign = Campaign(title="NHIT Week", hashtags="#NHITweek", **BUILT_IN)
    chosen = ["Interoperability: data must follow the patient."] if points else []
    letter = compose(campaign, member, chosen, "", "", official, date(2026, 9, 23))
    place = member_place(member)
    for text in (letter.text, letter.subject, letter.call_script, letter.voicemail):
        assert not BROKEN.search(text), text
    assert letter.call_script and letter.voicemail
    assert letter.text.count("Dear ") == 1 and letter.text.count("Sincerely,") == 1
    if place:
        assert place in letter.text
    assert ", MA" not in letter.text.split("Sincerely,")[0].split("\n\n", 2)[-1]
    closing = letter.text.split("Sincerely,\n", 1)[1].split("\n")
    assert closing[0] == member.name and all(line.strip() for line in closing)
    assert sign_off_place(member) in ("", *closing)


def test_places_as_a_sentence_reads_them():
    def place(city, state):
        return member_place(Member("A", "", "", city, state, ""))

    assert place("Boston", "MA") == "Boston, Massachusetts"
    assert place("", "ma") == "Massachusetts"
    assert place("Boston", "") == "Boston"
    assert place("", "") == "" and place("", "ZZ") == ""


def test_the_built_in_texts_use_variables_alone():
    """A lead edits the defaults without reading template logic: no {% ... %} blocks."""
    from advocacy.campaigns.defaults import BUILT_IN

    assert [name for name, text in BUILT_IN.items() if "{%" in text] == []
