"""Bills of the other states, from the Open States API v3 (https://v3.openstates.org).

Off until OPENSTATES_API_KEY is set. Then `flask bills update` asks `GET /bills` for each
search: those of BILLS_OPENSTATES ("oh:telehealth", a state and the words) and every keyword
query a chapter follows in a state that has no source of its own here (New York has its
session's files; Congress is not in Open States). Each search reads at most
BILLS_OPENSTATES_MAX_PAGES pages of 20 (the API's most), newest update first, of bills with
an action in the last BILLS_OPENSTATES_SINCE_DAYS days, with their sponsorships, actions and
abstracts. Every page is checked before anything is written: a refused answer (a key the API
does not take, a page that is not the documented JSON, a bill of a jurisdiction we do not
know) stops the update with the search's name, and the bills already loaded stay.

Sponsors carry Open States person ids (ocd-person/...), which are our state legislators'
own ids; a sponsorship the API has not matched to a person is matched by name within the
state's chamber, as New York's are.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from advocacy import clock
from advocacy.bills.parsers import (
    ACTION_MAX,
    MAX_ACTIONS,
    MAX_SPONSORS,
    SUMMARY_MAX,
    TITLE_MAX,
    Action,
    BillRecord,
    BillRefused,
    Sponsor,
    clean,
)
from advocacy.extensions import db
from advocacy.ingest.fetch import Fetcher, SourceError
from advocacy.jurisdictions import JURISDICTIONS, state_meta
from advocacy.models import BillFollow
from advocacy.text import load_json

OPENSTATES_API = "https://v3.openstates.org"
PER_PAGE = 20  # the most the API gives a page
INCLUDE = ("sponsorships", "actions", "abstracts")
_ABBR = re.compile(r"^[a-z]{2}$")
# Open States' action classifications (OCD), newest first wins; passage in both chambers is
# checked before these.
_STEPS = (
    ("became-law", "signed"),
    ("executive-signature", "signed"),
    ("executive-veto", "vetoed"),
    ("executive-receipt", "passed_both"),
    ("withdrawal", "withdrawn"),
    ("passage", "passed_one_chamber"),
    ("committee-passage", "on_floor"),
    ("committee-passage-favorable", "on_floor"),
    ("reading-2", "on_floor"),
    ("reading-3", "on_floor"),
    ("referral-committee", "in_committee"),
    ("introduction", "introduced"),
    ("filing", "introduced"),
    ("reading-1", "introduced"),
)


@dataclass(frozen=True)
class Search:
    """One `GET /bills` search: a state's bills matching the words."""

    state: str  # "oh"
    q: str

    @property
    def name(self) -> str:
        words = re.sub(r"[^a-z0-9]+", "-", self.q.lower()).strip("-")[:40]
        return f"openstates-{self.state}-{words}"


def _known_states() -> dict[str, str]:
    """Abbreviation -> OCD jurisdiction id, for every state, DC and Puerto Rico."""
    return {abbr: state_meta(abbr).jurisdiction_id for abbr in JURISDICTIONS}


STATES = _known_states()
STATE_OF = {jurisdiction: abbr for abbr, jurisdiction in STATES.items()}


def searches(config) -> list[Search]:
    """The searches an update makes: the configured ones, then the chapters' followed queries
    in states with no other source. None without an API key."""
    if not config.get("OPENSTATES_API_KEY"):
        return []
    wanted = config.get("BILLS_OPENSTATES") or ()
    if isinstance(wanted, str):  # from the environment: "oh:telehealth; ca:health data"
        wanted = [w for w in wanted.split(";") if w.strip()]
    found: dict[Search, None] = {}
    for item in wanted:
        state, _, q = str(item).partition(":")
        state, q = state.strip().lower(), " ".join(q.split())
        if not _ABBR.match(state) or state not in STATES or not q:
            raise SourceError("BILLS_OPENSTATES", f"{item!r} is not like oh:telehealth")
        found[Search(state, q[:200])] = None
    own = {"ny"} if config.get("BILLS_NY_SESSION") else set()
    followed = db.session.execute(
        select(BillFollow.jurisdiction, BillFollow.query)
        .where(
            BillFollow.kind == "query",
            BillFollow.ended_at.is_(None),
            BillFollow.jurisdiction.in_(list(STATE_OF)),
        )
        .order_by(BillFollow.id)
    ).all()
    db.session.rollback()
    for jurisdiction, q in followed:
        state = STATE_OF[jurisdiction]
        if q and state not in own:
            found[Search(state, " ".join(q.split()))] = None
    return [s for s in found if s.state not in own]


