"""Parse and validate each public source. Every failure is a SourceError naming the source.

Parsers are pure: bytes in, plain Python structures out, nothing written anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import openstates_metadata
import yaml

from advocacy.directory.committees import parse_committee_membership, parse_committees
from advocacy.directory.formats import (
    Parsed,
    clean,
    csv_rows,
    read_json,
    read_text,
    read_yaml,
    require,
)
from advocacy.ingest.fetch import Source, SourceError
from advocacy.jurisdictions import PROVINCES, STATES

# Open States' documented nightly-CSV columns that the directory needs.
OPENSTATES_REQUIRED = [
    "id",
    "name",
    "current_party",
    "current_district",
    "current_chamber",
    "given_name",
    "family_name",
    "gender",
    "email",
    "image",
    "links",
    "capitol_address",
    "capitol_voice",
    "capitol_fax",
    "district_address",
    "district_voice",
    "district_fax",
    "twitter",
    "youtube",
    "instagram",
    "facebook",
    "wikidata",
]
ZCCD_REQUIRED = ("state_fips", "state_abbr", "zcta", "cd")


def parse_congress(source: Source, content: bytes) -> Parsed:
    """legislators-current.json: every current member of Congress."""
    data = read_json(source, content)
    require(source, isinstance(data, list), "expected a JSON list of legislators")
    seen = set()
    for i, person in enumerate(data):
        try:
            bioguide = person["id"]["bioguide"]
            term = person["terms"][-1]
            person["name"]["last"]  # noqa: B018  (presence check)
            term["type"], term["state"], term["start"], term["end"]  # noqa: B018
        except (KeyError, IndexError, TypeError):
            raise SourceError(
                source.name, f"record {i} lacks id.bioguide, name.last or a complete term"
            ) from None
        require(source, term["type"] in ("sen", "rep"), f"record {i}: unknown term type")
        require(source, bioguide not in seen, f"bioguide {bioguide} appears twice")
        seen.add(bioguide)
    states = {p["terms"][-1]["state"].lower() for p in data if p["terms"][-1]["type"] == "sen"}
    missing = sorted(set(STATES) - states)
    require(source, not missing, f"no senator for state(s): {', '.join(missing)}")
    return Parsed(source, data, len(data))


def parse_social(source: Source, content: bytes) -> Parsed:
    """legislators-social-media.json: bioguide -> {platform: handle}."""
    data = read_json(source, content)
    require(source, isinstance(data, list), "expected a JSON list")
    out = {}
    for i, item in enumerate(data):
        try:
            out[item["id"]["bioguide"]] = dict(item["social"])
        except (KeyError, TypeError, ValueError):
            raise SourceError(source.name, f"record {i} lacks id.bioguide or social") from None
    return Parsed(source, out, len(out))


def parse_district_offices(source: Source, content: bytes) -> Parsed:
    """legislators-district-offices.json: bioguide -> [office, ...]."""
    data = read_json(source, content)
    require(source, isinstance(data, list), "expected a JSON list")
    out = {}
    for i, item in enumerate(data):
        try:
            offices = item["offices"]
            out[item["id"]["bioguide"]] = list(offices)
        except (KeyError, TypeError):
            raise SourceError(source.name, f"record {i} lacks id.bioguide or offices") from None
    return Parsed(source, out, len(out))


def parse_executive(source: Source, content: bytes) -> Parsed:
    """executive.json: every President and Vice President (current ones chosen later)."""
    data = read_json(source, content)
    require(source, isinstance(data, list), "expected a JSON list")
    for i, person in enumerate(data):
        try:
            person["id"]["bioguide" if "bioguide" in person["id"] else "govtrack"]  # noqa: B018
            person["name"]["last"]  # noqa: B018
            term = person["terms"][-1]
            term["type"], term["start"], term["end"]  # noqa: B018
        except (KeyError, IndexError, TypeError):
            raise SourceError(source.name, f"record {i} lacks an id, name or term") from None
    return Parsed(source, data, len(data))


def parse_openstates_csv(source: Source, content: bytes) -> Parsed:
    """One state's current legislators from Open States' nightly CSV."""
    rows = csv_rows(source, content, OPENSTATES_REQUIRED)
    state = openstates_metadata.lookup(abbr=source.state)
    chambers = {
        ("legislature" if c.chamber_type == "unicameral" else c.chamber_type): c
        for c in state.chambers
    }
    seen = set()
    for number, row in enumerate(rows, start=2):
        require(source, row["id"].startswith("ocd-person/"), f"row {number}: bad id")
        require(source, row["id"] not in seen, f"row {number}: {row['id']} appears twice")
        seen.add(row["id"])
        require(source, bool(clean(row["name"])), f"row {number}: empty name")
        chamber = chambers.get(row["current_chamber"])
        require(
            source,
            chamber is not None,
            f"row {number}: chamber {row['current_chamber']!r} is not one of "
            f"{', '.join(sorted(chambers))}",
        )
        require(
            source,
            chamber.lookup_district(name=row["current_district"]) is not None,
            f"row {number}: unknown {row['current_chamber']} district {row['current_district']!r}",
        )
    # A sane floor on any load: at least half the seats of the legislature are filled.
    seats = sum(c.num_seats for c in chambers.values())
    require(
        source,
        len(rows) >= seats // 2,
        f"{len(rows)} legislators for {seats} seats is too few (truncated?)",
    )
    return Parsed(source, rows, len(rows))


def _geo_mappings(source: Source, data: Any) -> dict:
    require(source, isinstance(data, dict), "expected a YAML mapping")
    mappings = data.get("id-mappings")
    require(source, isinstance(mappings, dict), "missing id-mappings")
    for entry in mappings.get("custom") or []:
        require(
            source,
            isinstance(entry, dict) and "os-id" in entry,
            "a custom mapping lacks os-id",
        )
    for kind, rule in mappings.items():
        if kind == "custom" or not isinstance(rule, dict) or "sld-match" not in rule:
            continue
        try:
            re.compile(rule["sld-match"])
        except re.error as exc:
            raise SourceError(source.name, f"bad {kind} sld-match regex: {exc}") from None
    return mappings


def parse_geo_config(source: Source, content: bytes) -> Parsed:
    """An openstates-geo jurisdiction config: how GEOIDs become OCD division ids."""
    data = read_yaml(source, content)
    mappings = _geo_mappings(source, data)
    require(source, bool(data.get("os-id-prefix")), "missing os-id-prefix")
    records = len(mappings.get("custom") or []) + sum(
        1 for k, v in mappings.items() if k != "custom" and isinstance(v, dict)
    )
    return Parsed(source, data, records)


def parse_geo_config_usa(source: Source, content: bytes) -> Parsed:
    """openstates-geo's usa.yml: every congressional district GEOID with its OCD id and name."""
    data = read_yaml(source, content)
    custom = _geo_mappings(source, data).get("custom") or []
    require(source, len(custom) >= 400, f"only {len(custom)} congressional districts")
    return Parsed(source, data, len(custom))


