"""Census GEOID -> OCD division id: the one place this translation happens.

openstates-geo's rules, as its own generator applies them: a state's custom list first
(`sld-id` -> `os-id`), then the state's regex for the district type, whose first group,
without leading zeros, names the district under the state's OCD prefix. A rule marked
`split_districts` (Idaho's house) covers lettered seats: district 1 is seats 1a and 1b.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rule:
    """A state's regex rule for one district type."""

    pattern: str
    ocd_prefix: str
    division_kind: str
    split: bool = False


@dataclass(frozen=True)
class OcdMatch:
    """The OCD id a GEOID maps to; `split` means the lettered seats under it (1 -> 1a, 1b)."""

    ocd_id: str
    split: bool = False


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def census_to_ocd(
    district_type: str,
    geoid: str,
    custom: Mapping[tuple[str, str], str],
    rules: Mapping[tuple[str, str], Rule],
) -> OcdMatch | None:
    """The OCD division of a Census district (type cd/sldu/sldl, GEOID), or None."""
    found = custom.get((district_type, geoid))
    if found:
        return OcdMatch(found)
    rule = rules.get((geoid[:2], district_type))
    if rule is None:
        return None
    match = _compiled(rule.pattern).search(f"{district_type}-{geoid}")
    if match is None or not match.groups():
        return None
    code = (match.group(1) or "").lstrip("0")
    if not code:
        return None
    kind = rule.division_kind or district_type
    return OcdMatch(f"{rule.ocd_prefix}/{kind}:{code}".lower(), rule.split)
