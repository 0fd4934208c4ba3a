"""A fake of Open North's Represent API on 127.0.0.1, built from its documentation
(represent.opennorth.ca/api/): `GET /representatives/{set}/` lists a body's members as
`{"objects": [...], "meta": {"next", "previous", "total_count", "limit", "offset"}}`
(`limit` at most `max_limit`, `next` a relative URL), and `GET /postcodes/{CODE}/` gives
a postal code's province, centroid and the representatives of its concordance and centroid
boundaries. Unknown sets and postal codes are 404s. It can be told to answer 500 for a
while (`failing`).

Its rosters are made from the mirror's OCD lists: every 2023 federal riding has an MP and
every Ontario (2015) and Quebec (2017) riding a member, all invented but for the accents,
dashes and shapes Represent uses. Other legislatures are not published (404).
"""

from __future__ import annotations

import csv
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.wrappers import Request, Response

OCD = "raw.githubusercontent.com/opencivicdata/ocd-division-ids/master/identifiers"
SETS = {
    "house-of-commons": "House of Commons",
    "ontario-legislature": "Legislative Assembly of Ontario",
    "quebec-assemblee-nationale": "Assemblée nationale du Québec",
    "toronto-city-council": "Toronto City Council",
}
TORONTO_POSTCODE = "M5V3L9"
# The members a Toronto postal code shows (Spadina—Harbourfront; Spadina—Fort York).
TORONTO_MP = "Amélie Côté-Brûlé"
TORONTO_MPP = "Jordan Okafor"
MONTREAL_POSTCODE = "H2V1A1"
MONTREAL_MNA = "Hélène Lévesque-Ouellet"


# The provincial rosters: OCD id prefix, office, Represent boundary set (ending in the
# vintage of the OCD ids kept), party, the named members {riding: (name, gender)}, and
# how the others are named.
LEGISLATURES = {
    "ontario-legislature": (
        "ocd-division/country:ca/province:on/ed:",
        "MPP",
        "ontario-electoral-districts-representation-act-2015",
        "New Democratic Party of Ontario",
        {"Spadina—Fort York": (TORONTO_MPP, "M")},
        "Member{i} Ont{i}",
    ),
    "quebec-assemblee-nationale": (
        "ocd-division/country:ca/province:qc/ed:",
        "MNA",
        "quebec-electoral-districts-2017",
        "Québec solidaire",
        {"Mercier": (MONTREAL_MNA, "")},
        "Membre{i} Québec{i}",
    ),
}


def _rep(set_slug: str, name: str, district: str, office: str, boundary: str, **extra) -> dict:
    first, _, last = name.partition(" ")
    province_line = {
        "house-of-commons": "House of Commons\nOttawa ON  K1A 0A6",
        "ontario-legislature": "Legislative Building, Queen's Park\nToronto ON  M7A 1A8",
        "quebec-assemblee-nationale": "Hôtel du Parlement\nQuébec QC  G1A 1A4",
        "toronto-city-council": "100 Queen St W\nToronto ON  M5H 2N2",
    }[set_slug]
    return {
        "name": name,
        "first_name": first,
        "last_name": last,
        "district_name": district,
        "elected_office": office,
        "source_url": f"https://example.org/{set_slug}/",
        "party_name": extra.pop("party", "Independent"),
        "email": extra.pop("email", ""),
        "url": f"https://example.org/{set_slug}/{zlib.crc32(name.encode())}",
        "personal_url": "",
        "photo_url": "",
        "gender": extra.pop("gender", ""),
        "district_id": "",
        "representative_set_name": SETS[set_slug],
        "extra": extra.pop("extra", {}),
        "offices": [
            {"type": "legislature", "postal": province_line, "tel": "1 613-555-0100"},
            {"type": "constituency", "postal": "1 Main St\nToronto ON  M5V 3L9", "tel": ""},
        ],
        "related": {
            "boundary_url": boundary,
            "representative_set_url": f"/representative-sets/{set_slug}/",
        },
    }


