"""Governors, statewide officers and mayors as records, from Open States' person YAML
(data/{state}/executive/ and municipalities/). Pure functions, as records.py's."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from advocacy.directory.formats import Parsed, clean
from advocacy.directory.records import (
    SOCIAL_PLATFORMS,
    OfficialRecord,
    as_date,
    party_name,
    person_fields,
    socials,
    state_office,
    web_url,
)
from advocacy.jurisdictions import state_meta

# Open States' executive role types and what the office is called.
EXECUTIVE_TITLES = {
    "governor": "Governor",
    "lt_governor": "Lieutenant Governor",
    "attorney general": "Attorney General",
    "secretary of state": "Secretary of State",
    "chief election officer": "Chief Election Officer",
    "treasurer": "Treasurer",
    "auditor": "Auditor",
    "mayor": "Mayor",
}
PLACE_JURISDICTION = re.compile(
    r"^ocd-jurisdiction/(country:us/state:[a-z]{2}/place:[a-z0-9_.~-]+)/government$"
)


def _role_for(person: dict, wanted, today: date) -> dict | None:
    """The person's current role that `wanted(role)` accepts, else their latest one."""
    roles = [r for r in person["roles"] if r.get("type") in EXECUTIVE_TITLES and wanted(r)]
    if not roles:
        return None
    for role in roles:
        start, end = as_date(role.get("start_date")), as_date(role.get("end_date"))
        if (start is None or start <= today) and (end is None or end >= today):
            return role
    return max(roles, key=lambda r: str(r.get("end_date") or r.get("start_date") or ""))


def _ended_marks(person: dict, role: dict, today: date) -> tuple[set[str], set[str]]:
    """What belongs to a person's other, ended roles: (office words, place names). A mayor
    who became lieutenant governor keeps mayor@salem.com in the data; it is not hers now."""
    words, places = set(), set()
    for other in person["roles"]:
        end = as_date(other.get("end_date"))
        if other is role or end is None or end >= today:
            continue
        words.add(str(other.get("type", "")).replace("_", "").replace(" ", ""))
        place = PLACE_JURISDICTION.match(str(other.get("jurisdiction", "")))
        if place:
            places.add(place.group(1).rsplit("place:", 1)[1].replace("_", ""))
    return words - {""}, places


def _current_contact(value: str | None, marks: tuple[set[str], set[str]]) -> str | None:
    """An email or link, unless it names an office or place of an ended role: a mailbox
    named for the old office (mayor@...), or a host named for the old place (salem.com)."""
    if not value:
        return value
    words, places = marks
    if "://" in value:  # a link: only its host speaks for a place
        local, host = "", urlsplit(value).hostname or ""
    else:  # an email
        local, _, host = value.lower().rpartition("@")
    host = host.lower().replace("-", "")
    if local and local.replace(".", "") in words:
        return None
    if any(place in host for place in places if place):
        return None
    return value


def _seat(role: dict, place, abbr: str, meta, person: dict) -> dict:
    """The seat a person's chosen role gives them: a state office or a place's mayor."""
    parties = [p.get("name") for p in person.get("party") or [] if isinstance(p, dict)]
    return {
        "level": "local" if place else "state",
        "chamber": "executive",
        "title": EXECUTIVE_TITLES[role["type"]],
        "state": abbr,
        "district": None,
        "division_id": f"ocd-division/{place.group(1)}" if place else meta.division_id,
        "party": party_name(parties[-1]) if parties else None,
        "start_date": as_date(role.get("start_date")),
        "end_date": as_date(role.get("end_date")),
    }


def _offices(person: dict) -> list[dict]:
    """A person's offices with an address, phone or fax (capitol or district)."""
    offices: list[dict] = []
    for office in person.get("offices") or []:
        if not isinstance(office, dict):
            continue
        phone, fax = clean(office.get("voice")), clean(office.get("fax"))
        address = clean(office.get("address"))
        if address or phone or fax:
            kind = "capitol" if office.get("classification") == "capitol" else "district"
            address = address and address.replace(";", ",")
            name = clean(office.get("name"))
            offices.append(state_office(kind, name, address, phone, fax, len(offices)))
    return offices


