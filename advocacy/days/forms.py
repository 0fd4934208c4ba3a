"""Forms of an advocacy day: planning it, registering for it (public), a meeting's status,
time and room, and the report after the meeting."""

from __future__ import annotations

from datetime import datetime, time

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from advocacy.abuse import Honeypot
from advocacy.days.plan import MODE_NAMES, STATUS_NAMES
from advocacy.forms import (
    ChapterChoice,
    Checkboxes,
    PostForm,
    ascii_int,
    email_address,
    plausible_day,
    printable,
    strip,
)
from advocacy.jurisdictions import JURISDICTIONS, state_meta

OUTCOME_CHOICES = [
    ("supportive", "Supportive"),
    ("neutral", "Neutral or listening"),
    ("opposed", "Opposed"),
    ("mixed", "Mixed"),
    ("no_response", "No position given"),
    ("unknown", "Not sure"),
]
ZONES = [
    ("America/New_York", "Eastern"),
    ("America/Chicago", "Central"),
    ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona"),
    ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
]


class DayForm(ChapterChoice, PostForm):
    """Plan a day: what, where, when, about what (the view sets campaigns and bills)."""

    title = StringField(
        "Title", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    mode = SelectField("Kind of day", choices=[SelectChoice(k, v) for k, v in MODE_NAMES.items()])
    state = SelectField("State the attendees live in", choices=[])
    starts_on = DateField(
        "First day", validators=[InputRequired("Please give a date."), plausible_day]
    )
    ends_on = DateField(
        "Last day", validators=[InputRequired("Please give a date."), plausible_day]
    )
    timezone = SelectField(
        "Time zone of the meetings", choices=[SelectChoice(k, v) for k, v in ZONES]
    )
    place = StringField(
        "Where", filters=[strip], validators=[Optional(), Length(max=200), printable]
    )
    window = StringField(
        "Meeting hours to offer offices",
        filters=[strip],
        validators=[Optional(), Length(max=120), printable],
        default="9:00 and 17:00",
    )
    campaign_id = SelectField("Talking points from campaign", coerce=str, choices=[])
    bills = Checkboxes("Followed bills to raise", coerce=str, choices=[])
    ask = TextAreaField(
        "The ask (one or two sentences)",
        filters=[strip],
        validators=[Optional(), Length(max=2000), printable],
    )
    contact_name = StringField(
        "Contact name", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    contact_email = StringField(
        "Contact email",
        filters=[strip],
        validators=[DataRequired(), Length(max=254), email_address],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [SelectChoice(a, state_meta(a).name) for a in JURISDICTIONS]

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("The last day cannot be before the first.")
        if field.data and self.starts_on.data and (field.data - self.starts_on.data).days > 31:
            raise ValidationError("Please keep a day's period to a month at most.")


class RegisterForm(Honeypot, PostForm):
    """Register for a day (a second registration with the same email updates the first)."""

    name = StringField(
        "Your name", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    email = StringField(
        "Email", filters=[strip], validators=[DataRequired(), Length(max=254), email_address]
    )
    address = StringField(
        "Home address (street, city, state)",
        filters=[strip],
        validators=[DataRequired(), Length(max=300), printable],
        description="We find the offices that represent you; your address is not shown to them.",
    )
    arrive_day = DateField(
        "You arrive on", validators=[InputRequired("Please give a date."), plausible_day]
    )
    arrive_time = TimeField("at", validators=[InputRequired("Please give a time.")])
    depart_day = DateField(
        "You leave on", validators=[InputRequired("Please give a date."), plausible_day]
    )
    depart_time = TimeField("at", validators=[InputRequired("Please give a time.")])
    needs = TextAreaField(
        "Accessibility needs (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=1000), printable],
    )

    def moments(self) -> tuple[datetime, datetime]:
        return (
            datetime.combine(self.arrive_day.data, self.arrive_time.data),
            datetime.combine(self.depart_day.data, self.depart_time.data),
        )

    def check_dates(self, first, last) -> bool:
        """Arrival and departure inside the day's dates, departure after arrival."""
        arrive, depart = self.moments()
        ok = True
        for field, moment in ((self.arrive_day, arrive), (self.depart_day, depart)):
            if not first <= moment.date() <= last:
                field.errors.append(
                    f"The day runs {first.isoformat()}"
                    + (f" to {last.isoformat()}" if last != first else "")
                    + "; please give a date in it."
                )
                ok = False
        if ok and depart <= arrive:
            self.depart_time.errors.append("Your departure must be after your arrival.")
            ok = False
        return ok


class MeetingForm(PostForm):
    """A meeting's status, time and room (confirmed), or where to send its request."""

    status = SelectField("Status", choices=[SelectChoice(k, v) for k, v in STATUS_NAMES.items()])
    day = DateField("Day", validators=[Optional(), plausible_day])
    starts = TimeField("Starts at", validators=[Optional()])
    ends = TimeField("Ends at", validators=[Optional()])
    room = StringField(
        "Room (for example SR-425 or 2157 Rayburn)",
        filters=[strip],
        validators=[Optional(), Length(max=120), printable],
    )
    note = TextAreaField(
        "Note", filters=[strip], validators=[Optional(), Length(max=2000), printable]
    )
    version = HiddenField()

    def seen_version(self) -> int | None:
        return ascii_int(self.version.data or "", 1)

    def validate_status(self, field):
        if field.data in ("confirmed", "staff") and not (self.day.data and self.starts.data):
            raise ValidationError("A confirmed meeting needs its day and start time.")

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError("The meeting must end after it starts.")


class RequestForm(PostForm):
    """Send (or resend) one office's request, to the address given."""

    to = StringField(
        "Send the request to",
        filters=[strip],
        validators=[
            DataRequired("Please give the address to send the request to."),
            Length(max=254),
            email_address,
        ],
    )


class ReportForm(PostForm):
    """What happened at a meeting (becomes its log entry)."""

    attendees = Checkboxes("Our attendees who were there", coerce=str, choices=[])
    staff = Checkboxes("Staff we met", coerce=str, choices=[])
    met_official = BooleanField("We met the official")
    occurred_on = DateField(
        "Date", validators=[InputRequired("Please give the date."), plausible_day]
    )
    said = TextAreaField(
        "What they said",
        filters=[strip],
        validators=[
            DataRequired("Please say briefly what they said."),
            Length(max=5000),
            printable,
        ],
    )
    outcome = SelectField(
        "Position heard", choices=[SelectChoice(k, v) for k, v in OUTCOME_CHOICES]
    )
    follow_up = StringField(
        "Follow-up promised",
        filters=[strip],
        validators=[Optional(), Length(max=300), printable],
    )
    follow_up_on = DateField("Follow up by", validators=[Optional(), plausible_day])

    def validate_follow_up_on(self, field):
        if self.follow_up.data and not field.data:
            raise ValidationError("Please give a date to follow up by.")

    def validate_staff(self, field):
        if not field.data and not self.met_official.data:
            raise ValidationError("Please say whom you met: the official, their staff, or both.")


def combine(day, at: time | None) -> datetime | None:
    return datetime.combine(day, at) if day and at else None
