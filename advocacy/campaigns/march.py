"""The member's march, without the request: their progress (kept in the signed session
cookie, never on the server), the officials and letters it names, the ways to send each
letter, and the interaction row each action records."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import current_app, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy import abuse
from advocacy.campaigns import cwc
from advocacy.campaigns.letters import Letter, Member, compose, mailto, phones, share_links
from advocacy.campaigns.queries import campaign_today
from advocacy.delivery.cwc import house_configured
from advocacy.directory.queries import district_label
from advocacy.directory.status import BUCKETS
from advocacy.extensions import db
from advocacy.lookup.service import Found
from advocacy.models import Campaign, Official

CHANNEL_LABELS = {
    "email": "Open in your email",
    "smtp_email": "Send it for me by email",
    "print": "Print to mail",
    "contact_form": "Open their contact form",
    "tweet": "Post on X",
    "bluesky": "Post on Bluesky",
    "mastodon": "Post on Mastodon",
    "call": "Call",
    "cwc": "Send through the House's CWC system",
}


# --- the member's progress, in their session -------------------------------------------


def _key(campaign: Campaign) -> str:
    return f"march:{campaign.id}"


def load_state(campaign: Campaign) -> dict | None:
    """The member's progress in this campaign, or None before screen 1."""
    return session.get(_key(campaign))


def save_state(campaign: Campaign, state: dict) -> None:
    """Keep the member's progress (in the signed cookie)."""
    session[_key(campaign)] = state
    session.modified = True


def place(address: str) -> tuple[str, str, str]:
    """City, state and ZIP from "1 MAIN ST, BOSTON, MA, 02130" or "..., Boston, MA 02130"."""
    match = re.search(r",\s*([^,]+?),\s*([A-Za-z]{2}),?\s*(\d{5})?(?:-\d{4})?\s*$", address)
    if not match:
        zip_match = re.search(r"\b(\d{5})\b", address)
        return "", "", zip_match.group(1) if zip_match else ""
    return match.group(1).strip().title(), match.group(2).upper(), match.group(3) or ""


# The seat types a ZIP can leave open, in the order the page asks about them.
CHAMBERS = {
    "cd": "U.S. House",
    "sldu": "state senate",
    "sldl": "state house or assembly",
}


def targeted_officials(campaign: Campaign, found: Found) -> tuple[list[int], list[dict]]:
    """The officials this campaign writes to where the districts are certain, and one
    choice per seat type where they are not: its candidate districts, each with its
    officials (a multi-member district stays whole)."""
    targets = set(campaign.target_list)

    def targeted(o: dict) -> bool:
        return BUCKETS.get((o["level"], o["chamber"])) in targets

    officials = [o["id"] for o in found.lookup.officials if targeted(o)]
    by_type: dict[str, list[dict]] = {}
    for c in found.lookup.candidates:
        members = [
            {"id": o["id"], "name": o["name"], "office": o["office"]}
            for o in c["officials"]
            if targeted(o)
        ]
        if members and c["type"] in CHAMBERS:
            district = {
                "geoid": c["geoid"],
                "name": district_label(c["name"]),
                "officials": members,
            }
            by_type.setdefault(c["type"], []).append(district)
    choices = [
        {"type": kind, "chamber": CHAMBERS[kind], "districts": by_type[kind]}
        for kind in CHAMBERS
        if kind in by_type
    ]
    return officials, choices


def new_state(form, chapters: dict[int, str], found: Found, officials, candidates) -> dict:
    """The progress after screen 1: who the member is, where, and whom they may write to."""
    geocoded = found.lookup.geocoded
    divisions = found.lookup.divisions
    city, state, zip_code = place(geocoded.matched_address or form.address.data)
    return {
        "member": {
            "name": form.name.data,
            "email": form.email.data,
            "address": geocoded.matched_address or form.address.data,
            "typed": form.address.data,
            "city": city,
            "state": state or (divisions[0]["state"] if divisions else ""),
            "zip": geocoded.zip or zip_code,
            "chapter": chapters.get(form.chapter.data),
            "chapter_id": form.chapter.data or None,
        },
        "accuracy": geocoded.accuracy,
        # The member's point, when the lookup has one: calls list the nearest office first.
        "point": [geocoded.lat, geocoded.lng] if geocoded.lat is not None else None,
        "notes": geocoded.notes,
        "officials": officials,
        "candidates": candidates,
    }


