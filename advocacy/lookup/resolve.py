"""Census districts -> OCD divisions -> the officials who hold them.

Districts become OCD ids through directory.divisions.to_ocd (the one place), with the
rules the last data load stored.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import openstates_metadata
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.directory.canada import OFFICE_TITLES, body_letters
from advocacy.directory.divisions import geoid_index, to_ocd
from advocacy.directory.queries import official_json
from advocacy.directory.status import current_seat_filter, data_version, per_load
from advocacy.extensions import db
from advocacy.geocoding.types import CANADIAN_TYPES, District, Geocoded
from advocacy.jurisdictions import (
    JURISDICTIONS,
    STATES,
    TERRITORIES,
)
from advocacy.models import Division, Official, Seat

# Order of officials on a page and in the API: federal before state, upper before lower.
ORDER = {
    ("federal", "upper"): 0,
    ("federal", "lower"): 1,
    ("canada", "lower"): 1,
    ("province", "legislature"): 3,
    ("state", "executive"): 2,
    ("local", "executive"): 6,
    ("state", "upper"): 3,
    ("state", "legislature"): 4,
    ("state", "lower"): 5,
}


@lru_cache(maxsize=1)
def _state_divisions() -> dict[str, tuple[str, str]]:
    """State FIPS -> (abbreviation, OCD id), from openstates-metadata."""
    out = {}
    for abbr in (*JURISDICTIONS, *TERRITORIES):
        meta = openstates_metadata.lookup(abbr=abbr)
        out[meta.fips] = (abbr, meta.division_id)
    return out


def state_for_fips(fips: str | None) -> tuple[str, str] | None:
    """(abbreviation, OCD id) of a state FIPS code, or None."""
    return _state_divisions().get(fips or "")


def _canada_loaded() -> bool:
    """Whether the live data holds any Canadian member (a roster from Represent)."""
    return per_load(
        "canada_loaded",
        lambda: (
            db.session.scalar(
                select(Seat.id).where(Seat.level.in_(("canada", "province"))).limit(1)
            )
            is not None
        ),
    )


# The head of a jurisdiction's executive: the District of Columbia has a mayor.
CHIEF_EXECUTIVE = {"dc": "Mayor"}

# New Hampshire's floterial House districts overlay several base districts of a county.
# The Census draws only the base districts, so a place in one gets its county's
# floterial districts (GEOIDs in openstates-geo's list with no drawn boundary) as
# candidates. Maine's tribal seats have no place at all.
FLOTERIAL_FIPS = "33"
MAINE_FIPS = "23"


def floterial_candidates(district: District, drawn: set[tuple[str, str]]) -> list[District]:
    """The floterial districts over a New Hampshire House district's county ([] elsewhere)."""
    if district.type != "sldl" or district.state_fips != FLOTERIAL_FIPS:
        return []
    custom, _ = geoid_index()
    county = district.geoid[:3]
    geoids = [
        geoid
        for kind, geoid in custom
        if kind == "sldl" and geoid.startswith(county) and (kind, geoid) not in drawn
    ]
    return [District("sldl", geoid) for geoid in sorted(geoids)]


@dataclass
class Lookup:
    """Officials for a geocoded place, with what was certain and what was not."""

    geocoded: Geocoded
    divisions: list[dict[str, Any]] = field(default_factory=list)
    officials: list[dict[str, Any]] = field(default_factory=list)
    vacancies: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    unresolved: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


RESOLVED_CACHE_SIZE = 4096
_resolved_lock = threading.Lock()


def resolve(geocoded: Geocoded, today: date) -> Lookup:
    """Every current official holding the geocoded place's divisions.

    During a march thousands of members share a handful of districts: answers are kept
    in memory per set of districts until the data or the day changes.
    """
    key = (
        data_version(),
        today,
        geocoded.state_fips,
        tuple(geocoded.districts),
        tuple(geocoded.candidates),
    )
    cache: OrderedDict = current_app.extensions.setdefault("resolved", OrderedDict())
    with _resolved_lock:
        parts = cache.get(key)
        if parts is not None:
            cache.move_to_end(key)
    if parts is None:
        computed = _resolve(geocoded, today)
        parts = {k: getattr(computed, k) for k in LOOKUP_PARTS}
        with _resolved_lock:
            cache[key] = parts
            while len(cache) > RESOLVED_CACHE_SIZE:
                cache.popitem(last=False)
    return Lookup(geocoded, **parts)


LOOKUP_PARTS = ("divisions", "officials", "vacancies", "candidates", "unresolved", "notes")


