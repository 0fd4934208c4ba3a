"""Every district the public tables know resolves to its current holders or a known vacancy.

Known vacancies come from the sources themselves: Open States' settings.yml lists state
legislative vacancies, and a House district with no member in legislators-current.json
is vacant.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import openstates_metadata
import pytest
from sqlalchemy import func, select

from advocacy.directory.sources import offline_tables
from advocacy.directory.status import current_seat_filter
from advocacy.extensions import db
from advocacy.geocoding.offline import offline_index
from advocacy.geocoding.types import District
from advocacy.lookup.resolve import to_ocd
from advocacy.models import Division, Seat
from tests.realdata import EMPTY_WITHOUT_A_LISTED_VACANCY, known_state_vacancies

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


def test_every_zip_table_and_boundary_district_has_holders_or_a_known_vacancy(
    loaded_app, shared_data
):
    with loaded_app.app_context():
        index = offline_index(*offline_tables(loaded_app.config["LEGISLATOR_DATA_DIR"]))
        districts = {District("cd", g) for g in index.cd_geoids}
        for kinds in index.zips.values():
            for kind, geoids in kinds.items():
                districts |= {District(kind, g) for g in geoids}
        today = datetime.now(UTC).date()
        held = dict(
            db.session.execute(
                select(Seat.division_id, func.count())
                .where(current_seat_filter(today))
                .group_by(Seat.division_id)
            ).all()
        )
        known = set(db.session.scalars(select(Division.ocd_id)))
        unmapped, unknown, empty = [], [], {}
        for district in sorted(districts, key=lambda d: (d.type, d.geoid)):
            ocd_ids = to_ocd(district)
            if not ocd_ids:
                unmapped.append(district)
            for ocd_id in ocd_ids:
                if ocd_id not in known:
                    unknown.append((district, ocd_id))
                elif not held.get(ocd_id):
                    empty[ocd_id] = district
    counts = Counter(d.type for d in districts)
    assert counts["cd"] == 437 and counts["sldu"] > 1900 and counts["sldl"] > 4800
    assert unmapped == [] and unknown == []
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