def chosen_officials(state: dict, ticked: list[int], form_data) -> tuple[list[int], list[str]]:
    """The officials the member chose on screen 2, and the chambers they left out.

    Ticked officials of the certain districts, then, for each seat type a ZIP left open,
    the officials of the one district picked ("not sure" leaves that chamber out). A
    single-member seat can never yield two officials: nothing else is taken, whatever
    the request says.
    """
    chosen = [oid for oid in ticked if oid in state["officials"]]
    left_out = []
    for choice in state["candidates"]:
        picked = form_data.get(f"pick_{choice['type']}", "")
        district = next((d for d in choice["districts"] if d["geoid"] == picked), None)
        if district is None:
            left_out.append(choice["chamber"])
            continue
        chosen += [o["id"] for o in district["officials"]]
    return list(dict.fromkeys(chosen)), left_out


def member(state: dict) -> Member:
    """The member as the letters address them."""
    m = state["member"]
    return Member(
        m["name"],
        m["email"],
        m["address"],
        m["city"],
        m["state"],
        m["zip"],
        m.get("chapter"),
        m.get("chapter_id"),
    )


def done_by_official(state: dict) -> dict[int, list[str]]:
    """official id -> the channels the member has used for them (the checklist)."""
    found: dict[int, list[str]] = {}
    for mark in state.get("done", []):
        official, _, channel = mark.partition(":")
        found.setdefault(int(official), []).append(channel)
    return found


def outbox_refusal(state: dict, official_id: int, channel: str) -> str | None:
    """Why this letter may not be queued through our server now (None: it may).

    A letter already queued (a double click, the back button) counts once; past the
    per-email or per-address limit the member is told to send it from their own email.
    """
    if f"{official_id}:{channel}" in state.get("done", []):
        return None
    member_email = member(state).email
    if abuse.take("OUTBOX_LIMIT_PER_EMAIL", abuse.email_key(member_email)) and abuse.take(
        "OUTBOX_LIMIT_PER_ADDRESS", abuse.client_address()
    ):
        return None
    return (
        "We have sent as many letters for you as we can for now. Please send this one from "
        "your own email (“Open in your email”) or print it: it counts the same."
    )


def mark_done(campaign: Campaign, state: dict, official_id: int, channel: str) -> None:
    """Remember an action on the member's checklist."""
    done = state.setdefault("done", [])
    mark = f"{official_id}:{channel}"
    if mark not in done:
        done.append(mark)
    save_state(campaign, state)


# --- officials, letters, channels ------------------------------------------------------


def load_officials(ids: list[int]) -> list[Official]:
    """Officials with a seat, in the order given, with what their letters need."""
    if not ids:
        return []
    rows = db.session.scalars(
        select(Official)
        .where(Official.id.in_(ids))
        .options(
            selectinload(Official.seat),
            selectinload(Official.offices),
            selectinload(Official.social_accounts),
        )
    ).all()
    order = {oid: i for i, oid in enumerate(ids)}
    return sorted((o for o in rows if o.seat is not None), key=lambda o: order[o.id])


def letters(campaign: Campaign, state: dict, only: int | None = None) -> list[Letter]:
    """The member's letter to each chosen official (or to one of them)."""
    points = {p.id: p for p in campaign.talking_points}
    chosen_points = [
        f"{points[i].title}: {points[i].body}" for i in state.get("points", []) if i in points
    ]
    return [
        compose(
            campaign,
            member(state),
            chosen_points,
            state.get("story", ""),
            state.get("body", ""),
            official,
            campaign_today(),
        )
        for official in load_officials([only] if only else state.get("chosen", []))
    ]


def channels(letter: Letter) -> list[str]:
    """The ways this letter can go, in the order the page offers them."""
    official = letter.official
    found = []
    if official.email:
        found.append("email")
        if current_app.config.get("SMTP_HOST"):
            found.append("smtp_email")
    if official.contact_form_url:
        found.append("contact_form")
    found.append("print")
    found += [c for c in ("tweet", "bluesky", "mastodon") if c in share_links(letter)]
    if phones(official):
        found.append("call")
    seat = official.seat
    if seat.level == "federal" and seat.chamber == "lower" and house_configured(current_app.config):
        found.append("cwc")
    return found


