"""A member's letter and tweet for one official: address block, salutation, text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote, urlencode

from advocacy.campaigns.templating import render
from advocacy.directory.canada import body_letters
from advocacy.directory.queries import office_label
from advocacy.jurisdictions import STATUS_NAMES, state_name
from advocacy.models import Campaign, Official
from advocacy.models.campaigns import ASK_NAMES
from advocacy.text import fit_tweet

CAPITOL = {
    "upper": ("United States Senate", "Washington, DC 20510"),
    "lower": ("United States House of Representatives", "Washington, DC 20515"),
}


@dataclass
class Member:
    """What the member told us (kept in their session, never in a log)."""

    name: str
    email: str
    address: str
    city: str
    state: str
    zip: str
    chapter: str | None = None
    chapter_id: int | None = None


def last_name(official: Official) -> str:
    """The official's family name as a salutation uses it."""
    return official.family_name or official.full_name.split()[-1]


CANADIAN_LEVELS = ("canada", "province")


def salutation(official: Official) -> str:
    """ "Dear Senator Doe:" with the chamber's own title; a Canadian member is "Dear Ms.
    Côté:" (Canadian usage has no "Dear MP ..."), or their full name when the data gives
    no gender to choose Mr. or Ms. by."""
    if official.seat.level in CANADIAN_LEVELS:
        honorific = {"Female": "Ms.", "Male": "Mr."}.get(official.gender or "")
        if honorific:
            return f"Dear {honorific} {last_name(official)}:"
        return f"Dear {official.full_name}:"
    return f"Dear {official.seat.title} {last_name(official)}:"


def member_place(member: Member) -> str:
    """Where the member lives, as a sentence reads it: "Boston, Massachusetts",
    "Massachusetts", or "" when the member gave neither."""
    return ", ".join(part for part in (member.city.strip(), state_name(member.state)) if part)


def sign_off_place(member: Member) -> str:
    """The line under the member's name: their street address when they gave one, else
    their place and ZIP code, else nothing."""
    if re.search(r"[A-Za-z\u00c0-\uffff].*,", member.address or ""):
        return member.address
    return " ".join(part for part in (member_place(member), member.zip) if part)


def address_block(official: Official) -> list[str]:
    """Where a printed letter goes: the capitol office."""
    seat = official.seat
    if seat.level in CANADIAN_LEVELS:
        return _canadian_address(official)
    lines = [f"The Honorable {official.full_name}"]
    if seat.level == "federal" and seat.chamber in CAPITOL:
        body, city = CAPITOL[seat.chamber]
        office = next((o for o in official.offices if o.classification == "capitol"), None)
        if office and office.name:
            lines.append(office.name)
        return [*lines, body, city]
    office = next((o for o in official.offices if o.classification == "capitol"), None)
    if office and office.address:
        parts = [part.strip() for part in office.address.split(",") if part.strip()]
        # "..., Boston, MA 02133": the city stays on the state and ZIP's line.
        if len(parts) >= 2 and re.match(r"^[A-Z]{2}\b", parts[-1]):
            parts[-2:] = [f"{parts[-2]}, {parts[-1]}"]
        lines += parts
    return lines


def _canadian_address(official: Official) -> list[str]:
    """ "The Honourable Jane Doe, MP" (ministers, premiers, speakers) or "John Roe, MPP",
    then the legislature's office as the source writes it, Canada Post's last line intact
    ("Ottawa ON  K1A 0A6")."""
    seat = official.seat
    letters = body_letters(None if seat.level == "canada" else seat.state)
    style = official.identifier("style")
    lines = [" ".join(p for p in (style, f"{official.full_name}, {letters}") if p)]
    office = next((o for o in official.offices if o.classification == "capitol"), None)
    if office and office.address:
        lines += [part.strip() for part in office.address.split(",") if part.strip()]
    return lines


def cited_numbers(campaign: Campaign) -> str:
    """ "S. 1261", "S. 1261 and H.R. 238", "S. 1261, H.R. 238 and S. 2029": every bill the
    campaign cites (one the data no longer holds by the number it was cited with)."""
    numbers = [campaign.bill.identifier] if campaign.bill is not None else []
    for citation in campaign.also_cites if campaign.bill is not None else []:
        number = citation.bill.identifier if citation.bill else citation.label.split(":")[0]
        if number not in numbers:
            numbers.append(number)
    if len(numbers) < 2:
        return "".join(numbers)
    return f"{', '.join(numbers[:-1])} and {numbers[-1]}"


def context(
    campaign: Campaign,
    member: Member,
    points: list[str],
    story: str,
    official: Official | None,
    today: date,
) -> dict[str, str]:
    """The template variables (plain strings only)."""
    place = member_place(member)
    values = {
        "member_name": member.name,
        "constituent": f"a constituent in {place}" if place else "a constituent",
        "member_place": place,
        "member_city": member.city,
        "member_state": state_name(member.state),
        "talking_points": "\n\n".join(points),
        "story": story,
        "date": today.strftime("%B %-d, %Y"),
        "campaign": campaign.title,
        "bill_number": campaign.bill.identifier if campaign.bill else "",
        "bill_title": campaign.bill.title if campaign.bill else "",
        # "in committee", as a sentence reads it ("S. 1261 is in committee").
        "bill_status": STATUS_NAMES.get(campaign.bill.status, "").lower() if campaign.bill else "",
        "bill_numbers": cited_numbers(campaign),
    }
    if official is not None:
        values |= {
            "official_name": official.full_name,
            "official_last_name": last_name(official),
            "official_title": official.seat.title,
            "district": official.seat.district or "",
        }
    return values


