"""The Senate offices that take CWC messages: SOAPBox's active list, checked before it is
written, and the office a senator is reached at.

The Senate publishes the offices taking part at `{SENATE_CWC_URL}/active_offices.json`, a
list of `{"name": "Alex Padilla [bioguide_id: P000145]", "office_code": "SCA03"}` (S, the
state, the two-digit Senate class). A list that is not JSON, has an entry of another
shape, is empty, or holds under half the offices of the last good one is refused by name
and the last good list is kept: a senator is never offered CWC on a guess, and a bad answer
never takes CWC away from the offices that had it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import requests
from sqlalchemy import func, select

from advocacy.extensions import begin_write, db
from advocacy.http import retrying_session
from advocacy.ingest.diff import Changes, sync_table
from advocacy.models import CwcOffice, Official
from advocacy.text import load_json

OFFICE_CODE = re.compile(r"S[A-Z]{2}0[1-3]")
BIOGUIDE = re.compile(r"\[bioguide_id:\s*([A-Z][0-9]{6})\]")
# A new list under this share of the last good one is taken for a broken answer.
SMALLEST_SHARE = 0.5
MAX_BYTES = 1_000_000


class ListRefused(Exception):
    """The active list cannot be used; the message says why (the last good list stays)."""


@dataclass(frozen=True)
class Active:
    office_code: str
    bioguide_id: str
    name: str


def parse_active(content: bytes) -> list[Active]:
    """The offices of an active list; ListRefused says what is wrong with it."""
    try:
        data = load_json(content)
    except ValueError:
        raise ListRefused("the active list is not JSON") from None
    if not isinstance(data, list):
        raise ListRefused("the active list is not a list of offices")
    offices: dict[str, Active] = {}
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict):
            raise ListRefused(f"entry {n} is not an office")
        code, name = entry.get("office_code"), entry.get("name")
        if not isinstance(code, str) or not OFFICE_CODE.fullmatch(code):
            raise ListRefused(f"entry {n} has no Senate office code (like SMA01): {code!r}")
        found = BIOGUIDE.search(name) if isinstance(name, str) else None
        if found is None:
            raise ListRefused(f"entry {n} ({code}) names no bioguide id")
        if code in offices:
            raise ListRefused(f"office {code} is listed twice")
        offices[code] = Active(code, found.group(1), name.split("[")[0].strip()[:200])
    if not offices:
        raise ListRefused("the active list is empty")
    return list(offices.values())


def fetch_active(config) -> bytes:
    """The active list's bytes (the key is never put in a message); ListRefused if the
    Senate cannot be reached or says no."""
    base = config["SENATE_CWC_URL"].rstrip("/")
    session = retrying_session(
        retries=config["HTTP_RETRIES"],
        backoff=config["HTTP_BACKOFF"],
        retry_statuses=(429, 500, 502, 503, 504),
        user_agent=config["HTTP_USER_AGENT"],
    )
    try:
        with session.get(
            f"{base}/active_offices.json",
            params={"apikey": config["SENATE_CWC_API_KEY"]},
            timeout=(config["HTTP_CONNECT_TIMEOUT"], config["HTTP_READ_TIMEOUT"]),
            stream=True,
        ) as response:
            if response.status_code != 200:
                raise ListRefused(f"the Senate's CWC answered HTTP {response.status_code}")
            content = b""
            for chunk in response.iter_content(64 * 1024):  # never more than the limit held
                content += chunk
                if len(content) > MAX_BYTES:
                    raise ListRefused(f"the active list is over {MAX_BYTES:,} bytes")
            return content
    except requests.RequestException as exc:
        raise ListRefused(f"the Senate's CWC could not be reached ({type(exc).__name__})") from None
    finally:
        session.close()


def refresh_offices(config) -> str:
    """Fetch, check and write the active list (a diff); what changed, or ListRefused with
    the reason and the number of offices kept."""
    kept = db.session.scalar(select(func.count()).select_from(CwcOffice)) or 0
    try:
        offices = parse_active(fetch_active(config))
        if kept and len(offices) < kept * SMALLEST_SHARE:
            raise ListRefused(
                f"the active list has {len(offices)} offices, under half of the last "
                f"good list's {kept}"
            )
    except ListRefused as exc:
        db.session.rollback()
        raise ListRefused(f"{exc}; kept the last good list ({kept} offices)") from None
    begin_write()
    changes = Changes()
    sync_table(
        CwcOffice,
        ("office_code",),
        [{"office_code": o.office_code, "bioguide_id": o.bioguide_id, "name": o.name}
         for o in offices],
        changes,
    )  # fmt: skip
    db.session.commit()
    counts = changes.counts.get("cwc_offices", {})
    said = ", ".join(f"{n} {action}" for action, n in counts.items())
    return f"{len(offices)} Senate offices take CWC messages ({said or 'no change'})"


def senate_office(official: Official) -> str | None:
    """The office code a senator takes CWC messages at, if they are on the active list."""
    bioguide = official.identifier("bioguide")
    if bioguide is None:
        return None
    return db.session.scalar(
        select(CwcOffice.office_code).where(CwcOffice.bioguide_id == bioguide).limit(1)
    )
