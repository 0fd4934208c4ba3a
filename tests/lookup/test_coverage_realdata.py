"""Every district the public tables know resolves to its current holders or a known vacancy.

Known vacancies come from the sources themselves: Open States' settings.yml lists state
legislative vacancies, and a House district with no member in legislators-current.json
is vacant.
"""

from __future__ import annotations

import json

import openstates_metadata
import pytest

from advocacy.directory.divisions import to_ocd
from advocacy.directory.sources import offline_tables
from advocacy.geocoding.offline import offline_index
from advocacy.geocoding.types import District
from tests.factories import mirror_start
from tests.realdata import (
    EMPTY_WITHOUT_A_LISTED_VACANCY,
    GeoRules,
    held_divisions,
    known_state_vacancies,
)

pytestmark = pytest.mark.realdata
CONGRESS = "unitedstates.github.io/congress-legislators"
NON_VOTING = {"DC", "PR", "AS", "GU", "MP", "VI"}


def _house_vacancies(shared_data, boundaries) -> set[str]:
    members = json.loads((shared_data / CONGRESS / "legislators-current.json").read_text())
    held = set()
    for person in members:
        term = person["terms"][-1]
        if term["type"] == "rep":
            fips = openstates_metadata.lookup(abbr=term["state"].lower()).fips
            number = int(term.get("district") or 0)
            held.add(fips + ("98" if term["state"] in NON_VOTING else f"{number:02d}"))
    return {g for g in boundaries if g not in held}


@pytest.mark.slow
def test_every_zip_table_and_boundary_district_has_holders_or_a_known_vacancy(
    loaded_app, shared_data
):
    """Every district the ZIP tables and the boundaries name becomes the OCD divisions
    openstates-geo's configs give it (read here, not by the app), and each is held by
    someone in the source files, or is a vacancy the sources list."""
    rules = GeoRules(shared_data)
    held = held_divisions(shared_data, mirror_start(shared_data).date())
    with loaded_app.app_context():
        index = offline_index(*offline_tables(loaded_app.config["LEGISLATOR_DATA_DIR"]))
        districts = {District("cd", g) for g in index.cd_geoids}
        for kinds in index.zips.values():
            for kind, geoids in kinds.items():
                districts |= {District(kind, g) for g in geoids}
        unmapped, empty = [], {}
        for district in sorted(districts, key=lambda d: (d.type, d.geoid)):
            expected = rules.ocd(district.type, district.geoid)
            if not expected or set(to_ocd(district)) != expected:
                unmapped.append((district, to_ocd(district), expected))
            for ocd_id in expected - held:
                empty[ocd_id] = district
    assert {d.type for d in districts} == {"cd", "sldu", "sldl"}
    assert unmapped == []
    house_vacant = _house_vacancies(shared_data, index.cd_geoids)
    state_vacant = known_state_vacancies(shared_data)
    unexplained = {
        ocd: d
        for ocd, d in empty.items()
        if not (d.type == "cd" and d.geoid in house_vacant) and ocd not in state_vacant
    }
    assert set(unexplained) == EMPTY_WITHOUT_A_LISTED_VACANCY, (
        f"empty with no known vacancy: {unexplained}"
    )
    # The vacancies the data lists are really the empty districts (4 House seats here).
    assert {d.geoid for d in empty.values() if d.type == "cd"} == house_vacant


def test_point_lookups_find_most_house_members_from_their_district_offices(loaded_app, shared_data):
    members = json.loads((shared_data / CONGRESS / "legislators-current.json").read_text())
    offices = json.loads((shared_data / CONGRESS / "legislators-district-offices.json").read_text())
    district_of = {}
    for person in members:
        term = person["terms"][-1]
        if term["type"] == "rep":
            fips = openstates_metadata.lookup(abbr=term["state"].lower()).fips
            number = int(term.get("district") or 0)
            code = "98" if term["state"] in NON_VOTING else f"{number:02d}"
            district_of[person["id"]["bioguide"]] = fips + code
    index = offline_index(*offline_tables(loaded_app.config["LEGISLATOR_DATA_DIR"]))
    total = hits = 0
    for entry in offices:
        expected = district_of.get(entry["id"]["bioguide"])
        for office in entry["offices"] if expected else []:
            if office.get("latitude") is None:
                continue
            total += 1
            hits += index.point_cd(office["latitude"], office["longitude"]) == expected
    share = hits / total
    print(f"district offices inside their member's district: {hits}/{total} = {share:.1%}")
    # Some offices sit outside their district, and the boundaries are 1:20,000,000.
    assert total > 800 and share > 0.9
