"""The member's virtual march: four screens from a shared link to sent letters.

1. /c/<slug>        who you are and where you live (the lookup)
2. /c/<slug>/write  which officials, which talking points, your message and story
3. /c/<slug>/send   a letter and a tweet per official, each sent or opened once
4. /c/<slug>/thanks the campaign's count and share links

What the member typed lives in their (signed) session cookie, not on the server; only
the interactions are stored.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.campaigns.forms import SLUG, ActForm, MemberForm, WriteForm
from advocacy.campaigns.letters import Letter, Member, compose, context, mailto, share_links
from advocacy.campaigns.outbox import enqueue
from advocacy.campaigns.templating import render
from advocacy.directory.status import BUCKETS
from advocacy.extensions import begin_write, db
from advocacy.geocoding.types import GeocoderUnavailable, NoMatch
from advocacy.interactions.sends import campaign_count, record
from advocacy.lookup.inputs import InvalidQuery, parse_query
from advocacy.lookup.resolve import resolve
from advocacy.lookup.service import locate
from advocacy.models import Campaign, Chapter, Official
from advocacy.text import tweet_length

bp = Blueprint("campaigns", __name__)
bp.add_app_template_global(tweet_length, "tweet_length")

CHANNEL_LABELS = {
    "email": "Open in your email",
    "smtp_email": "Send it for me by email",
    "print": "Print to mail",
    "contact_form": "Open their contact form",
    "tweet": "Post on X",
    "bluesky": "Post on Bluesky",
    "mastodon": "Post on Mastodon",
}


def campaign_today() -> date:
    """Today in the campaign time zone."""
    return datetime.now(ZoneInfo(current_app.config["CAMPAIGN_TIMEZONE"])).date()


def find_campaign(slug: str) -> Campaign | None:
    """The campaign at a link, or None; a link no campaign could have is not looked up
    (NUL bytes, say, which PostgreSQL refuses)."""
    if not SLUG.match(slug or ""):
        return None
    return db.session.scalars(
        select(Campaign).where(Campaign.slug == slug).options(selectinload(Campaign.talking_points))
    ).first()


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404, description="There is no campaign at this link.")
    return campaign


def _key(campaign: Campaign) -> str:
    return f"march:{campaign.id}"


def _state(campaign: Campaign) -> dict | None:
    return session.get(_key(campaign))


def _save(campaign: Campaign, state: dict) -> None:
    session[_key(campaign)] = state
    session.modified = True


def _restart(campaign: Campaign, message: str):
    flash(message, "notice")
    return redirect(url_for("campaigns.landing", slug=campaign.slug))


@bp.route("/c/<slug>", methods=["GET", "POST"])
def landing(slug: str):
    """Screen 1: the campaign, and the member's name, email and address."""
    campaign = _campaign(slug)
    today = campaign_today()
    form = MemberForm()
    chapters = {c.id: c.name for c in db.session.scalars(select(Chapter).order_by(Chapter.name))}
    form.chapter.choices = [(0, "No chapter / not sure"), *chapters.items()]
    if not campaign.is_active(today):
        return render_template(
            "campaigns/landing.html", campaign=campaign, form=None, closed=True
        ), (400 if request.method == "POST" else 200)
    if request.method == "GET":
        saved = _state(campaign)
        if saved:
            form.process(
                data=saved["member"]
                | {
                    "address": saved["member"]["typed"],
                    "chapter": saved["member"].get("chapter_id") or 0,
                }
            )
            form.chapter.choices = [(0, "No chapter / not sure"), *chapters.items()]
        return render_template("campaigns/landing.html", campaign=campaign, form=form)
    if not form.validate():
        return render_template("campaigns/landing.html", campaign=campaign, form=form), 400
    try:
        query = parse_query({"q": form.address.data}, combined=True)
        geocoded = locate(query)
    except InvalidQuery as exc:
        form.address.errors = [exc.message]
        return render_template("campaigns/landing.html", campaign=campaign, form=form), 400
    except (NoMatch, GeocoderUnavailable) as exc:
        form.address.errors = [str(exc)]
        status = 503 if isinstance(exc, GeocoderUnavailable) else 404
        return render_template("campaigns/landing.html", campaign=campaign, form=form), status
    lookup = resolve(geocoded, today)
    targets = set(campaign.target_list)

    def targeted(o: dict) -> bool:
        return BUCKETS.get((o["level"], o["chamber"])) in targets

    officials = [o["id"] for o in lookup.officials if targeted(o)]
    candidates = [
        {
            "type": c["type"],
            "geoid": c["geoid"],
            "name": c["name"],
            "officials": [
                {"id": o["id"], "name": o["name"], "office": o["office"]}
                for o in c["officials"]
                if targeted(o)
            ],
        }
        for c in lookup.candidates
    ]
    candidates = [c for c in candidates if c["officials"]]
    if not officials and not candidates:
        form.address.errors = [
            "We found your districts, but none of the officials this campaign writes to."
        ]
        return render_template("campaigns/landing.html", campaign=campaign, form=form), 404
    city, state, zip_code = _place(geocoded.matched_address or form.address.data)
    _save(
        campaign,
        {
            "member": {
                "name": form.name.data,
                "email": form.email.data,
                "address": geocoded.matched_address or form.address.data,
                "typed": form.address.data,
                "city": city,
                "state": state or (lookup.divisions[0]["state"] if lookup.divisions else ""),
                "zip": geocoded.zip or zip_code,
                "chapter": chapters.get(form.chapter.data),
                "chapter_id": form.chapter.data or None,
            },
            "accuracy": geocoded.accuracy,
            "notes": geocoded.notes,
            "officials": officials,
            "candidates": candidates,
        },
    )
    return redirect(url_for("campaigns.write", slug=campaign.slug), code=303)