def parse_zccd(source: Source, content: bytes) -> Parsed:
    """ZCTA -> congressional district rows."""
    rows = csv_rows(source, content, ZCCD_REQUIRED)
    for number, row in enumerate(rows, start=2):
        ok = (
            re.fullmatch(r"\d{2}", row["state_fips"])
            and re.fullmatch(r"\d{5}", row["zcta"])
            and re.fullmatch(r"\d{1,2}", row["cd"])
        )
        require(source, bool(ok), f"row {number}: malformed state_fips, zcta or cd")
    states = {r["state_abbr"].lower() for r in rows}
    missing = sorted(set(STATES) - states)
    require(source, not missing, f"no ZIP codes for state(s): {', '.join(missing)}")
    return Parsed(source, rows, len(rows))


def parse_state_leg_zips(source: Source, content: bytes) -> Parsed:
    """ZIP -> state legislative districts, by state FIPS, chamber and district code."""
    data = read_json(source, content)
    states = data.get("states") if isinstance(data, dict) else None
    require(source, isinstance(states, dict), "missing the states object")
    abbrs, records = set(), 0
    for fips, state in states.items():
        try:
            abbrs.add(state["abbreviation"].lower())
            for chamber in state["chambers"].values():
                for district in chamber["districts"].values():
                    records += len(district["zips"])
        except (KeyError, TypeError, AttributeError):
            raise SourceError(source.name, f"state {fips} is not in the expected shape") from None
    missing = sorted(set(STATES) - abbrs)
    require(source, not missing, f"no districts for state(s): {', '.join(missing)}")
    return Parsed(source, data, records)


