"""A fake of the Open States API v3 `GET /bills` on 127.0.0.1, built from its documented
OpenAPI schema (v3.openstates.org/openapi.json): the key in X-API-KEY (or ?apikey), a
jurisdiction or q required, `include` adding sponsorships, actions and abstracts, at most 20
a page, and a BillList answer ({"results": [...], "pagination": {...}}). It filters by
jurisdiction (abbreviation, name or id), words of the title and abstracts, sponsor and
action_since, and can be told to answer 429 or 500 a few times first, or to answer with
given bytes."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from werkzeug.wrappers import Request, Response

from tests.factories import HERMETIC_START

KEY = "test-openstates-key"
OHIO = "ocd-jurisdiction/country:us/state:oh/government"


HERMETIC_TODAY = HERMETIC_START.date()


def days_ago(n: int, today: date = HERMETIC_TODAY) -> str:
    """An ISO date n days before `today` (the app's today: the client asks only for recent
    actions)."""
    return (today - timedelta(days=n)).isoformat()


def bill(
    identifier: str,
    title: str,
    *,
    jurisdiction: str = OHIO,
    name: str = "Ohio",
    session: str = "136",
    abstract: str = "",
    sponsors: list[dict] | None = None,
    actions: list[tuple[str, str, str, list[str]]] | None = None,
    chamber: str = "lower",
    subject: list[str] | None = None,
) -> dict:
    """A bill in the API's Bill schema. actions: (date, description, chamber, kinds)."""
    actions = actions or [(days_ago(40), "Introduced", chamber, ["introduction"])]
    return {
        "id": f"ocd-bill/{uuid.uuid5(uuid.NAMESPACE_URL, jurisdiction + session + identifier)}",
        "session": session,
        "jurisdiction": {"id": jurisdiction, "name": name, "classification": "state"},
        "from_organization": {
            "id": f"ocd-organization/{uuid.uuid5(uuid.NAMESPACE_URL, chamber)}",
            "name": "Senate" if chamber == "upper" else "House",
            "classification": chamber,
        },
        "identifier": identifier,
        "title": title,
        "classification": ["bill"],
        "subject": subject or [],
        "extras": {},
        "created_at": "2025-02-04T10:00:00+00:00",
        "updated_at": "2026-10-01T10:00:00+00:00",
        "openstates_url": f"https://openstates.org/oh/bills/{session}/{identifier}/",
        "first_action_date": actions[0][0],
        "latest_action_date": actions[-1][0],
        "latest_action_description": actions[-1][1],
        "latest_passage_date": None,
        "abstracts": [{"abstract": abstract, "note": ""}] if abstract else [],
        "sponsorships": sponsors or [],
        "actions": [
            {
                "organization": {
                    "id": f"ocd-organization/{uuid.uuid5(uuid.NAMESPACE_URL, where)}",
                    "name": "Senate" if where == "upper" else "House",
                    "classification": where,
                },
                "description": text,
                "date": day,
                "classification": kinds,
                "order": i,
            }
            for i, (day, text, where, kinds) in enumerate(actions)
        ],
    }


def sponsorship(name: str, person_id: str | None = None, *, primary: bool = True) -> dict:
    """A sponsorship; without a person id, one Open States did not match to a person."""
    person = (
        {"id": person_id, "name": name, "party": "Republican",
         "current_role": {"title": "Representative", "org_classification": "lower",
                          "district": "1", "division_id": ""}}
        if person_id else None
    )  # fmt: skip
    return {
        "name": name,
        "entity_type": "person",
        "organization": None,
        "person": person,
        "primary": primary,
        "classification": "primary" if primary else "cosponsor",
    }


@dataclass
class FakeOpenStates:
    """The fake's state: its bills, what it was asked, and failures to serve first."""

    bills: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    fail_first: list[int] = field(default_factory=list)  # statuses to answer before the rest
    raw: bytes | None = None  # answer these bytes instead of a page
    raw_page: int | None = None  # ... for this page only (None: every page)

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.requests.append({k: request.args.getlist(k) for k in request.args})
        return self.answer(request)(environ, start_response)

    def answer(self, request: Request) -> Response:
        key = request.headers.get("X-API-KEY") or request.args.get("apikey")
        if not key:
            return _json({"detail": "Must provide API Key as ?apikey or X-API-KEY"}, 401)
        if key != KEY:
            return _json({"detail": "Invalid API Key"}, 403)
        if self.fail_first:
            status = self.fail_first.pop(0)
            response = _json({"detail": "try again"}, status)
            if status == 429:
                response.headers["Retry-After"] = "0"
            return response
        if request.path != "/bills":
            return _json({"detail": "Not Found"}, 404)
        if self.raw is not None and self.raw_page in (None, int(request.args.get("page", 1))):
            return Response(self.raw, 200, content_type="application/json")
        args = request.args
        jurisdiction, q = args.get("jurisdiction"), args.get("q")
        if not jurisdiction and not q:
            return _json({"detail": "must provide either jurisdiction or q"}, 400)
        try:
            page, per_page = int(args.get("page", 1)), int(args.get("per_page", 10))
        except ValueError:
            return _json({"detail": [{"loc": ["query", "page"], "msg": "not an integer"}]}, 422)
        if not 1 <= per_page <= 20 or page < 1:
            return _json({"detail": "invalid page or per_page"}, 400)
        found = [b for b in self.bills if self._matches(b, args)]
        found.sort(key=lambda b: b["updated_at"], reverse=True)
        start = (page - 1) * per_page
        if found and start >= len(found):
            return _json({"detail": "No such page"}, 404)
        include = set(args.getlist("include"))
        results = []
        for item in found[start : start + per_page]:
            shown = dict(item)
            for extra in ("sponsorships", "actions", "abstracts"):
                if extra not in include:
                    shown.pop(extra)
            results.append(shown)
        return _json(
            {
                "results": results,
                "pagination": {
                    "per_page": per_page,
                    "page": page,
                    "max_page": max(1, -(-len(found) // per_page)),
                    "total_items": len(found),
                },
            }
        )

    @staticmethod
    def _matches(item: dict, args) -> bool:
        jurisdiction = args.get("jurisdiction")
        if jurisdiction and jurisdiction not in (
            item["jurisdiction"]["id"],
            item["jurisdiction"]["name"],
            item["jurisdiction"]["id"].split("state:")[-1].split("/")[0],
        ):
            return False
        q = (args.get("q") or "").lower()
        text = " ".join([item["title"], *(a["abstract"] for a in item["abstracts"])]).lower()
        if q and not all(word in text for word in q.split()):
            return False
        sponsor = args.get("sponsor")
        if sponsor and not any(
            sponsor in (s["name"], (s["person"] or {}).get("id")) for s in item["sponsorships"]
        ):
            return False
        since = args.get("action_since")
        return not (since and (item["latest_action_date"] or "") < since)


def _json(data, status: int = 200) -> Response:
    return Response(json.dumps(data), status, content_type="application/json")
