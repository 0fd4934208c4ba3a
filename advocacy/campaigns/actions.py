"""What a member can do for each official of their march, and what each action records:
the letters, the ways each can go, the interaction row an action writes and the outbox
message it may queue (our SMTP server's, or CWC's), and where the member goes next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.bills.service import ask_groups
from advocacy.campaigns import cwc
from advocacy.campaigns.letters import Letter, compose
from advocacy.campaigns.queries import campaign_today
from advocacy.campaigns.senate import senate_office
from advocacy.campaigns.state import MarchState
from advocacy.delivery.cwc import house_configured, senate_configured
from advocacy.directory.queries import district_label, office_label
from advocacy.extensions import db
from advocacy.interactions.sends import SendRow
from advocacy.jurisdictions import state_name
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
    "cwc": "Send through Congress's CWC system",
}


def cwc_chamber(official: Official) -> str:
    """Whose CWC carries a letter to this member of Congress: the "House" or "Senate"."""
    return "Senate" if official.seat.chamber == "upper" else "House"


def cwc_label(official: Official) -> str:
    """The CWC button for this official: "Send through the Senate's CWC system"."""
    return f"Send through the {cwc_chamber(official)}'s CWC system"


# The channels that queue a message in our outbox (the member's letter goes through us).
QUEUED = ("smtp_email", "cwc")


def who_and_where(official: Official) -> str:
    """A name with its office and level, as the "Write to" list shows it: "Maura Healey,
    Governor of Massachusetts", "Elizabeth Warren, U.S. Senator for Massachusetts"."""
    seat = official.seat
    if seat is None:
        return official.full_name
    office = office_label(seat)
    if not seat.state or seat.level in ("canada", "province", "local"):
        return f"{official.full_name}, {office}"
    place = state_name(seat.state)
    if seat.chamber == "executive":
        return f"{official.full_name}, {office} of {place}"
    district = f", {district_label(seat.district)}" if seat.district else ""
    return f"{official.full_name}, {office} for {place}{district}"


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


