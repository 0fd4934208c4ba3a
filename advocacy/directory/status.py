"""How much of the directory is current, where it came from, and whether it is stale."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_, select

from advocacy import clock
from advocacy.extensions import db
from advocacy.jurisdictions import state_meta
from advocacy.models import Correction, DataLoad, Seat, SourceFile

# The buckets `flask data status` counts, by (level, chamber).
BUCKETS = {
    ("federal", "upper"): "us_senate",
    ("federal", "lower"): "us_house",
    ("federal", "executive"): "us_executive",
    ("state", "upper"): "state_upper",
    ("state", "lower"): "state_lower",
    ("state", "legislature"): "state_legislature",
    ("state", "executive"): "state_executive",
    ("local", "executive"): "mayors",
    ("canada", "lower"): "ca_commons",
    ("province", "legislature"): "ca_provincial",
}
# Buckets of legislators (the others are executives).
LEGISLATURES = ("us_senate", "us_house", "state_upper", "state_lower", "state_legislature")


# How long a process trusts the data version it last read. Another process may load new
# data at any time; a lookup may lag it by this much (an update in this process resets it).
DATA_VERSION_SECONDS = 1.0


def data_version() -> tuple:
    """The live data's load id and its corrections' mark: in-memory indexes and answers
    are valid while both hold (an admin's correction changes the live rows too)."""
    extensions = current_app.extensions
    checked = extensions.get("data_version")
    now = time.monotonic()
    if checked is not None and now - checked[0] < DATA_VERSION_SECONDS:
        return checked[1]
    load = db.session.scalar(select(func.max(DataLoad.id)).where(DataLoad.status != "failed"))
    made, retired = db.session.execute(
        select(func.count(Correction.id), func.count(Correction.retired_at))
    ).one()
    version = (load, made, retired)
    extensions["data_version"] = (now, version)
    return version


def per_load(name: str, build: Callable[[], Any]) -> Any:
    """What `build` makes of the live data, kept in this process (under `name`) until the
    data or its corrections change."""
    version = data_version()
    cached = current_app.extensions.get(name)
    if cached is not None and cached[0] == version:
        return cached[1]
    value = build()
    current_app.extensions[name] = (version, value)
    return value


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored timestamp is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def current_seat_filter(today: date):
    """SQL condition for a seat whose term has not ended (no end date counts as current)."""
    return or_(Seat.end_date.is_(None), Seat.end_date >= today)


def seat_counts(today: date) -> dict[str, int]:
    """Current seats per bucket."""
    counts = dict.fromkeys(BUCKETS.values(), 0)
    rows = db.session.execute(
        select(Seat.level, Seat.chamber, func.count())
        .where(current_seat_filter(today))
        .group_by(Seat.level, Seat.chamber)
    )
    for level, chamber, n in rows:
        counts[BUCKETS.get((level, chamber), f"{level}_{chamber}")] = n
    return counts


def expired_bodies(today: date, share: float) -> list[dict[str, Any]]:
    """Bodies (U.S. Senate, U.S. House, each state chamber) where >= share of seats have ended."""
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    rows = db.session.execute(
        select(
            Seat.level,
            Seat.chamber,
            Seat.state,
            func.count(),
            func.count().filter(and_(Seat.end_date.is_not(None), Seat.end_date < today)),
        )
        # Executives' terms end one by one, and their lapses are shown where they matter
        # ("no current governor in the public data"): a body here is a legislature.
        .where(Seat.chamber != "executive")
        .group_by(Seat.level, Seat.chamber, Seat.state)
    )
    for level, chamber, state, total, ended in rows:
        key = (level, chamber, None if level in ("federal", "canada") else state)
        totals[key][0] += total
        totals[key][1] += ended
    out = []
    for (level, chamber, state), (total, ended) in sorted(
        totals.items(), key=lambda kv: tuple(str(k) for k in kv[0])
    ):
        if total and ended / total >= share:
            out.append(
                {
                    "body": BUCKETS.get((level, chamber), f"{level}_{chamber}")
                    + (f":{state}" if state else ""),
                    "name": body_name(level, chamber, state),
                    "seats": total,
                    "ended": ended,
                }
            )
    return out


def turning_over(today: date, days: int, share: float) -> set[str | None]:
    """Where a turnover is due: the scopes (None for Congress, else a state) with a
    legislative body whose terms, for at least `share` of its seats, end within `days` of
    today or have ended. The loaded data says so itself (the House's terms end on 3 January
    of odd years); once the new terms are loaded, nothing is due until they end."""
    soon = today + timedelta(days=days)
    rows = db.session.execute(
        select(
            Seat.level,
            Seat.chamber,
            Seat.state,
            func.count(),
            func.count().filter(and_(Seat.end_date.is_not(None), Seat.end_date <= soon)),
        )
        .where(Seat.chamber != "executive", Seat.level.in_(("federal", "state")))
        .group_by(Seat.level, Seat.chamber, Seat.state)
    ).all()
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for level, chamber, state, total, ending in rows:
        key = (None if level == "federal" else state, chamber)
        totals[key][0] += total
        totals[key][1] += ending
    return {scope for (scope, _), (total, ending) in totals.items() if ending >= share * total}


FEDERAL_BODIES = {"upper": "U.S. Senate", "lower": "U.S. House"}


def body_name(level: str, chamber: str, state: str | None) -> str:
    """A legislative body in words: "U.S. House", "Ohio Senate", "Nebraska Legislature"."""
    if level == "federal":
        return FEDERAL_BODIES.get(chamber, f"U.S. {chamber}")
    if level == "state" and state:
        try:
            meta = state_meta(state)
        except (KeyError, ValueError):
            return f"{state.upper()} {chamber}"
        if chamber == "legislature":
            return meta.legislature_name
        names = {c.chamber_type: c.name for c in meta.chambers}
        return f"{meta.name} {names.get(chamber, chamber)}"
    return f"{level} {chamber}" + (f" ({state.upper()})" if state else "")


def data_status(config, now: datetime | None = None) -> dict[str, Any]:
    """Counts, sources, last loads and freshness, as `flask data status --json` prints them."""
    now = now or clock.now()
    today = now.date()
    sources = db.session.scalars(select(SourceFile).order_by(SourceFile.name)).all()
    last_ok = db.session.scalars(
        select(DataLoad).where(DataLoad.status != "failed").order_by(DataLoad.id.desc()).limit(1)
    ).first()
    last = db.session.scalars(select(DataLoad).order_by(DataLoad.id.desc()).limit(1)).first()
    counts = seat_counts(today)
    built = db.session.scalars(
        select(DataLoad).where(DataLoad.status == "loaded").order_by(DataLoad.id.desc()).limit(1)
    ).first()
    reasons = []
    checked = min((as_utc(s.checked_at) for s in sources), default=None)
    max_age = timedelta(days=config["DATA_MAX_AGE_DAYS"])
    if not sources or sum(counts.values()) == 0:
        reasons.append("no officials data has been loaded yet (run `flask data update`)")
    elif checked is not None and now - checked > max_age:
        reasons.append(
            f"the sources were last checked {(now - checked).days} days ago "
            f"(more than {config['DATA_MAX_AGE_DAYS']})"
        )
    ended = expired_bodies(today, config["DATA_STALE_SEAT_SHARE"])
    for body in ended:
        reasons.append(
            f"{body['name']}: {body['ended']} of {body['seats']} seats' terms have ended and "
            "the public data does not name their successors yet"
        )
    return {
        "counts": counts,
        "total_legislators": sum(counts[k] for k in LEGISLATURES),
        "stale": bool(reasons),
        "stale_reasons": reasons,
        "expired_bodies": ended,
        "ended_seats": _ended_seats(today),
        # Offices the last rebuild found two current holders for, and whom it kept.
        "conflicts": _conflicts(built),
        "checked_at": _iso(checked),
        "last_load": _load(last_ok),
        "last_attempt": _load(last),
        "sources": [
            {
                "name": s.name,
                "url": s.url,
                "path": s.path,
                "sha256": s.sha256,
                "records": s.records,
                "etag": s.etag,
                "last_modified": s.last_modified,
                "fetched_at": _iso(as_utc(s.checked_at)),
                "changed_at": _iso(as_utc(s.changed_at)),
            }
            for s in sources
        ],
    }


def _conflicts(load: DataLoad | None) -> list[str]:
    try:
        conflicts = json.loads(load.message or "{}").get("conflicts") if load else None
    except (ValueError, AttributeError):  # a message from before conflicts were kept
        return []
    return [str(c) for c in conflicts] if isinstance(conflicts, list) else []


def _ended_seats(today: date) -> int:
    """Seats still in the data whose term end has passed (not shown as current)."""
    return db.session.scalar(select(func.count()).select_from(Seat).where(Seat.end_date < today))


def _load(load: DataLoad | None) -> dict[str, Any] | None:
    if load is None:
        return None
    return {
        "status": load.status,
        "started_at": _iso(as_utc(load.started_at)),
        "finished_at": _iso(as_utc(load.finished_at)),
        "message": load.message,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
