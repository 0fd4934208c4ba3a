"""Congress's committees from congress-legislators: committees-current.json (each committee
and its subcommittees) and committee-membership-current.json (who sits on each, by bioguide
id, with rank and title), checked as every source is and returned as rows."""

from __future__ import annotations

import re

from advocacy.directory.formats import Parsed, clean, read_json, require
from advocacy.ingest.fetch import Source, SourceError

COMMITTEE_TYPES = ("house", "senate", "joint")


def parse_committees(source: Source, content: bytes) -> Parsed:
    """committees-current.json: each committee (thomas_id "HSIF") and its subcommittees
    (the parent's id + theirs, "HSIF14"), as rows."""
    data = read_json(source, content)
    require(source, isinstance(data, list), "expected a JSON list")
    rows: dict[str, dict] = {}
    for i, item in enumerate(data):
        try:
            code, name, kind = item["thomas_id"], item["name"], item["type"]
            subcommittees = item.get("subcommittees") or []
            require(source, isinstance(subcommittees, list), f"record {i}: bad subcommittees")
            subs = [(code + sub["thomas_id"], sub["name"]) for sub in subcommittees]
        except (KeyError, TypeError):
            raise SourceError(source.name, f"record {i} lacks thomas_id, name or type") from None
        require(source, kind in COMMITTEE_TYPES, f"record {i}: unknown committee type {kind!r}")
        for key, words in ((code, name), *subs):
            shaped = isinstance(key, str) and re.fullmatch(r"[A-Z]{4}[0-9]{0,2}", key)
            require(source, bool(shaped), f"record {i}: committee id {key!r} is not like HSIF14")
            require(source, key not in rows, f"committee {key} appears twice")
            rows[key] = {
                "code": key,
                "name": clean(words) or key,
                "chamber": kind,
                "parent_code": None if key == code else code,
                "url": clean(item.get("url")) if key == code else None,
            }
    return Parsed(source, list(rows.values()), len(rows))


def parse_committee_membership(source: Source, content: bytes) -> Parsed:
    """committee-membership-current.json: committee id -> its members (bioguide, rank,
    title such as "Chairman" or "Ranking Member", majority or minority)."""
    data = read_json(source, content)
    require(source, isinstance(data, dict), "expected a JSON object of committees")
    rows: dict[tuple[str, str], dict] = {}
    for code, members in data.items():
        require(source, isinstance(members, list), f"committee {code}: members are not a list")
        for j, member in enumerate(members):
            bioguide = member.get("bioguide") if isinstance(member, dict) else None
            shaped = isinstance(bioguide, str) and re.fullmatch(r"[A-Z][0-9]{6}", bioguide)
            require(source, bool(shaped), f"committee {code}, member {j}: no bioguide id")
            rank = member.get("rank")
            rows[(code, bioguide)] = {
                "committee_code": code,
                "bioguide_id": bioguide,
                "rank": rank if isinstance(rank, int) and not isinstance(rank, bool) else None,
                "title": clean(member.get("title")),
                "side": member.get("party") if member.get("party") in ("majority", "minority")
                else None,
            }  # fmt: skip
    return Parsed(source, list(rows.values()), len(rows))
