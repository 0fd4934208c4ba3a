"""Open North's Represent API: a Canadian postal code to its MP's and provincial or
territorial legislator's ridings, over HTTP.

https://represent.opennorth.ca/api/ — `GET /postcodes/{CODE}/` answers the postal code's
province and the representatives of the boundaries it falls in: those its concordance
assigns it to (`representatives_concordance`, Elections Canada's for federal ridings) and
those containing its centroid (`representatives_centroid`). The concordance wins for a
body it covers; the centroid answers for the others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from advocacy.geocoding.service import JsonService
from advocacy.geocoding.types import District, Geocoded, GeocoderUnavailable, NoMatch

# Open North's Represent: the bodies whose members the directory loads, by Represent's
# representative-set slug, with the province or territory (None: the House of Commons).
REPRESENT_SETS: dict[str, str | None] = {
    "house-of-commons": None,
    "alberta-legislature": "ab",
    "bc-legislature": "bc",
    "manitoba-legislature": "mb",
    "new-brunswick-legislature": "nb",
    "newfoundland-labrador-legislature": "nl",
    "nova-scotia-legislature": "ns",
    "northwest-territories-legislature": "nt",
    "nunavut-legislature": "nu",
    "ontario-legislature": "on",
    "pei-legislature": "pe",
    "quebec-assemblee-nationale": "qc",
    "saskatchewan-legislature": "sk",
    "yukon-legislature": "yt",
}
FEDERAL_BOUNDARY = re.compile(r"/boundaries/federal-electoral-districts[^/]*/([0-9]{5})/?$")
# Canada's provinces and territories, by Canada Post's codes (lower case).
PROVINCE_CODES = frozenset(p for p in REPRESENT_SETS.values() if p)


def federal_number(rep: Mapping[str, Any]) -> str | None:
    """A House of Commons member's riding number, from Represent's boundary URL."""
    related = rep.get("related") if isinstance(rep.get("related"), dict) else {}
    match = FEDERAL_BOUNDARY.search(str(related.get("boundary_url") or ""))
    return match.group(1) if match else None


# Canada Post's postal codes: no D, F, I, O, Q or U; W and Z never lead.
POSTAL_CODE = re.compile(
    r"^([ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z]) ?-?([0-9][ABCEGHJ-NPRSTV-Z][0-9])$"
)
_SET_SLUG = re.compile(r"/representative-sets/([a-z0-9-]+)/?$")


def parse_postal_code(text: str) -> str | None:
    """ "m5v 3l9" as "M5V3L9", or None when it is not a Canadian postal code."""
    match = POSTAL_CODE.match(text.strip().upper())
    return match.group(1) + match.group(2) if match else None


def _set_of(rep: Any) -> str | None:
    related = rep.get("related") if isinstance(rep, dict) else None
    url = related.get("representative_set_url") if isinstance(related, dict) else None
    match = _SET_SLUG.search(str(url or ""))
    return match.group(1) if match and match.group(1) in REPRESENT_SETS else None


def parse_postcode_answer(data: Any, code: str) -> Geocoded:
    """A Represent postcode answer as ridings (pure): District("province", "on"),
    District("ed", number, name) for the House of Commons and District("ped", province,
    name) for the legislature. Bodies Represent lists that the directory does not load
    (city councils, school boards) are left out."""
    if not isinstance(data, dict):
        raise GeocoderUnavailable("the Canadian postal-code service sent an unexpected answer")
    province = str(data.get("province") or "").lower()
    if province not in PROVINCE_CODES:
        raise NoMatch(f"{code[:3]} {code[3:]} is not in a province or territory we know.")
    districts = [District("province", province)]
    chosen: dict[str, Any] = {}
    for key in ("representatives_concordance", "representatives_centroid"):
        found: dict[str, Any] = {}
        reps = data.get(key)
        for rep in reps if isinstance(reps, list) else []:
            slug = _set_of(rep)
            if slug and slug not in chosen and isinstance(rep.get("district_name"), str):
                found.setdefault(slug, rep)
        chosen |= found
    for slug, rep in chosen.items():
        body_province = REPRESENT_SETS[slug]
        name = rep["district_name"].strip()[:200]
        if body_province is None:
            districts.append(District("ed", federal_number(rep) or "", name))
        elif body_province == province:
            districts.append(District("ped", province, name))
    centroid = data.get("centroid") if isinstance(data.get("centroid"), dict) else {}
    coords = centroid.get("coordinates") if isinstance(centroid, dict) else None
    lat = lng = None
    if isinstance(coords, list) and len(coords) == 2:
        try:
            lng, lat = float(coords[0]), float(coords[1])
        except (TypeError, ValueError):
            lat = lng = None
    return Geocoded(
        accuracy="postcode",
        state_fips=None,
        districts=districts,
        lat=lat,
        lng=lng,
        zip=f"{code[:3]} {code[3:]}",
        city=data["city"][:100] if isinstance(data.get("city"), str) else None,
        state=data["province"][:2] if isinstance(data.get("province"), str) else None,
    )


class RepresentClient(JsonService):
    """HTTP client for Represent's postcodes, with the Census client's timeouts, retries
    and circuit breaker (its own breaker, outside the Census geocoder's metrics)."""

    measured = False
    not_found_is_answer = True

    def unavailable(self, cause: str, status: int | None = None) -> str:
        """One message for every failure: the member can only wait."""
        return (
            "The Canadian postal-code service is not answering right now; please try again "
            "in a few minutes."
        )

    def postcode(self, code: str) -> Geocoded:
        """The ridings of a postal code given as "M5V3L9"."""
        status, data = self._get(f"postcodes/{code}/")
        if status == 404:
            raise NoMatch(f"{code[:3]} {code[3:]} is not a postal code Canada Post uses.")
        try:
            return parse_postcode_answer(data, code)
        except GeocoderUnavailable:
            self.breaker.failure()
            raise
