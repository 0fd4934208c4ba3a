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

import requests

from advocacy.geocoding.census import CircuitBreaker
from advocacy.geocoding.types import District, Geocoded, GeocoderUnavailable, NoMatch
from advocacy.http import retrying_session

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
        for rep in data.get(key) or []:
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
    )


class RepresentClient:
    """HTTP client for Represent's postcodes, with timeouts, retries and a circuit breaker
    (the Census client's): a failing service is left alone for a while."""

    def __init__(
        self,
        base_url: str,
        *,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.3,
        breaker_failures: int = 5,
        breaker_reset_seconds: float = 60.0,
        user_agent: str = "advocacy",
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.breaker = CircuitBreaker(breaker_failures, breaker_reset_seconds)
        # Represent allows 60 requests a minute: a 429 is not pressed with retries.
        self.session = retrying_session(
            retries=retries,
            backoff=backoff,
            retry_statuses=(500, 502, 503, 504),
            user_agent=user_agent,
        )

    def postcode(self, code: str) -> Geocoded:
        """The ridings of a postal code given as "M5V3L9"."""
        unavailable = (
            "The Canadian postal-code service is not answering right now; please try again "
            "in a few minutes."
        )
        if not self.breaker.allow():
            raise GeocoderUnavailable(unavailable)
        try:
            response = self.session.get(f"{self.base_url}/postcodes/{code}/", timeout=self.timeout)
            if response.status_code == 404:
                self.breaker.success()
                raise NoMatch(f"{code[:3]} {code[3:]} is not a postal code Canada Post uses.")
            if response.status_code != 200:
                raise GeocoderUnavailable(unavailable)
            try:
                data = response.json()
            except ValueError:
                raise GeocoderUnavailable(unavailable) from None
            answer = parse_postcode_answer(data, code)
        except requests.RequestException:
            self.breaker.failure()
            raise GeocoderUnavailable(unavailable) from None
        except GeocoderUnavailable:
            self.breaker.failure()
            raise
        self.breaker.success()
        return answer
