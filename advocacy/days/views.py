"""Advocacy day pages: the chapter's plan (attendees by office, one request per office,
each meeting's status, leave-behinds, reports), and the public registration and each
attendee's private schedule with its calendar feed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from advocacy.access import chapter_scope, chosen_chapter, own_chapters, role_required
from advocacy.days import plan, report
from advocacy.days.forms import (
    OUTCOME_CHOICES,
    DayForm,
    MeetingForm,
    ReportForm,
    RequestForm,
    combine,
)
from advocacy.days.public_views import render_sheet
from advocacy.extensions import begin_write, db
from advocacy.forms import ActionForm
from advocacy.models import Attendee, BillFollow, Campaign
from advocacy.months import in_zone
from advocacy.relationships.staff import ROLE_NAMES, office_staff

bp = Blueprint("days", __name__)
ANYONE = ("advocate", "lead", "admin")


@bp.app_context_processor
def _names():
    return {
        "day_mode_names": plan.MODE_NAMES,
        "meeting_status_names": plan.STATUS_NAMES,
        "outcome_names": dict(OUTCOME_CHOICES),
        "staff_role_names": ROLE_NAMES,
    }


@bp.app_template_filter("day_time")
def day_time(moment: datetime | None, found, fmt: str = "%H:%M") -> str:
    """A moment in the day's own time zone (SQLite gives times back without a zone: UTC)."""
    return in_zone(moment, found.timezone).strftime(fmt) if moment else ""


def _day(day_id: int):
    day = plan.get_day(day_id, chapter_scope())
    if day is None:
        abort(404, description="There is no advocacy day by that id among your chapters.")
    return day


def _meeting(day, meeting_id: int):
    meeting = plan.get_meeting(day, meeting_id)
    if meeting is None:
        abort(404, description="This day has no meeting by that id.")
    return meeting


@bp.get("/days")
@role_required(*ANYONE)
def listing():
    """The chapters' advocacy days, newest first."""
    return render_template("days/list.html", days=plan.days_in(chapter_scope()))


def _day_choices(form: DayForm, chapters) -> None:
    form.set_chapters(chapters)
    ids = [c.id for c in chapters]
    campaigns = db.session.scalars(
        select(Campaign)
        .where((Campaign.chapter_id.in_(ids)) | (Campaign.chapter_id.is_(None)))
        .where(Campaign.rule_id.is_(None))
        .order_by(Campaign.starts_on.desc())
        .limit(100)
    ).all()
    form.campaign_id.choices = [SelectChoice("", "None")] + [
        SelectChoice(str(c.id), c.title) for c in campaigns
    ]
    follows = db.session.scalars(
        select(BillFollow)
        .where(BillFollow.chapter_id.in_(ids), BillFollow.kind == "bill")
        .where(BillFollow.ended_at.is_(None))
    ).all()
    bills = {f.bill.id: f.bill for f in follows if f.bill is not None}
    form.bills.choices = [
        SelectChoice(str(b.id), f"{b.identifier}: {b.title[:80]}")
        for b in sorted(bills.values(), key=lambda b: b.identifier)
    ]


@bp.route("/days/new", methods=["GET", "POST"])
@role_required(*ANYONE)
def new():
    """Plan a day: its kind, dates, place, topics and contact."""
    chapters = own_chapters()
    form = DayForm()
    _day_choices(form, chapters)
    if not form.is_submitted():
        form.contact_name.data = current_user.name
        form.contact_email.data = current_user.email
        first = chapters[0]
        form.state.data = (first.regions or "").split(",")[0].strip().lower() or "ma"
    if form.validate_on_submit():
        chapter = chosen_chapter(form, chapters)
        begin_write()
        day = plan.create_day(
            chapter.id,
            current_user.id,
            {
                "title": form.title.data,
                "mode": form.mode.data,
                "state": form.state.data,
                "starts_on": form.starts_on.data,
                "ends_on": form.ends_on.data,
                "timezone": form.timezone.data,
                "place": form.place.data or "",
                "window": form.window.data or "",
                "ask": form.ask.data or "",
                "campaign_id": int(form.campaign_id.data) if form.campaign_id.data else None,
                "contact_name": form.contact_name.data,
                "contact_email": form.contact_email.data,
            },
            [int(b) for b in form.bills.data or []],
        )
        db.session.commit()
        flash("Day planned. Share its registration link with your attendees.")
        return redirect(url_for("days.day", day_id=day.id), 303)
    return render_template("days/new.html", form=form), 400 if form.errors else 200