def cwc_message(campaign: Campaign, state: dict, letter: Letter, form) -> dict[str, Any]:
    """The outbox row of a letter delivered to a House office through CWC."""
    who = member(state)
    seat = letter.official.seat
    office = cwc.office_code(seat.state or "", seat.district)
    constituent = cwc.Constituent(
        prefix=form.prefix.data,
        first_name=form.first_name.data,
        last_name=form.last_name.data,
        address=form.street.data,
        city=form.city.data,
        state=form.state.data.upper(),
        zip=form.zip.data,
        email=who.email,
    )
    payload = cwc.build_message(
        current_app.config,
        office=office,
        campaign_id=campaign.slug,
        constituent=constituent,
        subject=letter.subject,
        topic=campaign.cwc_topic or "Health",
        statement=letter.statement,
        message=letter.member_text,
        today=campaign_today(),
        bill=cwc.bill_reference(campaign.bill.source_key) if campaign.bill else None,
        pro_or_con=cwc.pro_or_con(campaign.bill_stance) if campaign.bill else None,
    )
    return {
        "to": office,
        "reply_to": who.email,
        "from_name": who.name,
        "subject": letter.subject,
        "body": letter.text,
        "kind": "cwc_house",
        "payload": payload,
    }


def cwc_defaults(state: dict) -> dict[str, str]:
    """What the CWC form can fill in from what the member already told us."""
    who = member(state)
    first, _, last = who.name.strip().rpartition(" ")
    street = who.address.split(",")[0].strip() if "," in (who.address or "") else ""
    return {
        "first_name": first or who.name,
        "last_name": last if first else "",
        "street": street,
        "city": who.city,
        "state": who.state,
        "zip": who.zip,
    }


def destination(slug: str, letter: Letter, channel: str) -> str:
    """Where an action takes the member after it is counted."""
    if channel == "email":
        return mailto(letter.official.email, letter.subject, letter.text)
    if channel == "contact_form":
        return letter.official.contact_form_url
    if channel == "print":
        return url_for("campaigns.printable", slug=slug, official_id=letter.official.id)
    if channel in ("tweet", "bluesky", "mastodon"):
        return share_links(letter)[channel]
    return url_for("campaigns.send", slug=slug)


# --- what an action records ------------------------------------------------------------


def interaction_row(
    campaign: Campaign, state: dict, letter: Letter, channel, evidence, call=(None, None)
) -> dict:
    """The interaction an action records, as plain values (office and district as they
    are today: seats change, history must not); `call` is (outcome, position heard)."""
    who = member(state)
    official = letter.official
    return {
        "call_outcome": call[0],
        "position_heard": call[1],
        "campaign_id": campaign.id,
        "official_id": official.id,
        "official_name": official.full_name,
        "office": letter.office,
        "district": official.seat.district,
        "division_id": official.seat.division_id,
        "channel": channel,
        "evidence": evidence,
        "member_name": who.name,
        "member_email": who.email,
        "member_zip": who.zip or None,
        "chapter": who.chapter,
        "chapter_id": who.chapter_id,
    }


def action(campaign: Campaign, state: dict, letter: Letter, form) -> tuple[dict, dict]:
    """What one action writes: its interaction row, and the outbox message it may queue
    (our SMTP server's, or CWC's)."""
    channel, evidence = form.channel.data, form.evidence.data
    call = (form.outcome.data, form.position.data or None) if channel == "call" else (None, None)
    row = interaction_row(campaign, state, letter, channel, evidence, call)
    if channel == "cwc":
        return row, cwc_message(campaign, state, letter, form)
    return row, outbox_message(state, letter)


def outbox_message(state: dict, letter: Letter) -> dict[str, Any]:
    """The email our SMTP outbox sends for "send it for me"."""
    who = member(state)
    return {
        "to": letter.official.email,
        "reply_to": who.email,
        "from_name": who.name,
        "subject": letter.subject,
        "body": letter.text,
    }


def share_campaign(campaign: Campaign, link: str) -> dict[str, str]:
    """Links that share the campaign itself (the thank-you page)."""
    text = f"I just wrote to my legislators for {campaign.title}. Join me: {link} " + (
        campaign.hashtags or ""
    )
    return {
        "X": "https://x.com/intent/post?" + urlencode({"text": text}),
        "Bluesky": "https://bsky.app/intent/compose?" + urlencode({"text": text}),
        "Facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": link}),
        "LinkedIn": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": link}),
    }
