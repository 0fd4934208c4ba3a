"""The member's virtual march: four screens from a shared link to sent letters.

1. /c/<slug>        who you are and where you live (the lookup)
2. /c/<slug>/write  which officials, which talking points, your message and story
3. /c/<slug>/send   a letter and a tweet per official, each sent or opened once
4. /c/<slug>/thanks the campaign's count and share links

What the member typed lives in their (signed) session cookie, not on the server
(state.MarchState); only the interactions are stored. What each action does lives in
actions.py; these views read the form, call them, commit and redirect.
"""

from __future__ import annotations

import hashlib

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
from flask_login import current_user
from sqlalchemy import select

from advocacy import abuse, images
from advocacy.campaigns import actions
from advocacy.campaigns.cwc import PREFIXES
from advocacy.campaigns.forms import (
    CALL_OUTCOME_LABELS,
    POSITION_LABELS,
    ActForm,
    MemberForm,
    WriteForm,
)
from advocacy.campaigns.letters import context, mailto, phones, tel
from advocacy.campaigns.queries import campaign_today, campaigns_open, find_campaign
from advocacy.campaigns.staff import STAFF, image_dir
from advocacy.campaigns.state import MarchState, gaps, start, targeted_officials
from advocacy.campaigns.templating import render
from advocacy.delivery.outbox import OutboxFull, enqueue
from advocacy.extensions import begin_write, db, limiter
from advocacy.forms import ascii_int
from advocacy.geocoding import addresses_resolve
from advocacy.interactions.sends import campaign_count, record
from advocacy.lookup.resolve import NO_CANADIAN_ROSTER
from advocacy.lookup.service import LookupFailed, find_officials
from advocacy.models import Campaign, Chapter
from advocacy.text import tweet_length

bp = Blueprint("campaigns", __name__)


def _member() -> str:
    """Whose march a post belongs to: the browser's session (known by its CSRF secret,
    hashed), else the client address. A room on one Wi-Fi is many members."""
    secret = session.get("csrf_token")
    if not secret:
        return abuse.client_address()
    return "session:" + hashlib.sha256(str(secret).encode()).hexdigest()[:24]


# Every post of the march (start, write, each action): per member, and per client address.
limiter.limit(
    lambda: current_app.config["MARCH_RATE_LIMIT"] or "",
    key_func=_member,
    methods=["POST"],
    scope="march-member",
    exempt_when=lambda: not current_app.config["MARCH_RATE_LIMIT"],
)(bp)
limiter.limit(
    lambda: current_app.config["MARCH_ADDRESS_RATE_LIMIT"] or "",
    methods=["POST"],
    scope="march-address",
    exempt_when=lambda: not current_app.config["MARCH_ADDRESS_RATE_LIMIT"],
)(bp)
bp.add_app_template_global(tweet_length, "tweet_length")
bp.add_app_template_global(phones, "phones")
bp.add_app_template_global(tel, "tel")
bp.add_app_template_global(actions.cwc_chamber, "cwc_chamber")
bp.add_app_template_global(actions.cwc_label, "cwc_label")
bp.add_app_template_global(campaigns_open, "campaigns_open")
bp.add_app_template_global(addresses_resolve, "addresses_resolve")
START_OVER = "Let's start with your name and address."
NO_CANADIAN_OFFICIALS = (
    "Canadian officials are not loaded here: this installation has no roster of MPs or "
    "provincial legislators, so this campaign cannot write to yours."
)
NOT_YOURS = "That action is not one of yours; please use the buttons."


def _campaign(slug: str) -> Campaign:
    campaign = find_campaign(slug)
    if campaign is None:
        abort(404, description="There is no campaign at this link.")
    return campaign


def _restart(campaign: Campaign, message: str = START_OVER):
    flash(message, "notice")
    return redirect(url_for("campaigns.landing", slug=campaign.slug))


def _landing(campaign: Campaign, form, status: int = 200, **extra):
    link = url_for("campaigns.landing", slug=campaign.slug, _external=True)
    return render_template(
        "campaigns/landing.html",
        campaign=campaign,
        form=form,
        link=link,
        card=(
            url_for("campaigns.image", name=campaign.image, _external=True)
            if campaign.image
            else url_for("static", filename="story-card.png", _external=True)
        ),
        shares=actions.share_campaign(campaign, link, wrote=False),
        **extra,
    ), status


