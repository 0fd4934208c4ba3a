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


def state_meta(abbr: str):
    """openstates-metadata's record of a state, DC, Puerto Rico or territory."""
    return openstates_metadata.lookup(abbr=abbr)


@lru_cache(maxsize=1)
def fips_to_state() -> dict[str, str]:
    """Census state FIPS code -> our two-letter abbreviation (lower case)."""
    return {state_meta(a).fips: a for a in (*JURISDICTIONS, *TERRITORIES)}
