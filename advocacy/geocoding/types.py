"""What a geocoder answers: Census districts for a place, and how exact they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# How exact an answer is, from best to worst.
ACCURACY = ("address", "point", "zip", "postcode")
DISTRICT_TYPES = ("cd", "sldu", "sldl", "place", "province", "ed", "ped")
# Canadian ridings, named as Represent names them: "province" (geoid: "on"), "ed" (a
# federal riding: geoid its number, name its name), "ped" (geoid the province, name the
# riding's). They carry no state FIPS code.
CANADIAN_TYPES = ("province", "ed", "ped")
CENSUS_TYPES = ("cd", "sldu", "sldl", "place")


@dataclass(frozen=True)
class District:
    """A Census district: its type (cd, sldu, sldl, or place: an incorporated place, with
    its name) and GEOID (state FIPS + code)."""

    type: str
    geoid: str
    name: str | None = None
    # For a district a ZIP code only may be in: nearby ZIP codes that lie wholly inside
    # it, so a member can tell the candidates apart. Not part of its identity.
    zips: tuple[str, ...] = field(default=(), compare=False)

    @property
    def state_fips(self) -> str:
        """The two-digit state FIPS code every GEOID starts with ("" for Canada's)."""
        return "" if self.type in CANADIAN_TYPES else self.geoid[:2]


@dataclass
class Geocoded:
    """Districts found for a query.

    `districts` are certain; `candidates` (ZIP answers only) are the districts a ZIP
    touches when it touches more than one of a type.
    """

    accuracy: str
    state_fips: str | None
    districts: list[District] = field(default_factory=list)
    candidates: list[District] = field(default_factory=list)
    matched_address: str | None = None
    lat: float | None = None
    lng: float | None = None
    zip: str | None = None
    notes: list[str] = field(default_factory=list)
    # The place as the geocoder read it (a street address's city and state, a postal
    # code's city and province); None where it cannot tell (a ZIP code, a point).
    city: str | None = None
    state: str | None = None

    def to_cache(self) -> dict[str, Any]:
        """A JSON-safe form for the answer cache."""
        return {
            "accuracy": self.accuracy,
            "state_fips": self.state_fips,
            "districts": [[d.type, d.geoid, d.name] for d in self.districts],
            "candidates": [[d.type, d.geoid] for d in self.candidates],
            "matched_address": self.matched_address,
            "lat": self.lat,
            "lng": self.lng,
            "zip": self.zip,
            "city": self.city,
            "state": self.state,
        }

    @classmethod
    def from_cache(cls, data: dict[str, Any]) -> Geocoded:
        """Rebuild an answer from to_cache()."""
        return cls(
            accuracy=data["accuracy"],
            state_fips=data["state_fips"],
            districts=[District(*d) for d in data["districts"]],
            candidates=[District(t, g) for t, g in data["candidates"]],
            matched_address=data["matched_address"],
            lat=data["lat"],
            lng=data["lng"],
            zip=data["zip"],
            city=data.get("city"),
            state=data.get("state"),
        )


class GeocodingError(Exception):
    """Base of the geocoders' typed errors; the message is fit to show to a member."""


class NoMatch(GeocodingError):
    """The geocoder understood the question and found no such place."""


class Ambiguous(GeocodingError):
    """The address matched more than one place."""


class GeocoderUnavailable(GeocodingError):
    """The geocoder could not answer (down, slow, refusing, or answering nonsense)."""
