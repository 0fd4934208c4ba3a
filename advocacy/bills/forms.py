"""The bill search (a GET form: no CSRF token, nothing is written), and the forms that
follow bills, set a chapter's position, enter a bill by hand and choose the digest."""

from __future__ import annotations

from wtforms import Form, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from advocacy.bills.follows import POSITION_NAMES
from advocacy.bills.queries import MAX_QUERY
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
from advocacy.jurisdictions import CHAMBER_NAMES, JURISDICTION_NAMES, STATUS_NAMES

ANY = [SelectChoice("", "Any")]
DIGEST_NAMES = {
    "off": "No email",
    "daily": "Every day",
    "weekly": "Every week (Mondays)",
}


def _choices(names: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(k, v) for k, v in names.items()]


class BillSearchForm(Form):
    """Words to find, a jurisdiction, a chamber, a status, a sponsor, a page."""

    q = StringField(
        "Words", filters=[strip], validators=[Optional(), Length(max=MAX_QUERY), no_hostile_words]
    )
    jurisdiction = SelectField(
        "Legislature", choices=ANY + _choices(JURISDICTION_NAMES), default=""
    )
    chamber = SelectField("Chamber", choices=ANY + _choices(CHAMBER_NAMES), default="")
    status = SelectField("Status", choices=ANY + _choices(STATUS_NAMES), default="")
    sponsor = IdField("Sponsor")
    page = IdField("Page")

    def filters(self) -> dict:
        """search_bills' keyword arguments from a validated form."""
        return {
            "q": self.q.data or None,
            "jurisdiction": self.jurisdiction.data or None,
            "chamber": self.chamber.data or None,
            "status": self.status.data or None,
            "sponsor": self.sponsor.data,
        }


class FollowForm(ChapterChoice, PostForm):
    """Follow or stop following (a bill, a sponsor): the chapter and which."""

    action = SelectField(
        choices=[SelectChoice("follow", "Follow"), SelectChoice("unfollow", "Stop following")]
    )


class FollowQueryForm(ChapterChoice, PostForm):
    """Follow a keyword search, with its filters."""

    q = StringField(
        "Words",
        filters=[strip],
        validators=[InputRequired("Enter words to follow."), Length(max=MAX_QUERY),
                    no_hostile_words],
    )  # fmt: skip
    jurisdiction = SelectField("Legislature", choices=ANY + _choices(JURISDICTION_NAMES))
    chamber = SelectField("Chamber", choices=ANY + _choices(CHAMBER_NAMES))
    status = SelectField("Status", choices=ANY + _choices(STATUS_NAMES))


class PositionForm(ChapterChoice, PostForm):
    """The chapter's position on a bill, with notes (versioned)."""

    position = SelectField("Our position", choices=_choices(POSITION_NAMES))
    notes = TextAreaField(
        "Notes (why, what we ask)", filters=[strip], validators=[Length(max=5000), printable]
    )
    version = HiddenField()

    def seen_version(self) -> int | None:
        return ascii_int(self.version.data or "", 1) if self.version.data else None


class DigestForm(PostForm):
    """How often the legislation digest comes."""

    digest = SelectField("Email me what changed", choices=_choices(DIGEST_NAMES))


class ManualBillForm(PostForm):
    """A bill, regulation or policy no source of ours carries, entered by hand."""

    jurisdiction = SelectField("Jurisdiction", choices=_choices(JURISDICTION_NAMES))
    identifier = StringField(
        "Number or short name",
        filters=[strip],
        validators=[InputRequired("Enter its number, e.g. Bill 60."), Length(max=40), printable],
    )
    session = StringField(
        "Session or year", filters=[strip], validators=[Optional(), Length(max=40), printable]
    )
    title = StringField(
        "Title",
        filters=[strip],
        validators=[InputRequired("Enter its title."), Length(max=2000), printable],
    )
    summary = TextAreaField(
        "Summary", filters=[strip], validators=[Optional(), Length(max=20_000), printable]
    )
    chamber = SelectField("Chamber", choices=[SelectChoice("", "Not known")]
                          + _choices(CHAMBER_NAMES))  # fmt: skip
    status = SelectField("Status", choices=_choices(STATUS_NAMES))
    status_text = StringField(
        "Where it stands, in words", filters=[strip],
        validators=[Optional(), Length(max=300), printable],
    )  # fmt: skip
    url = StringField(
        "Link to it",
        filters=[strip],
        validators=[InputRequired("Enter a link to the text."), Length(max=500), http_link],
    )

    def bill_values(self) -> dict:
        """The bill's columns from the form."""
        return {
            "jurisdiction": self.jurisdiction.data,
            "session": self.session.data or "",
            "identifier": self.identifier.data,
            "chamber": self.chamber.data or None,
            "title": self.title.data,
            "summary": self.summary.data or "",
            "status": self.status.data,
            "status_text": self.status_text.data or "",
            "url": self.url.data,
        }
