"""The member's progress through a campaign's march, typed: who they are and where (from
the lookup's answer, never a second reading of what they typed), whom they may write to,
what they chose, and what they have done. It lives in the member's signed session cookie,
never on the server; `load` and `save` are its only way in and out."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from flask import session

from advocacy.campaigns.letters import Member
from advocacy.campaigns.targets import target_of
from advocacy.directory.queries import district_label
from advocacy.jurisdictions import fips_to_state
from advocacy.lookup.service import Found
from advocacy.models import Campaign
from advocacy.models.interactions import CARRIED

# The seat types a ZIP can leave open, in the order the page asks about them.
CHAMBERS = {
    "cd": "U.S. House",
    "sldu": "state senate",
    "sldl": "state house or assembly",
}


@dataclass
class MarchState:
    """One member's march in one campaign."""

    member: Member
    typed: str  # the address as they typed it (screen 1 shows it again)
    accuracy: str  # how exact the lookup was: address, point, zip, postcode
    officials: list[int]  # the campaign's officials of the districts that are certain
    # One question per seat type a ZIP left open: {"type", "chamber", "districts": [{"geoid",
    # "name", "officials": [{"id", "name", "office"}]}]}.
    candidates: list[dict[str, Any]] = field(default_factory=list)
    point: tuple[float, float] | None = None  # calls list the nearest office first
    notes: list[str] = field(default_factory=list)
    chosen: list[int] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    picks: dict[str, str] = field(default_factory=dict)
    points: list[int] = field(default_factory=list)
    body: str = ""
    story: str = ""
    done: list[str] = field(default_factory=list)  # "official id:channel": sent or reported
    # "official id:channel" the member opened (an email, a contact form, a post) and has
    # not said they sent: opened is not sent, and the official is not done.
    opened: list[str] = field(default_factory=list)
    # What the member gave the first CWC form (title, name, street, ...): the next CWC
    # office's form starts from it instead of asking again.
    cwc: dict[str, str] = field(default_factory=dict)

    # --- the session ---------------------------------------------------------------------

    @staticmethod
    def _key(campaign: Campaign) -> str:
        return f"march:{campaign.id}"

    @classmethod
    def load(cls, campaign: Campaign) -> MarchState | None:
        """The member's progress in this campaign, or None before screen 1 (or when the
        cookie holds something that is not a march: the member starts again)."""
        data = session.get(cls._key(campaign))
        try:
            return cls.from_dict(data) if data else None
        except (KeyError, TypeError, ValueError):
            return None

    def save(self, campaign: Campaign) -> None:
        """Keep the progress in the signed cookie."""
        session[self._key(campaign)] = self.to_dict()
        session.modified = True

    def to_dict(self) -> dict[str, Any]:
        """The JSON the cookie holds."""
        data = asdict(self)
        data["point"] = list(self.point) if self.point else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MarchState:
        """The state a cookie holds (unknown keys ignored)."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["member"] = Member(**data["member"])
        point = data.get("point")
        values["point"] = (float(point[0]), float(point[1])) if point else None
        return cls(**values)

    # --- what the member did -------------------------------------------------------------

    def done_by_official(self) -> dict[int, list[str]]:
        """official id -> the channels the member has used for them (the checklist)."""
        found: dict[int, list[str]] = {}
        for mark in self.done:
            official, _, channel = mark.partition(":")
            found.setdefault(int(official), []).append(channel)
        return found

    def after(self, official_id: int | None, order: list[int] | None = None) -> int | None:
        """The next chosen official after this one (in the order of the list, or of
        `order`: those with a letter; round to the start) that the member has not acted on
        yet; None when every other is done."""
        done = self.done_by_official()
        order = self.chosen if order is None else order
        start = order.index(official_id) + 1 if official_id in order else 0
        for oid in order[start:] + order[:start]:
            if oid != official_id and oid not in done:
                return oid
        return None

    def has_done(self, official_id: int, channel: str) -> bool:
        return f"{official_id}:{channel}" in self.done

    def mark_done(self, official_id: int, channel: str, evidence: str = "reported") -> None:
        """Remember an action on the member's checklist: one we carry (our email, CWC) or
        one they report is done; one they only opened is opened, until they say "I sent it"."""
        mark = f"{official_id}:{channel}"
        if evidence == "intent" and channel not in CARRIED:
            if mark not in self.done and mark not in self.opened:
                self.opened.append(mark)
            return
        if mark in self.opened:
            self.opened.remove(mark)
        if mark not in self.done:
            self.done.append(mark)

    def unanswered(self, form_data) -> list[str]:
        """The seat types whose district question the member left unanswered: each must be
        answered (a district, or "not sure"), so nobody drops a chamber by clicking on."""
        return [c["type"] for c in self.candidates if f"pick_{c['type']}" not in form_data]

    def choose(self, ticked: list[int], form_data) -> None:
        """The officials the member chose on screen 2, and the chambers they left out.

        Ticked officials of the certain districts, then, for each seat type a ZIP left
        open, the officials of the one district picked ("not sure" leaves that chamber
        out). A single-member seat can never yield two officials: nothing else is taken,
        whatever the request says.
        """
        chosen = [oid for oid in ticked if oid in self.officials]
        self.left_out, self.picks = [], {}
        for choice in self.candidates:
            picked = form_data.get(f"pick_{choice['type']}", "")
            self.picks[choice["type"]] = picked
            district = next((d for d in choice["districts"] if d["geoid"] == picked), None)
            if district is None:
                self.left_out.append(choice["chamber"])
                continue
            chosen += [o["id"] for o in district["officials"]]
        self.chosen = list(dict.fromkeys(chosen))


ADDRESS_TOWN = re.compile(r",\s*([^,\d][^,]*?),\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\s*$")


def office_towns(officials: list[dict]) -> list[str]:
    """The towns where a district's officials keep district offices (the data's own
    word for a place in the district), from the office's city or its address."""
    towns = []
    for official in officials:
        for office in official.get("offices", []):
            if office.get("type") != "district":
                continue
            town = office.get("city")
            if not town:
                found = ADDRESS_TOWN.search(office.get("address") or "")
                town = found.group(1).strip() if found else None
            if town and town not in towns:
                towns.append(town)
    return towns


