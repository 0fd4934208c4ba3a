"""Forms of stories and events. Field rules live here; images are checked in images.py."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from advocacy.abuse import Honeypot
from advocacy.forms import PostForm, email_address, printable, story_words, strip
from advocacy.images import FOCUS
from advocacy.months import time_zones
from advocacy.stories.links import LinkRefused, video_link
from advocacy.text import TWEET_LIMIT, tweet_length

BECAUSE = "#IHeartHIT because"
MAX_STORY_CHARS = 4000
MAX_EVENT_DAYS = 7


def because_line(text: str) -> str:
    """The whole shared line: "#IHeartHIT because " and what the member wrote."""
    text = (text or "").strip()
    if text.lower().startswith(BECAUSE.lower()):
        text = text[len(BECAUSE) :].strip()
    return f"{BECAUSE} {text}"


class StoryForm(Honeypot, PostForm):
    """A member's #IHeartHIT story."""

    name = StringField(
        "Your name", filters=[strip], validators=[DataRequired(), Length(max=120), printable]
    )
    email = StringField(
        "Your email (never shown)",
        filters=[strip],
        validators=[DataRequired(), Length(max=254), email_address],
    )
    organisation = StringField(
        "Your organisation (optional)",
        filters=[strip],
        validators=[Optional(), Length(max=200), printable],
    )
    chapter = SelectField("Your chapter (optional)", coerce=int, validate_choice=True)
    campaign = SelectField("The campaign it supports", coerce=int, validate_choice=True)
    title = StringField(
        "Title", filters=[strip], validators=[DataRequired(), Length(max=150), printable]
    )
    body = TextAreaField(
        "Your story (at most 300 words)",
        filters=[strip],
        validators=[DataRequired(), Length(max=MAX_STORY_CHARS), printable, story_words],
    )
    because = StringField(
        BECAUSE + " …",
        filters=[strip],
        validators=[DataRequired(), Length(max=600), printable],
    )
    video_url = StringField(
        "A video of about 60 seconds (optional; a YouTube or Vimeo link)",
        filters=[strip],
        validators=[Optional(), Length(max=300)],
    )
    image = FileField("A photo (optional; JPEG, PNG or WebP, up to 5 MB)")
    # A photo that passed on an earlier try of this form, so a typo elsewhere does not
    # make the member choose it again (signed: see views.py).
    kept_image = HiddenField()
    focus = SelectField(
        "Which part of the photo to keep in the 1200 × 630 crop",
        choices=[SelectChoice(f, f.capitalize()) for f in FOCUS],
        default="center",
    )
    consent_people = BooleanField(
        "Everyone this story is about has given me permission to share it.",
        validators=[InputRequired(message="Please confirm you have their permission.")],
    )
    consent_not_promotional = BooleanField(
        "This story does not promote a product, company or service.",
        validators=[InputRequired(message="Please confirm the story is not promotional.")],
    )

    def validate_because(self, field):
        """The whole line within 280 as X counts it, and something after "because"."""
        line = because_line(field.data)
        if line.strip() == BECAUSE:
            raise ValidationError("Please finish the sentence.")
        length = tweet_length(line)
        if length > TWEET_LIMIT:
            raise ValidationError(
                f"The line is {length} characters as X counts them; please keep it to "
                f"{TWEET_LIMIT}."
            )

    def validate_video_url(self, field):
        """A YouTube or Vimeo link, kept in its canonical form."""
        if field.data:
            try:
                field.data = video_link(field.data)
            except LinkRefused as refused:
                raise ValidationError(str(refused)) from None

    def validate_consent_people(self, field):
        """Ticked."""
        if not field.data:
            raise ValidationError("Please confirm you have their permission.")

    def validate_consent_not_promotional(self, field):
        """Ticked."""
        if not field.data:
            raise ValidationError("Please confirm the story is not promotional.")


