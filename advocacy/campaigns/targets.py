"""Which of a campaign's targets an official is: a body of the directory (U.S. senators,
state representatives, mayors, ...) and, for a state's executive, the office itself, so a
campaign to governors does not write to seven statewide officers."""

from __future__ import annotations

from advocacy.directory.status import BUCKETS

# A statewide office by the title the public data gives it; other titles (Treasurer,
# Auditor, Chief Election Officer) are "state_officers".
STATEWIDE = {
    "governor": "Governor",
    "lieutenant_governor": "Lieutenant Governor",
    "attorney_general": "Attorney General",
    "secretary_of_state": "Secretary of State",
}
_BY_TITLE = {title: target for target, title in STATEWIDE.items()}
_SEAT_OF = {bucket: seat for seat, bucket in BUCKETS.items()}


def target_of(level: str, chamber: str, title: str | None) -> str | None:
    """The campaign target an official of this seat falls under (None: no target)."""
    bucket = BUCKETS.get((level, chamber))
    if bucket == "state_executive":
        return _BY_TITLE.get(title or "", "state_officers")
    return bucket


def seat_of(target: str) -> tuple[str, str, str | None]:
    """(level, chamber, title) of a target's seats; title None: any title but STATEWIDE's
    own (for state_officers) or any at all (for the bodies)."""
    if target in STATEWIDE:
        return "state", "executive", STATEWIDE[target]
    if target == "state_officers":
        return "state", "executive", None
    level, chamber = _SEAT_OF[target]
    return level, chamber, None
