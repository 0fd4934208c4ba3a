"""Bills from their public sources, checked and trimmed into one shape (BillRecord).

- GovInfo's BILLSTATUS XML (Congress; schema 3.0.0 and the older billNumber/billType form),
  read with defusedxml: no entity expansion, no external entities.
- The NY Senate Open Legislation JSON as jehiah/ny_legislation keeps it.

A file that is not what it should be raises BillRefused with the reason; long text is
trimmed (a summary to SUMMARY_MAX characters), never allowed to grow a row without bound.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import date

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from advocacy.jurisdictions import CONGRESS
from advocacy.text import load_json

NEW_YORK = "ocd-jurisdiction/country:us/state:ny/government"
TITLE_MAX = 2_000
SUMMARY_MAX = 20_000
ACTION_MAX = 2_000
MAX_ACTIONS = 500
MAX_SPONSORS = 600
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# Control and direction-override characters, lone surrogates, noncharacters: not text.
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


class BillRefused(ValueError):
    """The file is not a bill we can load: the reason, fit for a person."""


@dataclass
class Sponsor:
    role: str
    name: str
    external_id: str | None = None
    party: str | None = None
    state: str | None = None
    chamber: str | None = None
    joined_on: date | None = None
    withdrawn_on: date | None = None


@dataclass
class Action:
    acted_on: date | None
    text: str
    actor: str = ""


@dataclass
class BillRecord:
    source: str
    source_key: str
    jurisdiction: str
    session: str
    identifier: str
    title: str
    summary: str
    status: str
    status_text: str
    introduced_on: date | None
    latest_action_on: date | None
    latest_action: str
    url: str | None
    chamber: str | None = None  # where it started: "upper", "lower"
    subjects: list[str] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)
    # BILLSTATUS systemCodes of the committees and subcommittees holding it ("ssfi00",
    # "hsif14"); committee_code() turns one into congress-legislators' id.
    committee_codes: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    sponsors: list[Sponsor] = field(default_factory=list)

    def content_hash(self) -> str:
        """sha256 of everything loaded: equal hashes, nothing to write."""
        # What dataclasses.asdict gives, built directly (asdict deep-copies every value,
        # which was a third of a whole load's time); the same JSON, so the same hashes.
        data = dict(vars(self))
        data["actions"] = [vars(a) for a in self.actions]
        data["sponsors"] = [vars(s) for s in self.sponsors]
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean(text: str | None, limit: int) -> str:
    """Plain text: markup and entities out, spaces squeezed, control characters refused
    by dropping them, trimmed to `limit` (with an ellipsis)."""
    text = html.unescape(_TAGS.sub(" ", text or ""))
    text = _NOT_TEXT.sub("", _SPACE.sub(" ", text)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# --- Congress (GovInfo BILLSTATUS) ---------------------------------------------------------

TYPES = {
    "HR": "H.R.",
    "S": "S.",
    "HRES": "H.Res.",
    "SRES": "S.Res.",
    "HJRES": "H.J.Res.",
    "SJRES": "S.J.Res.",
    "HCONRES": "H.Con.Res.",
    "SCONRES": "S.Con.Res.",
}
_CONGRESS_STEPS = (
    ("became public law", "signed"),
    ("signed by president", "signed"),
    ("vetoed", "vetoed"),
    ("passed/agreed to in house", "passed_one_chamber"),
    ("passed/agreed to in senate", "passed_one_chamber"),
    ("passed senate", "passed_one_chamber"),
    ("passed house", "passed_one_chamber"),
    ("placed on", "on_floor"),
    ("reported", "on_floor"),
    ("referred to", "in_committee"),
    ("introduced", "introduced"),
)


def congress_status(actions: list[Action]) -> str:
    """Where a bill of Congress stands, from its actions (newest first wins)."""
    passed = {
        a.actor for a in actions if "passed" in a.text.lower() or "agreed to" in a.text.lower()
    }
    if {"House", "Senate"} <= passed:
        return "passed_both"
    for action in sorted(actions, key=lambda a: a.acted_on or date.min, reverse=True):
        words = action.text.lower()
        for needle, status in _CONGRESS_STEPS:
            if needle in words:
                return status
    return "introduced" if actions else "other"


def _congress_actions(bill) -> list[Action]:
    """A bill's actions in date order, each with the chamber it happened in, in words."""
    actions = []
    for item in bill.findall("actions/item")[:MAX_ACTIONS]:
        text = clean(item.findtext("text"), ACTION_MAX)
        if not text:
            continue
        actor = clean(item.findtext("sourceSystem/name"), 100).replace("Library of Congress", "")
        actor = "Senate" if "Senate" in actor else "House" if "House" in actor else actor
        actions.append(Action(_day(item.findtext("actionDate")), text, actor))
    actions.sort(key=lambda a: a.acted_on or date.min)
    return actions