def fetch(config, fetcher: Fetcher) -> list[tuple[BillRecord, str, str]]:
    """Every search's bills, checked: [(record, the bill's API URL, sha256 of its JSON)]. A
    bill found by two searches is read once. The first refused answer raises SourceError."""
    base = (config.get("OPENSTATES_API_URL") or OPENSTATES_API).rstrip("/")
    key = config["OPENSTATES_API_KEY"]
    max_pages = _positive(config, "BILLS_OPENSTATES_MAX_PAGES", 5)
    since = clock.today() - timedelta(days=_positive(config, "BILLS_OPENSTATES_SINCE_DAYS", 365))
    records: dict[str, tuple[BillRecord, str, str]] = {}
    for search in searches(config):
        page, last = 1, 1
        while page <= min(last, max_pages):
            params = [
                ("jurisdiction", STATES[search.state]),
                ("q", search.q),
                ("action_since", since.isoformat()),
                ("sort", "updated_desc"),
                ("page", str(page)),
                ("per_page", str(PER_PAGE)),
            ] + [("include", name) for name in INCLUDE]
            content = fetcher.get(search.name, f"{base}/bills", params, {"X-API-KEY": key})
            try:
                results, last = parse_page(content)
                for result in results:
                    record = parse_bill(result)
                    if record.jurisdiction != STATES[search.state]:
                        raise BillRefused(f"{record.identifier} is not a bill of {search.state}")
                    text = json.dumps(result, sort_keys=True).encode("utf-8")
                    url = f"{base}/bills/{result['id']}"
                    records.setdefault(
                        record.source_key, (record, url, hashlib.sha256(text).hexdigest())
                    )
            except BillRefused as exc:
                raise SourceError(f"{search.name} (page {page})", str(exc)) from None
            page += 1
    return list(records.values())


def _positive(config, name: str, default: int) -> int:
    """A setting that counts pages or days: a whole number from 1 to 10,000."""
    value = config.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise SourceError(name, f"{value!r} is not a number from 1 to 10,000")
    return value


def parse_page(content: bytes) -> tuple[list[dict], int]:
    """A BillList page: its results and the last page there is."""
    try:
        data = load_json(content)
    except (ValueError, UnicodeDecodeError):
        raise BillRefused("not JSON") from None
    results = data.get("results") if isinstance(data, dict) else None
    pagination = data.get("pagination") if isinstance(data, dict) else None
    if not isinstance(results, list) or not isinstance(pagination, dict):
        raise BillRefused("not a page of bills (no results and pagination)")
    last = pagination.get("max_page")
    if isinstance(last, bool) or not isinstance(last, int) or last < 0:
        raise BillRefused(f"no usable max_page ({last!r})")
    if not all(isinstance(r, dict) for r in results):
        raise BillRefused("a result that is not a bill")
    return results, last


def _actions(data: dict) -> list[tuple[Action, dict, list[str]]]:
    """(action, its organization, its classifications) in date order, the empty ones left out."""
    actions = []
    for item in _list(data.get("actions"))[:MAX_ACTIONS]:
        item = _dict(item)
        organization = _dict(item.get("organization"))
        action = Action(
            _day(item.get("date")),
            clean(_text(item.get("description")), ACTION_MAX),
            clean(_text(organization.get("name")), 100),
        )
        if action.text:
            actions.append((action, organization, _strings(item.get("classification"))))
    actions.sort(key=lambda a: a[0].acted_on or date.min)
    return actions


