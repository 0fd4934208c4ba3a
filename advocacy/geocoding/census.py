"""The U.S. Census Bureau geocoder: an address or a point to its districts, over HTTP.

https://geocoding.geo.census.gov/geocoder/ — `geographies/onelineaddress` and
`geographies/coordinates`. Layer names carry a vintage ("119th Congressional Districts",
"2024 State Legislative Districts - Upper") that changes after elections, so layers are
found by what they are, and the newest vintage wins when several are present.
"""

from __future__ import annotations

import re
from typing import Any

from advocacy.geocoding.service import JsonService
from advocacy.geocoding.types import (
    Ambiguous,
    District,
    Geocoded,
    GeocoderUnavailable,
    NoMatch,
)

LAYERS = (
    ("cd", re.compile(r"congressional districts?$", re.I), re.compile(r"^\d{4}$")),
    (
        "sldu",
        re.compile(r"state legislative districts?\s*-\s*upper$", re.I),
        re.compile(r"^\d{2}[0-9A-Z-]{3}$"),
    ),
    (
        "sldl",
        re.compile(r"state legislative districts?\s*-\s*lower$", re.I),
        re.compile(r"^\d{2}[0-9A-Z-]{3}$"),
    ),
)
STATES_LAYER = re.compile(r"^states$", re.I)
# Incorporated places (cities, towns, villages): where a mayor may be found.
PLACES_LAYER = re.compile(r"incorporated places$", re.I)
_VINTAGE = re.compile(r"^(\d+)")


def _vintage(name: str) -> int:
    match = _VINTAGE.match(name.strip())
    return int(match.group(1)) if match else 0


def parse_geographies(geographies: Any) -> tuple[str | None, list[District]]:
    """State FIPS and districts from a Census `geographies` object (pure)."""
    if not isinstance(geographies, dict):
        raise GeocoderUnavailable("the geocoder's answer had no geographies")
    districts = []
    for kind, name_re, geoid_re in LAYERS:
        layers = [n for n in geographies if isinstance(n, str) and name_re.search(n.strip())]
        if not layers:
            continue
        newest = max(layers, key=_vintage)
        for record in geographies[newest] or []:
            geoid = str(record.get("GEOID", "")) if isinstance(record, dict) else ""
            if geoid_re.match(geoid) and not geoid.endswith("ZZZ") and not geoid.endswith("ZZ"):
                districts.append(District(kind, geoid))
    state = None
    for name, records in geographies.items():
        if isinstance(name, str) and STATES_LAYER.match(name.strip()) and records:
            state = str(records[0].get("STATE") or records[0].get("GEOID") or "")[:2] or None
        if isinstance(name, str) and PLACES_LAYER.search(name.strip()):
            for record in records or []:
                place = _place(record)
                if place:
                    districts.append(place)
    if state is None and districts:
        state = districts[0].state_fips
    return state, districts


def _place(record: Any) -> District | None:
    """An incorporated place as a District: GEOID (state + place FIPS) and its name."""
    if not isinstance(record, dict):
        return None
    geoid = str(record.get("GEOID", ""))
    name = str(record.get("BASENAME") or record.get("NAME") or "").strip()
    if not re.fullmatch(r"\d{7}", geoid) or not name or len(name) > 100:
        return None
    return District("place", geoid, name)


def parse_address_answer(data: Any) -> Geocoded:
    """The answer to `geographies/onelineaddress` (pure): one match, or a typed error."""
    try:
        matches = data["result"]["addressMatches"]
    except (KeyError, TypeError):
        raise GeocoderUnavailable("the geocoder's answer was not in the expected shape") from None
    if not isinstance(matches, list):
        raise GeocoderUnavailable("the geocoder's answer was not in the expected shape")
    if not matches:
        raise NoMatch("We couldn't find that address.")
    if len(matches) > 1:
        raise Ambiguous("That address matches more than one place.")
    match = matches[0]
    state, districts = parse_geographies(match.get("geographies"))
    coords = match.get("coordinates") or {}
    parts = (
        match.get("addressComponents") if isinstance(match.get("addressComponents"), dict) else {}
    )
    return Geocoded(
        accuracy="address",
        state_fips=state,
        districts=districts,
        matched_address=match.get("matchedAddress"),
        lat=_float(coords.get("y")),
        lng=_float(coords.get("x")),
        zip=_text(parts.get("zip"), 10),
        city=_text(parts.get("city"), 100),
        state=_text(parts.get("state"), 2),
    )


def _text(value: Any, limit: int) -> str | None:
    """A plain value of the answer's address components (anything else: not given)."""
    return value.strip()[:limit] or None if isinstance(value, str) else None


def parse_point_answer(data: Any, lat: float, lng: float) -> Geocoded:
    """The answer to `geographies/coordinates` (pure)."""
    try:
        geographies = data["result"]["geographies"]
    except (KeyError, TypeError):
        raise GeocoderUnavailable("the geocoder's answer was not in the expected shape") from None
    state, districts = parse_geographies(geographies)
    if state is None:
        raise NoMatch("That point is not in a U.S. state, DC or Puerto Rico.")
    return Geocoded(accuracy="point", state_fips=state, districts=districts, lat=lat, lng=lng)


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class CensusGeocoder(JsonService):
    """HTTP client for the Census geocoder, with timeouts, retries and a circuit breaker."""

    MESSAGES = {
        "paused": "the address service is paused after repeated failures",
        "status": "the address service answered {status}",
        "not_json": "the address service sent something other than JSON",
        "timeout": "the address service took too long to answer",
        "unreachable": "the address service could not be reached",
    }

    def __init__(
        self,
        base_url: str,
        *,
        benchmark: str = "Public_AR_Current",
        vintage: str = "Current_Current",
        **options: Any,
    ):
        super().__init__(base_url, **options)
        self.params = {"benchmark": benchmark, "vintage": vintage, "format": "json"}

    def unavailable(self, cause: str, status: int | None = None) -> str:
        """The Census client's words for each failure."""
        return self.MESSAGES[cause].format(status=status)

    def address(self, address: str) -> Geocoded:
        """Districts of a one-line street address."""
        _, data = self._get("geographies/onelineaddress", {"address": address, **self.params})
        return parse_address_answer(data)

    def point(self, lat: float, lng: float) -> Geocoded:
        """Districts of a point."""
        params = {"x": f"{lng:.6f}", "y": f"{lat:.6f}", **self.params}
        _, data = self._get("geographies/coordinates", params)
        return parse_point_answer(data, lat, lng)
