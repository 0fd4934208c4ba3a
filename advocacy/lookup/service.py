"""Find a member's officials: parse what they typed, locate it (the geocoder first, the
offline tables when it can't answer), resolve the districts to officials. Pages, the API
and the march all come through find_officials()."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask import current_app

from advocacy.directory.sources import offline_tables
from advocacy.geocoding import address_key, answer_cache, census_geocoder, represent_client
from advocacy.geocoding.offline import offline_index
from advocacy.geocoding.types import (
    Ambiguous,
    District,
    Geocoded,
    GeocoderUnavailable,
    NoMatch,
)
from advocacy.lookup.inputs import InvalidQuery, Query, parse_query
from advocacy.lookup.resolve import (
    FLOTERIAL_FIPS,
    MAINE_FIPS,
    Lookup,
    floterial_candidates,
    resolve,
)
from advocacy.observability import LOOKUPS
from advocacy.text import ZIP_IN_TEXT

FALLBACK_NOTE = (
    "Our address service could not answer just now, so these results come from your ZIP "
    "code and may include districts you don't live in."
)
NO_MATCH_NOTE = (
    "We couldn't match the street address, so these results come from its ZIP code and may "
    "include districts you don't live in."
)
AMBIGUOUS_NOTE = (
    "That address matched more than one place, so these results come from its ZIP code. "
    "Add the city and state for an exact answer."
)
POINT_NOTE = "Our address service could not answer just now, so these come from your map point."
NO_STATE_DISTRICTS_NOTE = (
    "From a map point here we can find your congressional district and U.S. senators; "
    "enter your street address for state legislators."
)
FLOTERIAL_NOTE = (
    "New Hampshire's floterial House districts each overlay several base districts; "
    "those of your county are listed as possible."
)
MAINE_NOTE = (
    "Maine's House also seats tribal representatives, who represent their tribes rather "
    "than a place, so no address finds them."
)


class LookupFailed(Exception):
    """A lookup with no answer: the HTTP status, a message fit for a person, the field."""

    def __init__(self, status: int, message: str, field: str = "q"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


@dataclass
class Found:
    """What was asked and what it found."""

    query: Query
    lookup: Lookup


def find_officials(
    query: Query | Mapping[str, str | None], today: date, *, combined: bool = False
) -> Found:
    """Parse (unless given a Query), locate and resolve; every failure is a LookupFailed
    (400 bad input, 404 no such place, 503 no geocoder and no ZIP to stand in)."""
    if not isinstance(query, Query):
        try:
            query = parse_query(query, combined=combined)
        except InvalidQuery as exc:
            raise LookupFailed(400, exc.message, exc.field) from None
    try:
        geocoded = locate(query)
    except NoMatch as exc:
        LOOKUPS.labels("no_match").inc()
        raise LookupFailed(404, str(exc)) from None
    except GeocoderUnavailable as exc:
        LOOKUPS.labels("unavailable").inc()
        raise LookupFailed(503, str(exc)) from None
    LOOKUPS.labels(geocoded.accuracy or "unknown").inc()
    return Found(query, resolve(geocoded, today))


def locate(query: Query) -> Geocoded:
    """Districts for a query. Raises NoMatch, or GeocoderUnavailable with no fallback."""
    if query.kind == "postcode":
        return _locate_postcode(query.postcode)
    if query.kind == "zip":
        answer = _apply_picks(_offline().zip(query.zip), query.picks)
    elif query.kind == "point":
        answer = _apply_picks(_locate_point(query.lat, query.lng), query.picks)
    else:
        answer = _locate_address(query.address)
    return _seats_no_line_draws(answer)


def _seats_no_line_draws(answer: Geocoded) -> Geocoded:
    """What boundaries cannot say: New Hampshire's floterial districts (candidates, by
    county) and Maine's tribal seats (a note)."""
    if answer.state_fips == MAINE_FIPS:
        answer.notes.append(MAINE_NOTE)
    if answer.state_fips != FLOTERIAL_FIPS:
        return answer
    try:
        index = _offline()
    except NoMatch:
        return answer
    if (FLOTERIAL_FIPS, "sldl") not in index.drawn:
        return answer  # without New Hampshire's drawn districts, no telling which float
    extra = []
    for district in answer.districts:
        extra += [
            c
            for c in floterial_candidates(district, index.sld_geoids)
            if c not in answer.candidates and c not in extra
        ]
    if extra:
        answer.candidates += extra
        answer.notes.append(FLOTERIAL_NOTE)
    return answer