def parse_cd_boundaries(source: Source, content: bytes) -> Parsed:
    """Congressional district polygons (GeoJSON FeatureCollection with GEOID properties)."""
    data = read_json(source, content)
    features = data.get("features") if isinstance(data, dict) else None
    require(source, isinstance(features, list), "not a GeoJSON FeatureCollection")
    for i, feature in enumerate(features):
        try:
            geoid = feature["properties"]["GEOID"]
            kind = feature["geometry"]["type"]
        except (KeyError, TypeError):
            raise SourceError(source.name, f"feature {i} lacks GEOID or geometry") from None
        require(source, bool(re.fullmatch(r"\d{4}", str(geoid))), f"feature {i}: bad GEOID")
        require(source, kind in ("Polygon", "MultiPolygon"), f"feature {i}: not a polygon")
    require(source, len(features) >= 400, f"only {len(features)} districts")
    return Parsed(source, data, len(features))


def parse_sld_boundaries(source: Source, content: bytes) -> Parsed:
    """One state chamber's district polygons (Census TIGER/Line GEOIDs: FIPS + 3 chars)."""
    data = read_json(source, content)
    features = data.get("features") if isinstance(data, dict) else None
    require(source, isinstance(features, list), "not a GeoJSON FeatureCollection")
    fips = openstates_metadata.lookup(abbr=source.state).fips
    seen = set()
    for i, feature in enumerate(features):
        try:
            geoid = str(feature["properties"]["GEOID"])
            kind = feature["geometry"]["type"]
        except (KeyError, TypeError):
            raise SourceError(source.name, f"feature {i} lacks GEOID or geometry") from None
        require(
            source,
            bool(re.fullmatch(r"\d{2}[0-9A-Z-]{3}", geoid)) and geoid[:2] == fips,
            f"feature {i}: GEOID {geoid[:20]!r} is not a {source.state.upper()} district",
        )
        require(source, kind in ("Polygon", "MultiPolygon"), f"feature {i}: not a polygon")
        require(source, geoid not in seen, f"GEOID {geoid} appears twice")
        seen.add(geoid)
    require(source, bool(features), "no districts")
    return Parsed(source, data, len(features))