def _place(address: str) -> tuple[str, str, str]:
    """City, state and ZIP from "1 MAIN ST, BOSTON, MA, 02130" or "..., Boston, MA 02130"."""
    match = re.search(r",\s*([^,]+?),\s*([A-Za-z]{2}),?\s*(\d{5})?(?:-\d{4})?\s*$", address)
    if not match:
        zip_match = re.search(r"\b(\d{5})\b", address)
        return "", "", zip_match.group(1) if zip_match else ""
    return match.group(1).strip().title(), match.group(2).upper(), match.group(3) or ""


def _member(state: dict) -> Member:
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


def _officials(ids: list[int]) -> list[Official]:
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


@bp.route("/c/<slug>/write", methods=["GET", "POST"])
def write(slug: str):
    """Screen 2: officials, talking points, the member's own words and story."""
    campaign = _campaign(slug)
    state = _state(campaign)
    if not state:
        return _restart(campaign, "Let's start with your name and address.")
    today = campaign_today()
    candidate_ids = {o["id"] for c in state["candidates"] for o in c["officials"]}
    officials = _officials(state["officials"] + sorted(candidate_ids))
    form = WriteForm()
    certain = [o for o in officials if o.id in state["officials"]]
    form.officials.choices = [(o.id, f"{o.full_name}") for o in officials]
    form.points.choices = [(p.id, p.title) for p in campaign.talking_points]
    suggested = render(
        campaign.letter_body, context(campaign, _member(state), [], "", None, today)
    ).strip()
    if request.method == "GET":
        form.officials.data = state.get("chosen") or [o.id for o in certain]
        form.points.data = state.get("points") or [p.id for p in campaign.talking_points]
        form.body.data = state.get("body") or suggested
        form.story.data = state.get("story", "")
        return _write_page(campaign, state, form, certain)
    if not form.validate():
        return _write_page(campaign, state, form, certain), 400
    chosen = [oid for oid in form.officials.data if oid in state["officials"]]
    for group in state["candidates"]:
        picked = request.form.get(f"pick_{group['type']}_{group['geoid']}")
        if picked and picked.isdigit() and int(picked) in candidate_ids:
            chosen.append(int(picked))
    chosen += [oid for oid in form.officials.data if oid in candidate_ids and oid not in chosen]
    if not chosen:
        form.officials.errors = ["Please choose at least one official to write to."]
        return _write_page(campaign, state, form, certain), 400
    state.update(
        chosen=list(dict.fromkeys(chosen)),
        points=form.points.data,
        body=form.body.data,
        story=form.story.data or "",
    )
    _save(campaign, state)
    return redirect(url_for("campaigns.send", slug=campaign.slug), code=303)


def _write_page(campaign, state, form, certain):
    return render_template(
        "campaigns/write.html",
        campaign=campaign,
        state=state,
        form=form,
        certain=certain,
        points={p.id: p for p in campaign.talking_points},
    )


def _letters(campaign: Campaign, state: dict, only: int | None = None) -> list[Letter]:
    points = {p.id: p for p in campaign.talking_points}
    chosen_points = [
        f"{points[i].title}: {points[i].body}" for i in state.get("points", []) if i in points
    ]
    return [
        compose(
            campaign,
            _member(state),
            chosen_points,
            state.get("story", ""),
            state.get("body", ""),
            official,
            campaign_today(),
        )
        for official in _officials([only] if only else state.get("chosen", []))
    ]


def _channels(letter: Letter) -> list[str]:
    official = letter.official
    channels = []
    if official.email:
        channels.append("email")
        if current_app.config.get("SMTP_HOST"):
            channels.append("smtp_email")
    if official.contact_form_url:
        channels.append("contact_form")
    channels.append("print")
    channels += [c for c in ("tweet", "bluesky", "mastodon") if c in share_links(letter)]
    return channels


