"""Rules open for comment, from the Federal Register's API v1
(https://www.federalregister.gov/api/v1, no key).

`searches(config)` says what an update asks: the documents of each agency in RULES_AGENCIES
(slugs, or names resolved against the API's own `agencies.json`, so that a renamed office
such as ASTP/ONC is found by its words rather than a slug written here), of each agency a
chapter follows, and of each keyword query a chapter follows; each of the proposed rules,
rules and notices published in the last RULES_SINCE_DAYS days. Every page is read and
checked before anything is written: an answer that is not the documented JSON, a document
without its number, title, type or date, a date that is not one, a link that is not a web
address, more pages than RULES_MAX_PAGES: each stops the update with the search's name, and
the rules already loaded stay as they were.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from advocacy.ingest.fetch import Fetcher, SourceError
from advocacy.models.rules import RULE_TYPES
from advocacy.text import hostile_text_problem, load_json

FEDERAL_REGISTER_API = "https://www.federalregister.gov/api/v1"
PER_PAGE = 100
FIELDS = (
    "document_number",
    "title",
    "type",
    "abstract",
    "action",
    "agencies",
    "publication_date",
    "comments_close_on",
    "docket_ids",
    "regulation_id_numbers",
    "cfr_references",
    "comment_url",
    "html_url",
    "pdf_url",
    "regulations_dot_gov_info",
)
# The API's words for the types, as the `type` conditions take them.
_TYPE_WORDS = {"Proposed Rule": "PRORULE", "Rule": "RULE", "Notice": "NOTICE"}
_DOCUMENT_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
TITLE_MAX = 2000
ABSTRACT_MAX = 20_000
LIST_MAX = 50  # dockets, RINs, CFR parts or agencies on one document


@dataclass(frozen=True)
class Search:
    """One documents.json search: an agency's documents, or those matching some words."""

    kind: str  # "agency" or "term"
    value: str

    @property
    def name(self) -> str:
        words = re.sub(r"[^a-z0-9]+", "-", self.value.lower()).strip("-")[:60]
        return f"federal-register-{self.kind}-{words}"


@dataclass
class RuleRecord:
    """One document as the rules table keeps it."""

    document_number: str
    type: str
    title: str
    abstract: str
    action: str
    publication_date: date
    comments_close_on: date | None
    docket_ids: list[str] = field(default_factory=list)
    regulation_id_numbers: list[str] = field(default_factory=list)
    cfr_references: list[dict] = field(default_factory=list)
    agencies: list[dict] = field(default_factory=list)  # [{"slug", "name"}]
    comment_url: str | None = None
    html_url: str | None = None
    pdf_url: str | None = None
    regulations_document_id: str | None = None

    def digest(self) -> str:
        """A hash of everything the row keeps."""
        values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in vars(self).items()}
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def base_url(config) -> str:
    return (config.get("FEDERAL_REGISTER_URL") or FEDERAL_REGISTER_API).rstrip("/")


def wanted_agencies(config) -> list[str]:
    """RULES_AGENCIES as a list of entries (a slug, or an agency's name or short name)."""
    wanted = config.get("RULES_AGENCIES") or ()
    if isinstance(wanted, str):  # from the environment: "cms-slug; Food and Drug ..."
        wanted = wanted.split(";")
    return [" ".join(str(w).split()) for w in wanted if str(w).strip()]


def read_agencies(fetcher: Fetcher, config) -> list[dict]:
    """The Federal Register's agency list: [{"slug", "name", "short_name"}], checked."""
    url = f"{base_url(config)}/agencies.json"
    try:
        data = load_json(fetcher.get("federal-register-agencies", url))
    except ValueError:
        raise SourceError("federal-register-agencies", "not JSON") from None
    if not isinstance(data, list):
        raise SourceError("federal-register-agencies", "not a list of agencies")
    agencies = []
    for item in data:
        if not isinstance(item, dict):
            raise SourceError("federal-register-agencies", "an agency that is not an object")
        slug, name = item.get("slug"), item.get("name")
        if not isinstance(slug, str) or not _SLUG.match(slug) or not _text(name, 300):
            raise SourceError("federal-register-agencies", f"an agency without a slug: {slug!r}")
        short = item.get("short_name")
        agencies.append({"slug": slug, "name": name.strip(), "short_name": _text(short, 60) or ""})
    return agencies