@bp.get("/days/<int:day_id>")
@role_required(*ANYONE)
def day(day_id: int):
    """The day's plan: offices with their attendees and status, attendees, summary."""
    found = _day(day_id)
    meetings = plan.meetings_of(found)
    grouped = plan.attendees_by_office(found)
    return render_template(
        "days/day.html",
        day=found,
        meetings=meetings,
        grouped=grouped,
        recipients={m.id: plan.recipient(found, m) for m in meetings},
        summary=report.summary(meetings),
        send_form=ActionForm(),
        register_url=url_for("attend.register", key=found.key, _external=True),
    )


@bp.post("/days/<int:day_id>/requests")
@role_required(*ANYONE)
def send_requests(day_id: int):
    """Send one request to every office still to be asked (never one per attendee)."""
    found = _day(day_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400, description="The form had expired; please send the requests again.")
    begin_write()
    sent, missing = plan.send_all(found, current_user.id)
    db.session.commit()
    if sent:
        flash(f"Sent {len(sent)} meeting request{'s' if len(sent) != 1 else ''}, one per office.")
    else:
        flash("No request was waiting to be sent.")
    for meeting in missing:
        flash(
            f"No scheduler is on file for {meeting.official_name}: open the meeting to give an "
            "address (its public contact is offered there), or add the scheduler to the staff.",
            "error",
        )
    return redirect(url_for("days.day", day_id=found.id), 303)


def _meeting_page(found, meeting, form, request_form, status=200):
    grouped = plan.attendees_by_office(found)
    return (
        render_template(
            "days/meeting.html",
            day=found,
            meeting=meeting,
            form=form,
            request_form=request_form,
            attendees=grouped.get(meeting.official_id, []),
            recipient=plan.recipient(found, meeting),
            public_contact=plan.public_contact(meeting),
            staff=office_staff(meeting.official_id, chapter_scope()),
        ),
        status,
    )


@bp.route("/days/<int:day_id>/meetings/<int:meeting_id>", methods=["GET", "POST"])
@role_required(*ANYONE)
def meeting(day_id: int, meeting_id: int):
    """One office's meeting: its status, time and room, the request, its history."""
    found = _day(day_id)
    item = _meeting(found, meeting_id)
    form = MeetingForm()
    zone = ZoneInfo(found.timezone)
    if not form.is_submitted():
        form.status.data = item.status
        form.room.data = item.room
        form.note.data = item.note
        form.version.data = str(item.version)
        if item.starts_at:
            local = in_zone(item.starts_at, found.timezone)
            form.day.data, form.starts.data = local.date(), local.time()
        else:
            form.day.data = found.starts_on
        if item.ends_at:
            form.ends.data = in_zone(item.ends_at, found.timezone).time()
    request_form = RequestForm()
    if not request_form.is_submitted():
        to = plan.recipient(found, item)
        request_form.to.data = to.address if to else ""
    if form.validate_on_submit():
        if form.day.data and not found.starts_on <= form.day.data <= found.ends_on:
            form.day.errors.append("Please give a date within the day's dates.")
            return _meeting_page(found, item, form, request_form, 400)
        if form.seen_version() != item.version:
            flash(
                "Someone else changed this meeting while you were editing it; here it is now.",
                "error",
            )
            return redirect(url_for("days.meeting", day_id=found.id, meeting_id=item.id), 303)
        starts = combine(form.day.data, form.starts.data)
        ends = combine(form.day.data, form.ends.data)
        begin_write()
        item = _meeting(found, meeting_id)
        plan.update_meeting(
            item,
            current_user.id,
            {
                "status": form.status.data,
                "starts_at": plan.wall_to_utc(starts, zone),
                "ends_at": plan.wall_to_utc(ends, zone),
                "room": form.room.data or "",
                "note": form.note.data or "",
            },
        )
        try:
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            flash("Someone else changed this meeting at the same moment; here it is now.", "error")
            return redirect(url_for("days.meeting", day_id=found.id, meeting_id=item.id), 303)
        flash("Meeting saved.")
        return redirect(url_for("days.day", day_id=found.id), 303)
    return _meeting_page(found, item, form, request_form, 400 if form.errors else 200)


