"""The log entry form (what happened, with whom, when, how it went) and the feed's filters."""

from __future__ import annotations

from datetime import date, timedelta

from wtforms import (
    BooleanField,
    DateField,
    Form,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from advocacy import clock
from advocacy.forms import Checkboxes, DayField, IdField, PostForm, printable, strip
from advocacy.interactions.feed import Filters
from advocacy.models.interactions import CHANNELS
from advocacy.models.log import KINDS, OUTCOMES

# A member's send, by its channel, in words (the feed, the report, the CSV).
SEND_LABELS = {
    "email": "Email (member's own)",
    "smtp_email": "Email (sent by us)",
    "print": "Printed letter",
    "contact_form": "Contact form",
    "tweet": "Post on X",
    "bluesky": "Bluesky post",
    "mastodon": "Mastodon post",
    "call": "Phone call",
    "cwc": "Letter through CWC (House)",
}
KIND_LABELS = {
    "meeting": "Meeting",
    "advocacy_day": "Advocacy-day visit",
    "call": "Phone call",
    "letter_mailed": "Letter mailed",
    "email": "Email",
    "event": "Event",
    "testimony": "Testimony",
}
OUTCOME_LABELS = {
    "supportive": "Supportive",
    "neutral": "Neutral",
    "opposed": "Opposed",
    "no_response": "No response",
    "mixed": "Mixed",
    "unknown": "Not known yet",
}


class LogEntryForm(PostForm):
    """Log a contact. The chapter and official choices are set by the view."""

    chapter_id = SelectField("Chapter", coerce=int)
    kind = SelectField("What happened", choices=[SelectChoice(k, KIND_LABELS[k]) for k in KINDS])
    occurred_on = DateField("Date", validators=[InputRequired()])
    officials = Checkboxes("With", coerce=int)
    find = StringField(
        "Find an official by name",
        filters=[strip],
        validators=[Optional(), Length(max=100), printable],
    )
    campaign_id = SelectField("Campaign", coerce=int)
    bills = Checkboxes("About bills", coerce=int)
    issue = StringField("Issue", filters=[strip], validators=[Length(max=200), printable])
    participants = TextAreaField(
        "Who took part", filters=[strip], validators=[Length(max=2000), printable]
    )
    topics = TextAreaField("Topics", filters=[strip], validators=[Length(max=2000), printable])
    notes = TextAreaField("Notes", filters=[strip], validators=[Length(max=10_000), printable])
    outcome = SelectField("Outcome", choices=[SelectChoice(o, OUTCOME_LABELS[o]) for o in OUTCOMES])
    follow_up_on = DateField("Follow up by", validators=[Optional()])
    follow_up_done = BooleanField("Follow-up done")
    version = HiddenField()

    def validate_occurred_on(self, field):
        """Not in the future (a day of slack for time zones), not before 1990."""
        if field.data and (
            field.data > clock.today() + timedelta(days=1) or field.data < date(1990, 1, 1)
        ):
            raise ValidationError("Please enter the date it happened.")

    def validate_officials(self, field):
        """At least one official."""
        if not field.data:
            raise ValidationError("Choose at least one official (find them by name).")


class DeleteForm(PostForm):
    """Delete or restore (soft): only the CSRF token and the version."""

    version = IntegerField(validators=[Optional(), NumberRange(min=1)])


class FeedFilterForm(Form):
    """The feed's filters from the query string (a GET form: no CSRF token)."""

    chapter = IdField("Chapter")
    official = IdField("Official")
    campaign = IdField("Campaign")
    date_from = DayField("From", name="from")
    date_to = DayField("To", name="to")
    channel = StringField("Channel")
    outcome = StringField("Outcome")
    deleted = StringField("Deleted entries")

    def validate_channel(self, field):
        """A log kind or a campaign channel."""
        if field.data and field.data not in (*KINDS, *CHANNELS):
            raise ValidationError("channel is not valid")

    def validate_outcome(self, field):
        """One of the outcomes."""
        if field.data and field.data not in OUTCOMES:
            raise ValidationError("outcome is not valid")

    def messages(self) -> list[str]:
        """Every problem as a phrase ("to must be a date like 2026-09-23")."""
        return [message for errors in self.errors.values() for message in errors]

    def filters(self, scope: set[int] | None) -> Filters:
        """The valid filters; another chapter's id shows nothing, like an unknown one."""
        chapter = self.chapter.data
        if chapter and scope is not None and chapter not in scope:
            chapter = -1
        return Filters(
            chapter_id=chapter,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
            official_id=self.official.data,
            # A refused value never reaches a query, whoever forgets to check the errors.
            channel=None if self.channel.errors else self.channel.data or None,
            campaign_id=self.campaign.data,
            outcome=None if self.outcome.errors else self.outcome.data or None,
            deleted=self.deleted.data == "1",
        )