def _sponsors(data: dict, chamber: str | None) -> list[Sponsor]:
    """The bill's sponsorships; a sponsor's chamber is their role's, else the bill's."""
    sponsors = []
    for item in _list(data.get("sponsorships")):
        item = _dict(item)
        person = _dict(item.get("person"))
        person_id = _text(person.get("id"))
        name = clean(_text(item.get("name")) or _text(person.get("name")), 200)
        if not name:
            continue
        role = _text(_dict(person.get("current_role")).get("org_classification"))
        sponsors.append(
            Sponsor(
                role="sponsor" if item.get("primary") is True else "cosponsor",
                name=name,
                external_id=person_id if re.fullmatch(r"ocd-person/[0-9a-f-]{36}", person_id)
                else None,
                party=clean(_text(person.get("party")), 20) or None,
                chamber=role if role in ("upper", "lower") else chamber,
            )
        )  # fmt: skip
    return sponsors[:MAX_SPONSORS]


def parse_bill(data: dict) -> BillRecord:
    """One bill of the API's Bill schema (with sponsorships, actions and abstracts)."""
    ocd_id = _text(data.get("id"))
    identifier = clean(_text(data.get("identifier")), 40)
    session = clean(_text(data.get("session")), 40)
    if not re.fullmatch(r"ocd-bill/[0-9a-f-]{36}", ocd_id) or not identifier or not session:
        raise BillRefused(f"no usable id, identifier and session ({ocd_id!r}, {identifier!r})")
    jurisdiction = _text(_dict(data.get("jurisdiction")).get("id"))
    if jurisdiction not in STATE_OF:
        raise BillRefused(f"{identifier}: unknown jurisdiction {jurisdiction[:120]!r}")
    title = clean(_text(data.get("title")), TITLE_MAX) or f"{identifier} (no title in the source)"
    actions = _actions(data)
    origin = _text(_dict(data.get("from_organization")).get("classification"))
    chamber = origin if origin in ("upper", "lower") else None
    sponsors = _sponsors(data, chamber)
    abstracts = [_text(_dict(a).get("abstract")) for a in _list(data.get("abstracts"))]
    latest = clean(_text(data.get("latest_action_description")), ACTION_MAX)
    url = _text(data.get("openstates_url")).strip()
    return BillRecord(
        source="openstates",
        source_key=f"openstates:{ocd_id}",
        jurisdiction=jurisdiction,
        session=session,
        identifier=identifier,
        chamber=chamber,
        title=title,
        summary=clean(next((a for a in abstracts if a.strip()), ""), SUMMARY_MAX),
        status=status(actions),
        status_text=latest[:300],
        introduced_on=_day(data.get("first_action_date"))
        or (actions[0][0].acted_on if actions else None),
        latest_action_on=_day(data.get("latest_action_date"))
        or (actions[-1][0].acted_on if actions else None),
        latest_action=latest or (actions[-1][0].text if actions else ""),
        url=url[:500] if url.startswith(("https://", "http://")) else None,
        subjects=[s for s in dict.fromkeys(clean(s, 200) for s in _strings(data.get("subject")))
                  if s][:50],
        committees=[],
        actions=[a for a, _, _ in actions],
        sponsors=sponsors,
    )  # fmt: skip


def status(actions: list[tuple[Action, dict, list[str]]]) -> str:
    """Where a bill stands, from its actions' classifications (newest first wins)."""
    passed = {
        organization.get("classification")
        for _, organization, kinds in actions
        if "passage" in kinds
    }
    if {"upper", "lower"} <= passed:
        return "passed_both"
    for _, _, kinds in reversed(actions):
        for kind, name in _STEPS:
            if kind in kinds:
                return name
    return "introduced" if actions else "other"


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _strings(value) -> list[str]:
    return [v for v in _list(value) if isinstance(v, str)]