def _place_ocd(district: District) -> list[str]:
    """The OCD division of an incorporated place with a mayor in the directory, by the
    name Open States gives it ("Columbus" -> .../state:oh/place:columbus)."""
    state = state_for_fips(district.state_fips)
    if state is None or not district.name:
        return []
    slug = re.sub(r"\s+", "_", district.name.strip().lower())
    ocd_id = f"{state[1]}/place:{slug}"
    found = db.session.scalar(
        select(Division.ocd_id).where(Division.ocd_id == ocd_id, Division.kind == "place")
    )
    return [found] if found else []


def _mayors_loaded() -> bool:
    return (
        db.session.scalar(select(Division.ocd_id).where(Division.kind == "place").limit(1))
        is not None
    )


NO_CANADIAN_ROSTER = (
    "This installation has no Canadian roster: Canada's MPs and provincial and territorial "
    "legislators are published live only, by Open North's Represent, and its data update "
    "has not reached it, so your ridings are shown without their members."
)


def _statewide(geocoded: Geocoded) -> list[tuple[str, str, District | None]]:
    """The state's own division and its statewide offices, when the address is in one state."""
    fips = {geocoded.state_fips} if geocoded.state_fips else set()
    if not fips:
        fips = {d.state_fips for d in geocoded.districts}
    state = state_for_fips(next(iter(fips))) if len(fips) == 1 else None
    if not state:
        return []
    offices = db.session.scalars(
        select(Division.ocd_id).where(
            Division.state == state[0], Division.statewide, Division.kind != "state"
        )
    )
    return [(state[1], "state", None), *((ocd_id, "state", None) for ocd_id in offices)]


def _notes(result: Lookup, geocoded: Geocoded) -> None:
    """What the public data cannot say about this address, in words."""
    if any(d.type in CANADIAN_TYPES for d in geocoded.districts) and not _canada_loaded():
        result.notes.append(NO_CANADIAN_ROSTER)
    if geocoded.accuracy == "zip" and _mayors_loaded():
        result.notes.append(
            "From a ZIP code we can't tell which city or town you live in, so no mayor is "
            "shown; enter your street address to see yours."
        )


def _certain(result: Lookup, geocoded: Geocoded) -> list[tuple[str, str, District | None]]:
    """(ocd id, type, census district) of every division the address is surely in."""
    certain = _statewide(geocoded)
    for district in geocoded.districts:
        if district.type == "place":
            ocd_ids = _place_ocd(district)
            if not ocd_ids:
                result.notes.append(f"The public data has no mayor for {district.name}.")
        else:
            ocd_ids = to_ocd(district)
            if not ocd_ids:
                result.unresolved.append({"type": district.type, "geoid": district.geoid})
        certain += [(ocd_id, district.type, district) for ocd_id in ocd_ids]
    return certain


def _candidates(result: Lookup, geocoded: Geocoded) -> list[tuple[str, District]]:
    """(ocd id, census district) of each division the address may be in (a ZIP's)."""
    candidate_ids = []
    for district in geocoded.candidates:
        ocd_ids = to_ocd(district)
        candidate_ids += [(ocd_id, district) for ocd_id in ocd_ids]
        if not ocd_ids:
            result.unresolved.append({"type": district.type, "geoid": district.geoid})
    return candidate_ids


def _resolve(geocoded: Geocoded, today: date) -> Lookup:
    result = Lookup(geocoded)
    certain = _certain(result, geocoded)
    _notes(result, geocoded)
    candidate_ids = _candidates(result, geocoded)
    all_ids = {c[0] for c in certain} | {c[0] for c in candidate_ids}
    divisions = {
        d.ocd_id: d
        for d in db.session.scalars(select(Division).where(Division.ocd_id.in_(all_ids)))
    }
    holders = _holders(all_ids, today)
    seen = set()
    for ocd_id, kind, district in certain:
        if ocd_id in seen:
            continue
        seen.add(ocd_id)
        division = divisions.get(ocd_id)
        if division is None:
            result.unresolved.append({"type": kind, "geoid": district.geoid if district else ""})
            continue
        result.divisions.append(_division_json(division, kind, district))
        for seat, official in holders.get(ocd_id, []):
            if not (seat.level == "federal" and seat.chamber == "executive"):
                result.officials.append(official_json(official, today))
        result.vacancies += _vacancies(division, holders.get(ocd_id, []), today)
    for ocd_id, district in candidate_ids:
        division = divisions.get(ocd_id)
        if division is None:
            result.unresolved.append({"type": district.type, "geoid": district.geoid})
            continue
        result.candidates.append(
            {
                **_division_json(division, district.type, district),
                "zips": list(district.zips),
                "officials": [official_json(o, today) for _, o in holders.get(ocd_id, [])],
            }
        )
    result.officials.sort(key=_official_order)
    return result


