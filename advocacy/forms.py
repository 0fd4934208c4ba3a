"""Field helpers every form shares: trimming, printable text, email addresses, checkboxes,
ids and days from query strings."""

from __future__ import annotations

import re
from datetime import date

from flask import abort, request
from flask.json.provider import DefaultJSONProvider
from flask_wtf import FlaskForm
from flask_wtf.file import FileField as FlaskFileField
from flask_wtf.form import _Auto as _AUTO  # Flask-WTF's "read the request" marker
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter
from wtforms import Field, FileField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from advocacy.text import MAX_STORY_WORDS, count_words, hostile_text_problem, load_json

EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\"]{2,}$")


class PostForm(FlaskForm):
    """Every posted form of the app: it reads the form body only.

    Flask-WTF would also read a JSON body into a form (numbers, lists and Infinity where
    validators expect text) and let a file part stand in for a text field. Here a form
    takes strings from the form body, and files only for its own file fields: anything
    else is simply not there, so the field's own rule says what is missing.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is not _AUTO:
                return formdata
            if not form.is_submitted():
                return None
            file_fields = {
                name
                for name, field in form._fields.items()
                if isinstance(field, FileField | FlaskFileField)
            }
            data = MultiDict(request.form.items(multi=True))
            for name, upload in request.files.items(multi=True):
                if name in file_fields:
                    data.add(name, upload)
            return data


class ActionForm(PostForm):
    """A button's post (send the requests, deliver a letter, remove a record): only its
    CSRF token."""


def strip(value):
    """Filter: surrounding white space off."""
    return value.strip() if isinstance(value, str) else value


def printable(form, field):
    """Validator: no control characters or direction overrides (plain RTL marks are fine).

    One-line fields (everything but a text area) take no line breaks either: a browser
    cannot type one there, and names, titles and subjects end up in email headers.
    """
    text = field.data or ""
    problem = hostile_text_problem(text)
    if problem:
        raise ValidationError(f"This {problem}.")
    if not isinstance(field, TextAreaField) and ("\n" in text or "\r" in text):
        raise ValidationError("Please keep this on one line.")


def no_hostile_words(form, field):
    """Validator: search words without control characters or direction overrides."""
    problem = hostile_text_problem(field.data or "")
    if problem:
        raise ValidationError(f"The words {problem}.")


class ChapterChoice:
    """A chapter select whose choices the view sets (the chapters the user acts for)."""

    chapter_id = SelectField("Chapter", coerce=lambda v: ascii_int(str(v), 1) or 0)

    def set_chapters(self, chapters) -> None:
        self.chapter_id.choices = [SelectChoice(c.id, c.name) for c in chapters]


def http_link(form, field):
    """A link people can open: http(s) with a host, nothing else."""
    value = field.data or ""
    if not value:
        return
    scheme, _, rest = value.partition("://")
    if scheme.lower() not in ("http", "https") or not rest or rest.startswith("/"):
        raise ValidationError("Enter a web address starting with https:// (or http://).")
    if any(c.isspace() for c in value):
        raise ValidationError("A web address has no spaces.")


def email_address(form, field):
    """Validator: an address a reply could go to (printable, one @, a dotted domain)."""
    printable(form, field)
    if not EMAIL.match(field.data or ""):
        raise ValidationError("Please enter an email address like name@example.org.")


def story_words(form, field):
    """Validator: a story of at most 300 words, counted as a reader would."""
    words = count_words(field.data or "")
    if words > MAX_STORY_WORDS:
        raise ValidationError(f"Your story has {words} words; please keep it to {MAX_STORY_WORDS}.")


class Checkboxes(SelectMultipleField):
    """A multiple choice as checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


MAX_ID = 2**31 - 1  # larger ids cannot exist, and PostgreSQL would refuse to compare them


def ascii_int(text: str, low: int = 0, high: int = MAX_ID) -> int | None:
    """An integer typed with ASCII digits only, within [low, high]; None otherwise.

    str.isdigit() accepts "²" and "①", which int() refuses: never trust it alone.
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None


class IdField(Field):
    """An optional record id from a query string: ASCII digits, 1 to MAX_ID."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = None
        if isinstance(raw, str) and not raw.strip():
            return
        self.data = ascii_int(raw, 1) if isinstance(raw, str) else None
        if self.data is None:
            raise ValueError(f"{self.label.text.lower()} is not valid")

    def _value(self):
        return "" if self.data is None else str(self.data)


EARLIEST_DAY, LATEST_DAY = date(1990, 1, 1), date(2100, 12, 31)


def plausible_day(form, field):
    """Validator: a date between 1990 and 2100, as DayField takes (a DateField's year 1 or
    9999 is a typo, and date arithmetic past the calendar's end would fail)."""
    if field.data and not EARLIEST_DAY <= field.data <= LATEST_DAY:
        raise ValidationError("Please give a date between 1990 and 2100.")


class DayField(Field):
    """An optional ISO date (2026-09-23) between 1990 and 2100: a day anyone could mean,
    and one that date arithmetic cannot carry past the calendar's end."""

    widget = TextInput(input_type="date")

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = None
        if isinstance(raw, str) and not raw.strip():
            return
        try:
            day = date.fromisoformat(raw.strip()) if isinstance(raw, str) else None
        except ValueError:
            day = None
        if day is None or len(raw.strip()) != 10 or not EARLIEST_DAY <= day <= LATEST_DAY:
            raise ValueError(f"{self.label.text.lower()} must be a date like 2026-09-23")
        self.data = day

    def _value(self):
        return self.data.isoformat() if self.data else ""


class AsciiIntConverter(IntegerConverter):
    """`<int:...>` in routes: ASCII digits only (Werkzeug's accepts "١"), and no number
    past MAX_ID, which no record can have (PostgreSQL would refuse to compare it)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, except that a body nested past Python's recursion limit (100,000
    "[") is bad JSON, a 400 like any other, instead of a RecursionError."""

    def loads(self, s, **kwargs):
        return load_json(s, **kwargs)


def page_count(total: int, per_page: int, page: int) -> int:
    """How many pages `total` results make (at least one); a page past the end is a 404
    that says how many there are."""
    pages = max(1, -(-total // per_page))
    if page > pages:
        abort(404, description=f"There is no page {page}: these results have {pages}.")
    return pages