class ModerateStoryForm(PostForm):
    """A moderator's grammar fixes and decision."""

    title = StringField(
        "Title", filters=[strip], validators=[DataRequired(), Length(max=150), printable]
    )
    body = TextAreaField(
        "Story",
        filters=[strip],
        validators=[DataRequired(), Length(max=MAX_STORY_CHARS), printable, story_words],
    )
    because = StringField(
        BECAUSE + " …", filters=[strip], validators=[DataRequired(), Length(max=600), printable]
    )
    reason = TextAreaField(
        "Reason (sent to the author when refusing)",
        filters=[strip],
        validators=[Optional(), Length(max=2000), printable],
    )
    version = IntegerField(validators=[InputRequired()])
    action = SelectField(
        choices=[
            SelectChoice("save", "Save fixes"),
            SelectChoice("approve", "Approve"),
            SelectChoice("refuse", "Refuse"),
            SelectChoice("feature", "Feature"),
            SelectChoice("unfeature", "Stop featuring"),
            SelectChoice("resend", "Send the refusal email again"),
        ],
        validate_choice=True,
    )

    validate_because = StoryForm.validate_because

    def validate(self, extra_validators=None) -> bool:
        """Field rules, then: a refusal says why."""
        if not super().validate(extra_validators):
            return False
        if self.action.data == "refuse" and not self.reason.data:
            self.reason.errors.append("Please say why, so the author knows what to change.")
            return False
        return True


def _zones() -> list[SelectChoice]:
    preferred = [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
        "America/Puerto_Rico",
        "America/Halifax",
        "America/St_Johns",
        "America/Toronto",
        "America/Winnipeg",
        "America/Regina",
        "America/Edmonton",
        "America/Vancouver",
    ]
    rest = sorted(time_zones() - set(preferred))
    return [SelectChoice(z, z.replace("_", " ")) for z in preferred + rest]


def local_moment(day: date, clock: time, zone: str) -> datetime:
    """A wall-clock time in a zone; ValueError for times a DST change skips."""
    tz = ZoneInfo(zone)
    moment = datetime.combine(day, clock, tzinfo=tz)
    # A skipped time (02:30 when clocks jump to 03:00) does not survive a round trip.
    back = moment.astimezone(ZoneInfo("UTC")).astimezone(tz)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ValueError(f"{clock:%H:%M} on {day:%B %-d} does not exist in {zone} (clocks jump).")
    return moment


class EventForm(PostForm):
    """A chapter's event."""

    chapter = SelectField("Chapter", coerce=int, validate_choice=True)
    title = StringField(
        "Title", filters=[strip], validators=[DataRequired(), Length(max=150), printable]
    )
    start_day = DateField("Starts on", validators=[InputRequired(message="Please give a date.")])
    start_time = TimeField("at", validators=[InputRequired(message="Please give a time.")])
    end_day = DateField("Ends on", validators=[InputRequired(message="Please give a date.")])
    end_time = TimeField("at", validators=[InputRequired(message="Please give a time.")])
    timezone = SelectField("Time zone", choices=_zones(), validate_choice=True)
    place = StringField(
        "Place (address or venue)",
        filters=[strip],
        validators=[Optional(), Length(max=300), printable],
    )
    online_url = StringField(
        "Online link", filters=[strip], validators=[Optional(), Length(max=500), printable]
    )
    description = TextAreaField(
        "Description", filters=[strip], validators=[Optional(), Length(max=4000), printable]
    )

    def validate_online_url(self, field):
        """An http(s) address, nothing a browser would run."""
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError("Please give the full link, starting with https://.")
        if field.data and any(c.isspace() for c in field.data):
            raise ValidationError("A link cannot contain spaces.")

    def validate(self, extra_validators=None) -> bool:
        """Field rules, then: a place or a link, a real start and an end after it."""
        if not super().validate(extra_validators):
            return False
        if not self.place.data and not self.online_url.data:
            self.place.errors.append("Please give a place or an online link (or both).")
            return False
        if not all(2000 <= d.year <= 2100 for d in (self.start_day.data, self.end_day.data)):
            self.start_day.errors.append("Please give a date between 2000 and 2100.")
            return False
        try:
            self.starts = local_moment(
                self.start_day.data, self.start_time.data, self.timezone.data
            )
            self.ends = local_moment(self.end_day.data, self.end_time.data, self.timezone.data)
        except ValueError as error:
            self.start_time.errors.append(str(error))
            return False
        if self.ends <= self.starts:
            self.end_time.errors.append("The event must end after it starts.")
            return False
        if self.ends - self.starts > timedelta(days=MAX_EVENT_DAYS):
            self.end_day.errors.append(f"An event can last at most {MAX_EVENT_DAYS} days.")
            return False
        return True


class EventDecisionForm(PostForm):
    """A lead's decision on an event."""

    action = SelectField(
        choices=[SelectChoice("approve", "Approve"), SelectChoice("refuse", "Refuse")],
        validate_choice=True,
    )
    reason = StringField(
        "Reason", filters=[strip], validators=[Optional(), Length(max=500), printable]
    )