def _congress_summary(bill) -> str:
    """The latest of a bill's summaries (CRS writes one per version)."""
    summaries = bill.findall("summaries/summary")
    if not summaries:
        return ""
    last = summaries[-1]
    return clean(last.findtext("cdata/text") or last.findtext("text"), SUMMARY_MAX)


def _policy(bill) -> str:
    return clean(bill.findtext("subjects/policyArea/name") or bill.findtext("policyArea/name"), 200)


def _names(bill, path: str, first: str = "") -> list[str]:
    """The distinct, non-empty names at a path (after `first`, when given)."""
    names = [first, *(clean(n.text, 200) for n in bill.findall(path))]
    return [n for n in dict.fromkeys(names) if n]


SYSTEM_CODE = re.compile(r"[a-z]{4}[0-9]{2}")


def _committee_codes(bill) -> list[str]:
    """The systemCodes of the committees holding a bill and of their subcommittees."""
    found = [
        (node.text or "").strip().lower()
        for path in ("committees/item/systemCode", "committees/item/subcommittees/item/systemCode")
        for node in bill.findall(path)
    ]
    return [c for c in dict.fromkeys(found) if SYSTEM_CODE.fullmatch(c)]


def committee_code(system_code: str) -> str:
    """congress-legislators' id of a BILLSTATUS committee: "ssfi00" -> "SSFI", a
    subcommittee "hsif14" -> "HSIF14"."""
    code = system_code.upper()
    return code[:4] if code.endswith("00") else code


def parse_billstatus(content: bytes) -> BillRecord:
    """One BILLSTATUS file."""
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise BillRefused(f"not well-formed BILLSTATUS XML ({type(exc).__name__})") from None
    bill = root.find("bill")
    if root.tag != "billStatus" or bill is None:
        raise BillRefused("not a BILLSTATUS file (no billStatus/bill)")
    number = (bill.findtext("number") or bill.findtext("billNumber") or "").strip()
    kind = (bill.findtext("type") or bill.findtext("billType") or "").strip().upper()
    congress = (bill.findtext("congress") or "").strip()
    if not (number.isdigit() and congress.isdigit() and kind in TYPES):
        raise BillRefused(f"no usable congress, type and number ({congress!r} {kind!r} {number!r})")
    title = clean(bill.findtext("title"), TITLE_MAX)
    if not title:
        raise BillRefused(f"{TYPES[kind]} {number} has no title")
    actions = _congress_actions(bill)
    sponsors = [_congress_sponsor(i, "sponsor") for i in bill.findall("sponsors/item")]
    sponsors += [_congress_sponsor(i, "cosponsor") for i in bill.findall("cosponsors/item")]
    sponsors = [s for s in sponsors if s.name][:MAX_SPONSORS]
    latest_on = _day(bill.findtext("latestAction/actionDate"))
    latest = clean(bill.findtext("latestAction/text"), ACTION_MAX)
    return BillRecord(
        source="govinfo",
        source_key=f"govinfo:{congress}-{kind.lower()}-{number}",
        jurisdiction=CONGRESS,
        session=congress,
        identifier=f"{TYPES[kind]} {number}",
        chamber="upper" if kind.startswith("S") else "lower",
        title=title,
        summary=_congress_summary(bill),
        status=congress_status(actions),
        status_text=latest[:300],
        introduced_on=_day(bill.findtext("introducedDate")),
        latest_action_on=latest_on or (actions[-1].acted_on if actions else None),
        latest_action=latest or (actions[-1].text if actions else ""),
        url=_http(bill.findtext("legislationUrl")),
        subjects=_names(bill, "subjects/legislativeSubjects/item/name", first=_policy(bill)),
        committees=_names(bill, "committees/item/name"),
        committee_codes=_committee_codes(bill),
        actions=actions,
        sponsors=sponsors,
    )


