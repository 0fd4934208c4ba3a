"""One person per single-seat office, and contact details that belong to an ended role.

Hand-written person records in Open States' documented schema: the rule is checked on
cases the real data may not hold today."""

from __future__ import annotations

from datetime import date

from advocacy.directory.formats import Parsed
from advocacy.directory.people import one_per_seat, people_records
from advocacy.ingest.fetch import Source

TODAY = date(2026, 12, 7)
MA = "ocd-jurisdiction/country:us/state:ma/government"
SALEM = "ocd-jurisdiction/country:us/state:ma/place:salem/government"


def _person(pid: str, name: str, *roles, **extra) -> dict:
    return {"id": f"ocd-person/{pid}", "name": name, "roles": list(roles), **extra}


def _role(kind: str, start: str | None, end: str | None, jurisdiction: str = MA) -> dict:
    role = {"type": kind, "jurisdiction": jurisdiction}
    if start:
        role["start_date"] = start
    if end:
        role["end_date"] = end
    return role


def _records(*people) -> list:
    source = Source("openstates-executive-ma", "x", "openstates_people", "ma", listing=True)
    return people_records(Parsed(source, list(people), len(people)), TODAY)


KIM = _person(
    "e4405312-71fd-4192-a658-6adbeeebe48c",
    "Kim Driscoll",
    _role("lt_governor", "2023-01-05", "2027-01-02"),
    links=[{"url": "https://www.mass.gov/orgs/governor-maura-healey-and-lt-governor"}],
)
KIMBERLY = _person(
    "0587c400-b81a-4ced-b560-a4009519076a",
    "Kimberly Driscoll",
    _role("mayor", None, "2021-11-02", SALEM),
    _role("lt_governor", "2023-01-05", "2027-01-07"),
    email="mayor@salem.com",
    links=[
        {"url": "http://www.salem.com/"},
        {"url": "https://www.mass.gov/person/kim-driscoll-lieutenant-governor"},
    ],
)


def test_two_records_for_one_office_keep_the_one_whose_seat_is_its_only_role():
    kept, conflicts = one_per_seat(_records(KIMBERLY, KIM), TODAY)
    assert [r.person["full_name"] for r in kept] == ["Kim Driscoll"]
    assert len(conflicts) == 1
    assert conflicts[0].startswith("MA Lieutenant Governor: the public data names 2")
    assert "kept Kim Driscoll (ocd-person/e4405312" in conflicts[0]
    assert "left out Kimberly Driscoll (ocd-person/0587c400" in conflicts[0]


def test_with_no_other_roles_the_later_start_is_kept():
    old = _person(
        "00000000-0000-4000-8000-00000000000a", "Old", _role("governor", "2019-01-01", None)
    )
    new = _person(
        "00000000-0000-4000-8000-00000000000b", "New", _role("governor", "2023-01-05", None)
    )
    kept, conflicts = one_per_seat(_records(old, new), TODAY)
    assert [r.person["full_name"] for r in kept] == ["New"]
    assert len(conflicts) == 1
    # And the same whichever comes first in the source.
    assert [r.person["full_name"] for r in one_per_seat(_records(new, old), TODAY)[0]] == ["New"]


def test_a_holder_whose_term_ended_is_no_conflict():
    before = _person(
        "00000000-0000-4000-8000-00000000000c",
        "Before",
        _role("governor", "2015-01-08", "2023-01-05"),
    )
    now = _person(
        "00000000-0000-4000-8000-00000000000d", "Now", _role("governor", "2023-01-05", None)
    )
    kept, conflicts = one_per_seat(_records(before, now), TODAY)
    assert sorted(r.person["full_name"] for r in kept) == ["Before", "Now"]
    assert conflicts == []


def test_different_offices_and_places_are_not_one_seat():
    governor = _person(
        "00000000-0000-4000-8000-00000000000e", "G", _role("governor", "2023-01-05", None)
    )
    treasurer = _person(
        "00000000-0000-4000-8000-00000000000f", "T", _role("treasurer", "2023-01-05", None)
    )
    mayor = _person(
        "00000000-0000-4000-8000-000000000010", "M", _role("mayor", "2022-01-01", None, SALEM)
    )
    kept, conflicts = one_per_seat(_records(governor, treasurer, mayor), TODAY)
    assert len(kept) == 3 and conflicts == []


def test_an_ended_roles_email_and_links_are_not_shown_for_the_current_one():
    (record,) = _records(KIMBERLY)
    assert record.seat["title"] == "Lieutenant Governor"
    assert record.person["email"] is None  # mayor@salem.com was the mayor's
    assert record.person["website_url"] == (
        "https://www.mass.gov/person/kim-driscoll-lieutenant-governor"
    )


def test_a_current_roles_own_email_is_kept():
    person = _person(
        "00000000-0000-4000-8000-000000000011",
        "Former Mayor",
        _role("mayor", None, "2021-11-02", SALEM),
        _role("treasurer", "2023-01-05", None),
        email="treasurer@mass.gov",
        links=[{"url": "https://www.mass.gov/treasurer"}],
    )
    (record,) = _records(person)
    assert record.person["email"] == "treasurer@mass.gov"
    assert record.person["website_url"] == "https://www.mass.gov/treasurer"


def test_an_ended_state_offices_mailbox_is_not_the_new_ones():
    person = _person(
        "00000000-0000-4000-8000-000000000012",
        "Former Auditor",
        _role("auditor", "2015-01-21", "2023-01-18"),
        _role("governor", "2023-01-18", None),
        email="auditor@mass.gov",
    )
    (record,) = _records(person)
    assert record.seat["title"] == "Governor"
    assert record.person["email"] is None


def test_a_link_with_an_at_sign_is_judged_by_its_host():
    person = _person(
        "00000000-0000-4000-8000-000000000013",
        "Former Mayor",
        _role("mayor", None, "2021-11-02", SALEM),
        _role("lt_governor", "2023-01-05", None),
        links=[{"url": "https://salem.example/@x"}, {"url": "https://mastodon.social/@mayor"}],
    )
    (record,) = _records(person)
    assert record.person["website_url"] == "https://mastodon.social/@mayor"
