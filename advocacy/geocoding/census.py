"""The U.S. Census Bureau geocoder: an address or a point to its districts, over HTTP.

https://geocoding.geo.census.gov/geocoder/ — `geographies/onelineaddress` and
`geographies/coordinates`. Layer names carry a vintage ("119th Congressional Districts",
"2024 State Legislative Districts - Upper") that changes after elections, so layers are
found by what they are, and the newest vintage wins when several are present.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import requests

from advocacy.geocoding.types import (
    Ambiguous,
    District,
    Geocoded,
    GeocoderUnavailable,
    NoMatch,
)
from advocacy.http import retrying_session
from advocacy.observability import GEOCODER_BREAKER_OPEN, GEOCODER_FAILURES

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
    return Geocoded(
        accuracy="address",
        state_fips=state,
        districts=districts,
        matched_address=match.get("matchedAddress"),
        lat=_float(coords.get("y")),
        lng=_float(coords.get("x")),
        zip=(match.get("addressComponents") or {}).get("zip"),
    )


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


class CircuitBreaker:
    """Stops calling a failing service for a while after repeated failures."""

    def __init__(self, failures: int, reset_seconds: float):
        self.threshold = failures
        self.reset_seconds = reset_seconds
        self.failures = 0
        self.opened_at: float | None = None
        self.lock = threading.Lock()

    def allow(self) -> bool:
        """Whether a call may go out now (a half-open trial after the reset time)."""
        with self.lock:
            if self.opened_at is None:
                return True
            return time.monotonic() - self.opened_at >= self.reset_seconds

    def success(self) -> None:
        """Record a good answer: closes the breaker."""
        with self.lock:
            self.failures = 0
            self.opened_at = None
        GEOCODER_BREAKER_OPEN.set(0)

    def failure(self) -> None:
        """Record a failure: opens the breaker at the threshold."""
        GEOCODER_FAILURES.inc()
        with self.lock:
            self.failures += 1
            if self.failures >= self.threshold:
                self.opened_at = time.monotonic()
                GEOCODER_BREAKER_OPEN.set(1)


class CensusGeocoder:
    """HTTP client for the Census geocoder, with timeouts, retries and a circuit breaker."""

    def __init__(
        self,
        base_url: str,
        *,
        benchmark: str = "Public_AR_Current",
        vintage: str = "Current_Current",
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.3,
        breaker_failures: int = 5,
        breaker_reset_seconds: float = 60.0,
        user_agent: str = "advocacy",
    ):
        self.base_url = base_url.rstrip("/")
        self.params = {"benchmark": benchmark, "vintage": vintage, "format": "json"}
        self.timeout = (connect_timeout, read_timeout)
        self.breaker = CircuitBreaker(breaker_failures, breaker_reset_seconds)
        # 429 is not retried: a rate-limited geocoder should be left alone, not pressed.
        self.session = retrying_session(
            retries=retries,
            backoff=backoff,
            retry_statuses=(500, 502, 503, 504),
            user_agent=user_agent,
        )

    def address(self, address: str) -> Geocoded:
        """Districts of a one-line street address."""
        data = self._get("geographies/onelineaddress", {"address": address})
        return parse_address_answer(data)

    def point(self, lat: float, lng: float) -> Geocoded:
        """Districts of a point."""
        data = self._get("geographies/coordinates", {"x": f"{lng:.6f}", "y": f"{lat:.6f}"})
        return parse_point_answer(data, lat, lng)

    def _get(self, path: str, params: dict[str, str]) -> Any:
        if not self.breaker.allow():
            raise GeocoderUnavailable("the address service is paused after repeated failures")
        try:
            response = self.session.get(
                f"{self.base_url}/{path}", params={**params, **self.params}, timeout=self.timeout
            )
            if response.status_code != 200:
                raise GeocoderUnavailable(f"the address service answered {response.status_code}")
            try:
                data = response.json()
            except ValueError:
                raise GeocoderUnavailable(
                    "the address service sent something other than JSON"
                ) from None
        except requests.Timeout:
            self.breaker.failure()
            raise GeocoderUnavailable("the address service took too long to answer") from None
        except requests.RequestException:
            self.breaker.failure()
            raise GeocoderUnavailable("the address service could not be reached") from None
        except GeocoderUnavailable:
            self.breaker.failure()
            raise
        self.breaker.success()
        return data
