"""census_to_ocd: a Census GEOID to its OCD division, by a state's custom list, then its rule."""

from __future__ import annotations

import pytest

from advocacy.directory.divisions import OcdMatch, Rule, census_to_ocd

OH = "ocd-division/country:us/state:oh"
RULES = {
    ("39", "sldl"): Rule(r"^sldl-39(\d{3})$", OH, "sldl"),
    ("39", "cd"): Rule(r"^cd-39(\d{2})$", OH, "cd"),
    ("16", "sldl"): Rule(r"^sldl-16(\d{3})$", "ocd-division/country:us/state:id", "sldl", True),
    ("11", "sldu"): Rule(r"^sldu-11(\d{3})$", "ocd-division/country:us/district:dc", "ward"),
    ("50", "sldu"): Rule(r"^sldu-50([A-Z]{3})$", "ocd-division/country:us/state:VT", "sldu"),
    ("99", "sldl"): Rule(r"^sldl-99\d{3}$", "ocd-division/country:us/state:zz", "sldl"),
}
CUSTOM = {("sldl", "25004"): "ocd-division/country:us/state:ma/sldl:4th_bristol"}


@pytest.mark.parametrize(
    ("kind", "geoid", "expected"),
    [
        ("sldl", "39007", OcdMatch(f"{OH}/sldl:7")),  # leading zeros go
        ("sldl", "39099", OcdMatch(f"{OH}/sldl:99")),
        ("cd", "3912", OcdMatch(f"{OH}/cd:12")),
        # Idaho's house: district 1 stands for its lettered seats 1a and 1b.
        ("sldl", "16001", OcdMatch("ocd-division/country:us/state:id/sldl:1", split=True)),
        # DC: the division kind comes from the rule (sld-prefix), not the Census type.
        ("sldu", "11002", OcdMatch("ocd-division/country:us/district:dc/ward:2")),
        # OCD ids are lower case whatever the source wrote.
        ("sldu", "50CHI", OcdMatch("ocd-division/country:us/state:vt/sldu:chi")),
    ],
)
def test_rules_name_the_district_under_the_states_prefix(kind, geoid, expected):
    assert census_to_ocd(kind, geoid, CUSTOM, RULES) == expected


def test_the_custom_list_comes_first():
    rules = {**RULES, ("25", "sldl"): Rule(r"^sldl-25(\d{3})$", "x", "sldl")}
    assert census_to_ocd("sldl", "25004", CUSTOM, rules) == OcdMatch(CUSTOM[("sldl", "25004")])
    assert census_to_ocd("sldl", "25005", CUSTOM, rules) == OcdMatch("x/sldl:5")


@pytest.mark.parametrize(
    ("kind", "geoid"),
    [
        ("sldl", "39ZZZ"),  # the rule does not match
        ("sldl", "39000"),  # a district numbered 0 is no district
        ("sldu", "39001"),  # no rule for Ohio's senate in this table
        ("sldl", "06001"),  # no rule for the state at all
        ("sldl", "99001"),  # a rule without a group names nothing
        ("sldl", ""),
    ],
)
def test_what_no_rule_names_is_none(kind, geoid):
    assert census_to_ocd(kind, geoid, CUSTOM, RULES) is None
