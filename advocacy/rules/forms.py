"""The rules search (a GET form), following agencies and queries, and a chapter's
position on a rule."""

from __future__ import annotations

from wtforms import DateField, Form, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from advocacy.forms import (
    ChapterChoice,
    IdField,
    PostForm,
    ascii_int,
    http_link,
    no_hostile_words,
    printable,
    strip,
)
from advocacy.rules.service import MAX_QUERY, POSITION_NAMES, STATUS_NAMES

ANY = [SelectChoice("", "Any")]


class RuleSearchForm(Form):
    """Words, an agency, a comment status, a page (the view sets the agencies)."""

    q = StringField(
        "Words", filters=[strip], validators=[Optional(), Length(max=MAX_QUERY), no_hostile_words]
    )
    agency = SelectField("Agency", choices=ANY, default="")
    status = SelectField(
        "Comments", choices=ANY + [SelectChoice(k, v) for k, v in STATUS_NAMES.items()], default=""
    )
    page = IdField("Page")


class FollowAgencyForm(ChapterChoice, PostForm):
    """Follow an agency's rules (the view sets the agencies)."""

    agency = SelectField("Agency", choices=[])


class FollowQueryForm(ChapterChoice, PostForm):
    """Follow the rules some words find."""

    q = StringField(
        "Words",
        filters=[strip],
        validators=[DataRequired(), Length(min=3, max=MAX_QUERY), no_hostile_words],
    )


class UnfollowForm(PostForm):
    follow_id = HiddenField()

    def chosen(self) -> int | None:
        return ascii_int(self.follow_id.data or "", 1)


class PositionForm(ChapterChoice, PostForm):
    """The chapter's position on a rule, with notes (versioned)."""

    position = SelectField(
        "Our position", choices=[SelectChoice(k, v) for k, v in POSITION_NAMES.items()]
    )
    notes = TextAreaField(
        "Notes (why, what we ask)", filters=[strip], validators=[Length(max=5000), printable]
    )
    version = HiddenField()

    def seen_version(self) -> int | None:
        return ascii_int(self.version.data or "", 1) if self.version.data else None


class ManualRuleForm(PostForm):
    """A consultation no API carries (Canada Gazette Part I, a state agency), by hand."""

    title = StringField(
        "Title",
        filters=[strip],
        validators=[InputRequired("Enter its title."), Length(max=2000), printable],
    )
    department = StringField(
        "Department or agency",
        filters=[strip],
        validators=[InputRequired("Enter who is consulting."), Length(max=300), printable],
    )
    link = StringField(
        "Where people comment (the department's form or email page)",
        filters=[strip],
        validators=[InputRequired("Enter the link to comment at."), Length(max=500), http_link],
    )
    closes_on = DateField("Comments close on", validators=[InputRequired("Enter the date.")])
    summary = TextAreaField(
        "Summary", filters=[strip], validators=[Optional(), Length(max=20_000), printable]
    )
    reference = StringField(
        "Its reference (optional, e.g. the Gazette's Vol. 160, No. 12)",
        filters=[strip],
        validators=[Optional(), Length(max=120), printable],
    )
