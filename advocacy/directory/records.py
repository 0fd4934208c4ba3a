"""Officials as records ready to write, from each source's parsed rows.

Pure functions: parsed data in, plain records out.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advocacy.directory.districts import COUNTRY_DIVISION
from advocacy.directory.formats import Parsed, clean
from advocacy.jurisdictions import state_meta as _state

# Jurisdictions whose member of the House has no vote: their title, and the Census
# congressional district code their seat carries (98 rather than 00 for at-large).
NON_VOTING_TITLES = {
    "dc": "Delegate",
    "as": "Delegate",
    "gu": "Delegate",
    "mp": "Delegate",
    "vi": "Delegate",
    "pr": "Resident Commissioner",
}
GENDERS = {"F": "Female", "M": "Male"}
# Congress members' official photos, published by the same project (public domain).
CONGRESS_PHOTO = "https://unitedstates.github.io/images/congress/450x550/{}.jpg"
SOCIAL_PLATFORMS = {
    "twitter": "twitter",
    "facebook": "facebook",
    "instagram": "instagram",
    "youtube": "youtube",
    "youtube_id": "youtube_channel",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "threads": "threads",
    "tiktok": "tiktok",
    "linkedin": "linkedin",
}


@dataclass
class OfficialRecord:
    """Everything the directory holds about one official, ready to write."""

    source_key: str
    source: str
    person: dict[str, Any]
    seat: dict[str, Any]
    offices: list[dict[str, Any]] = field(default_factory=list)
    socials: list[dict[str, Any]] = field(default_factory=list)
    identifiers: list[dict[str, Any]] = field(default_factory=list)
    # How many other roles the source gives this person (Open States' people): a record
    # whose seat is its only role is the surer one when two claim one office.
    other_roles: int = 0

    @property
    def fingerprint(self) -> str:
        """sha256 of the whole record; equal fingerprints mean nothing to rewrite."""
        payload = json.dumps(
            [self.source, self.person, self.seat, self.offices, self.socials, self.identifiers],
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def _chamber_key(chamber_type: str) -> str:
    return "legislature" if chamber_type == "unicameral" else chamber_type


# congress-legislators says "Democrat" where Open States and the party say "Democratic":
# one name per party, so pages and reports do not show (and count) two.
PARTY_NAMES = {"Democrat": "Democratic", "Democratic Party": "Democratic"}


def party_name(value: Any) -> str | None:
    """A party as its own name spells it."""
    text = clean(value)
    return PARTY_NAMES.get(text, text) if text else None


def person_fields(
    full: str | None,
    given: str | None,
    family: str | None,
    *,
    gender: str | None = None,
    image: Any = None,
    email: Any = None,
    website: str | None = None,
    suffix: str | None = None,
) -> dict[str, Any]:
    """A person as the directory stores them (state and Canadian sources), each value
    cut to its column."""
    full = (full or "")[:200]
    return {
        "full_name": full,
        "sort_name": (f"{family}, {given}" if family and given else full)[:200],
        "given_name": given and given[:100],
        "middle_name": None,
        "family_name": family and family[:100],
        "suffix": suffix and suffix[:20],
        "nickname": None,
        "gender": gender and gender[:20],
        "image_url": web_url(image),
        "email": email_address(email),
        "website_url": website,
        "contact_form_url": None,
    }


def _name_parts(name: dict) -> dict[str, Any]:
    given, last = clean(name.get("first")), clean(name.get("last"))
    full = clean(name.get("official_full")) or " ".join(
        p for p in (given, clean(name.get("middle")), last, clean(name.get("suffix"))) if p
    )
    return {
        "full_name": full,
        "sort_name": f"{last}, {given}" if given else (last or full),
        "given_name": given,
        "middle_name": clean(name.get("middle")),
        "family_name": last,
        "suffix": clean(name.get("suffix")),
        "nickname": clean(name.get("nickname")),
    }


def _identifiers(ids: dict) -> list[dict]:
    out = []
    for scheme, value in sorted(ids.items()):
        for item in value if isinstance(value, list) else [value]:
            text = clean(item)
            if text:
                out.append({"scheme": scheme, "value": text[:200]})
    return out


def socials(social: dict) -> list[dict]:
    out = []
    for key, platform in SOCIAL_PLATFORMS.items():
        handle = clean(social.get(key))
        if handle:
            out.append({"platform": platform, "handle": handle[:200]})
    return out


def state_office(kind, name, address, phone, fax, position: int) -> dict:
    """An office as Open States lists it (CSV or YAML): no city or coordinates apart."""
    return {
        "classification": kind,
        "name": name,
        "address": address,
        "city": None,
        "state": None,
        "postal_code": None,
        "latitude": None,
        "longitude": None,
        "phone": phone and phone[:40],
        "fax": fax and fax[:40],
        "position": position,
    }


def _congress_offices(term: dict, district_offices: list[dict]) -> list[dict]:
    offices = []
    if term.get("address") or term.get("phone"):
        offices.append(
            {
                "classification": "capitol",
                "name": clean(term.get("office")),
                "address": clean(term.get("address")),
                "city": "Washington",
                "state": "DC",
                "postal_code": None,
                "latitude": None,
                "longitude": None,
                "phone": clean(term.get("phone")),
                "fax": clean(term.get("fax")),
            }
        )
    for office in district_offices:
        street = ", ".join(
            p for p in (clean(office.get(k)) for k in ("building", "address", "suite")) if p
        )
        offices.append(
            {
                "classification": "district",
                "name": clean(office.get("city")),
                "address": street or None,
                "city": clean(office.get("city")),
                "state": clean(office.get("state")),
                "postal_code": clean(office.get("zip")),
                "latitude": _coordinate(office.get("latitude"), 90),
                "longitude": _coordinate(office.get("longitude"), 180),
                "phone": clean(office.get("phone")),
                "fax": clean(office.get("fax")),
            }
        )
    for position, office in enumerate(offices):
        office["position"] = position
    return offices


def _coordinate(value: Any, limit: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -limit <= number <= limit else None


def as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def congress_records(
    congress: Parsed, social: Parsed, offices: Parsed, cd_ocd: Callable[[str], str | None]
) -> list[OfficialRecord]:
    """Members of Congress; cd_ocd maps a congressional district GEOID to its OCD id."""
    records = []
    for person in congress.data:
        bioguide = person["id"]["bioguide"]
        term = person["terms"][-1]
        abbr = term["state"].lower()
        meta = _state(abbr)
        if term["type"] == "sen":
            chamber, title, district, division = "upper", "Senator", None, meta.division_id
        else:
            number = int(term.get("district") or 0)
            code = "98" if abbr in NON_VOTING_TITLES else f"{number:02d}"
            chamber = "lower"
            title = NON_VOTING_TITLES.get(abbr, "Representative")
            district = "At-Large" if number == 0 else str(number)
            # Territories' delegates have no Census district in openstates-geo: they
            # represent the whole territory.
            division = cd_ocd(meta.fips + code) or meta.division_id
        records.append(
            OfficialRecord(
                source_key=f"bioguide:{bioguide}",
                source="congress-legislators",
                person={
                    **_name_parts(person["name"]),
                    "gender": GENDERS.get(person.get("bio", {}).get("gender")),
                    "image_url": CONGRESS_PHOTO.format(bioguide),
                    "email": None,
                    "website_url": clean(term.get("url")),
                    "contact_form_url": clean(term.get("contact_form")),
                },
                seat={
                    "level": "federal",
                    "chamber": chamber,
                    "title": title,
                    "state": abbr,
                    "district": district,
                    "division_id": division,
                    "party": party_name(term.get("party")),
                    "start_date": as_date(term.get("start")),
                    "end_date": as_date(term.get("end")),
                },
                offices=_congress_offices(term, offices.data.get(bioguide, [])),
                socials=socials(social.data.get(bioguide, {})),
                identifiers=_identifiers(person["id"]),
            )
        )
    return records


def executive_records(executive: Parsed, today: date) -> list[OfficialRecord]:
    """The President and Vice President whose term has not ended."""
    records = []
    for person in executive.data:
        term = person["terms"][-1]
        end = as_date(term.get("end"))
        if term.get("type") not in ("prez", "viceprez") or end is None or end < today:
            continue
        ids = person["id"]
        key = f"bioguide:{ids['bioguide']}" if "bioguide" in ids else f"govtrack:{ids['govtrack']}"
        records.append(
            OfficialRecord(
                source_key=key,
                source="congress-legislators",
                person={
                    **_name_parts(person["name"]),
                    "gender": GENDERS.get(person.get("bio", {}).get("gender")),
                    "image_url": None,
                    "email": None,
                    "website_url": "https://www.whitehouse.gov/",
                    "contact_form_url": "https://www.whitehouse.gov/contact/",
                },
                seat={
                    "level": "federal",
                    "chamber": "executive",
                    "title": "President" if term["type"] == "prez" else "Vice President",
                    "state": None,
                    "district": None,
                    "division_id": COUNTRY_DIVISION,
                    "party": party_name(term.get("party")),
                    "start_date": as_date(term.get("start")),
                    "end_date": end,
                },
                identifiers=_identifiers(ids),
            )
        )
    return records


def openstates_records(parsed: Parsed) -> list[OfficialRecord]:
    """One state's legislators from its Open States CSV."""
    abbr = parsed.source.state
    meta = _state(abbr)
    chambers = {_chamber_key(c.chamber_type): c for c in meta.chambers}
    records = []
    for row in parsed.data:
        chamber = chambers[row["current_chamber"]]
        district = chamber.lookup_district(name=row["current_district"])
        given, family = clean(row["given_name"]), clean(row["family_name"])
        full = clean(row["name"])
        offices = []
        for kind in ("capitol", "district"):
            address = clean(row[f"{kind}_address"])
            phone, fax = clean(row[f"{kind}_voice"]), clean(row[f"{kind}_fax"])
            if address or phone or fax:
                offices.append(state_office(kind, None, address, phone, fax, len(offices)))
        links = [link for link in (clean(u) for u in row["links"].split(";")) if link]
        identifiers = [{"scheme": "openstates", "value": row["id"]}]
        if clean(row["wikidata"]):
            identifiers.append({"scheme": "wikidata", "value": clean(row["wikidata"])})
        records.append(
            OfficialRecord(
                source_key=row["id"],
                source="openstates",
                person=person_fields(
                    full,
                    given,
                    family,
                    gender=clean(row["gender"]),
                    image=row["image"],
                    email=row["email"],
                    website=web_url(links[0]) if links else None,
                ),
                seat={
                    "level": "state",
                    "chamber": row["current_chamber"],
                    "title": district.title_override or chamber.title,
                    "state": abbr,
                    "district": clean(row["current_district"]),
                    "division_id": district.division_id,
                    "party": party_name(row["current_party"]),
                    "start_date": None,
                    "end_date": None,
                },
                offices=offices,
                socials=socials(
                    {k: row[k] for k in ("twitter", "youtube", "instagram", "facebook")}
                ),
                identifiers=identifiers,
            )
        )
    return records


def web_url(value: Any) -> str | None:
    text = clean(value)
    if text and text.lower().startswith(("https://", "http://")) and len(text) <= 500:
        return text
    return None


def email_address(value: Any) -> str | None:
    text = clean(value)
    if text and "@" in text and len(text) <= 254 and " " not in text:
        return text
    return None
