"""The directory search form (a GET form: no CSRF token, nothing is written)."""

from __future__ import annotations

import re

from wtforms import Form, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from advocacy.forms import DayField, IdField, PostForm, email_address, printable, strip
from advocacy.jurisdictions import JURISDICTIONS, PROVINCES, TERRITORIES

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _folded(value):
    """The form people type ("OH", " oh ") read as the choice's own ("oh")."""
    return value.strip().lower() if isinstance(value, str) else value


def _choices(*pairs: tuple[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


STATE_CHOICES = _choices(
    ("", "Any state or province"),
    *((s, s.upper()) for s in sorted((*JURISDICTIONS, *TERRITORIES))),
    *((p, f"{p.upper()} ({name})") for p, name in PROVINCES.items()),
)


class OfficialSearchForm(Form):
    """Filters for /officials: a name, state, level, chamber and page."""

    q = StringField("Name", filters=[strip], validators=[Optional(), Length(max=100)])
    state = SelectField("State or province", choices=STATE_CHOICES, default="", filters=[_folded])
    level = SelectField(
        "Level",
        choices=_choices(
            ("", "Any level"),
            ("federal", "U.S. federal"),
            ("state", "U.S. state"),
            ("local", "Mayors"),
            ("canada", "Canada: House of Commons"),
            ("province", "Canada: provinces and territories"),
        ),
        default="",
        filters=[_folded],
    )
    chamber = SelectField(
        "Chamber",
        choices=_choices(
            ("", "Any chamber"),
            ("upper", "Upper (Senate)"),
            ("lower", "Lower (House, Assembly)"),
            ("legislature", "Unicameral (Nebraska, DC council)"),
            ("executive", "Executive"),
        ),
        default="",
        filters=[_folded],
    )
    page = IdField("Page")

    def validate_q(self, field):
        """Names are printable text: control characters and direction overrides are refused."""
        if field.data and _UNPRINTABLE.search(field.data):
            raise ValidationError(
                "Please type the name using letters, spaces and punctuation only."
            )


def _web_address(form, field):
    """A source link is an http(s) address, so readers can check the correction."""
    value = (field.data or "").strip()
    if value and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value, re.I):
        raise ValidationError("Please give the source as a web address (https://...).")


class CorrectionForm(PostForm):
    """An admin's correction of one official where the public data lags."""

    action = RadioField(
        "Correction",
        choices=_choices(
            ("fix", "Fix this entry (name, party, title, district, email, website)"),
            ("end", "This seat has ended"),
            ("add", "Add the person now in this seat"),
        ),
        default="fix",
    )
    full_name = StringField(
        "Name", filters=[strip], validators=[Optional(), Length(max=200), printable]
    )
    party = StringField(
        "Party", filters=[strip], validators=[Optional(), Length(max=120), printable]
    )
    title = StringField(
        "Title", filters=[strip], validators=[Optional(), Length(max=60), printable]
    )
    district = StringField(
        "District", filters=[strip], validators=[Optional(), Length(max=120), printable]
    )
    email = StringField(
        "Email", filters=[strip], validators=[Optional(), Length(max=254), email_address]
    )
    website_url = StringField(
        "Website",
        filters=[strip],
        validators=[Optional(), Length(max=500), printable, _web_address],
    )
    day = DayField("Date (the term's end, or the new person's start)")
    source_url = StringField(
        "Source (a link that shows it)",
        filters=[strip],
        validators=[
            InputRequired("Please give the source."),
            Length(max=500),
            printable,
            _web_address,
        ],
    )
    note = TextAreaField(
        "Note",
        filters=[strip],
        validators=[InputRequired("Please say what changed."), Length(max=2000), printable],
    )
