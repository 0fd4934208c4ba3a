"""Forms for staff, key contacts, coalition partners and sign-on letters."""

from __future__ import annotations

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
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from advocacy.abuse import Honeypot
from advocacy.forms import (
    ChapterChoice,
    Checkboxes,
    PostForm,
    ascii_int,
    email_address,
    http_link,
    plausible_day,
    printable,
    strip,
)
from advocacy.relationships.coalitions import KIND_NAMES
from advocacy.relationships.contacts import HOW_NAMES, STRENGTH_NAMES
from advocacy.relationships.staff import ROLE_NAMES


def _optional_email(form, field):
    if field.data:
        email_address(form, field)


class StaffForm(ChapterChoice, PostForm):
    """A staffer of an office: who, their role, how to reach them, when last confirmed."""

    name = StringField(
        "Name", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    role = SelectField("Role", choices=[SelectChoice(k, v) for k, v in ROLE_NAMES.items()])
    email = StringField(
        "Email", filters=[strip], validators=[Optional(), Length(max=254), _optional_email]
    )
    phone = StringField(
        "Phone", filters=[strip], validators=[Optional(), Length(max=40), printable]
    )
    notes = TextAreaField(
        "Notes", filters=[strip], validators=[Optional(), Length(max=2000), printable]
    )
    confirmed_on = DateField(
        "Last confirmed on", validators=[InputRequired("Please give a date."), plausible_day]
    )
    shared = BooleanField("Share with every chapter of the organisation")
    official_id = HiddenField()

    def moved_to(self) -> int | None:
        return ascii_int(self.official_id.data or "", 1)

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "email": self.email.data or "",
            "phone": self.phone.data or "",
            "notes": self.notes.data or "",
            "shared": bool(self.shared.data),
            "confirmed_on": self.confirmed_on.data,
        }


class KeyContactForm(ChapterChoice, PostForm):
    """An advocate's relationship with an official or a staffer, with their consent."""

    how = SelectField(
        "How you know them", choices=[SelectChoice(k, v) for k, v in HOW_NAMES.items()]
    )
    strength = SelectField(
        "How well", choices=[SelectChoice(k, v) for k, v in STRENGTH_NAMES.items()]
    )
    notes = TextAreaField(
        "Notes (only your chapter and task-force leads see them)",
        filters=[strip],
        validators=[Optional(), Length(max=2000), printable],
    )
    goal_per_year = IntegerField(
        "Meetings a year you aim for",
        default=2,
        validators=[InputRequired("Please give a number (0 for none)."), NumberRange(0, 52)],
    )
    consent = BooleanField(
        "I agree that the organisation keeps this relationship (I can download or erase it "
        "at any time)"
    )

    def validate_consent(self, field):
        if not field.data:
            raise ValidationError("We keep a relationship only with your consent.")

    def values(self) -> dict:
        return {
            "how": self.how.data,
            "strength": self.strength.data,
            "notes": self.notes.data or "",
            "goal_per_year": self.goal_per_year.data,
        }


class OrganisationForm(ChapterChoice, PostForm):
    """A coalition partner."""

    name = StringField(
        "Organisation", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    kind = SelectField("Kind", choices=[SelectChoice(k, v) for k, v in KIND_NAMES.items()])
    website = StringField(
        "Website", filters=[strip], validators=[Optional(), Length(max=300), http_link]
    )
    contact_name = StringField(
        "Contact", filters=[strip], validators=[Optional(), Length(max=200), printable]
    )
    contact_email = StringField(
        "Contact email", filters=[strip], validators=[Optional(), Length(max=254), _optional_email]
    )
    issues = TextAreaField(
        "Issues we share", filters=[strip], validators=[Optional(), Length(max=2000), printable]
    )

    def values(self) -> dict:
        return {
            "name": self.name.data,
            "kind": self.kind.data,
            "website": self.website.data or "",
            "contact_name": self.contact_name.data or "",
            "contact_email": self.contact_email.data or "",
            "issues": self.issues.data or "",
        }


class LetterForm(ChapterChoice, PostForm):
    """A sign-on letter: its text, whom it goes to, and the campaign it counts for."""

    title = StringField(
        "Title", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    body = TextAreaField(
        "Letter", filters=[strip], validators=[DataRequired(), Length(max=10000), printable]
    )
    campaign_id = SelectField("Counts for campaign", coerce=str, choices=[])
    targets = Checkboxes("Officials it goes to", coerce=str, choices=[])
    to_name = StringField(
        "Or an agency (name)", filters=[strip], validators=[Optional(), Length(max=200), printable]
    )
    to_email = StringField(
        "Agency's email", filters=[strip], validators=[Optional(), Length(max=254), _optional_email]
    )

    def validate_targets(self, field):
        if not field.data and not self.to_email.data:
            raise ValidationError("Please choose an official or give an agency's email.")


class SignForm(Honeypot, PostForm):
    """An organisation signs a letter (public)."""

    org_name = StringField(
        "Organisation", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    signatory = StringField(
        "Signed by (name)", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    title = StringField(
        "Their title", filters=[strip], validators=[Optional(), Length(max=200), printable]
    )
    email = StringField(
        "Email (to confirm; not shown)",
        filters=[strip],
        validators=[DataRequired(), Length(max=254), email_address],
    )
    authorised = BooleanField("I may sign for this organisation")

    def validate_authorised(self, field):
        if not field.data:
            raise ValidationError("Please confirm you may sign for the organisation.")


class ModerateForm(PostForm):
    signature_id = HiddenField()
    decision = SelectField(
        choices=[SelectChoice("approved", "Approve"), SelectChoice("rejected", "Reject")]
    )

    def chosen(self) -> int | None:
        return ascii_int(self.signature_id.data or "", 1)