def letters(
    campaign: Campaign, state: MarchState, only: int | None = None, tweet: str | None = None
) -> list[Letter]:
    """The member's letter to each chosen official (or to one of them, with the member's
    own wording of the post)."""
    points = {p.id: p for p in campaign.talking_points}
    chosen_points = [f"{points[i].title}: {points[i].body}" for i in state.points if i in points]
    officials = load_officials([only] if only else state.chosen)
    groups = ask_groups(campaign.bill)
    return [
        compose(
            campaign,
            state.member,
            chosen_points,
            state.story,
            state.body,
            official,
            campaign_today(),
            tweet,
            ask=groups.get(official.id, "rest") if campaign.bill is not None else None,
        )
        for official in officials
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
    found += [c for c in ("tweet", "bluesky", "mastodon") if c in letter.links]
    if letter.callable:
        found.append("call")
    seat = official.seat
    config = current_app.config
    if seat.level == "federal" and (
        (seat.chamber == "lower" and house_configured(config))
        or (seat.chamber == "upper" and senate_configured(config) and senate_office(official))
    ):
        found.append("cwc")
    return found


# After the main way, the others in order of effect ("post": X, Bluesky, Mastodon).
OTHER_WAYS = ("email", "call", "contact_form", "post", "print")


def ways(channels_: list[str]) -> tuple[str | None, list[str]]:
    """The main way to reach an official (CWC, else a letter we send for the member, else
    their own email) and the others in order of effect: call, contact form, post, print."""
    primary = next((c for c in ("cwc", "smtp_email", "email") if c in channels_), None)
    have = set(channels_)
    if have & {"tweet", "bluesky", "mastodon"}:
        have.add("post")
    return primary, [c for c in OTHER_WAYS if c in have and c != primary]


# What a member is told when they have queued as many letters through us as we carry.
OUTBOX_FULL = (
    "We have sent as many letters for you as we can for now. Please send this one from "
    "your own email (“Open in your email”) or print it: it counts the same."
)


def destination(slug: str, letter: Letter, channel: str) -> str:
    """Where an action takes the member after it is counted."""
    if channel == "email":
        return letter.mail_link
    if channel == "contact_form":
        return letter.official.contact_form_url
    if channel == "print":
        return url_for("campaigns.printable", slug=slug, official_id=letter.official.id)
    if channel in ("tweet", "bluesky", "mastodon"):
        return letter.links[channel]
    return url_for("campaigns.send", slug=slug)


def interaction_row(
    campaign: Campaign, state: MarchState, letter: Letter, channel, evidence, call=(None, None)
) -> SendRow:
    """The interaction an action records (office and district as they are today: seats
    change, history must not); `call` is (outcome, position heard)."""
    who, official = state.member, letter.official
    return SendRow(
        campaign_id=campaign.id,
        official_id=official.id,
        official_name=official.full_name,
        office=letter.office,
        district=official.seat.district,
        division_id=official.seat.division_id,
        channel=channel,
        evidence=evidence,
        member_name=who.name,
        member_email=who.email,
        member_zip=who.zip or None,
        chapter=who.chapter,
        chapter_id=who.chapter_id,
        call_outcome=call[0],
        position_heard=call[1],
    )


def action(campaign: Campaign, state: MarchState, letter: Letter, form) -> tuple[SendRow, dict]:
    """What one action writes: its interaction row, and the outbox message it may queue
    (our SMTP server's, or CWC's)."""
    channel, evidence = form.channel.data, form.evidence.data
    call = (form.outcome.data, form.position.data or None) if channel == "call" else (None, None)
    row = interaction_row(campaign, state, letter, channel, evidence, call)
    message = outbox_message(state, letter)
    if channel == "cwc":
        return row, cwc_message(campaign, state, letter, form, message)
    return row, message


def outbox_message(state: MarchState, letter: Letter) -> dict[str, Any]:
    """The email our SMTP outbox sends for "send it for me"."""
    return {
        "to": letter.official.email,
        "reply_to": state.member.email,
        "from_name": state.member.name,
        "subject": letter.subject,
        "body": letter.text,
    }


def cwc_message(
    campaign: Campaign, state: MarchState, letter: Letter, form, message: dict[str, Any]
) -> dict[str, Any]:
    """The outbox row of a letter delivered to a House office, or a Senate office on the
    active list, through CWC (`message`: the letter as our outbox holds it)."""
    seat = letter.official.seat
    senate = seat.chamber == "upper"
    office = (
        senate_office(letter.official)
        if senate
        else cwc.office_code(seat.state or "", seat.district)
    )
    if office is None:  # the office left the active list since the page was shown
        raise Refusal(
            409,
            "This senator's office no longer takes CWC messages; please use "
            "their contact form, a call or a printed letter.",
        )
    problems = cwc.length_problems(letter.subject, letter.statement, letter.member_text)
    if problems:  # checked at the forms too; a campaign saved before the limits may not fit
        raise Refusal(
            422,
            "Congress's CWC would refuse this letter: " + "; ".join(problems) + ". Please "
            "send it another way (their contact form, a call or print).",
        )
    constituent = cwc.Constituent(
        prefix=form.prefix.data,
        first_name=form.first_name.data,
        last_name=form.last_name.data,
        address=form.street.data,
        city=form.city.data,
        state=form.state.data.upper(),
        zip=form.zip.data,
        email=state.member.email,
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
        bills=cwc.bill_references(campaign.cited_bills),
        pro_or_con=cwc.pro_or_con(campaign.bill_stance) if campaign.bill else None,
    )
    kind = "cwc_senate" if senate else "cwc_house"
    return message | {"to": office, "kind": kind, "payload": payload}


def cwc_defaults(state: MarchState) -> dict[str, str]:
    """What the CWC form can fill in from what the member already told us."""
    who = state.member
    first, _, last = who.name.strip().rpartition(" ")
    street = who.address.split(",")[0].strip() if "," in (who.address or "") else ""
    derived = {
        "prefix": "",  # never guessed: the member chooses their title
        "first_name": first or who.name,
        "last_name": last if first else "",
        "street": street,
        "city": who.city,
        "state": who.state,
        "zip": who.zip,
    }
    given = {k: v for k, v in (state.cwc or {}).items() if k in derived and isinstance(v, str)}
    return derived | given


CWC_FIELDS = ("prefix", "first_name", "last_name", "street", "city", "state", "zip")


@dataclass
class Prepared:
    """One action, ready to write: the letter, the interaction it records, the message it
    queues (None: nothing goes through us) and where the member goes next."""

    letter: Letter
    row: SendRow
    message: dict[str, Any] | None
    target: str


class Refusal(Exception):
    """An action that cannot be taken, with the status and the words to say so."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def prepare(campaign: Campaign, state: MarchState, form) -> Prepared:
    """Everything one action (an ActForm, valid) will write, worked out before the write
    lock is taken; Refusal when it may not be taken."""
    if form.official_id.data not in state.chosen:
        raise Refusal(400, "That action is not one of yours; please use the buttons.")
    if not campaign.is_active(campaign_today()):
        raise Refusal(400, "This campaign is closed.")
    channel, evidence = form.channel.data, form.evidence.data
    found = letters(campaign, state, only=form.official_id.data, tweet=form.text.data or None)
    letter = found[0] if found else None
    if letter is None or channel not in channels(letter):
        raise Refusal(400, "That way of sending is not available for this official.")
    target = destination(campaign.slug, letter, channel)
    row, message = action(campaign, state, letter, form)
    queued = channel in QUEUED and evidence == "intent"
    return Prepared(letter, row, message if queued else None, target)


def share_campaign(campaign: Campaign, link: str, wrote: bool = True) -> dict[str, str]:
    """Links that share the campaign itself: from the thank-you page (the member wrote) or
    from the campaign's own page (not yet)."""
    said = (
        f"I just wrote to my legislators for {campaign.title}. Join me:"
        if wrote
        else f"Write to your legislators with me for {campaign.title}:"
    )
    text = f"{said} {link} " + (campaign.hashtags or "")
    return {
        "X": "https://x.com/intent/post?" + urlencode({"text": text}),
        "Bluesky": "https://bsky.app/intent/compose?" + urlencode({"text": text}),
        "Facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": link}),
        "LinkedIn": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": link}),
    }