def _congress_sponsor(item, role: str) -> Sponsor:
    return Sponsor(
        role=role,
        name=clean(item.findtext("fullName"), 200),
        external_id=clean(item.findtext("bioguideId"), 40) or None,
        party=clean(item.findtext("party"), 20) or None,
        state=clean(item.findtext("state"), 4) or None,
        joined_on=_day(item.findtext("sponsorshipDate")),
        withdrawn_on=_day(item.findtext("sponsorshipWithdrawnDate")),
    )


def _http(url: str | None) -> str | None:
    url = (url or "").strip()
    return url[:500] if url.startswith(("https://", "http://")) else None


# --- New York (Open Legislation JSON) ------------------------------------------------------

NY_STATUSES = {
    "INTRODUCED": "introduced",
    "IN_ASSEMBLY_COMM": "in_committee",
    "IN_SENATE_COMM": "in_committee",
    "ASSEMBLY_FLOOR": "on_floor",
    "SENATE_FLOOR": "on_floor",
    "PASSED_ASSEMBLY": "passed_one_chamber",
    "PASSED_SENATE": "passed_one_chamber",
    "DELIVERED_TO_GOV": "passed_both",
    "SIGNED_BY_GOV": "signed",
    "VETOED": "vetoed",
    "STRICKEN": "withdrawn",
    "ADOPTED": "signed",
}
_PRINT_NO = re.compile(r"^[ASJKBLCER][0-9]{1,6}[A-Z]?$")


def parse_ny(content: bytes) -> BillRecord:
    """One bill of the NY Senate Open Legislation JSON (jehiah/ny_legislation)."""
    try:
        data = load_json(content)
    except (ValueError, UnicodeDecodeError):
        raise BillRefused("not JSON") from None
    if not isinstance(data, dict):
        raise BillRefused("not a bill (a JSON object is expected)")
    print_no = str(data.get("PrintNo") or "").strip().upper()
    session = data.get("Session")
    if not _PRINT_NO.match(print_no) or not isinstance(session, int):
        raise BillRefused(f"no usable PrintNo and Session ({print_no!r}, {session!r})")
    # A few bills have no title yet: their enacting clause, or say so (never refused for it).
    title = clean(_text(data.get("Title")) or _text(data.get("ActClause")), TITLE_MAX)
    title = title or f"{print_no} (no title in the source yet)"
    actions = [
        Action(
            _day(_text(a.get("Date"))),
            clean(_text(a.get("Text")), ACTION_MAX),
            clean(_text(a.get("Chamber")), 100).title(),
        )
        for a in _list(data.get("Actions"))[:MAX_ACTIONS]
        if isinstance(a, dict)
    ]
    actions = [a for a in actions if a.text]
    actions.sort(key=lambda a: a.acted_on or date.min)
    chamber = "upper" if str(data.get("Chamber", "")).upper() == "SENATE" else "lower"
    sponsors = [
        Sponsor(
            role="sponsor" if i == 0 else "cosponsor",
            name=clean(_text(s.get("Name")), 200),
            external_id=str(s["ID"])[:40] if isinstance(s.get("ID"), int | str) else None,
            chamber=chamber,
        )
        for i, s in enumerate(x for x in _list(data.get("Sponsors")) if isinstance(x, dict))
    ]
    sponsors = [s for s in sponsors if s.name][:MAX_SPONSORS]
    status_code = str(data.get("Status") or "").upper()
    committee = clean(_text(data.get("Committee")), 200)
    subjects = [clean(_text(data.get("LawSection")), 200)]
    return BillRecord(
        source="ny_openleg",
        source_key=f"ny_openleg:{session}-{print_no}",
        jurisdiction=NEW_YORK,
        session=f"{session}-{session + 1}",
        identifier=print_no,
        chamber=chamber,
        title=title,
        summary=clean(_text(data.get("Summary")), SUMMARY_MAX),
        status=NY_STATUSES.get(status_code, "other" if status_code else "introduced"),
        status_text=status_code.replace("_", " ").title()[:300],
        introduced_on=actions[0].acted_on if actions else _day(_text(data.get("Published"))),
        latest_action_on=actions[-1].acted_on if actions else None,
        latest_action=actions[-1].text if actions else "",
        url=f"https://www.nysenate.gov/legislation/bills/{session}/{print_no}",
        subjects=[s for s in subjects if s],
        committees=[committee] if committee else [],
        actions=actions,
        sponsors=sponsors,
    )


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _list(value) -> list:
    return value if isinstance(value, list) else []