def targeted_officials(campaign: Campaign, found: Found) -> tuple[list[int], list[dict]]:
    """The officials this campaign writes to where the districts are certain, and one
    choice per seat type where they are not: its candidate districts, each with its
    officials (a multi-member district stays whole)."""
    targets = set(campaign.target_list)

    def targeted(o: dict) -> bool:
        return target_of(o["level"], o["chamber"], o.get("title")) in targets

    officials = [o["id"] for o in found.lookup.officials if targeted(o)]
    by_type: dict[str, list[dict]] = {}
    for c in found.lookup.candidates:
        members = [
            {"id": o["id"], "name": o["name"], "office": o["office"]}
            for o in c["officials"]
            if targeted(o)
        ]
        if members and c["type"] in CHAMBERS:
            district = {
                "geoid": c["geoid"],
                "name": district_label(c["name"]),
                "officials": members,
                "zips": c.get("zips", []),
                "towns": office_towns(c["officials"]),
            }
            by_type.setdefault(c["type"], []).append(district)
    choices = [
        {"type": kind, "chamber": CHAMBERS[kind], "districts": by_type[kind]}
        for kind in CHAMBERS
        if kind in by_type
    ]
    return officials, choices


# A vacancy's office as the lookup names it -> the campaign targets it belongs to.
VACANCY_TARGETS = {
    "U.S. Senator": ("us_senate",),
    "U.S. Representative": ("us_house",),
    "State legislator": ("state_upper", "state_lower", "state_legislature"),
}


def _vacancy_words(v: dict) -> str:
    """A vacancy as the lookup page says it."""
    words = [f"{v['office']}, {v['name']}:"]
    if v.get("message"):
        words.append(v["message"])
    words += [
        f"{e['name']}'s term ended on {e['ended_on']} and the public data does not yet name "
        "a successor."
        for e in v["ended"]
    ]
    still = v["vacant"] - len(v["ended"])
    if still > 0:
        words.append(f"{still} of {v['seats']} seat{'' if v['seats'] == 1 else 's'} vacant.")
    return " ".join(words)


def gaps(campaign: Campaign, found: Found) -> list[str]:
    """What the public data cannot give this campaign for this place, in words: the lookup's
    notes (no Canadian roster, no mayor) and the vacant seats of the offices it targets (a
    senator whose term ended with no successor named), so no official is missing unsaid."""
    targets = set(campaign.target_list)
    notes = list(found.lookup.notes)
    for v in found.lookup.vacancies:
        office_targets = VACANCY_TARGETS.get(
            v["office"], (target_of("state", "executive", v["office"]),)
        )
        if targets.intersection(office_targets):
            notes.append(_vacancy_words(v))
    return notes


def start(
    form, chapters: dict[int, str], found: Found, officials, candidates, notes=()
) -> MarchState:
    """The progress after screen 1: who the member is, where (as the lookup found the place:
    a street address's city, state and ZIP; a ZIP code's state), whom they may write to, and
    `notes`: what is missing (gaps)."""
    geocoded = found.lookup.geocoded
    divisions = found.lookup.divisions
    state = (geocoded.state or "").upper() or fips_to_state().get(geocoded.state_fips or "", "")
    if not state and divisions:
        state = divisions[0]["state"] or ""
    member = Member(
        name=form.name.data,
        email=form.email.data,
        address=geocoded.matched_address or form.address.data,
        city=(geocoded.city or "").title(),
        state=state.upper(),
        zip=geocoded.zip or "",
        chapter=chapters.get(form.chapter.data),
        chapter_id=form.chapter.data or None,
    )
    return MarchState(
        member=member,
        typed=form.address.data,
        accuracy=geocoded.accuracy,
        point=(geocoded.lat, geocoded.lng) if geocoded.lat is not None else None,
        notes=list(dict.fromkeys([*geocoded.notes, *notes])),
        officials=officials,
        candidates=candidates,
    )