def parse_openstates_people(source: Source, content: bytes) -> Parsed:
    """A directory of Open States person YAML files (executives or mayors) as one stream;
    an optional directory the publisher lacks arrives empty and holds nobody."""
    if not content.strip():
        require(source, source.optional, "empty body")
        return Parsed(source, [], 0)
    try:
        people = [p for p in yaml.safe_load_all(read_text(source, content)) if p is not None]
    except yaml.YAMLError as exc:
        raise SourceError(source.name, f"invalid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise SourceError(source.name, "invalid YAML: nested too deeply") from None
    seen = set()
    for i, person in enumerate(people):
        ok = (
            isinstance(person, dict)
            and str(person.get("id", "")).startswith("ocd-person/")
            and clean(person.get("name"))
            and isinstance(person.get("roles"), list)
            and all(isinstance(r, dict) for r in person["roles"])
        )
        require(source, bool(ok), f"person {i} lacks an ocd-person id, a name or roles")
        require(source, person["id"] not in seen, f"{person['id']} appears twice")
        seen.add(person["id"])
    return Parsed(source, people, len(people))


OCD_CA_PLACE = re.compile(
    r"^ocd-division/country:ca/(?:province|territory):([a-z]{2})(?:/ed:[^/]+)?$"
)
OCD_CA_FEDERAL = re.compile(r"^ocd-division/country:ca/ed:[0-9]{5}-2023$")


def parse_ocd_ca(source: Source, content: bytes) -> Parsed:
    """opencivicdata's country-ca.csv, kept to the provinces, territories and their
    electoral districts (every vintage: the directory takes each province's newest)."""
    rows = csv_rows(source, content, ("id", "name", "validThrough"))
    kept = [
        {"id": r["id"], "name": clean(r["name"]), "valid_through": clean(r["validThrough"])}
        for r in rows
        if OCD_CA_PLACE.match(r["id"])
    ]
    for row in kept:
        require(source, bool(row["name"]), f"{row['id']} has no name")
    provinces = {OCD_CA_PLACE.match(r["id"]).group(1) for r in kept if "/ed:" not in r["id"]}
    missing = sorted(set(PROVINCES) - provinces)
    require(source, not missing, f"no division for {', '.join(missing)}")
    return Parsed(source, kept, len(kept))


def parse_ocd_ca_federal(source: Source, content: bytes) -> Parsed:
    """opencivicdata's federal electoral districts of the 2023 Representation Order."""
    rows = csv_rows(source, content, ("id", "name", "name_fr"))
    seen = set()
    for row in rows:
        require(
            source, bool(OCD_CA_FEDERAL.match(row["id"])), f"{row['id']!r} is not a 2023 riding"
        )
        require(source, bool(clean(row["name"])), f"{row['id']} has no name")
        require(source, row["id"] not in seen, f"{row['id']} appears twice")
        seen.add(row["id"])
    data = [{"id": r["id"], "name": clean(r["name"]), "name_fr": clean(r["name_fr"])} for r in rows]
    return Parsed(source, data, len(data))


REPRESENT_TEXT = ("name", "district_name", "elected_office")


def parse_represent(source: Source, content: bytes) -> Parsed:
    """One body's representatives from Open North's Represent API (the pages' `objects`,
    gathered by the fetcher); a body Represent does not publish arrives empty."""
    if not content.strip():
        require(source, source.optional, "empty body")
        return Parsed(source, [], 0)
    data = read_json(source, content)
    require(
        source,
        isinstance(data, dict) and isinstance(data.get("objects"), list),
        "not a Represent list (no objects)",
    )
    reps = data["objects"]
    for i, rep in enumerate(reps):
        require(source, isinstance(rep, dict), f"representative {i} is not an object")
        for key in REPRESENT_TEXT:
            require(
                source,
                isinstance(rep.get(key), str) and bool(clean(rep[key])),
                f"representative {i} has no {key}",
            )
        offices = rep.get("offices")
        require(
            source,
            offices is None
            or (isinstance(offices, list) and all(isinstance(o, dict) for o in offices)),
            f"representative {i}: offices are not a list of objects",
        )
        for key in ("related", "extra"):
            require(
                source,
                rep.get(key) is None or isinstance(rep[key], dict),
                f"representative {i}: {key} is not an object",
            )
    return Parsed(source, reps, len(reps))


PARSERS: dict[str, Callable[[Source, bytes], Parsed]] = {
    "congress": parse_congress,
    "social": parse_social,
    "district_offices": parse_district_offices,
    "executive": parse_executive,
    "committees": parse_committees,
    "committee_membership": parse_committee_membership,
    "openstates_csv": parse_openstates_csv,
    "geo_config": parse_geo_config,
    "geo_config_usa": parse_geo_config_usa,
    "zccd": parse_zccd,
    "state_leg_zips": parse_state_leg_zips,
    "cd_boundaries": parse_cd_boundaries,
    "sld_boundaries": parse_sld_boundaries,
    "openstates_people": parse_openstates_people,
    "ocd_ca": parse_ocd_ca,
    "ocd_ca_federal": parse_ocd_ca_federal,
    "represent": parse_represent,
}

# Floors for a first load, where there is no previous count to compare with.
FIRST_LOAD_FLOORS = {
    "congress": 500,
    "social": 400,
    "district_offices": 400,
    "executive": 50,
    "committees": 40,
    "committee_membership": 1000,
    "zccd": 30_000,
    "state_leg_zips": 50_000,
    "ocd_ca_federal": 300,
}


def parse(source: Source, content: bytes) -> Parsed:
    """Parse and validate one source's bytes."""
    parsed = PARSERS[source.kind](source, content)
    floor = FIRST_LOAD_FLOORS.get(source.kind)
    if floor is not None and parsed.records < floor:
        raise SourceError(source.name, f"{parsed.records} records is below the floor of {floor}")
    return parsed
