"""The directory search form (a GET form: no CSRF token, nothing is written)."""

from __future__ import annotations

import re

from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from advocacy.directory.jurisdictions import JURISDICTIONS, TERRITORIES
from advocacy.forms import IdField, strip

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _folded(value):
    """The form people type ("OH", " oh ") read as the choice's own ("oh")."""
    return value.strip().lower() if isinstance(value, str) else value


def _choices(*pairs: tuple[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


STATE_CHOICES = _choices(
    ("", "Any state"), *((s, s.upper()) for s in sorted((*JURISDICTIONS, *TERRITORIES)))
)


class OfficialSearchForm(Form):
    """Filters for /officials: a name, state, level, chamber and page."""

    q = StringField("Name", filters=[strip], validators=[Optional(), Length(max=100)])
    state = SelectField("State", choices=STATE_CHOICES, default="", filters=[_folded])
    level = SelectField(
        "Level",
        choices=_choices(("", "Any level"), ("federal", "Federal"), ("state", "State")),
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