@bp.post("/days/<int:day_id>/meetings/<int:meeting_id>/request")
@role_required(*ANYONE)
def send_request(day_id: int, meeting_id: int):
    """Send (or resend) this office's request to the address given."""
    found = _day(day_id)
    item = _meeting(found, meeting_id)
    request_form = RequestForm()
    if not request_form.validate_on_submit():
        form = MeetingForm(formdata=None, obj=None)
        form.status.data = item.status
        form.version.data = str(item.version)
        return _meeting_page(found, item, form, request_form, 400)
    if not plan.attendees_by_office(found).get(item.official_id):
        flash(
            "No attendee is a constituent of this office yet, so there is nothing to ask.", "error"
        )
        return redirect(url_for("days.meeting", day_id=found.id, meeting_id=item.id), 303)
    begin_write()
    item = _meeting(found, meeting_id)
    given = request_form.to.data
    known = plan.recipient(found, item)
    to = (
        known if known and known.address == given else plan.Recipient(given, "the address you gave")
    )
    plan.send_request(found, item, current_user.id, to)
    db.session.commit()
    flash(f"Request sent to {given}.")
    return redirect(url_for("days.day", day_id=found.id), 303)


@bp.get("/days/<int:day_id>/meetings/<int:meeting_id>/leave-behind")
@role_required(*ANYONE)
def leave_behind(day_id: int, meeting_id: int):
    """One printable page for the office: the ask, points, bills, its constituents."""
    found = _day(day_id)
    item = _meeting(found, meeting_id)
    return render_template(
        "days/leave_behind.html",
        day=found,
        meeting=item,
        attendees=plan.attendees_by_office(found).get(item.official_id, []),
    )


@bp.route("/days/<int:day_id>/meetings/<int:meeting_id>/report", methods=["GET", "POST"])
@role_required(*ANYONE)
def meeting_report(day_id: int, meeting_id: int):
    """After the meeting: what was said, the position heard, the follow-up (a log entry)."""
    found = _day(day_id)
    item = _meeting(found, meeting_id)
    if item.log_entry_id is not None:
        flash("This meeting's report is filed; edit it as a log entry.")
        return redirect(url_for("interactions.entry", entry_id=item.log_entry_id), 303)
    attendees = plan.attendees_by_office(found).get(item.official_id, [])
    staff = office_staff(item.official_id, chapter_scope())
    form = ReportForm()
    form.attendees.choices = [SelectChoice(str(a.id), a.name) for a in attendees]
    form.staff.choices = [
        SelectChoice(str(s.id), s.name + (f" ({ROLE_NAMES[s.current.role]})" if s.current else ""))
        for s in staff
    ]
    if not form.is_submitted():
        form.attendees.data = [str(a.id) for a in attendees]
        form.occurred_on.data = (
            in_zone(item.starts_at, found.timezone).date() if item.starts_at else found.starts_on
        )
    if form.validate_on_submit():
        begin_write()
        item = _meeting(found, meeting_id)
        if item.log_entry_id is not None:
            return redirect(url_for("interactions.entry", entry_id=item.log_entry_id), 303)
        chosen_staff = [s for s in staff if str(s.id) in set(form.staff.data or [])]
        chosen = [a for a in attendees if str(a.id) in set(form.attendees.data or [])]
        entry = report.file_report(
            found,
            item,
            current_user.id,
            {
                "occurred_on": form.occurred_on.data,
                "said": form.said.data,
                "outcome": form.outcome.data,
                "follow_up": form.follow_up.data or "",
                "follow_up_on": form.follow_up_on.data,
                "met_official": bool(form.met_official.data),
            },
            chosen,
            chosen_staff,
        )
        db.session.commit()
        flash("Report filed: it is in the log, with the follow-up.")
        return redirect(url_for("interactions.entry", entry_id=entry.id), 303)
    return render_template(
        "days/report.html", day=found, meeting=item, form=form
    ), 400 if form.errors else 200


@bp.get("/days/<int:day_id>/attendees/<int:attendee_id>")
@role_required(*ANYONE)
def attendee(day_id: int, attendee_id: int):
    """An attendee's day sheet, as the chapter sees it."""
    found = _day(day_id)
    person = db.session.get(Attendee, attendee_id)
    if person is None or person.day_id != found.id or person.data_removed_at is not None:
        abort(404, description="This day has no attendee by that id.")
    return render_sheet(found, person, private=False)
