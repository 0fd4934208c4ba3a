"""Which jurisdictions there are: shared words every layer may use (no I/O, no app imports)."""

from __future__ import annotations

from functools import lru_cache

import openstates_metadata

# 50 states, DC and Puerto Rico: the jurisdictions with a legislature in Open States' CSVs.
STATES = [
    "al",
    "ak",
    "az",
    "ar",
    "ca",
    "co",
    "ct",
    "de",
    "fl",
    "ga",
    "hi",
    "id",
    "il",
    "in",
    "ia",
    "ks",
    "ky",
    "la",
    "me",
    "md",
    "ma",
    "mi",
    "mn",
    "ms",
    "mo",
    "mt",
    "ne",
    "nv",
    "nh",
    "nj",
    "nm",
    "ny",
    "nc",
    "nd",
    "oh",
    "ok",
    "or",
    "pa",
    "ri",
    "sc",
    "sd",
    "tn",
    "tx",
    "ut",
    "vt",
    "va",
    "wa",
    "wv",
    "wi",
    "wy",
]
JURISDICTIONS = (*STATES, "dc", "pr")
# Territories with a delegate in Congress but no legislature in Open States' CSVs.
TERRITORIES = ("as", "gu", "mp", "vi")


# Canada's provinces and territories (Canada Post's codes, lower case), by English name.
PROVINCES = {
    "ab": "Alberta",
    "bc": "British Columbia",
    "mb": "Manitoba",
    "nb": "New Brunswick",
    "nl": "Newfoundland and Labrador",
    "ns": "Nova Scotia",
    "nt": "Northwest Territories",
    "nu": "Nunavut",
    "on": "Ontario",
    "pe": "Prince Edward Island",
    "qc": "Quebec",
    "sk": "Saskatchewan",
    "yt": "Yukon",
}
CANADIAN_TERRITORIES = ("nt", "nu", "yt")
CANADA_DIVISION = "ocd-division/country:ca"


def province_division(abbr: str) -> str:
    """A province's or territory's OCD division id (territories are `territory:`)."""
    kind = "territory" if abbr in CANADIAN_TERRITORIES else "province"
    return f"{CANADA_DIVISION}/{kind}:{abbr}"


def state_meta(abbr: str):
    """openstates-metadata's record of a state, DC, Puerto Rico or territory."""
    return openstates_metadata.lookup(abbr=abbr)


@lru_cache(maxsize=1)
def fips_to_state() -> dict[str, str]:
    """Census state FIPS code -> our two-letter abbreviation (lower case)."""
    return {state_meta(a).fips: a for a in (*JURISDICTIONS, *TERRITORIES)}