def rosters(mirror: Path) -> dict[str, list[dict]]:
    """Every member of the three bodies the fake publishes, from the mirror's OCD lists."""
    root = mirror / OCD
    out: dict[str, list[dict]] = {slug: [] for slug in SETS}
    with (root / "country-ca" / "ca_federal_electoral_districts-2023.csv").open() as f:
        for i, row in enumerate(csv.DictReader(f)):
            number = row["id"].rsplit(":", 1)[1][:5]
            name = TORONTO_MP if number == "35100" else f"Député{i} Fédéral{i}"
            roles = {"extra": {"roles": ["Minister of Health"]}} if number == "35100" else {}
            out["house-of-commons"].append(
                _rep(
                    "house-of-commons",
                    name,
                    row["name"],
                    "MP",
                    f"/boundaries/federal-electoral-districts-2023/{number}/",
                    party="Liberal",
                    email=f"mp{i}@parl.gc.ca",
                    gender="F" if number == "35100" else "",
                    **roles,
                )
            )
    with (root / "country-ca.csv").open() as f:
        rows = list(csv.DictReader(f))
    for slug, (prefix, office, boundaries, party, known, default) in LEGISLATURES.items():
        for i, row in enumerate(rows):
            if not (row["id"].startswith(prefix) and row["id"].endswith(boundaries[-5:])):
                continue
            name = known.get(row["name"], (default.format(i=i), ""))
            out[slug].append(
                _rep(
                    slug,
                    name[0],
                    row["name"],
                    office,
                    f"/boundaries/{boundaries}/{i}/",
                    party=party,
                    gender=name[1],
                )
            )
    out["toronto-city-council"].append(
        _rep(
            "toronto-city-council",
            "Councillor Ward",
            "Spadina-Fort York",
            "Councillor",
            "/boundaries/toronto-wards-2018/10/",
        )
    )
    return out


def _find(reps: list[dict], district: str) -> dict:
    return next(r for r in reps if r["district_name"] == district)


@dataclass
class FakeRepresent:
    """The fake's state: its rosters, postal codes, page size and failures to come."""

    mirror: Path
    max_limit: int = 1000
    failing: int = 0  # answer this many requests with 500 first
    requests: list[str] = field(default_factory=list)
    roster: dict[str, list[dict]] = field(init=False)
    postcodes: dict[str, dict] = field(init=False)

    def __post_init__(self):
        self.roster = rosters(self.mirror)
        mp = _find(self.roster["house-of-commons"], "Spadina—Harbourfront")
        mpp = _find(self.roster["ontario-legislature"], "Spadina—Fort York")
        councillor = self.roster["toronto-city-council"][0]
        outremont = _find(self.roster["house-of-commons"], "Outremont")
        mna = _find(self.roster["quebec-assemblee-nationale"], "Mercier")
        self.postcodes = {
            TORONTO_POSTCODE: self._postcode(
                TORONTO_POSTCODE, "Toronto", "ON", [-79.3957, 43.6426], [mp, mpp, councillor], [mp]
            ),
            MONTREAL_POSTCODE: self._postcode(
                MONTREAL_POSTCODE, "Montréal", "QC", [-73.5970, 45.5240], [outremont, mna], []
            ),
        }

    @staticmethod
    def _postcode(code, city, province, point, centroid, concordance) -> dict:
        def boundary(rep):
            return {
                "url": rep["related"]["boundary_url"],
                "name": rep["district_name"],
                "external_id": rep["related"]["boundary_url"].rstrip("/").rsplit("/", 1)[1],
                "boundary_set_name": rep["representative_set_name"],
                "related": {"boundary_set_url": "/boundary-sets/x/"},
            }

        return {
            "code": code,
            "city": city,
            "province": province,
            "centroid": {"type": "Point", "coordinates": point},
            "boundaries_centroid": [boundary(r) for r in centroid],
            "boundaries_concordance": [boundary(r) for r in concordance],
            "representatives_centroid": centroid,
            "representatives_concordance": concordance,
        }

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.requests.append(request.full_path)
        if self.failing > 0:
            self.failing -= 1
            return _json({"error": "boom"}, 500)(environ, start_response)
        parts = [p for p in request.path.split("/") if p]
        if len(parts) == 2 and parts[0] == "representatives" and parts[1] in self.roster:
            return self._list(request, parts[1])(environ, start_response)
        if len(parts) == 2 and parts[0] == "postcodes" and parts[1] in self.postcodes:
            return _json(self.postcodes[parts[1]])(environ, start_response)
        return _json({"error": "Not found"}, 404)(environ, start_response)

    def _list(self, request: Request, slug: str) -> Response:
        try:
            limit = min(int(request.args.get("limit", 20)), self.max_limit)
            offset = int(request.args.get("offset", 0))
        except ValueError:
            return _json({"error": "bad limit"}, 400)
        reps = self.roster[slug]
        page = reps[offset : offset + limit]
        following = (
            f"/representatives/{slug}/?limit={limit}&offset={offset + limit}"
            if offset + limit < len(reps)
            else None
        )
        return _json(
            {
                "objects": page,
                "meta": {
                    "total_count": len(reps),
                    "limit": limit,
                    "offset": offset,
                    "next": following,
                    "previous": None,
                },
            }
        )


def _json(data, status: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json"
    )
