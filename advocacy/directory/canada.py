"""Canada in the directory: provinces, territories and ridings under their OCD ids, and the
MPs and provincial or territorial legislators Open North's Represent lists.

Pure functions: parsed data in, plain rows out. `division_for` is the one place where a
Represent representative is tied to an OCD division, for loading and for lookups alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from advocacy.directory.divisions import division_for, name_key
from advocacy.directory.formats import Parsed, clean
from advocacy.directory.records import OfficialRecord, party_name, person_fields, web_url
from advocacy.geocoding.represent import federal_number
from advocacy.jurisdictions import CANADA_DIVISION, PROVINCES, province_division

# Statistics Canada's province codes, the first two digits of a federal riding's number.
SGC_PROVINCES = {
    "10": "nl",
    "11": "pe",
    "12": "ns",
    "13": "nb",
    "24": "qc",
    "35": "on",
    "46": "mb",
    "47": "sk",
    "48": "ab",
    "59": "bc",
    "60": "yt",
    "61": "nt",
    "62": "nu",
}
# What each body's members are called: the post-nominal letters and the words.
OFFICE_TITLES = {
    "MP": "Member of Parliament",
    "MPP": "Member of Provincial Parliament",
    "MNA": "Member of the National Assembly",
    "MLA": "Member of the Legislative Assembly",
    "MHA": "Member of the House of Assembly",
}
BODY_LETTERS = {None: "MP", "on": "MPP", "qc": "MNA", "nl": "MHA"}  # others: MLA
# Offices held with a seat that make the holder "The Honourable" (Privy Councillors and
# ministers, premiers, speakers), as Represent names them in elected_office or roles.
HONOURABLE = re.compile(r"\b(prime minister|premier|minister|speaker)\b", re.I)
_VINTAGE = re.compile(r"-([0-9]{4})$")


def body_letters(province: str | None) -> str:
    """MP, MPP, MNA, MHA or MLA: what a body's members write after their names."""
    return BODY_LETTERS.get(province, "MLA")


def ca_divisions(country: Parsed, federal: Parsed) -> dict[str, dict[str, Any]]:
    """Canada, its provinces and territories, the 343 federal ridings of 2023, and each
    province's newest provincial ridings (kinds country, province, ed, ped)."""
    divisions = {
        CANADA_DIVISION: _division(CANADA_DIVISION, "Canada", "country", None),
    }
    for abbr, name in PROVINCES.items():
        ocd_id = province_division(abbr)
        divisions[ocd_id] = _division(ocd_id, name, "province", abbr)
    for row in federal.data:
        code = row["id"].rsplit(":", 1)[1][:5]
        divisions[row["id"]] = _division(row["id"], row["name"], "ed", SGC_PROVINCES.get(code[:2]))
    newest: dict[str, int] = {}
    ridings = []
    for row in country.data:
        if "/ed:" not in row["id"] or row["valid_through"]:
            continue  # a province itself, or a riding already abolished
        abbr = row["id"].split("/")[2].split(":")[1]
        match = _VINTAGE.search(row["id"])
        vintage = int(match.group(1)) if match else 0
        ridings.append((abbr, vintage, row))
        newest[abbr] = max(newest.get(abbr, 0), vintage)
    for abbr, vintage, row in ridings:
        if vintage == newest[abbr]:
            divisions[row["id"]] = _division(row["id"], row["name"], "ped", abbr)
    return divisions


def _division(ocd_id: str, name: str, kind: str, province: str | None) -> dict[str, Any]:
    return {
        "ocd_id": ocd_id,
        "name": name[:200],
        "kind": kind,
        "state": province,
        "num_seats": 1 if kind in ("ed", "ped") else None,
        "statewide": False,
    }


def represent_key(slug: str, rep: Mapping[str, Any]) -> str:
    """A Represent member's stable key: the body, the riding and the name."""
    riding = name_key(rep.get("district_name")).replace(" ", "_")
    person = name_key(rep.get("name")).replace(" ", "_")
    return f"represent:{slug}:{riding}:{person}"[:120]


def _offices(rep: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for office in rep.get("offices") or []:
        postal = clean(office.get("postal"))
        phone, fax = clean(office.get("tel")), clean(office.get("fax"))
        if not (postal or phone or fax):
            continue
        lines = [line.strip() for line in (postal or "").splitlines() if line.strip()]
        kind = "capitol" if office.get("type") == "legislature" else "district"
        out.append(
            {
                "position": len(out),
                "classification": kind,
                "name": None,
                "address": ", ".join(lines)[:2000] or None,
                "city": None,
                "state": None,
                "postal_code": _postal_code(lines[-1] if lines else ""),
                "latitude": None,
                "longitude": None,
                "phone": phone and phone[:40],
                "fax": fax and fax[:40],
            }
        )
    return out


_POSTAL = re.compile(r"\b([A-Z][0-9][A-Z]) ?([0-9][A-Z][0-9])$")


def _postal_code(line: str) -> str | None:
    match = _POSTAL.search(line.strip())
    return f"{match.group(1)} {match.group(2)}" if match else None


def _roles(rep: Mapping[str, Any]) -> list[str]:
    extra = rep.get("extra") if isinstance(rep.get("extra"), dict) else {}
    roles = extra.get("roles") if isinstance(extra.get("roles"), list) else []
    return [clean(r) for r in roles if isinstance(r, str) and clean(r)]


def represent_records(
    parsed: Parsed, slug: str, index: Mapping[tuple[str | None, str], str]
) -> tuple[list[OfficialRecord], list[dict[str, Any]]]:
    """One body's members as directory records, and the ridings the OCD list lacks (as
    divisions named after Represent's district names, so lookups still find them)."""
    province = parsed.source.state
    letters = body_letters(province)
    records, extra_divisions = [], []
    seen: set[str] = set()
    for rep in parsed.data:
        division_id, listed = division_for(
            rep["district_name"], province, federal_number(rep), index
        )
        if not listed and division_id not in seen:
            extra_divisions.append(
                _division(
                    division_id, clean(rep["district_name"]), "ped" if province else "ed", province
                )
            )
        seen.add(division_id)
        office = clean(rep["elected_office"])
        roles = [office, *_roles(rep)]
        given, family = clean(rep.get("first_name")), clean(rep.get("last_name"))
        full = clean(rep["name"])[:200]
        state = province
        if province is None:
            state = SGC_PROVINCES.get(division_id.rsplit(":", 1)[1][:2])
        identifiers = [{"scheme": "represent", "value": represent_key(slug, rep)}]
        if any(HONOURABLE.search(r) for r in roles):
            identifiers.append({"scheme": "style", "value": "The Honourable"})
        records.append(
            OfficialRecord(
                source_key=represent_key(slug, rep),
                source="represent",
                person=person_fields(
                    full,
                    given,
                    family,
                    gender={"F": "Female", "M": "Male"}.get(clean(rep.get("gender")) or ""),
                    image=rep.get("photo_url"),
                    email=rep.get("email"),
                    website=web_url(rep.get("personal_url")) or web_url(rep.get("url")),
                ),
                seat={
                    "level": "province" if province else "canada",
                    "chamber": "legislature" if province else "lower",
                    "title": OFFICE_TITLES[letters],
                    "state": state,
                    "district": clean(rep["district_name"])[:120],
                    "division_id": division_id,
                    "party": (party_name(rep.get("party_name")) or "")[:120] or None,
                    "start_date": None,
                    "end_date": None,
                },
                offices=_offices(rep),
                identifiers=identifiers,
            )
        )
    return records, extra_divisions
