"""The log entry form: what happened, with whom, when, and how it went."""

from __future__ import annotations

from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from advocacy.campaigns.forms import MultiCheckboxField
from advocacy.campaigns.text import hostile_text_problem
from advocacy.models.log import KINDS, OUTCOMES

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


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _clean(form, field):
    problem = hostile_text_problem(field.data or "")
    if problem:
        raise ValidationError(f"This {problem}.")


class LogEntryForm(FlaskForm):
    """Log a contact. The chapter and official choices are set by the view."""

    chapter_id = SelectField("Chapter", coerce=int)
    kind = SelectField("What happened", choices=[SelectChoice(k, KIND_LABELS[k]) for k in KINDS])
    occurred_on = DateField("Date", validators=[InputRequired()])
    officials = MultiCheckboxField("With", coerce=int)
    find = StringField(
        "Find an official by name",
        filters=[_strip],
        validators=[Optional(), Length(max=100), _clean],
    )
    campaign_id = SelectField("Campaign", coerce=int)
    issue = StringField("Issue", filters=[_strip], validators=[Length(max=200), _clean])
    participants = TextAreaField(
        "Who took part", filters=[_strip], validators=[Length(max=2000), _clean]
    )
    topics = TextAreaField("Topics", filters=[_strip], validators=[Length(max=2000), _clean])
    notes = TextAreaField("Notes", filters=[_strip], validators=[Length(max=10_000), _clean])
    outcome = SelectField("Outcome", choices=[SelectChoice(o, OUTCOME_LABELS[o]) for o in OUTCOMES])
    follow_up_on = DateField("Follow up by", validators=[Optional()])
    follow_up_done = BooleanField("Follow-up done")
    version = HiddenField()

    def validate_occurred_on(self, field):
        """Not in the future (a day of slack for time zones), not before 1990."""
        if field.data and (
            field.data > date.today() + timedelta(days=1) or field.data < date(1990, 1, 1)
        ):
            raise ValidationError("Please enter the date it happened.")

    def validate_officials(self, field):
        """At least one official."""
        if not field.data:
            raise ValidationError("Choose at least one official (find them by name).")


class DeleteForm(FlaskForm):
    """Delete or restore (soft): only the CSRF token and the version."""

    version = IntegerField(validators=[Optional(), NumberRange(min=1)])
