"""Turn parsed sources into the directory's rows: divisions, GEOID rules and officials."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advocacy.directory.canada import ca_divisions, represent_records
from advocacy.directory.districts import (
    add_cd_divisions,
    add_place_division,
    build_divisions,
    build_geoid_maps,
    cd_resolver,
)
from advocacy.directory.divisions import name_index
from advocacy.directory.formats import Parsed
from advocacy.directory.people import one_per_seat, people_records
from advocacy.directory.records import (
    OfficialRecord,
    congress_records,
    executive_records,
    openstates_records,
)
from advocacy.ingest.fetch import SourceError


@dataclass
class Directory:
    """The whole directory as built from one set of sources."""

    divisions: dict[str, dict[str, Any]]
    geoid_rules: list[dict[str, Any]]
    geoid_mappings: list[dict[str, Any]]
    officials: list[OfficialRecord]
    # Offices the data names two current holders for, and whom we kept (in words).
    conflicts: list[str] = field(default_factory=list)
    # Congress's committees and who sits on them (by bioguide id).
    committees: list[dict[str, Any]] = field(default_factory=list)
    memberships: list[dict[str, Any]] = field(default_factory=list)


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
    officials += _canada(parsed, divisions)
    officials, conflicts = one_per_seat(officials, today)
    for record in officials:
        if record.seat["level"] == "local":
            add_place_division(divisions, record.seat["division_id"], record.seat["state"])
    for record in officials:
        if record.seat["division_id"] not in divisions:
            source = {"openstates": f"openstates-{record.seat['state']}"}.get(
                record.source, record.source
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
    committees = parsed["congress-committees"].data
    known = {c["code"] for c in committees}
    memberships = [m for m in parsed["congress-committee-membership"].data
                   if m["committee_code"] in known]  # fmt: skip
    return Directory(divisions, rules, mappings, officials, conflicts, committees, memberships)


def _canada(parsed: dict[str, Parsed], divisions: dict[str, dict[str, Any]]) -> list:
    """Canada's divisions (added to `divisions`) and the members of each body Represent
    lists; nothing when the OCD lists are not among the sources."""
    country, federal = parsed.get("ocd-divisions-ca"), parsed.get("ocd-federal-districts-ca")
    if country is None or federal is None:
        return []
    divisions.update(ca_divisions(country, federal))
    index = name_index(divisions.values())
    officials = []
    for p in parsed.values():
        if p.source.kind != "represent":
            continue
        records, extra = represent_records(p, p.source.name.removeprefix("represent-"), index)
        for row in extra:
            divisions.setdefault(row["ocd_id"], row)
        officials += records
    return officials
