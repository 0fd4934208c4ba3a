"""A fake of the Federal Register's API v1 on 127.0.0.1, built from its documentation
(federalregister.gov/developers/documentation/api/v1): `GET /agencies.json` (a list of
agencies with id, name, short_name, slug) and `GET /documents.json` with
`conditions[agencies][]`, `conditions[type][]`, `conditions[term]`,
`conditions[publication_date][gte]`, `fields[]`, `per_page` (at most 1,000), `page` and
`order`; an answer of {"count", "description", "total_pages", "next_page_url", "results"}.
It can answer given bytes instead of a page (a broken one), or a status a few times first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

AGENCIES = [
    {"id": 1, "name": "Centers for Medicare & Medicaid Services", "short_name": "CMS",
     "slug": "centers-for-medicare-medicaid-services", "parent_id": 221},
    {"id": 2, "name": "National Coordinator for Health Information Technology Office",
     "short_name": "ONC", "slug": "national-coordinator-for-health-information-technology-office",
     "parent_id": 221},
    {"id": 3, "name": "Food and Drug Administration", "short_name": "FDA",
     "slug": "food-and-drug-administration", "parent_id": 221},
    {"id": 4, "name": "Federal Trade Commission", "short_name": "FTC",
     "slug": "federal-trade-commission", "parent_id": None},
    {"id": 5, "name": "Federal Communications Commission", "short_name": "FCC",
     "slug": "federal-communications-commission", "parent_id": None},
    {"id": 6, "name": "Civil Rights Office", "short_name": "OCR", "slug": "civil-rights-office",
     "parent_id": 221},
    {"id": 221, "name": "Health and Human Services Department", "short_name": "HHS",
     "slug": "health-and-human-services-department", "parent_id": None},
    {"id": 7, "name": "Agriculture Department", "short_name": "USDA",
     "slug": "agriculture-department", "parent_id": None},
]  # fmt: skip
_BY_SLUG = {a["slug"]: a for a in AGENCIES}
_TYPE_NAMES = {"PRORULE": "Proposed Rule", "RULE": "Rule", "NOTICE": "Notice"}


def document(
    number: str,
    title: str,
    *,
    agency: str = "centers-for-medicare-medicaid-services",
    kind: str = "PRORULE",
    published: date,
    closes: date | None,
    abstract: str = "",
    docket: str | None = None,
    regs_id: str | None = None,
) -> dict:
    """A document as documents.json gives it with every field asked for."""
    a = _BY_SLUG[agency]
    docket = docket or f"{a['short_name']}-{published.year}-{number[-4:]}"
    return {
        "document_number": number,
        "title": title,
        "type": _TYPE_NAMES[kind],
        "abstract": abstract,
        "action": "Proposed rule." if kind == "PRORULE" else "Notice.",
        "agencies": [
            {"raw_name": a["name"].upper(), "name": a["name"], "id": a["id"],
             "url": f"https://www.federalregister.gov/agencies/{a['slug']}",
             "json_url": f"https://www.federalregister.gov/api/v1/agencies/{a['id']}",
             "parent_id": a["parent_id"], "slug": a["slug"]}
        ],
        "publication_date": published.isoformat(),
        "comments_close_on": closes.isoformat() if closes else None,
        "docket_ids": [docket],
        "regulation_id_numbers": ["0938-AV" + number[-2:]],
        "cfr_references": [{"title": 42, "part": 422, "chapter": 4, "citation_url": None}],
        "comment_url": f"https://www.regulations.gov/commenton/{regs_id or docket + '-0001'}",
        "html_url": f"https://www.federalregister.gov/documents/{published:%Y/%m/%d}/{number}/x",
        "pdf_url": f"https://www.govinfo.gov/content/pkg/FR-{published}/pdf/{number}.pdf",
        "regulations_dot_gov_info": {
            "checked_regulationsdotgov_at": f"{published}T10:00:00.000-04:00",
            "comments_count": 0,
            "docket_id": docket,
            "document_id": regs_id or f"{docket}-0001",
        },
    }  # fmt: skip


@dataclass
class FakeFederalRegister:
    """The fake's documents, what it was asked, and failures to serve first."""

    documents: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    raw: bytes | None = None  # answer documents.json with these bytes
    fail_first: list[int] = field(default_factory=list)
    base: str = ""  # set by the test from the server's URL, for next_page_url

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.requests.append(
            {"path": request.path, **{k: request.args.getlist(k) for k in request.args}}
        )
        return self.answer(request)(environ, start_response)

    def answer(self, request: Request) -> Response:
        if self.fail_first:
            return _json({"errors": ["try again"]}, self.fail_first.pop(0))
        if request.path == "/agencies.json":
            return _json(AGENCIES)
        if request.path != "/documents.json":
            return _json({"status": 404, "message": "Not found"}, 404)
        if self.raw is not None:
            return Response(self.raw, 200, content_type="application/json")
        args = request.args
        try:
            per_page, page = int(args.get("per_page", 20)), int(args.get("page", 1))
        except ValueError:
            return _json({"errors": {"per_page": ["is not a number"]}}, 400)
        if not 1 <= per_page <= 1000 or page < 1:
            return _json({"errors": {"per_page": ["out of range"]}}, 400)
        found = [d for d in self.documents if self._matches(d, args)]
        found.sort(key=lambda d: (d["publication_date"], d["document_number"]), reverse=True)
        start = (page - 1) * per_page
        pages = -(-len(found) // per_page)
        fields = args.getlist("fields[]")
        results = [
            {k: v for k, v in d.items() if not fields or k in fields}
            for d in found[start : start + per_page]
        ]
        body: dict = {"count": len(found), "description": "Documents", "total_pages": pages}
        if results:
            body["results"] = results
        if page < pages:
            following = [(k, v) for k in args for v in args.getlist(k) if k != "page"]
            body["next_page_url"] = (
                f"{self.base}/documents.json?{urlencode(following + [('page', page + 1)])}"
            )
        return _json(body)

    @staticmethod
    def _matches(item: dict, args) -> bool:
        agencies = args.getlist("conditions[agencies][]")
        if agencies and not any(a["slug"] in agencies for a in item["agencies"]):
            return False
        types = args.getlist("conditions[type][]")
        names = {_TYPE_NAMES[t] for t in types if t in _TYPE_NAMES}
        if types and item["type"] not in names:
            return False
        term = (args.get("conditions[term]") or "").lower()
        text = f"{item['title']} {item['abstract']}".lower()
        if term and not all(w in text for w in term.split()):
            return False
        since = args.get("conditions[publication_date][gte]")
        return not (since and item["publication_date"] < since)


def days(today: date, n: int) -> date:
    return today + timedelta(days=n)


def _json(data, status: int = 200) -> Response:
    return Response(json.dumps(data), status, content_type="application/json")
