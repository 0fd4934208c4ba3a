"""Census geocoder answers written in the exact shape the service returns them.

`address_answer` builds `geographies/onelineaddress`, `point_answer` builds
`geographies/coordinates`; tests serve them at the HTTP level with `responses`.
"""

from __future__ import annotations

import re
from typing import Any

CENSUS = "https://geocoding.test/geocoder"
ADDRESS_URL = re.compile(re.escape(CENSUS) + r"/geographies/onelineaddress.*")
POINT_URL = re.compile(re.escape(CENSUS) + r"/geographies/coordinates.*")

DEFAULT_LAYERS = {
    "cd": "119th Congressional Districts",
    "sldu": "2024 State Legislative Districts - Upper",
    "sldl": "2024 State Legislative Districts - Lower",
}


def geographies(
    state: str,
    cd: str | None = None,
    sldu: str | None = None,
    sldl: str | None = None,
    layers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The `geographies` dict: one record per layer, GEOIDs as the Census writes them."""
    names = {**DEFAULT_LAYERS, **(layers or {})}
    out: dict[str, Any] = {
        "States": [{"GEOID": state, "STATE": state, "STUSAB": "XX", "NAME": "State"}],
        "Counties": [{"GEOID": state + "001", "NAME": "Some County"}],
        "Census Tracts": [{"GEOID": state + "001000100", "TRACT": "000100"}],
    }
    if cd:
        out[names["cd"]] = [{"GEOID": cd, "CD119": cd[2:], "BASENAME": cd[2:], "STATE": state}]
    if sldu:
        out[names["sldu"]] = [{"GEOID": sldu, "SLDU": sldu[2:], "STATE": state}]
    if sldl:
        out[names["sldl"]] = [{"GEOID": sldl, "SLDL": sldl[2:], "STATE": state}]
    return out


def match(matched: str, lat: float, lng: float, zip_code: str, geos: dict) -> dict[str, Any]:
    """One element of `addressMatches`: its address components are those of the matched
    address ("1 CENTRE ST, BOSTON, MA, 02130"), as the geocoder gives them, in capitals."""
    parts = [p.strip() for p in matched.split(",")]
    city, state = (parts[-3], parts[-2]) if len(parts) >= 4 else ("", "")
    return {
        "tigerLine": {"side": "L", "tigerLineId": "76225813"},
        "coordinates": {"x": lng, "y": lat},
        "addressComponents": {
            "zip": zip_code,
            "state": state,
            "city": city,
            "streetName": parts[0],
        },  # fmt: skip
        "matchedAddress": matched,
        "geographies": geos,
    }


def address_answer(*matches: dict[str, Any], address: str = "") -> dict[str, Any]:
    """A whole onelineaddress answer with these matches (none: no match)."""
    return {
        "result": {
            "input": {
                "address": {"address": address},
                "benchmark": {"benchmarkName": "Public_AR_Current"},
                "vintage": {"vintageName": "Current_Current"},
            },
            "addressMatches": list(matches),
        }
    }


def point_answer(lat: float, lng: float, geos: dict) -> dict[str, Any]:
    """A whole coordinates answer: `geographies` sits directly under `result`."""
    return {
        "result": {
            "input": {"location": {"x": lng, "y": lat}},
            "geographies": geos,
        }
    }


MA_ADDRESS = "1 Centre St, Boston, MA 02130"


def serve_ma(mock) -> None:
    """The Census answer for MA_ADDRESS: CD 7, Second Suffolk, 5th Suffolk... (exact)."""
    mock.add(
        "GET",
        ADDRESS_URL,
        json=address_answer(
            match(
                "1 CENTRE ST, BOSTON, MA, 02130",
                42.31,
                -71.11,
                "02130",
                geographies("25", cd="2507", sldu="25D18", sldl="25127"),
            )
        ),
    )
