"""The public side of an advocacy day: the registration page, and each attendee's own
schedule and calendar feed at their private link."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from advocacy import abuse, clock
from advocacy.days import plan, schedule
from advocacy.days.forms import RegisterForm
from advocacy.delivery.outbox import enqueue_message
from advocacy.extensions import begin_write, db
from advocacy.models import Attendee

bp = Blueprint("attend", __name__)
abuse.limit_member_posts(bp, "day-address")


def render_sheet(found, person, private: bool):
    """An attendee's day sheet: their meetings in order, walks and conflicts."""
    itinerary = schedule.itinerary(found, person, plan.meetings_of(found))
    return render_template(
        "days/sheet.html",
        day=found,
        person=person,
        plan=itinerary,
        private=private,
        feed_url=url_for("attend.feed", key=found.key, feed_key=person.feed_key, _external=True),
    )


def _public_day(key: str):
    found = plan.day_by_key(key)
    if found is None:
        abort(404, description="There is no advocacy day at this link.")
    return found


@bp.route("/d/<key>", methods=["GET", "POST"])
def register(key: str):
    """Register for a day; the same email again updates the registration."""
    found = _public_day(key)
    form = RegisterForm()
    if not form.is_submitted():
        form.arrive_day.data, form.depart_day.data = found.starts_on, found.ends_on
    today = clock.today(found.timezone)
    closed = today > found.ends_on
    if (
        not closed
        and form.validate_on_submit()
        and form.check_dates(found.starts_on, found.ends_on)
    ):
        try:
            offices = plan.offices_for(found, form.address.data, today)
        except plan.OutsideArea as outside:
            form.address.errors.append(str(outside))
        else:
            zone = ZoneInfo(found.timezone)
            arrive, depart = form.moments()
            begin_write()
            person, created = plan.register(
                plan.day_by_key(key),
                {
                    "name": form.name.data,
                    "email": form.email.data,
                    "address": form.address.data,
                    "arrive_at": plan.wall_to_utc(arrive, zone),
                    "depart_at": plan.wall_to_utc(depart, zone),
                    "needs": form.needs.data or "",
                },
                offices,
            )
            db.session.flush()
            mine_url = url_for("attend.mine", key=key, feed_key=person.feed_key, _external=True)
            enqueue_message(
                to=person.email,
                subject=f"You are registered: {found.title}",
                body=(
                    f"Hello {person.name},\n\nYou are registered for {found.title}. Your "
                    f"schedule, with each meeting as offices confirm it, is here:\n{mine_url}\n\n"
                    "Keep this link to yourself: it is your own.\n\n"
                    f"{found.contact_name}\n{found.chapter.name}"
                ),
                dedupe_key=f"day-registered:{person.id}",
            )
            db.session.commit()
            flash(
                "You are registered."
                if created
                else "Your registration is updated (one per email)."
            )
            return redirect(url_for("attend.mine", key=key, feed_key=person.feed_key), 303)
    status = 400 if form.errors else 200
    return render_template("days/register.html", day=found, form=form, closed=closed), status


def _attendee_by_feed(found, feed_key: str):
    if not plan.URL_KEY.fullmatch(feed_key or ""):
        abort(404, description="There is no registration at this link.")
    person = db.session.scalars(
        select(Attendee).where(Attendee.day_id == found.id, Attendee.feed_key == feed_key)
    ).first()
    if person is None or person.data_removed_at is not None:
        abort(404, description="There is no registration at this link.")
    return person


@bp.get("/d/<key>/me/<feed_key>")
def mine(key: str, feed_key: str):
    """An attendee's own schedule (a private link: it is in their email and nowhere else)."""
    found = _public_day(key)
    response = Response(render_sheet(found, _attendee_by_feed(found, feed_key), private=True))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/d/<key>/me/<feed_key>/calendar.ics")
def feed(key: str, feed_key: str):
    """The attendee's confirmed meetings as an iCalendar feed (private link)."""
    found = _public_day(key)
    person = _attendee_by_feed(found, feed_key)
    itinerary = schedule.itinerary(found, person, plan.meetings_of(found))
    body = schedule.to_ical(
        found, itinerary, url_for("attend.mine", key=key, feed_key=feed_key, _external=True)
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": "inline; filename=day.ics",
        },
    )
