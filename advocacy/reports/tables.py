"""The report as tables (name -> header, rows): for the page, CSV, JSON and the CLI."""

from __future__ import annotations

from typing import Any

from advocacy.interactions.forms import KIND_LABELS, SEND_LABELS
from advocacy.jurisdictions import JURISDICTION_NAMES, STATUS_NAMES, state_name
from advocacy.reports.comments import COMMENT_COLUMNS

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


def _state(abbr: str) -> str:
    """ "Massachusetts" for MA; the code itself when it is no state we know ("—": unknown)."""
    return state_name(abbr) or abbr


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


COLUMNS = ["this month", "last month", "change", "change %"]
SUMMARY = [
    ("Interactions", "total"),
    ("Members who sent", "members"),
    ("New members", "new_members"),
    ("Returning members", "returning_members"),
    ("Follow-ups opened", "follow_ups_opened"),
    ("Follow-ups closed", "follow_ups_closed"),
]
# The month-over-month breakdowns: table name, first column, the totals' field, and the
# key in words (given the report, for the chapters' and campaigns' names).
BREAKDOWNS = [
    ("channel", "channel", "by_channel", lambda r: lambda k: CHANNEL_LABELS.get(k, k)),
    ("evidence", "evidence", "by_evidence", None),
    (
        "chapter",
        "chapter",
        "by_chapter",
        lambda r: lambda k: r["chapters"].get(k, ("No chapter",))[0] if k else "No chapter",
    ),
    (
        "campaign",
        "campaign",
        "by_campaign",
        lambda r: lambda k: r["campaigns"].get(k, "—") if k else "No campaign (logged contacts)",
    ),
    ("level", "level", "by_level", lambda r: lambda k: LEVELS.get(k, k)),
    ("chamber", "chamber", "by_chamber", lambda r: lambda k: CHAMBERS.get(k, k)),
    ("party", "party", "by_party", lambda r: lambda k: k),
    ("state", "state", "by_state", lambda r: _state),
]
# The evidence table lists every level, in rank order, even when a month has none.
EVIDENCE = ["intent", "reported", "sent", "logged"]
# An opening is no send: the evidence table says so where it lists it.
EVIDENCE_WORDS = {"intent": "intent (opened only)"}
BILL_COLUMNS = [
    "bill",
    "jurisdiction",
    "title",
    "chapters following",
    "status changes",
    "status",
    "logged contacts",
    "campaign sends",
    "cosponsors since our contact",
]


# Evidence that an action happened (we carried it, the member said so, an advocate logged
# it), against an opened email or form that may never have been sent.
CONFIRMED = ("sent", "reported", "logged")


def _evidence(level: str) -> str:
    return EVIDENCE_WORDS.get(level, level)


def _confirmed(totals) -> int:
    return sum(totals.by_evidence.get(level, 0) for level in CONFIRMED)


def _summary(now, before) -> list[list]:
    rows = [(label, getattr(now, f), getattr(before, f)) for label, f in SUMMARY]
    # The headline says how much of it is confirmed and how much was only opened.
    rows[1:1] = [
        ("Confirmed (sent, reported or logged)", _confirmed(now), _confirmed(before)),
        (
            "Opened only (not confirmed)",
            now.by_evidence.get("intent", 0),
            before.by_evidence.get("intent", 0),
        ),
    ]
    return [[n, a, b, a - b, _change(a, b)] for n, a, b in rows]


def _officials(report) -> list[list]:
    return [
        [name, seat_place(seat), n, b, n - b, _change(n, b)]
        for _, name, seat, n, b in report["top_officials"]
    ]


def _coverage(now) -> list[list]:
    return [
        [_state(state), contacted, seats, f"{contacted / seats:.0%}"]
        for state, (contacted, seats) in sorted(now.coverage.items())
    ]


def _calls(report) -> list[list]:
    campaign = report["campaigns"]
    return [
        [
            campaign.get(cid, "—"),
            name,
            CALL_OUTCOMES.get(outcome, outcome or "not said"),
            position or "not said",
            n,
        ]
        for cid, _, name, outcome, position, n in report.get("calls", [])
    ]


def _bills(report) -> list[list]:
    return [
        [ident, JURISDICTION_NAMES.get(j, j), title[:120], f, c, STATUS_NAMES[st], lg, sd, jn]
        for ident, j, title, f, c, st, lg, sd, jn in report.get("bills", [])
    ]


def tables(report: dict[str, Any]) -> dict[str, tuple[list[str], list[list]]]:
    """Every table of the report, with this month, last month and the change."""
    now, before = report["now"], report["before"]
    out = {"summary": (["total", *COLUMNS], _summary(now, before))}
    for name, first, field, label in BREAKDOWNS:
        this, last = getattr(now, field), getattr(before, field)
        if label is None:
            out[name] = ([first, *COLUMNS], _rows(this, last, _evidence, keys=EVIDENCE))
        else:
            out[name] = ([first, *COLUMNS], _rows(this, last, label(report)))
    out["officials"] = (["official", "office", *COLUMNS], _officials(report))
    out["coverage"] = (
        ["state", "legislators contacted", "state legislators", "share"],
        _coverage(now),
    )
    out["trend"] = (
        ["month", "interactions"],
        [[m.strftime("%Y-%m"), n] for m, n in report["trend"]],
    )
    out["calls"] = (["campaign", "official", "outcome", "position heard", "calls"], _calls(report))
    out["bills"] = (BILL_COLUMNS, _bills(report))
    out["comments"] = (COMMENT_COLUMNS, report.get("comments", []))
    return out