def _words(value: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value.lower()).split())


def resolve(entries: list[str], agencies: list[dict]) -> tuple[list[str], list[str]]:
    """(slugs, entries that matched no agency): an entry is a slug, a short name, or words
    of an agency's name ("National Coordinator for Health Information Technology")."""
    slugs: dict[str, None] = {}
    unmatched = []
    by_slug = {a["slug"] for a in agencies}
    for entry in entries:
        if entry in by_slug:
            slugs[entry] = None
            continue
        words = _words(entry)
        found = [
            a["slug"]
            for a in agencies
            if words
            and (_words(a["short_name"]) == words or f" {words} " in f" {_words(a['name'])} ")
        ]
        if found:
            slugs.update(dict.fromkeys(found))
        else:
            unmatched.append(entry)
    return list(slugs), unmatched


def searches(slugs: list[str], followed: list[tuple[str, str]]) -> list[Search]:
    """The searches of an update: the configured agencies, then the chapters' follows
    (("agency", slug) or ("query", words)), each once."""
    found: dict[Search, None] = {Search("agency", s): None for s in slugs}
    for kind, value in followed:
        found[Search("agency" if kind == "agency" else "term", value)] = None
    return list(found)


def read_search(fetcher: Fetcher, config, search: Search, today: date) -> list[RuleRecord]:
    """Every document of one search, page by page, each checked."""
    since = today - timedelta(days=int(config["RULES_SINCE_DAYS"]))
    params: list[tuple[str, str]] = [
        ("per_page", str(PER_PAGE)),
        ("order", "newest"),
        ("conditions[publication_date][gte]", since.isoformat()),
        *[("conditions[type][]", t) for t in RULE_TYPES],
        *[("fields[]", f) for f in FIELDS],
    ]
    if search.kind == "agency":
        params.append(("conditions[agencies][]", search.value))
    else:
        params.append(("conditions[term]", search.value))
    url: str | None = f"{base_url(config)}/documents.json"
    records: list[RuleRecord] = []
    pages = 0
    while url:
        pages += 1
        if pages > int(config["RULES_MAX_PAGES"]):
            raise SourceError(search.name, f"more than {config['RULES_MAX_PAGES']} pages")
        try:
            page = load_json(fetcher.get(search.name, url, params=params))
        except ValueError:
            raise SourceError(search.name, f"page {pages} is not JSON") from None
        if not isinstance(page, dict) or not isinstance(page.get("results", []), list):
            raise SourceError(search.name, f"page {pages} is not a documents page")
        for i, item in enumerate(page.get("results", []), start=1):
            try:
                records.append(parse_document(item))
            except ValueError as exc:
                raise SourceError(search.name, f"page {pages}, document {i}: {exc}") from None
        following = page.get("next_page_url")
        # The next page's URL repeats every condition and field: longer than a link we keep.
        if following is not None and not _web(following, 8000):
            raise SourceError(search.name, f"page {pages} has a next page that is not a link")
        # The next page's URL carries the conditions itself.
        url, params = following, []
    return records


def _text(value, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    value = value.strip()
    if hostile_text_problem(value):
        raise ValueError("text with control characters")
    return value[:limit]


def _date(value, name: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} is not a date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} {value[:40]!r} is not a date") from None


def _web(value, limit: int = 500) -> bool:
    if not isinstance(value, str) or len(value) > limit:
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _link(value, name: str) -> str | None:
    if value in (None, ""):
        return None
    if not _web(value):
        raise ValueError(f"{name} is not a web address")
    return value


