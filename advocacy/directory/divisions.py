"""A district -> its OCD divisions: the one place this translation happens (a lookup's OCD
step, and the load's).

Census GEOIDs by openstates-geo's rules, as its own generator applies them: a state's custom
list first (`sld-id` -> `os-id`), then the state's regex for the district type, whose first
group, without leading zeros, names the district under the state's OCD prefix. A rule marked
`split_districts` (Idaho's house) covers lettered seats: district 1 is seats 1a and 1b.
Canadian ridings by their number (federal) or their name as Represent writes it; provinces
by their code (jurisdictions.province_division). `to_ocd` reads the rules and ridings the
last data load stored; the functions above it are pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from advocacy.directory.status import per_load
from advocacy.extensions import db
from advocacy.geocoding.types import CANADIAN_TYPES, District
from advocacy.jurisdictions import CANADA_DIVISION, PROVINCES, province_division
from advocacy.models import Division, GeoidMapping, GeoidRule


@dataclass(frozen=True)
class Rule:
    """A state's regex rule for one district type."""

    pattern: str
    ocd_prefix: str
    division_kind: str
    split: bool = False


@dataclass(frozen=True)
class OcdMatch:
    """The OCD id a GEOID maps to; `split` means the lettered seats under it (1 -> 1a, 1b)."""

    ocd_id: str
    split: bool = False


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def census_to_ocd(
    district_type: str,
    geoid: str,
    custom: Mapping[tuple[str, str], str],
    rules: Mapping[tuple[str, str], Rule],
) -> OcdMatch | None:
    """The OCD division of a Census district (type cd/sldu/sldl, GEOID), or None."""
    found = custom.get((district_type, geoid))
    if found:
        return OcdMatch(found)
    rule = rules.get((geoid[:2], district_type))
    if rule is None:
        return None
    match = _compiled(rule.pattern).search(f"{district_type}-{geoid}")
    if match is None or not match.groups():
        return None
    code = (match.group(1) or "").lstrip("0")
    if not code:
        return None
    kind = rule.division_kind or district_type
    return OcdMatch(f"{rule.ocd_prefix}/{kind}:{code}".lower(), rule.split)


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def name_key(name: str | None) -> str:
    """A district name folded for matching: accents, case, dashes and punctuation gone
    ("Ville-Marie—Le Sud-Ouest" and "Ville Marie - le Sud Ouest" are one key)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", bare).strip()


def name_index(divisions: Iterable[Mapping[str, Any]]) -> dict[tuple[str | None, str], str]:
    """(province or None for federal, name key) -> OCD id of every riding; federal ridings
    also by (None, "#" + their number)."""
    index: dict[tuple[str | None, str], str] = {}
    for row in divisions:
        if row["kind"] == "ed":
            index.setdefault((None, name_key(row["name"])), row["ocd_id"])
            number = re.search(r"/ed:([0-9]{5})-2023$", row["ocd_id"])
            if number:
                index[(None, "#" + number.group(1))] = row["ocd_id"]
        elif row["kind"] == "ped":
            index.setdefault((row["state"], name_key(row["name"])), row["ocd_id"])
    return index


def division_for(
    district_name: str | None,
    province: str | None,
    number: str | None,
    index: Mapping[tuple[str | None, str], str],
) -> tuple[str, bool]:
    """The OCD division of a riding as Represent names it (`province` None: a federal
    riding, found by its number first), and whether it is one of the OCD list's. A riding
    the list lacks gets an id made from its name, so nobody is left out."""
    if province is None and number:
        ocd_id = f"{CANADA_DIVISION}/ed:{number}-2023"
        if index.get((None, "#" + number)) == ocd_id:
            return ocd_id, True
    key = name_key(district_name)
    found = index.get((province, key))
    if found:
        return found, True
    slug = key.replace(" ", "_") or "unknown"
    parent = province_division(province) if province else CANADA_DIVISION
    return f"{parent}/ed:{slug}"[:200], False


# --- the stored rules and ridings ---------------------------------------------------------


def geoid_index() -> tuple[dict, dict]:
    """The loaded GEOID mappings and rules (custom, regex), in memory until the next load."""

    def build():
        custom = {
            (m.district_type, m.geoid): m.ocd_id for m in db.session.scalars(select(GeoidMapping))
        }
        rules = {
            (r.state_fips, r.district_type): Rule(
                r.pattern, r.ocd_prefix, r.division_kind or r.district_type, r.split
            )
            for r in db.session.scalars(select(GeoidRule))
        }
        return custom, rules

    return per_load("geoid_index", build)


def _riding_index() -> dict:
    """Canada's ridings by name (and federal ones by number), until the next data load."""

    def build():
        rows = db.session.execute(
            select(Division.ocd_id, Division.name, Division.kind, Division.state).where(
                Division.kind.in_(("ed", "ped"))
            )
        ).all()
        return name_index({"ocd_id": r[0], "name": r[1], "kind": r[2], "state": r[3]} for r in rows)

    return per_load("riding_index", build)


SPLIT_LETTERS = "abcdefgh"


def to_ocd(district: District) -> list[str]:
    """The OCD division ids of a Census district or a Canadian riding ([] when no rule
    covers it)."""
    if district.type == "province":
        return [province_division(district.geoid)] if district.geoid in PROVINCES else []
    if district.type in CANADIAN_TYPES:
        province = district.geoid if district.type == "ped" else None
        number = district.geoid if district.type == "ed" else None
        return [division_for(district.name, province, number or None, _riding_index())[0]]
    custom, rules = geoid_index()
    match = census_to_ocd(district.type, district.geoid, custom, rules)
    if match is None:
        return []
    if not match.split:
        return [match.ocd_id]
    # Idaho's house: Census district 1 holds seats 1a and 1b, each its own division.
    wanted = [match.ocd_id + letter for letter in SPLIT_LETTERS]
    return list(
        db.session.scalars(
            select(Division.ocd_id).where(Division.ocd_id.in_(wanted)).order_by(Division.ocd_id)
        )
    )