def _holders(ids: set[str], today: date) -> dict[str, list[tuple[Seat, Official]]]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(Seat, Official)
        .join(Official, Seat.official_id == Official.id)
        .where(Seat.division_id.in_(ids), current_seat_filter(today))
        .options(
            selectinload(Official.offices),
            selectinload(Official.social_accounts),
            selectinload(Official.identifiers),
        )
    ).all()
    out: dict[str, list[tuple[Seat, Official]]] = {}
    for seat, official in rows:
        out.setdefault(seat.division_id, []).append((seat, official))
    return out


def _division_json(division: Division, kind: str, district: District | None) -> dict[str, Any]:
    return {
        "ocd_id": division.ocd_id,
        "type": kind,
        "name": division.name,
        "state": division.state.upper() if division.state else None,
        "geoid": district.geoid if district and district.type != "place" else None,
    }


def _has_executives(division: Division) -> bool:
    """Whether the loaded data names any executive of this state (current or not)."""
    return (
        db.session.scalar(
            select(Seat.id)
            .where(Seat.division_id == division.ocd_id, Seat.chamber == "executive")
            .limit(1)
        )
        is not None
    )


def _ended_terms(
    division: Division, level: str, chamber: str, today: date, title: str | None = None
) -> list[dict]:
    """The latest holders of a division's seats whose terms ended before today."""
    query = (
        select(Official.full_name, Seat.end_date)
        .join(Official, Seat.official_id == Official.id)
        .where(Seat.division_id == division.ocd_id, Seat.level == level, Seat.end_date < today)
        .order_by(Seat.end_date.desc())
    )
    if chamber:
        query = query.where(Seat.chamber == chamber)
    else:
        query = query.where(Seat.chamber != "executive")
    if title:
        query = query.where(Seat.title == title)
    return [{"name": name, "ended_on": end.isoformat()} for name, end in db.session.execute(query)]


def _expected(division: Division) -> list[tuple[str, str, int]]:
    """(level, chamber or "" for any, seats) a division should have filled."""
    expected: list[tuple[str, str, int]] = []
    if division.kind == "state" and division.state in STATES:
        expected.append(("federal", "upper", 2))
    if division.kind == "cd":
        expected.append(("federal", "lower", 1))
    if division.kind == "ed" and _canada_loaded():
        expected.append(("canada", "lower", 1))
    if division.kind == "ped" and _canada_loaded():
        expected.append(("province", "legislature", 1))
    if division.kind in ("sldu", "sldl", "legislature") or (
        division.kind == "state" and division.num_seats
    ):
        expected.append(("state", "", division.num_seats or 0))
    return expected


def _vacancy(division: Division, level: str, office: str, seats: int, filled: int, ended):
    return {
        # Holders whose term ended with no successor in the data yet (an appointee until a
        # special election, say): named, not "vacant".
        "ended": ended[: seats - filled],
        "ocd_id": division.ocd_id,
        "name": division.name,
        "level": level,
        "office": office,
        "seats": seats,
        "filled": filled,
        "vacant": seats - filled,
    }


def _vacancies(
    division: Division, holders: list[tuple[Seat, Official]], today: date
) -> list[dict[str, Any]]:
    """Seats of a division that nobody holds now."""
    out = []
    chief = CHIEF_EXECUTIVE.get(division.state or "", "Governor")
    if (
        division.kind == "state"
        and not any(seat.title == chief for seat, _ in holders)
        and _has_executives(division)
    ):
        ended = _ended_terms(division, "state", "executive", today, title=chief)
        vacancy = _vacancy(division, "state", chief, 1, 0, ended)
        out.append({**vacancy, "message": f"No current {chief.lower()} in the public data."})
    for level, chamber, seats in _expected(division):
        filled = sum(
            1
            for seat, _ in holders
            if seat.level == level
            and (not chamber or seat.chamber == chamber)
            and seat.chamber != "executive"
        )
        if filled < seats:
            office = {
                ("federal", "upper"): "U.S. Senator",
                ("federal", "lower"): "U.S. Representative",
                ("canada", "lower"): OFFICE_TITLES["MP"],
                ("province", "legislature"): OFFICE_TITLES[body_letters(division.state)],
            }.get((level, chamber), "State legislator")
            ended = _ended_terms(division, level, chamber, today)
            out.append(_vacancy(division, level, office, seats, filled, ended))
    return out


# Executives in the order a state lists them: the governor first.
EXECUTIVE_RANK = {
    "Governor": 0,
    "Mayor": 0,
    "Lieutenant Governor": 1,
    "Attorney General": 2,
    "Secretary of State": 3,
}


def _official_order(official: dict[str, Any]) -> tuple:
    return (
        ORDER.get((official["level"], official["chamber"]), 9),
        EXECUTIVE_RANK.get(official["title"], 5) if official["chamber"] == "executive" else 0,
        official["name"] or "",
    )
