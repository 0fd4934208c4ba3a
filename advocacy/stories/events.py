"""Chapter events: advocates submit, leads approve, everyone sees the list and the feed."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from advocacy import clock
from advocacy.access import chapter_scope, role_required
from advocacy.extensions import begin_write, db
from advocacy.models import Chapter, Event
from advocacy.models._types import utcnow
from advocacy.stories.calendar import to_ical
from advocacy.stories.forms import EventDecisionForm, EventForm
from advocacy.stories.service import submit_event

bp = Blueprint("events", __name__)
# The feed keeps a month of past events so this week's still show after they end.
FEED_PAST_DAYS = 30


def _approved(since: datetime | None = None):
    query = select(Event).options(selectinload(Event.chapter)).where(Event.status == "approved")
    if since is not None:
        query = query.where(Event.ends_at >= since)
    return query.order_by(Event.starts_at, Event.id)


def _local(moment: datetime, zone: str) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ZoneInfo(zone))


@bp.route("/events")
def listing():
    """Approved events by day (each in its own time zone); past ones with ?past=1."""
    past = request.args.get("past") == "1"
    now = clock.now()
    if past:
        query = select(Event).options(selectinload(Event.chapter))
        query = query.where(Event.status == "approved", Event.ends_at < now)
        query = query.order_by(Event.starts_at.desc()).limit(500)
    else:
        query = _approved(now).limit(500)
    days: dict = defaultdict(list)
    for event in db.session.scalars(query):
        start = _local(event.starts_at, event.timezone)
        days[start.date()].append((event, start, _local(event.ends_at, event.timezone)))
    return render_template("stories/events/list.html", days=days, past=past)


@bp.route("/events.ics")
def feed():
    """Every approved event (from a month ago on) as an iCalendar feed."""
    since = clock.now() - timedelta(days=FEED_PAST_DAYS)
    events = db.session.scalars(_approved(since)).all()
    body = to_ical(events, _event_url, "NHIT Week chapter events")
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "max-age=300"})


def _event_url(event: Event) -> str:
    return url_for("events.listing", _external=True) + f"#event-{event.id}"


@bp.route("/events/<int:event_id>.ics")
def download(event_id: int):
    """One approved event as a .ics file to open in a calendar."""
    event = db.session.get(Event, event_id)
    if event is None or event.status != "approved":
        abort(404)
    body = to_ical([event], _event_url, event.title)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'},
    )


def _chapter_choices(form: EventForm) -> None:
    query = select(Chapter).order_by(Chapter.name)
    scope = chapter_scope()
    if scope is not None:
        query = query.where(Chapter.id.in_(scope or {-1}))
    chapters = db.session.scalars(query).all()
    form.chapter.choices = [SelectChoice(c.id, c.name) for c in chapters]
    if request.method == "GET" and chapters:
        form.timezone.data = chapters[0].timezone


@bp.route("/events/new", methods=["GET", "POST"])
@role_required("advocate", "lead", "admin")
def new():
    """A chapter's event, listed once a lead approves it."""
    form = EventForm()
    _chapter_choices(form)
    if not form.chapter.choices:
        abort(403, description="You belong to no chapter yet; ask a lead to add you to one.")
    if form.validate_on_submit():
        begin_write()
        _, created = submit_event(
            {
                "chapter_id": form.chapter.data,
                "title": form.title.data,
                "starts_at": form.starts.astimezone(UTC),
                "ends_at": form.ends.astimezone(UTC),
                "timezone": form.timezone.data,
                "place": form.place.data or "",
                "online_url": form.online_url.data or None,
                "description": form.description.data or "",
            },
            current_user.id,
        )
        db.session.commit()
        flash(
            "Thank you! A lead will approve it for the list."
            if created
            else "This event was already sent in; it is listed once.",
            "success",
        )
        return redirect(url_for("events.listing"), 303)
    return render_template(
        "stories/events/new.html", form=form
    ), 400 if form.is_submitted() else 200


@bp.route("/events/moderate")
@role_required("lead", "admin")
def queue():
    """Events waiting for a decision, soonest first."""
    events = db.session.scalars(
        select(Event)
        .options(selectinload(Event.chapter))
        .where(Event.status == "pending")
        .order_by(Event.starts_at)
        .limit(500)
    ).all()
    rows = [(e, _local(e.starts_at, e.timezone), _local(e.ends_at, e.timezone)) for e in events]
    return render_template("stories/events/queue.html", rows=rows, form=EventDecisionForm())


@bp.route("/events/<int:event_id>/decide", methods=["POST"])
@role_required("lead", "admin")
def decide(event_id: int):
    """Approve or refuse one event."""
    form = EventDecisionForm()
    if not form.validate_on_submit():
        abort(400, description="Choose approve or refuse.")
    begin_write()
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    event.status = "approved" if form.action.data == "approve" else "refused"
    event.refusal_reason = form.reason.data or None if event.status == "refused" else None
    event.moderated_by_id, event.moderated_at = current_user.id, utcnow()
    db.session.commit()
    flash(f"{event.title}: {event.status}.", "success")
    return redirect(url_for("events.queue"), 303)