@bp.get("/campaigns/images/<name>")
@images.image_only
def image(name: str):
    """A campaign's re-encoded image: shown while a published campaign uses it, and to
    staff (an upload they are still previewing)."""
    if not images.NAME.match(name):
        abort(404)
    path = image_dir() / name
    shown = db.session.scalar(
        select(Campaign.id).where(Campaign.image == name, Campaign.published.is_(True)).limit(1)
    )
    staff = current_user.is_authenticated and current_user.role in STAFF
    if (shown is None and not staff) or not path.exists():
        abort(404)
    return images.jpeg_response(path, max_age=86400 if shown is not None else 0)


@bp.get("/campaigns")
def listing():
    """The campaigns members can join today."""
    return render_template("campaigns/open.html")


@bp.route("/c/<slug>", methods=["GET", "POST"])
def landing(slug: str):
    """Screen 1: the campaign, and the member's name, email and address."""
    campaign = _campaign(slug)
    if campaign.rule_id is not None:  # a comment on a rule: one page of its own
        return redirect(url_for("comments.write", slug=slug), code=307)
    today = campaign_today()
    if not campaign.is_active(today):
        return _landing(campaign, None, 400 if request.method == "POST" else 200, closed=True)
    chapters = {c.id: c.name for c in db.session.scalars(select(Chapter).order_by(Chapter.name))}
    choices = [(0, "No chapter / not sure"), *chapters.items()]
    form = MemberForm()
    form.chapter.choices = choices
    if request.method == "GET":
        saved = MarchState.load(campaign)
        if saved:
            who = saved.member
            form.process(
                data={"name": who.name, "email": who.email, "address": saved.typed,
                      "chapter": who.chapter_id or 0}
            )  # fmt: skip
            form.chapter.choices = choices
        return _landing(campaign, form)
    if not form.validate():
        return _landing(campaign, form, 400)
    try:
        where = (
            {"lat": form.lat.data, "lng": form.lng.data}
            if form.located
            else {"q": form.address.data}
        )
        found = find_officials(where, today, combined=True)
    except LookupFailed as exc:
        form.address.errors = [exc.message]
        return _landing(campaign, form, exc.status)
    officials, candidates = targeted_officials(campaign, found)
    missing = gaps(campaign, found)
    if not officials and not candidates:
        form.address.errors = [
            NO_CANADIAN_OFFICIALS
            if NO_CANADIAN_ROSTER in missing
            else "We found your districts, but none of the officials this campaign writes to."
            + "".join(f" {note}" for note in missing)
        ]
        return _landing(campaign, form, 404)
    start(form, chapters, found, officials, candidates, missing).save(campaign)
    return redirect(url_for("campaigns.write", slug=campaign.slug), code=303)


@bp.route("/c/<slug>/write", methods=["GET", "POST"])
def write(slug: str):
    """Screen 2: officials, talking points, the member's own words and story."""
    campaign = _campaign(slug)
    state = MarchState.load(campaign)
    if not state:
        return _restart(campaign)
    certain = actions.load_officials(state.officials)
    form = WriteForm()
    form.officials.choices = [(o.id, actions.who_and_where(o)) for o in certain]
    form.points.choices = [(p.id, p.title) for p in campaign.talking_points]
    if request.method == "GET":
        suggested = render(
            campaign.letter_body,
            context(campaign, state.member, [], "", None, campaign_today()),
        ).strip()
        form.officials.data = (
            [i for i in state.chosen if i in state.officials]
            if state.chosen
            else [o.id for o in certain]
        )
        form.points.data = state.points or [p.id for p in campaign.talking_points]
        form.body.data = state.body or suggested
        form.story.data = state.story
        return _write_page(campaign, state, form, certain)
    unanswered = state.unanswered(request.form)
    if not form.validate() or unanswered:
        return _write_page(campaign, state, form, certain, unanswered), 400
    state.choose(form.officials.data or [], request.form)
    if not state.chosen:
        form.officials.errors = ["Please choose at least one official to write to."]
        return _write_page(campaign, state, form, certain), 400
    state.points, state.body, state.story = form.points.data, form.body.data, form.story.data or ""
    state.save(campaign)
    return redirect(url_for("campaigns.send", slug=campaign.slug), code=303)


def _write_page(campaign, state, form, certain, unanswered=()):
    return render_template(
        "campaigns/write.html",
        campaign=campaign,
        state=state,
        form=form,
        certain=certain,
        unanswered=set(unanswered),
        points={p.id: p for p in campaign.talking_points},
    )