@bp.get("/c/<slug>/send")
def send(slug: str):
    """Screen 3: each official's letter and tweet, with a way to send each."""
    campaign = _campaign(slug)
    state = _state(campaign)
    if not state or not state.get("chosen"):
        return _restart(campaign, "Let's start with your name and address.")
    letters = _letters(campaign, state)
    return render_template(
        "campaigns/send.html",
        campaign=campaign,
        state=state,
        form=ActForm(),
        letters=[(letter, _channels(letter), share_links(letter)) for letter in letters],
        labels=CHANNEL_LABELS,
        mailto=mailto,
        done=set(state.get("done", [])),
    )


@bp.post("/c/<slug>/act")
def act(slug: str):
    """Record one send or open (exactly once), then take the member where it goes."""
    campaign = _campaign(slug)
    state = _state(campaign)
    form = ActForm()
    if not state or not state.get("chosen"):
        return _restart(campaign, "Let's start with your name and address.")
    if not form.validate():
        if form.text.errors:
            abort(400, description=form.text.errors[0])
        abort(400, description="That action is not one of yours; please use the buttons.")
    if form.official_id.data not in state["chosen"]:
        abort(400, description="That action is not one of yours; please use the buttons.")
    if not campaign.is_active(campaign_today()):
        abort(400, description="This campaign is closed.")
    letters = _letters(campaign, state, only=form.official_id.data)
    letter = letters[0] if letters else None
    channel, evidence = form.channel.data, form.evidence.data
    if letter is not None and letter.tweet and form.text.data:
        letter.tweet = form.text.data
    if letter is None or channel not in _channels(letter):
        abort(400, description="That way of sending is not available for this official.")
    # Everything the write needs, as plain values: the write lock is held only for it.
    member = _member(state)
    official = letter.official
    row = {
        "campaign_id": campaign.id,
        "official_id": official.id,
        "official_name": official.full_name,
        "office": letter.office,
        "district": official.seat.district,
        "division_id": official.seat.division_id,
        "channel": channel,
        "evidence": evidence,
        "member_name": member.name,
        "member_email": member.email,
        "member_zip": member.zip or None,
        "chapter": member.chapter,
        "chapter_id": member.chapter_id,
    }
    message = {
        "to": official.email,
        "reply_to": member.email,
        "from_name": member.name,
        "subject": letter.subject,
        "body": letter.text,
    }
    target = _destination(slug, letter, channel)
    name = official.full_name
    begin_write()
    interaction_id = record(**row)
    if channel == "smtp_email" and evidence == "intent":
        enqueue(interaction_id, **message)
    db.session.commit()
    state.setdefault("done", [])
    mark = f"{row['official_id']}:{channel}"
    if mark not in state["done"]:
        state["done"].append(mark)
    _save(campaign, state)
    if evidence == "reported" or channel == "smtp_email":
        flash(
            "Thank you! We've counted it."
            if evidence == "reported"
            else f"Your letter to {name} is on its way.",
            "success",
        )
        return redirect(url_for("campaigns.send", slug=slug) + f"#o{row['official_id']}", 303)
    return redirect(target, 303)


def _destination(slug: str, letter: Letter, channel: str) -> str:
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


@bp.get("/c/<slug>/letter/<int:official_id>")
def printable(slug: str, official_id: int):
    """A letter ready to print and mail."""
    campaign = _campaign(slug)
    state = _state(campaign)
    if not state or official_id not in state.get("chosen", []):
        abort(404)
    letter = _letters(campaign, state, only=official_id)[0]
    return render_template("campaigns/print.html", campaign=campaign, letter=letter)


@bp.get("/c/<slug>/thanks")
def thanks(slug: str):
    """Screen 4: thank you, the campaign's live count, and links to share it."""
    campaign = _campaign(slug)
    messages, members = campaign_count(campaign.id)
    link = url_for("campaigns.landing", slug=slug, _external=True)
    text = f"I just wrote to my legislators for {campaign.title}. Join me: {link} " + (
        campaign.hashtags or ""
    )
    shares = {
        "X": "https://x.com/intent/post?" + urlencode({"text": text}),
        "Bluesky": "https://bsky.app/intent/compose?" + urlencode({"text": text}),
        "Facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": link}),
        "LinkedIn": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": link}),
    }
    state = _state(campaign) or {}
    return render_template(
        "campaigns/thanks.html",
        campaign=campaign,
        messages=messages,
        members=members,
        shares=shares,
        link=link,
        mine=len(state.get("done", [])),
    )
