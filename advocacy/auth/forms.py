"""Account forms: sign-in, password reset, invitations, users and chapters."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from advocacy.abuse import Honeypot
from advocacy.auth.passwords import password_problem
from advocacy.forms import Checkboxes, PostForm, email_address, printable, strip
from advocacy.jurisdictions import JURISDICTIONS, TERRITORIES
from advocacy.models.accounts import COUNTRIES, ROLES
from advocacy.months import time_zones

REGIONS_US = {s.upper() for s in (*JURISDICTIONS, *TERRITORIES)}
REGIONS_CA = set(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"])


def _new_password(form, field):
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class LoginForm(PostForm):
    """Sign in."""

    email = StringField(
        "Email", filters=[strip], validators=[DataRequired(), Length(max=254), printable]
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class ResetRequestForm(Honeypot, PostForm):
    """Ask for a password-reset link."""

    email = StringField(
        "Email", filters=[strip], validators=[DataRequired(), Length(max=254), email_address]
    )


class NewPasswordForm(PostForm):
    """Choose a password (reset or invitation)."""

    password = PasswordField("New password", validators=[DataRequired(), _new_password])
    confirm = PasswordField(
        "The same password again",
        validators=[DataRequired(), EqualTo("password", "The two differ.")],
    )


class AcceptInvitationForm(NewPasswordForm):
    """Accept an invitation: your name and a password."""

    name = StringField(
        "Your name", filters=[strip], validators=[DataRequired(), Length(max=100), printable]
    )


class InviteForm(PostForm):
    """Invite an advocate to one or more chapters."""

    email = StringField(
        "Their email", filters=[strip], validators=[DataRequired(), Length(max=254), email_address]
    )
    chapters = Checkboxes(
        "Chapters", coerce=int, validators=[DataRequired(message="Choose at least one chapter.")]
    )


class UserForm(PostForm):
    """An admin's changes to an account."""

    role = SelectField("Role", choices=[SelectChoice(r, r.title()) for r in ROLES])
    active = BooleanField("Active")
    chapters = Checkboxes("Chapters", coerce=int, validators=[Optional()])


# The zones chapters in the US and Canada use, first and in words; every other zone after.
NORTH_AMERICA = (
    ("America/New_York", "Eastern (New York, Toronto)"),
    ("America/Chicago", "Central (Chicago, Winnipeg)"),
    ("America/Denver", "Mountain (Denver, Edmonton)"),
    ("America/Phoenix", "Mountain, no daylight saving (Phoenix)"),
    ("America/Los_Angeles", "Pacific (Los Angeles, Vancouver)"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("America/Halifax", "Atlantic (Halifax)"),
    ("America/St_Johns", "Newfoundland"),
    ("America/Regina", "Saskatchewan"),
    ("America/Puerto_Rico", "Puerto Rico"),
)


def zone_choices() -> list[tuple[str, str]]:
    """North American zones by name, then every other IANA zone."""
    first = {zone for zone, _ in NORTH_AMERICA}
    rest = sorted(z for z in time_zones() if z not in first and "/" in z)
    return [*NORTH_AMERICA, *[(z, z.replace("_", " ")) for z in rest]]


class ChapterForm(PostForm):
    """A chapter's name, country, states or provinces, and time zone."""

    name = StringField(
        "Name", filters=[strip], validators=[DataRequired(), Length(max=120), printable]
    )
    country = SelectField("Country", choices=[SelectChoice(c, c) for c in COUNTRIES])
    regions = StringField(
        "States or provinces (codes, comma-separated)",
        filters=[lambda v: v.upper().replace(" ", "") if v else v],
        validators=[DataRequired(), Length(max=300)],
    )
    timezone = SelectField(
        "Time zone",
        choices=lambda: zone_choices(),
        default="America/New_York",
        validate_choice=False,  # checked below, with a message that says what to pick
        validators=[DataRequired(), Length(max=64)],
    )

    def validate_regions(self, field):
        """Known codes for the country."""
        allowed = REGIONS_CA if self.country.data == "CA" else REGIONS_US
        wrong = [r for r in field.data.split(",") if r and r not in allowed]
        if wrong or not field.data.strip(","):
            raise ValidationError(f"Unknown for {self.country.data}: {', '.join(wrong) or '-'}.")

    def validate_timezone(self, field):
        """An IANA time zone such as America/Chicago."""
        if field.data not in time_zones():
            raise ValidationError("Use a time zone name like America/Chicago or America/Toronto.")