@dataclass
class Letter:
    """One official's letter, its subject, and its tweet (if they have a handle)."""

    official: Official
    office: str
    subject: str
    text: str
    tweet: str | None
    handles: dict[str, str]
    call_script: str = ""
    voicemail: str = ""
    # The letter's parts as CWC files them: the organisation's and the member's words.
    statement: str = ""
    member_text: str = ""
    # Where the post can go (X, and Bluesky/Mastodon when the official has an account), the
    # letter as a mailto: link (an official with an email), and whether they take calls.
    links: dict[str, str] = field(default_factory=dict)
    mail_link: str | None = None
    callable: bool = False
    # The official's ask group for a campaign about a bill (None: the campaign names none).
    ask: str | None = None

    @property
    def ask_words(self) -> str:
        """The ask group as the preview says it ("" for a campaign about no bill)."""
        return ASK_NAMES.get(self.ask or "", "")


def compose(
    campaign: Campaign,
    member: Member,
    points: list[str],
    story: str,
    body: str,
    official: Official,
    today: date,
    tweet: str | None = None,
    ask: str | None = None,
) -> Letter:
    """The letter to one official: address, date, salutation, statement, member's text; the
    post (`tweet`: the member's own wording of it, for the official's handles), the links
    to send each, and whether the official takes calls. `ask`: the official's group for a
    campaign about a bill (sponsor, committee, rest: ASK_GROUPS), whose statement they get."""
    values = context(campaign, member, points, story, official, today)
    source = campaign.statement_for(ask)
    statement = render(source, values).strip()
    parts = [
        "\n".join(address_block(official)),
        values["date"],
        salutation(official),
        statement,
        body.strip(),
    ]
    if points and "talking_points" not in source:
        parts.append(values["talking_points"])
    if story and "story" not in source:
        parts.append(story.strip())
    closing = ["Sincerely,", member.name, sign_off_place(member), member.email]
    parts.append("\n".join(line for line in closing if line))
    handles = {a.platform: a.handle.lstrip("@") for a in official.social_accounts}
    tweet = _post(campaign, values, handles, tweet)
    subject = render(campaign.subject, values).strip()[:300]
    text = "\n\n".join(p for p in parts if p)
    return Letter(
        official=official,
        office=office_label(official.seat),
        subject=subject,
        text=text,
        tweet=tweet,
        handles=handles,
        links=share_links(tweet, handles),
        mail_link=mailto(official.email, subject, text) if official.email else None,
        callable=bool(phones(official)),
        ask=ask,
        statement=statement,
        member_text="\n\n".join(p for p in (body.strip(), story.strip()) if p),
        # What is said on the phone is one run of words: an empty variable leaves no gap.
        call_script=" ".join(render(campaign.call_script or "", values).split()),
        voicemail=" ".join(render(campaign.voicemail_script or "", values).split()),
    )


def _post(campaign: Campaign, values: dict, handles: dict, tweet: str | None) -> str | None:
    """The post for an official on X: the member's own wording, else the campaign's fitted
    to 280 characters; None when the official has no X handle."""
    if "twitter" not in handles:
        return None
    if tweet:
        return tweet
    text = render(campaign.tweet_template, values).strip()
    return fit_tweet(f"@{handles['twitter']}", text, campaign.hashtags.strip()) or None


def phones(official: Official, near: tuple[float, float] | None = None) -> list[tuple[str, str]]:
    """(where, number) for each office with a phone: the capitol office first, then the
    district offices, the nearest to `near` (the member's point, when known) first."""

    def distance(office) -> float:
        if near is None or office.latitude is None or office.longitude is None:
            return math.inf
        # An equirectangular distance is plenty to order a few offices in one state.
        x = math.radians(office.longitude - near[1]) * math.cos(math.radians(near[0]))
        return math.hypot(x, math.radians(office.latitude - near[0]))

    offices = sorted(
        official.offices,
        key=lambda o: (o.classification != "capitol", distance(o), o.position),
    )
    found = []
    for office in offices:
        if office.phone:
            where = (
                "Capitol office"
                if office.classification == "capitol"
                else (f"District office{', ' + office.city if office.city else ''}")
            )
            found.append((where, office.phone))
    return found


def tel(number: str) -> str:
    """A tel: link for a number as the sources write it ("202-224-4543 ext. 2")."""
    digits = re.sub(r"[^0-9+]", "", number.split("ext")[0].split("x")[0])
    return f"tel:{digits}"


def mailto(address: str, subject: str, body: str) -> str:
    """A mailto: link with subject and body."""
    return f"mailto:{quote(address, safe='@')}?" + urlencode(
        {"subject": subject, "body": body}, quote_via=quote
    )


def share_links(tweet: str | None, handles: dict[str, str]) -> dict[str, str]:
    """Where a member can post the tweet: X's intent, and Bluesky/Mastodon when the
    official has an account there (mentioning it)."""
    links = {}
    if tweet:
        links["tweet"] = "https://x.com/intent/post?" + urlencode({"text": tweet})
        body = tweet.split(" ", 1)[1] if " " in tweet else tweet
        if "bluesky" in handles:
            text = f"@{handles['bluesky']} {body}"
            links["bluesky"] = "https://bsky.app/intent/compose?" + urlencode({"text": text})
        mastodon = handles.get("mastodon", "")
        if "@" in mastodon:
            host = mastodon.split("@")[-1]
            text = f"@{mastodon} {body}"
            links["mastodon"] = f"https://{host}/share?" + urlencode({"text": text})
    return links
