"""The report as tables (name -> header, rows): for the page, CSV, JSON and the CLI."""

from __future__ import annotations

from typing import Any

from advocacy.interactions.forms import KIND_LABELS, SEND_LABELS
from advocacy.jurisdictions import JURISDICTION_NAMES, STATUS_NAMES, state_meta

CHANNEL_LABELS = {**SEND_LABELS, **KIND_LABELS}


# How members' calls went, as the report says it.
CALL_OUTCOMES = {
    "reached": "reached a person",
    "voicemail": "left a voicemail",
    "no_answer": "busy or no answer",
    "wrong_number": "wrong number",
    "skipped": "skipped",
}


LEVELS = {"federal": "Federal", "state": "State"}
# A chamber as a body (the chamber table) and as a seat's place ("U.S. Senate, MA").
CHAMBERS = {
    "federal upper": "U.S. Senate",
    "federal lower": "U.S. House",
    "federal executive": "U.S. executive",
    "state upper": "State senates",
    "state lower": "State houses and assemblies",
    "state legislature": "Unicameral legislatures",
}
SEAT_PLACES = {
    "federal upper": "U.S. Senate",
    "federal lower": "U.S. House",
    "federal executive": "U.S. executive",
    "state upper": "State Senate",
    "state lower": "State House",
    "state legislature": "Legislature",
}


def seat_place(seat: tuple[str, str, str, str] | None) -> str:
    """A seat in words: "U.S. Senate, MA", "State House, OH"; "former" without a seat."""
    if not seat:
        return "former"
    level, chamber, _, state = seat
    place = SEAT_PLACES.get(f"{level} {chamber}", f"{level} {chamber}")
    return f"{place}, {state}" if state else place


def state_name(abbr: str) -> str:
    """ "Massachusetts" for MA; the code itself when it is no state we know."""
    try:
        return state_meta(abbr.lower()).name
    except Exception:  # openstates-metadata raises its own errors for unknown codes
        return abbr


def _change(now: int, before: int) -> str:
    if before == 0:
        return "new" if now else "0"
    return f"{(now - before) / before:+.0%}"


def _rows(now, before, label=lambda k: k, keys=None):
    keys = (
        keys
        if keys is not None
        else sorted(set(now) | set(before), key=lambda k: (-now.get(k, 0), str(k)))
    )
    return [
        [
            label(k),
            now.get(k, 0),
            before.get(k, 0),
            now.get(k, 0) - before.get(k, 0),
            _change(now.get(k, 0), before.get(k, 0)),
        ]
        for k in keys
    ]


def tables(report: dict[str, Any]) -> dict[str, tuple[list[str], list[list]]]:
    """Every table of the report, with this month, last month and the change."""
    now, before = report["now"], report["before"]
    cols = ["", "this month", "last month", "change", "change %"]
    chapter = report["chapters"]
    campaign = report["campaigns"]
    summary = [
        ["Interactions", now.total, before.total],
        ["Members who sent", now.members, before.members],
        ["New members", now.new_members, before.new_members],
        ["Returning members", now.returning_members, before.returning_members],
        ["Follow-ups opened", now.follow_ups_opened, before.follow_ups_opened],
        ["Follow-ups closed", now.follow_ups_closed, before.follow_ups_closed],
    ]
    out = {
        "summary": (["total", *cols[1:]], [[n, a, b, a - b, _change(a, b)] for n, a, b in summary]),
        "channel": (
            ["channel", *cols[1:]],
            _rows(now.by_channel, before.by_channel, lambda k: CHANNEL_LABELS.get(k, k)),
        ),
        "evidence": (
            ["evidence", *cols[1:]],
            _rows(
                now.by_evidence, before.by_evidence, keys=["intent", "reported", "sent", "logged"]
            ),
        ),
        "chapter": (
            ["chapter", *cols[1:]],
            _rows(
                now.by_chapter,
                before.by_chapter,
                lambda k: chapter.get(k, ("No chapter",))[0] if k else "No chapter",
            ),
        ),
        "campaign": (
            ["campaign", *cols[1:]],
            _rows(
                now.by_campaign,
                before.by_campaign,
                lambda k: campaign.get(k, "—") if k else "No campaign (logged contacts)",
            ),
        ),
        "level": (
            ["level", *cols[1:]],
            _rows(now.by_level, before.by_level, lambda k: LEVELS.get(k, k)),
        ),
        "chamber": (
            ["chamber", *cols[1:]],
            _rows(now.by_chamber, before.by_chamber, lambda k: CHAMBERS.get(k, k)),
        ),
        "party": (["party", *cols[1:]], _rows(now.by_party, before.by_party)),
        "state": (
            ["state", *cols[1:]],
            _rows(now.by_state, before.by_state, lambda k: state_name(k) if k != "—" else k),
        ),
        "officials": (
            ["official", "office", *cols[1:]],
            [
                [
                    name,
                    seat_place(seat),
                    n,
                    b,
                    n - b,
                    _change(n, b),
                ]
                for _, name, seat, n, b in report["top_officials"]
            ],
        ),
        "coverage": (
            ["state", "legislators contacted", "state legislators", "share"],
            [
                [state_name(state), contacted, seats, f"{contacted / seats:.0%}"]
                for state, (contacted, seats) in sorted(now.coverage.items())
            ],
        ),
        "trend": (
            ["month", "interactions"],
            [[m.strftime("%Y-%m"), n] for m, n in report["trend"]],
        ),
        "calls": (
            ["campaign", "official", "outcome", "position heard", "calls"],
            [
                [
                    campaign.get(cid, "—"),
                    name,
                    CALL_OUTCOMES.get(outcome, outcome or "not said"),
                    (position or "not said"),
                    n,
                ]
                for cid, _, name, outcome, position, n in report.get("calls", [])
            ],
        ),
        "bills": (
            [
                "bill",
                "jurisdiction",
                "title",
                "chapters following",
                "status changes",
                "status",
                "logged contacts",
                "campaign sends",
            ],
            [
                [ident, JURISDICTION_NAMES.get(j, j), title[:120], f, c, STATUS_NAMES[st], lg, sd]
                for ident, j, title, f, c, st, lg, sd in report.get("bills", [])
            ],
        ),
    }
    return out