def _with_state_districts(answer: Geocoded) -> Geocoded:
    """A geocoder answer without state district layers gets them from its coordinates."""
    if answer.lat is None or answer.lng is None:
        return answer
    kinds = {d.type for d in answer.districts}
    if {"sldu", "sldl"} & kinds:
        return answer
    try:
        offline = _offline().point(answer.lat, answer.lng)
    except NoMatch:
        return answer
    if offline.state_fips != answer.state_fips:
        return answer
    answer.districts += [d for d in offline.districts if d.type != "cd"]
    answer.candidates += [d for d in offline.candidates if d.type != "cd"]
    answer.notes += offline.notes
    return answer


def _offline():
    return offline_index(*offline_tables(current_app.config["LEGISLATOR_DATA_DIR"]))


def _locate_address(address: str) -> Geocoded:
    client = census_geocoder()
    zip_code = _zip_in(address)
    if client is None:
        if zip_code is None:
            raise NoMatch("Street addresses can't be looked up here; please enter your ZIP code.")
        return _zip_fallback(zip_code, "Results come from your ZIP code.")
    cache = answer_cache()
    key = address_key(address)
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        answer = client.address(address)
    except NoMatch:
        if zip_code is None:
            raise
        return _zip_fallback(zip_code, NO_MATCH_NOTE)
    except Ambiguous:
        if zip_code is None:
            raise NoMatch(
                "That address matches more than one place. Please add the city, state and ZIP code."
            ) from None
        return _zip_fallback(zip_code, AMBIGUOUS_NOTE)
    except GeocoderUnavailable:
        if zip_code is None:
            raise GeocoderUnavailable(
                "Our address service is not answering right now. Please enter your ZIP code "
                "instead, or try again in a few minutes."
            ) from None
        return _zip_fallback(zip_code, FALLBACK_NOTE)
    answer = _with_state_districts(answer)
    cache.put(key, answer)
    return answer


NO_REPRESENT = (
    "Canadian postal codes can't be looked up here: this installation is not connected to "
    "Open North's Represent, which publishes Canada's ridings and members, so it has no "
    "Canadian roster."
)


def _locate_postcode(code: str) -> Geocoded:
    """A Canadian postal code's ridings, from Represent (cached like addresses)."""
    client = represent_client()
    if client is None:
        raise GeocoderUnavailable(NO_REPRESENT)
    cache = answer_cache()
    key = address_key(f"postcode:{code}")
    cached = cache.get(key)
    if cached is not None:
        return cached
    answer = client.postcode(code)
    cache.put(key, answer)
    return answer


def _locate_point(lat: float, lng: float) -> Geocoded:
    client = census_geocoder()
    if client is not None:
        try:
            return _with_state_districts(client.point(lat, lng))
        except GeocoderUnavailable:
            pass
    answer = _offline().point(lat, lng)
    if client is not None:
        answer.notes.insert(0, POINT_NOTE)
    if not any(d.type != "cd" for d in (*answer.districts, *answer.candidates)):
        answer.notes.append(NO_STATE_DISTRICTS_NOTE)
    return answer


def _zip_fallback(zip_code: str, note: str) -> Geocoded:
    answer = _offline().zip(zip_code)
    answer.notes.append(note)
    return answer


def _zip_in(address: str) -> str | None:
    found = ZIP_IN_TEXT.findall(address)
    return found[-1] if found else None


def _apply_picks(answer: Geocoded, picks: dict[str, str]) -> Geocoded:
    """Move the member's chosen candidate of each type to the certain districts."""
    for kind, geoid in picks.items():
        chosen = District(kind, geoid)
        if chosen in answer.candidates:
            answer.candidates = [c for c in answer.candidates if c.type != kind]
            answer.districts.append(chosen)
    return answer