def _strings(value, name: str, limit: int = 80) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > LIST_MAX:
        raise ValueError(f"{name} is not a list")
    out = []
    for item in value:
        text = _text(item, limit) if isinstance(item, str) else None
        if not text:
            raise ValueError(f"{name} holds {str(item)[:40]!r}")
        out.append(text)
    return out


def _agencies(number: str, raw) -> list[dict]:
    raw = raw or []
    if not isinstance(raw, list) or len(raw) > LIST_MAX:
        raise ValueError(f"{number}: agencies is not a list")
    agencies = []
    for agency in raw:
        if not isinstance(agency, dict):
            raise ValueError(f"{number}: an agency that is not an object")
        slug = agency.get("slug")
        name = _text(agency.get("name") or agency.get("raw_name"), 300)
        if slug is not None and (not isinstance(slug, str) or not _SLUG.match(slug)):
            raise ValueError(f"{number}: agency slug {str(slug)[:40]!r}")
        if name:
            agencies.append({"slug": slug or "", "name": name})
    return agencies


def _cfr(number: str, raw) -> list[dict]:
    raw = raw or []
    if not isinstance(raw, list) or len(raw) > LIST_MAX:
        raise ValueError(f"{number}: cfr_references is not a list")
    cfr = []
    for ref in raw:
        if not isinstance(ref, dict):
            raise ValueError(f"{number}: a CFR reference that is not an object")
        title_no, part = ref.get("title"), ref.get("part")
        if not isinstance(title_no, int) or isinstance(title_no, bool):
            raise ValueError(f"{number}: a CFR reference without a title number")
        if part is not None and not isinstance(part, int | str):
            raise ValueError(f"{number}: a CFR part that is not a number")
        cfr.append({"title": title_no, "part": None if part is None else str(part)[:20]})
    return cfr


def parse_document(item) -> RuleRecord:
    """One result of documents.json as a record; ValueError saying what is wrong."""
    if not isinstance(item, dict):
        raise ValueError("not an object")
    number = item.get("document_number")
    if not isinstance(number, str) or not _DOCUMENT_NUMBER.match(number):
        raise ValueError("no document_number")
    kind = item.get("type")
    kind = _TYPE_WORDS.get(kind, kind)
    if kind not in RULE_TYPES:
        raise ValueError(f"{number}: type {str(kind)[:40]!r} is not a rule or notice")
    title = _text(item.get("title"), TITLE_MAX)
    if not title:
        raise ValueError(f"{number}: no title")
    published = _date(item.get("publication_date"), "publication_date")
    if published is None:
        raise ValueError(f"{number}: no publication_date")
    agencies = _agencies(number, item.get("agencies"))
    cfr = _cfr(number, item.get("cfr_references"))
    info = item.get("regulations_dot_gov_info") or {}
    if not isinstance(info, dict):
        raise ValueError(f"{number}: regulations_dot_gov_info is not an object")
    regs_id = info.get("document_id")
    if regs_id is not None and (
        not isinstance(regs_id, str) or not _DOCUMENT_NUMBER.match(regs_id.replace(" ", ""))
    ):
        raise ValueError(f"{number}: regulations.gov document_id {str(regs_id)[:40]!r}")
    return RuleRecord(
        document_number=number,
        type=kind,
        title=title,
        abstract=_text(item.get("abstract"), ABSTRACT_MAX) or "",
        action=_text(item.get("action"), 300) or "",
        publication_date=published,
        comments_close_on=_date(item.get("comments_close_on"), "comments_close_on"),
        docket_ids=_strings(item.get("docket_ids"), "docket_ids"),
        regulation_id_numbers=_strings(item.get("regulation_id_numbers"), "RINs", 20),
        cfr_references=cfr,
        agencies=agencies,
        comment_url=_link(item.get("comment_url"), "comment_url"),
        html_url=_link(item.get("html_url"), "html_url"),
        pdf_url=_link(item.get("pdf_url"), "pdf_url"),
        regulations_document_id=regs_id,
    )
