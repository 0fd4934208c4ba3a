"""Field helpers every form shares: trimming, printable text, email addresses, checkboxes."""

from __future__ import annotations

import re

from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from advocacy.text import MAX_STORY_WORDS, count_words, hostile_text_problem

EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\"]{2,}$")


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
