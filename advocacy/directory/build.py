"""Turn parsed sources into the directory's rows: divisions, GEOID rules and officials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from advocacy.directory.districts import (
    add_cd_divisions,
    add_place_division,
    build_divisions,
    build_geoid_maps,
    cd_resolver,
)
from advocacy.directory.parsers import Parsed
from advocacy.directory.records import (
    OfficialRecord,
    congress_records,
    executive_records,
    openstates_records,
    people_records,
)
from advocacy.directory.sources import SourceError


@dataclass
class Directory:
    """The whole directory as built from one set of sources."""

    divisions: dict[str, dict[str, Any]]
    geoid_rules: list[dict[str, Any]]
    geoid_mappings: list[dict[str, Any]]
    officials: list[OfficialRecord]


def build_directory(parsed: dict[str, Parsed], today: date) -> Directory:
    """The directory from every parsed source (keyed by source name)."""
    divisions = build_divisions()
    configs = {p.source.state: p for p in parsed.values() if p.source.kind == "geo_config"}
    rules, mappings = build_geoid_maps(configs, parsed["geo-config-usa"], divisions, today)
    cd_ocd = cd_resolver(rules, mappings)
    add_cd_divisions(divisions, parsed["congressional-district-boundaries"], cd_ocd)
    officials = congress_records(
        parsed["congress-legislators"],
        parsed["congress-social-media"],
        parsed["congress-district-offices"],
        cd_ocd,
    )
    officials += executive_records(parsed["congress-executive"], today)
    for p in parsed.values():
        if p.source.kind == "openstates_csv":
            officials += openstates_records(p)
        elif p.source.kind == "openstates_people":
            officials += people_records(p, today)
    for record in officials:
        if record.seat["level"] == "local":
            add_place_division(divisions, record.seat["division_id"], record.seat["state"])
    for record in officials:
        if record.seat["division_id"] not in divisions:
            source = (
                "congress-legislators"
                if record.source != "openstates"
                else (f"openstates-{record.seat['state']}")
            )
            raise SourceError(
                source,
                f"{record.person['full_name']} sits for unknown division "
                f"{record.seat['division_id']}",
            )
    seen: set[str] = set()
    for record in officials:
        if record.source_key in seen:
            raise SourceError(record.source, f"{record.source_key} appears twice")
        seen.add(record.source_key)
    return Directory(divisions, rules, mappings, officials)
