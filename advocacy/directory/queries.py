"""Reading the directory: search, one official, and their public JSON shape."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from advocacy.directory.status import current_seat_filter
from advocacy.extensions import db
from advocacy.forms import MAX_ID
from advocacy.models import Committee, CommitteeMember, Official, Seat

MAX_QUERY = 100  # characters of a name search
STATE_PREFIXED = ("Senator", "Representative", "Delegate")
SOCIAL_URLS = {
    "twitter": "https://x.com/{}",
    "facebook": "https://www.facebook.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "youtube": "https://www.youtube.com/{}",
    "youtube_channel": "https://www.youtube.com/channel/{}",
    "bluesky": "https://bsky.app/profile/{}",
    "threads": "https://www.threads.net/@{}",
    "tiktok": "https://www.tiktok.com/@{}",
}


def search_officials(
    *,
    today: date,
    q: str | None = None,
    state: str | None = None,
    level: str | None = None,
    chamber: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Official], int]:
    """Current officials matching the filters, one page of them, and the total count."""
    if q and len(q) > MAX_QUERY:
        return [], 0  # longer than any name: never sent to the database's LIKE
    conditions = [current_seat_filter(today)]
    if q:
        conditions.append(func.lower(Official.full_name).contains(q.lower(), autoescape=True))
    if state:
        conditions.append(Seat.state == state)
    if level:
        conditions.append(Seat.level == level)
    if chamber:
        conditions.append(Seat.chamber == chamber)
    base = select(Official).join(Seat).where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    rows = db.session.scalars(
        base.options(joinedload(Official.seat))
        .order_by(Official.sort_name, Official.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), total


def get_official(official_id: int) -> Official | None:
    """One official with every contact point, social account and identifier."""
    if not 0 < official_id <= MAX_ID:
        return None
    return db.session.scalars(
        select(Official)
        .where(Official.id == official_id)
        .options(
            joinedload(Official.seat),
            selectinload(Official.offices),
            selectinload(Official.social_accounts),
            selectinload(Official.identifiers),
        )
    ).first()


def office_label(seat: Seat) -> str:
    """What the seat is called in a sentence: "U.S. Senator", "State Representative"..."""
    if seat.level == "federal":
        if seat.chamber == "upper":
            return "U.S. Senator"
        if seat.chamber == "lower":
            return (
                "U.S. Representative"
                if seat.title == "Representative"
                else ("Delegate to the U.S. House" if seat.title == "Delegate" else seat.title)
            )
        return seat.title
    return f"State {seat.title}" if seat.title in STATE_PREFIXED else seat.title


def is_current(seat: Seat | None, today: date) -> bool:
    """A seat is current until its term end has passed."""
    return seat is not None and (seat.end_date is None or seat.end_date >= today)


def social_url(platform: str, handle: str) -> str | None:
    """A link to the account, or None when the handle is already a URL-less identifier."""
    if handle.startswith(("https://", "http://")):
        return handle
    if platform == "mastodon" and handle.count("@") >= 1:
        user, _, host = handle.lstrip("@").partition("@")
        return f"https://{host}/@{user}" if host else None
    pattern = SOCIAL_URLS.get(platform)
    return pattern.format(handle.lstrip("@")) if pattern else None


def official_json(official: Official, today: date) -> dict[str, Any]:
    """The public JSON shape of an official (GET /api/v1/officials/<id>)."""
    seat = official.seat
    ids = {}
    for ident in official.identifiers:
        ids.setdefault(ident.scheme, ident.value)
    offices = [
        {
            "type": o.classification,
            "name": o.name,
            "address": o.address,
            "city": o.city,
            "state": o.state,
            "postal_code": o.postal_code,
            "lat": o.latitude,
            "lng": o.longitude,
            "phone": o.phone,
            "fax": o.fax,
        }
        for o in official.offices
    ]
    return {
        "id": official.id,
        "name": official.full_name,
        "given_name": official.given_name,
        "family_name": official.family_name,
        "gender": official.gender,
        "photo_url": official.image_url,
        "current": is_current(seat, today),
        "office": office_label(seat) if seat else None,
        "title": seat.title if seat else None,
        "level": seat.level if seat else None,
        "chamber": seat.chamber if seat else None,
        "state": seat.state.upper() if seat and seat.state else None,
        "district": seat.district if seat else None,
        "party": seat.party if seat else None,
        "ocd_division_id": seat.division_id if seat else None,
        "term_start": seat.start_date.isoformat() if seat and seat.start_date else None,
        "term_end": seat.end_date.isoformat() if seat and seat.end_date else None,
        "ids": ids,
        "identifiers": [{"scheme": i.scheme, "value": i.value} for i in official.identifiers],
        "phones": sorted({o.phone for o in official.offices if o.phone}),
        "faxes": sorted({o.fax for o in official.offices if o.fax}),
        "emails": [official.email] if official.email else [],
        "contact_form": official.contact_form_url,
        "website": official.website_url,
        "offices": offices,
        "social": [
            {"platform": s.platform, "handle": s.handle, "url": social_url(s.platform, s.handle)}
            for s in official.social_accounts
        ],
    }


def district_label(name: str | None) -> str:
    """A district as a sentence names it: a bare "3" or "12A" reads as "District 3";
    "1st Suffolk" or "Ohio's 3rd congressional district" stay as they are."""
    text = (name or "").strip()
    return f"District {text}" if re.fullmatch(r"[0-9]+[A-Za-z]?", text) else text


def committees_of(official: Official) -> list[tuple[Committee, CommitteeMember, Committee | None]]:
    """The committees and subcommittees a member of Congress sits on: (committee, their
    place on it, its parent committee for a subcommittee), committees first, by name."""
    bioguide = official.identifier("bioguide")
    if not bioguide:
        return []
    rows = db.session.execute(
        select(Committee, CommitteeMember)
        .join(CommitteeMember, CommitteeMember.committee_code == Committee.code)
        .where(CommitteeMember.bioguide_id == bioguide)
    ).all()
    parents = {
        c.code: c
        for c in db.session.scalars(
            select(Committee).where(Committee.code.in_({c.parent_code for c, _ in rows} - {None}))
        )
    }
    found = [(c, m, parents.get(c.parent_code)) for c, m in rows]
    return sorted(found, key=lambda r: ((r[2] or r[0]).name, r[2] is not None, r[0].name))
