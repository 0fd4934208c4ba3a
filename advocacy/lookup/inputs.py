"""Validation of a lookup's input, shared by the page's form and the JSON API."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from advocacy.geocoding.represent import parse_postal_code
from advocacy.text import ZIP

MAX_ADDRESS = 200
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_GEOID = {"cd": re.compile(r"^[0-9]{4}$"), "sldu": re.compile(r"^[0-9]{2}[0-9A-Z-]{3}$")}
_GEOID["sldl"] = _GEOID["sldu"]


@dataclass
class Query:
    """What the member asked: exactly one of address, zip or lat/lng; picks refine a ZIP
    or a map point near a district line."""

    address: str | None = None
    zip: str | None = None
    lat: float | None = None
    lng: float | None = None
    picks: dict[str, str] = field(default_factory=dict)
    # A Canadian postal code, "M5V3L9" (Represent answers it; Canada has no ZIP codes).
    postcode: str | None = None

    @property
    def kind(self) -> str:
        """address, zip, postcode or point."""
        if self.postcode:
            return "postcode"
        if self.address:
            return "address"
        if self.zip:
            return "zip"
        return "point"


class InvalidQuery(ValueError):
    """Input we can't look up; the message says what to change."""

    def __init__(self, message: str, field: str = "q"):
        super().__init__(message)
        self.message = message
        self.field = field


def clean_text(value: str | None, field: str = "q") -> str | None:
    """Trimmed printable text, or an InvalidQuery saying what is wrong."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) > MAX_ADDRESS:
        raise InvalidQuery(
            f"That is longer than any address ({len(text)} characters; at most {MAX_ADDRESS}).",
            field,
        )
    if _UNPRINTABLE.search(text):
        raise InvalidQuery(
            "Please type the address with letters, digits and punctuation only "
            "(no control or direction characters).",
            field,
        )
    return text


def parse_zip(value: str, field: str = "zip") -> str:
    """A five-digit ZIP code (ZIP+4 accepted), or InvalidQuery."""
    match = ZIP.match(value)
    if not match:
        raise InvalidQuery("A ZIP code has five digits, like 20001.", field)
    if match.group(1) == "00000":
        raise InvalidQuery("00000 is not a ZIP code.", field)
    return match.group(1)


def parse_coordinate(value: str | None, name: str, limit: float) -> float:
    """A finite latitude or longitude within range, or InvalidQuery."""
    if value is None or not str(value).strip():
        raise InvalidQuery(f"The {name} is missing.", name)
    text = str(value).strip()
    if len(text) > 40:
        raise InvalidQuery(f"The {name} is not a number.", name)
    try:
        number = float(text)
    except ValueError:
        raise InvalidQuery(f"The {name} is not a number.", name) from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise InvalidQuery(f"The {name} must be a number between -{limit:g} and {limit:g}.", name)
    return number


POSTAL_CODE = re.compile(r"^[A-Za-z][0-9][A-Za-z][ -]?[0-9][A-Za-z][0-9]$")
# A Canadian address ends with its postal code: "..., Toronto, ON M5V 3L9".
POSTAL_CODE_AT_END = re.compile(r"\b([A-Za-z][0-9][A-Za-z]) ?([0-9][A-Za-z][0-9])$")


def parse_postcode(value: str, field: str = "postcode") -> str:
    """A Canadian postal code as "M5V3L9", or InvalidQuery."""
    code = parse_postal_code(value)
    if code is None:
        raise InvalidQuery(
            "That is not a Canadian postal code: it is letter, digit, letter, digit, letter, "
            "digit, like K1A 0A6 (no D, F, I, O, Q or U).",
            field,
        )
    return code


def parse_query(args: Mapping[str, str], *, combined: bool = False) -> Query:
    """A Query from request arguments: address | zip | postcode | lat+lng, plus
    cd/sldu/sldl picks.

    With combined=True (the page), `q` holds an address, a ZIP code or a postal code; an
    address ending in a Canadian postal code is looked up by that code.
    """
    address = clean_text(args.get("address"), "address")
    zip_code = clean_text(args.get("zip"), "zip")
    postcode = clean_text(args.get("postcode"), "postcode")
    if postcode:
        postcode = parse_postcode(postcode)
    if combined:
        q = clean_text(args.get("q"))
        if q and POSTAL_CODE.match(q):
            postcode = parse_postcode(q, "q")
        elif q and q.replace("-", "").isdigit():
            zip_code = parse_zip(q, "q")
        elif q:
            address = q
    elif zip_code:
        zip_code = parse_zip(zip_code)
    if address and not postcode:
        at_end = POSTAL_CODE_AT_END.search(address)
        if at_end and parse_postal_code(at_end.group(1) + at_end.group(2)):
            postcode, address = parse_postal_code(at_end.group(1) + at_end.group(2)), None
    if address and not re.search(r"[A-Za-z\u00c0-\uffff]", address):
        raise InvalidQuery("Please enter a street address with its city and state, or a ZIP code.")
    has_point = bool((args.get("lat") or "").strip() or (args.get("lng") or "").strip())
    given = sum(bool(x) for x in (address, zip_code, has_point, postcode))
    if given == 0:
        raise InvalidQuery("Please enter your street address, ZIP code or postal code.")
    if given > 1:
        raise InvalidQuery(
            "Please give an address, a ZIP code, a postal code or a location, not several."
        )
    picks = {}
    for kind, pattern in _GEOID.items():
        value = (args.get(kind) or "").strip()
        if value:
            if not pattern.match(value):
                raise InvalidQuery("That district choice is not valid.", kind)
            picks[kind] = value
    if has_point:
        return Query(
            lat=parse_coordinate(args.get("lat"), "latitude", 90),
            lng=parse_coordinate(args.get("lng"), "longitude", 180),
            picks=picks,
        )
    if postcode:
        return Query(postcode=postcode)
    return Query(address=address, zip=zip_code, picks=picks if zip_code else {})