def people_records(parsed: Parsed, today: date) -> list[OfficialRecord]:
    """Governors, statewide officers and mayors from Open States' person YAML. A person
    whose role has ended keeps its end date, so pages never show them as current."""
    abbr = parsed.source.state
    meta = state_meta(abbr)
    records = []
    for person in parsed.data:
        role = _role_for(
            person,
            lambda r: (
                r.get("jurisdiction") == meta.jurisdiction_id
                or bool(PLACE_JURISDICTION.match(str(r.get("jurisdiction", ""))))
            ),
            today,
        )
        if role is None:
            continue
        place = PLACE_JURISDICTION.match(str(role["jurisdiction"]))
        if place and not place.group(1).startswith(f"country:us/state:{abbr}/"):
            continue
        marks = _ended_marks(person, role, today)
        links = [
            _current_contact(clean(link.get("url")), marks)
            for link in person.get("links") or []
            if isinstance(link, dict)
        ]
        full = clean(person["name"])[:200]
        given, family = clean(person.get("given_name")), clean(person.get("family_name"))
        ids = person.get("ids") if isinstance(person.get("ids"), dict) else {}
        records.append(
            OfficialRecord(
                source_key=person["id"],
                source="openstates",
                person=person_fields(
                    full,
                    given,
                    family,
                    gender=clean(person.get("gender")),
                    image=person.get("image"),
                    email=_current_contact(clean(person.get("email")), marks),
                    website=next((web_url(u) for u in links if web_url(u)), None),
                    suffix=clean(person.get("suffix")),
                ),
                seat=_seat(role, place, abbr, meta, person),
                offices=_offices(person),
                socials=socials({k: v for k, v in ids.items() if k in SOCIAL_PLATFORMS}),
                identifiers=[{"scheme": "openstates", "value": person["id"]}],
                other_roles=len(person["roles"]) - 1,
            )
        )
    return records


# The levels whose executive offices have one holder each (a state's governor, a mayor).
SINGLE_SEATS = ("state", "local")


def _holds(record: OfficialRecord, today: date) -> bool:
    start, end = record.seat["start_date"], record.seat["end_date"]
    return (start is None or start <= today) and (end is None or end >= today)


def _surest(record: OfficialRecord) -> tuple:
    """The order in which records claiming one office are kept: the one whose seat is its
    only role, then the latest start, then the latest end, then the id (a stable choice)."""
    seat = record.seat
    return (
        record.other_roles,
        -(seat["start_date"] or date.min).toordinal(),
        -(seat["end_date"] or date.max).toordinal(),
        record.source_key,
    )


def one_per_seat(records: list[OfficialRecord], today: date) -> tuple[list, list[str]]:
    """One current holder for each single-seat office (a governor, a mayor): when the data
    names two people for one (or one person twice), keep the surest record (_surest) and
    say which were left out. Returns (records kept, the conflicts in words)."""
    claims: dict[tuple[str, str], list[OfficialRecord]] = {}
    for record in records:
        seat = record.seat
        if (
            seat["chamber"] == "executive"
            and seat["level"] in SINGLE_SEATS
            and _holds(record, today)
        ):
            claims.setdefault((seat["division_id"], seat["title"]), []).append(record)
    dropped: set[str] = set()
    conflicts = []
    for (division, title), claimants in sorted(claims.items()):
        if len(claimants) < 2:
            continue
        kept, *rest = sorted(claimants, key=_surest)
        dropped.update(r.source_key for r in rest)
        place = kept.seat["state"].upper() if kept.seat["level"] == "state" else division
        others = ", ".join(f"{r.person['full_name']} ({r.source_key})" for r in rest)
        conflicts.append(
            f"{place} {title}: the public data names {len(claimants)} current holders; kept "
            f"{kept.person['full_name']} ({kept.source_key}), left out {others}"
        )
    return [r for r in records if r.source_key not in dropped], conflicts