@bp.get("/c/<slug>/send")
def send(slug: str):
    """Screen 3: each official's letter and tweet, with a way to send each."""
    campaign = _campaign(slug)
    state = MarchState.load(campaign)
    if not state or not state.chosen:
        return _restart(campaign)
    letters = actions.letters(campaign, state)
    if not letters:
        return _restart(campaign)
    done_by = state.done_by_official()
    ids = [letter.official.id for letter in letters]
    # One official at a time: the one asked for, else the first not yet done.
    asked = ascii_int(request.args.get("official", ""))
    current = asked if asked in ids else (state.after(None, ids) or ids[0])
    following = state.after(current, ids)
    rows = []
    for letter in letters:
        ways = actions.channels(letter)
        rows.append((letter, ways, *actions.ways(ways)))
    return render_template(
        "campaigns/send.html",
        done_by=done_by,
        finished=[letter for letter in letters if done_by.get(letter.official.id)],
        campaign=campaign,
        state=state,
        form=ActForm(),
        letters=rows,
        current=rows[ids.index(current)],
        index=ids.index(current),
        following=letters[ids.index(following)] if following else None,
        opened_by={int(mark.partition(":")[0]) for mark in state.opened},
        labels=actions.CHANNEL_LABELS,
        call_outcomes=CALL_OUTCOME_LABELS,
        cwc_defaults=actions.cwc_defaults(state),
        prefixes=PREFIXES,
        positions=POSITION_LABELS,
        mailto=mailto,
        done=set(state.done),
        opened=set(state.opened),
    )


@bp.post("/c/<slug>/act")
def act(slug: str):
    """Record one send or open (exactly once), then take the member where it goes."""
    campaign = _campaign(slug)
    state = MarchState.load(campaign)
    form = ActForm()
    if not state or not state.chosen:
        return _restart(campaign)
    if not form.validate():
        said = [e for f in (form.prefix, form.outcome, form.position, form.text) for e in f.errors]
        abort(400, description=said[0] if said else NOT_YOURS)
    try:
        ready = actions.prepare(campaign, state, form)
    except actions.Refusal as refusal:
        abort(refusal.status, description=refusal.message)
    # The write lock is held only for the write.
    begin_write()
    interaction_id = record(ready.row)
    if ready.message is not None:
        try:
            office = str(ready.letter.official.id)
            sender = (state.member.email, abuse.client_address(), office)
            enqueue(interaction_id, **ready.message, sender=sender)
        except OutboxFull:
            db.session.rollback()
            abort(429, description=actions.OUTBOX_FULL)
    db.session.commit()
    letter, channel, evidence = ready.letter, form.channel.data, form.evidence.data
    state.mark_done(letter.official.id, channel, evidence)
    if channel == "cwc":
        state.cwc = {name: getattr(form, name).data or "" for name in actions.CWC_FIELDS}
    state.save(campaign)
    if evidence == "reported" or channel in ("smtp_email", "cwc"):
        flash(
            "Thank you! We've counted your call."
            if channel == "call"
            else "Thank you! We've counted it."
            if evidence == "reported"
            else f"Your letter to {letter.official.full_name} is on its way"
            + (
                f" through the {actions.cwc_chamber(letter.official)}'s CWC system."
                if channel == "cwc"
                else "."
            ),
            "success",
        )
        # Counted: on to the next official not yet done (this one again when all are).
        onward = state.after(letter.official.id) or letter.official.id
        return redirect(url_for("campaigns.send", slug=slug, official=onward) + f"#o{onward}", 303)
    return redirect(ready.target, 303)


@bp.get("/c/<slug>/letter/<int:official_id>")
def printable(slug: str, official_id: int):
    """A letter ready to print and mail."""
    campaign = _campaign(slug)
    state = MarchState.load(campaign)
    if not state or official_id not in state.chosen:
        abort(404)
    letter = actions.letters(campaign, state, only=official_id)[0]
    return render_template("campaigns/print.html", campaign=campaign, letter=letter)


@bp.get("/c/<slug>/thanks")
def thanks(slug: str):
    """Screen 4: thank you, the campaign's live count, and links to share it."""
    campaign = _campaign(slug)
    messages, opened_only, members = campaign_count(campaign.id)
    link = url_for("campaigns.landing", slug=slug, _external=True)
    state = MarchState.load(campaign)
    return render_template(
        "campaigns/thanks.html",
        campaign=campaign,
        messages=messages,
        opened_only=opened_only,
        members=members,
        shares=actions.share_campaign(campaign, link),
        link=link,
        mine=len(state.done) if state else 0,
        opened=len(state.opened) if state else 0,
        has_letters=bool(state and state.chosen),
    )
