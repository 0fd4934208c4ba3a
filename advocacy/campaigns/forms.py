"""Forms of the member's flow (the editor's are in editor_forms.py). Field rules live here."""

from __future__ import annotations

import re

from wtforms import (
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from advocacy.abuse import Honeypot
from advocacy.campaigns.cwc import PREFIXES
from advocacy.forms import (
    Checkboxes,
    PostForm,
    email_address,
    printable,
    story_words,
    strip,
)
from advocacy.models.interactions import CHANNELS
from advocacy.text import (
    TWEET_LIMIT,
    ZIP,
    post_problem,
    tweet_length,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
MAX_BODY = 2000
MAX_STORY = 2400


ADDRESS_OR_LOCATION = "Enter your street address, city, state and ZIP (or use your location)."


class MemberForm(Honeypot, PostForm):
    """Screen 1: who the member is and where they live."""

    name = StringField(
        "Your name", filters=[strip], validators=[DataRequired(), Length(max=100), printable]
    )
    email = StringField(
        "Your email", filters=[strip], validators=[DataRequired(), Length(max=254), email_address]
    )
    address = StringField(
        "Your street address, city, state and ZIP",
        filters=[strip],
        validators=[Length(max=200), printable],
    )
    # "Use my location" fills these (JavaScript); the lookup checks the point.
    lat = StringField(filters=[strip], validators=[Length(max=40)])
    lng = StringField(filters=[strip], validators=[Length(max=40)])
    chapter = SelectField("Your chapter (optional)", coerce=int, validate_choice=True)

    @property
    def located(self) -> bool:
        """Whether the member sent a point ("Use my location") rather than an address."""
        return bool(self.lat.data and self.lng.data)

    def validate_address(self, field):
        """An address, unless the member used their location."""
        if not field.data and not self.located:
            raise ValidationError(ADDRESS_OR_LOCATION)


class WriteForm(PostForm):
    """Screen 2: which officials, which talking points, the member's text and story."""

    officials = Checkboxes("Write to", coerce=int, validate_choice=True)
    points = Checkboxes("Talking points to include", coerce=int, validate_choice=True)
    body = TextAreaField(
        "Your message (you may change it)",
        filters=[strip],
        validators=[DataRequired(), Length(max=MAX_BODY), printable],
    )
    story = TextAreaField(
        "Your story (optional, at most 300 words)",
        filters=[strip],
        validators=[Optional(), Length(max=MAX_STORY), printable, story_words],
    )
    # "At least one official" is the view's rule: a member may write only to the one
    # representative they picked among a ZIP's districts.


CALL_OUTCOME_LABELS = {
    "reached": "I spoke with someone",
    "voicemail": "I left a voicemail",
    "no_answer": "Busy or no answer",
    "wrong_number": "Wrong number",
    "skipped": "I skipped this call",
}
POSITION_LABELS = {"supports": "Supports", "opposes": "Opposes", "undecided": "Undecided"}


class ActForm(PostForm):
    """Screen 3: one action on one official's letter or tweet."""

    official_id = IntegerField(validators=[InputRequired()])
    channel = SelectField(choices=[SelectChoice(c, c) for c in CHANNELS])
    evidence = SelectField(
        choices=[SelectChoice("intent", "intent"), SelectChoice("reported", "reported")]
    )
    outcome = SelectField(
        "How did the call go?",
        choices=[SelectChoice(k, v) for k, v in CALL_OUTCOME_LABELS.items()],
        validate_choice=False,
    )
    position = SelectField(
        "What did you hear of their position? (optional)",
        choices=[
            SelectChoice("", "Not said"),
            *(SelectChoice(k, v) for k, v in POSITION_LABELS.items()),
        ],
        validate_choice=False,
    )
    # The member's own wording of a post (measured again here; never over 280). Direction
    # marks and isolates are text in a post: what X refuses is refused (validate_text).
    text = TextAreaField(filters=[strip], validators=[Optional(), Length(max=2000)])

    # Only for "send through CWC": what the House's system requires of a constituent.
    prefix = SelectField(
        "Title",
        choices=[SelectChoice("", "—"), *(SelectChoice(p, p) for p in PREFIXES)],
        validate_choice=False,
    )
    first_name = StringField(
        "First name", filters=[strip], validators=[Optional(), Length(max=50), printable]
    )
    last_name = StringField(
        "Last name", filters=[strip], validators=[Optional(), Length(max=50), printable]
    )
    street = StringField(
        "Street address", filters=[strip], validators=[Optional(), Length(max=100), printable]
    )
    city = StringField("City", filters=[strip], validators=[Optional(), Length(max=50), printable])
    state = StringField(
        "State (two letters)", filters=[strip], validators=[Optional(), Length(max=2), printable]
    )
    zip = StringField(
        "ZIP code", filters=[strip], validators=[Optional(), Length(max=10), printable]
    )

    def validate_prefix(self, field):
        """CWC needs the member's name and street address, as their House office would."""
        if self.channel.data != "cwc":
            return
        problems = [] if self.evidence.data == "intent" else ["use the CWC button"]
        if field.data not in PREFIXES:
            problems.append("choose a title (Mr., Ms., Dr., ...)")
        for name, label in (
            ("first_name", "first name"),
            ("last_name", "last name"),
            ("street", "street address"),
            ("city", "city"),
        ):
            if not getattr(self, name).data:
                problems.append(f"give your {label}")
        if not re.fullmatch(r"[A-Za-z]{2}", self.state.data or ""):
            problems.append("give your state as two letters, like MA")
        if not ZIP.match(self.zip.data or ""):
            problems.append("give a ZIP code like 02130")
        if problems:
            raise ValidationError("To send through CWC, please " + "; ".join(problems) + ".")

    def validate_outcome(self, field):
        """A call is reported with how it went; other channels take no outcome."""
        if self.channel.data == "call":
            if self.evidence.data != "reported":
                raise ValidationError("Tell us how the call went.")
            if field.data not in CALL_OUTCOME_LABELS:
                raise ValidationError("Choose how the call went.")
        elif field.data:
            raise ValidationError("Only a call has an outcome.")

    def validate_position(self, field):
        """A position heard, if any, of a call."""
        if field.data and (self.channel.data != "call" or field.data not in POSITION_LABELS):
            raise ValidationError("Choose supports, opposes or undecided.")

    def validate_text(self, field):
        """A post X accepts, in 280 by twitter-text's weighted length."""
        if field.data:
            problem = post_problem(field.data)
            if problem:
                raise ValidationError(f"Your post {problem}.")
            length = tweet_length(field.data)
            if length > TWEET_LIMIT:
                raise ValidationError(
                    f"Your post is {length - TWEET_LIMIT} characters too long (280 at most)."
                )


SUBMITTER_NAMES = {
    "INDIVIDUAL": "Myself, as an individual",
    "ORGANIZATION": "An organisation I may speak for",
    "ANONYMOUS": "Anonymously (the agency sees no name)",
}


class CommentForm(Honeypot, PostForm):
    """A member's comment on a rule: who they are, one box per section, files. The boxes
    are `section-0`, `section-1`, ... (the outline is the campaign's; the view reads them
    and the comments module checks them, keeping the text whatever is refused)."""

    name = StringField(
        "Your name", filters=[strip], validators=[DataRequired(), Length(max=100), printable]
    )
    email = StringField(
        "Your email (for your receipt; the agency does not publish it)",
        filters=[strip],
        validators=[DataRequired(), Length(max=254), email_address],
    )
    submitter = SelectField(
        "You comment as",
        choices=[SelectChoice(k, v) for k, v in SUBMITTER_NAMES.items()],
        default="INDIVIDUAL",
    )
    chapter = SelectField("Your chapter (optional)", coerce=int, validate_choice=True)
    # Set after the page said the comment is mostly the campaign's words: send it anyway.
    mostly_suggested = StringField(validators=[Optional(), Length(max=1)])


class FiledForm(PostForm):
    """The member says they filed the comment on the agency's page."""

    tracking_number = StringField(
        "Tracking number (optional; regulations.gov shows it when you submit)",
        filters=[strip],
        validators=[Optional(), Length(max=41)],
    )

    def validate_tracking_number(self, field):
        """Letters, digits and dashes, as regulations.gov gives them (kxx-abcd-1234)."""
        if field.data and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{5,40}", field.data):
            raise ValidationError("Type the tracking number as shown, like kx1-9abc-defg.")
