"""The bill search (a GET form: no CSRF token, nothing is written)."""

from __future__ import annotations

from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from advocacy.bills.queries import JURISDICTION_NAMES, MAX_QUERY, STATUS_NAMES
from advocacy.forms import IdField, strip
from advocacy.text import hostile_text_problem


class BillSearchForm(Form):
    """Words to find, a jurisdiction, a status, a page."""

    q = StringField("Words", filters=[strip], validators=[Optional(), Length(max=MAX_QUERY)])
    jurisdiction = SelectField(
        "Legislature",
        choices=[SelectChoice("", "Any")]
        + [SelectChoice(k, v) for k, v in JURISDICTION_NAMES.items()],
        default="",
    )
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any")] + [SelectChoice(k, v) for k, v in STATUS_NAMES.items()],
        default="",
    )
    sponsor = IdField("Sponsor")
    page = IdField("Page")

    def filters(self) -> dict:
        """search_bills' keyword arguments from a validated form."""
        return {
            "q": self.q.data or None,
            "jurisdiction": self.jurisdiction.data or None,
            "status": self.status.data or None,
            "sponsor": self.sponsor.data,
        }

    def validate_q(self, field):
        problem = hostile_text_problem(field.data or "")
        if problem:
            raise ValidationError(f"The words {problem}.")
