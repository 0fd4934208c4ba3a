"""Which jurisdictions there are, and their names: shared words every layer may use (no I/O,
no app imports). States, DC, Puerto Rico and the territories; Canada's provinces; the OCD
jurisdictions a bill may belong to; a bill's statuses and chambers in words."""

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


def state_name(abbr: str) -> str:
    """ "MA" as "Massachusetts", "ON" as "Ontario"; empty for nothing (or an unknown code)."""
    code = (abbr or "").strip().lower()
    if code in PROVINCES:
        return PROVINCES[code]
    if code not in (*JURISDICTIONS, *TERRITORIES):
        return ""
    return state_meta(code).name


# The OCD jurisdictions of legislatures, as bills name them.
CONGRESS = "ocd-jurisdiction/country:us/government"
CANADA = "ocd-jurisdiction/country:ca/government"
# Anything without a legislature of its own: an agency's rule, a hospital system's policy.
OTHER = "other"


def _jurisdiction_names() -> dict[str, str]:
    names = {CONGRESS: "U.S. Congress"}
    for abbr in JURISDICTIONS:
        meta = state_meta(abbr)
        names[meta.jurisdiction_id] = meta.name
    names[CANADA] = "Parliament of Canada"
    for abbr, name in PROVINCES.items():
        place = province_division(abbr).removeprefix("ocd-division/")
        names[f"ocd-jurisdiction/{place}/government"] = name
    names[OTHER] = "Other (an agency, a hospital system, …)"
    return names


# Every jurisdiction a bill may belong to (OCD jurisdiction ids), by name.
JURISDICTION_NAMES = _jurisdiction_names()
# A bill's status and chamber, in words.
STATUS_NAMES = {
    "introduced": "Introduced",
    "in_committee": "In committee",
    "on_floor": "On the floor",
    "passed_one_chamber": "Passed one chamber",
    "passed_both": "Passed both chambers",
    "signed": "Signed into law",
    "vetoed": "Vetoed",
    "withdrawn": "Withdrawn",
    "other": "Other",
}
CHAMBER_NAMES = {"upper": "Senate (upper)", "lower": "House or Assembly (lower)"}
