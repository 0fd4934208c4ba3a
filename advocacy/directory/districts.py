"""Divisions and the GEOID -> OCD rules the directory loads: the one place where Census
GEOIDs and source district labels are tied to OCD division ids for loading.

Pure functions: parsed data in, plain rows out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from advocacy.directory.divisions import Rule, census_to_ocd
from advocacy.directory.formats import Parsed
from advocacy.jurisdictions import JURISDICTIONS, TERRITORIES, fips_to_state
from advocacy.jurisdictions import state_meta as _state

COUNTRY_DIVISION = "ocd-division/country:us"
# Open States' names for districts elected by the whole state (no Census geography).
STATEWIDE_DISTRICT_NAMES = ("at-large", "chairman")


def build_divisions() -> dict[str, dict[str, Any]]:
    """Country, states/DC/territories and every state legislative district (openstates-metadata)."""
    divisions: dict[str, dict[str, Any]] = {
        COUNTRY_DIVISION: {
            "ocd_id": COUNTRY_DIVISION,
            "name": "United States",
            "kind": "country",
            "state": None,
            "num_seats": None,
            "statewide": False,
        }
    }
    for abbr in (*JURISDICTIONS, *TERRITORIES):
        meta = _state(abbr)
        divisions[meta.division_id] = {
            "ocd_id": meta.division_id,
            "name": meta.name,
            "kind": "state",
            "state": abbr,
            "num_seats": None,
            "statewide": True,
        }
    for abbr in JURISDICTIONS:
        meta = _state(abbr)
        for chamber in meta.chambers:
            kind = {"upper": "sldu", "lower": "sldl"}.get(chamber.chamber_type, "legislature")
            for district in chamber.districts:
                row = divisions.get(district.division_id)
                if row is None:
                    row = divisions[district.division_id] = {
                        "ocd_id": district.division_id,
                        "name": district.name,
                        "kind": kind,
                        "state": abbr,
                        "num_seats": 0,
                        "statewide": district.name.lower() in STATEWIDE_DISTRICT_NAMES,
                    }
                # DC's chairman and at-large council seats sit on the District itself.
                row["num_seats"] = (row["num_seats"] or 0) + district.num_seats
    return divisions


def add_place_division(divisions: dict[str, dict[str, Any]], ocd_id: str, state: str) -> None:
    """A city or town with a mayor: its name from its OCD id ("place:new_york" -> New York)."""
    if ocd_id not in divisions:
        slug = ocd_id.rsplit("place:", 1)[-1]
        divisions[ocd_id] = {
            "ocd_id": ocd_id,
            "name": slug.replace("_", " ").replace("-", " ").title(),
            "kind": "place",
            "state": state,
            "num_seats": 1,
            "statewide": False,
        }


def _cd_division(ocd_id: str, name: str, state: str) -> dict[str, Any]:
    return {
        "ocd_id": ocd_id,
        "name": name,
        "kind": "cd",
        "state": state,
        "num_seats": 1,
        "statewide": False,
    }


def _cd_name(abbr: str, code: str) -> str:
    name = _state(abbr).name
    number = int(code)
    if number in (0, 98):
        return f"{name}'s at-large congressional district"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{name}'s {number}{suffix} congressional district"


def _is_expired(entry: dict, today: date) -> bool:
    ended = entry.get("expired") or entry.get("expiration")
    return bool(ended) and date.fromisoformat(str(ended)) <= today


def build_geoid_maps(
    configs: dict[str, Parsed], usa: Parsed, divisions: dict[str, dict], today: date
) -> tuple[list[dict], list[dict]]:
    """GEOID rules (regex per state and type) and custom GEOID -> OCD pairs; adds CDs."""
    fips_state = fips_to_state()
    mappings: dict[tuple[str, str], dict] = {}
    for entry in usa.data["id-mappings"]["custom"]:
        if _is_expired(entry, today):
            continue
        kind, _, geoid = str(entry["sld-id"]).partition("-")
        state = fips_state.get(geoid[:2])
        if kind != "cd" or state is None:
            continue
        mappings[(kind, geoid)] = {
            "district_type": kind,
            "geoid": geoid,
            "ocd_id": entry["os-id"],
            "name": entry.get("name"),
        }
        divisions.setdefault(
            entry["os-id"], _cd_division(entry["os-id"], entry.get("name") or entry["os-id"], state)
        )
    rules = []
    for abbr, parsed in configs.items():
        data = parsed.data
        fips = _state(abbr).fips
        ignored = set(data.get("ignored_chambers") or [])
        for kind, rule in data["id-mappings"].items():
            if kind == "custom" or kind in ignored or not isinstance(rule, dict):
                continue
            if "sld-match" in rule:
                rules.append(
                    {
                        "state_fips": fips,
                        "district_type": kind,
                        "state": abbr,
                        "pattern": rule["sld-match"],
                        "ocd_prefix": data["os-id-prefix"],
                        "division_kind": rule.get("sld-prefix") or kind,
                        "split": bool(rule.get("split_districts")),
                    }
                )
        for entry in data["id-mappings"].get("custom") or []:
            # openstates-geo skips custom entries without a Census id (names kept for history).
            if "sld-id" not in entry or _is_expired(entry, today):
                continue
            kind, _, geoid = str(entry["sld-id"]).partition("-")
            if kind in ignored or (kind, geoid) in mappings:
                continue
            mappings[(kind, geoid)] = {
                "district_type": kind,
                "geoid": geoid,
                "ocd_id": entry["os-id"],
                "name": entry.get("name"),
            }
    return rules, list(mappings.values())


def cd_resolver(rules: list[dict], mappings: list[dict]) -> Callable[[str], str | None]:
    """A function from a congressional district GEOID to its OCD id (None when unmapped)."""
    custom = {(m["district_type"], m["geoid"]): m["ocd_id"] for m in mappings}
    rule_index = {
        (r["state_fips"], r["district_type"]): Rule(
            r["pattern"], r["ocd_prefix"], r["division_kind"], r["split"]
        )
        for r in rules
    }

    def cd_ocd(geoid: str) -> str | None:
        match = census_to_ocd("cd", geoid, custom, rule_index)
        return match.ocd_id if match else None

    return cd_ocd


def add_cd_divisions(
    divisions: dict[str, dict], boundaries: Parsed, cd_ocd: Callable[[str], str | None]
) -> None:
    """Every congressional district of the boundaries file gets a division, named by
    openstates-geo where it names it (districts new since 2022 are not named there)."""
    fips = fips_to_state()
    for feature in boundaries.data["features"]:
        geoid = str(feature["properties"]["GEOID"])
        ocd_id = cd_ocd(geoid)
        if ocd_id and ocd_id not in divisions and geoid[:2] in fips:
            state = fips[geoid[:2]]
            divisions[ocd_id] = _cd_division(ocd_id, _cd_name(state, geoid[2:]), state)
