"""Forms of the member's flow and of campaign editing. Field rules live here."""

from __future__ import annotations

import re

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from advocacy.abuse import Honeypot
from advocacy.campaigns.cwc import CWC_SUBJECT, CWC_TEXT, POLICY_AREAS, PREFIXES
from advocacy.campaigns.templating import ALL_VARS, BODY_VARS, check, frame_problems
from advocacy.forms import (
    Checkboxes,
    PostForm,
    ascii_int,
    email_address,
    printable,
    story_words,
    strip,
)
from advocacy.images import FOCUS
from advocacy.models.campaigns import TARGETS
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


def _template_validator(allowed, letter: bool = False):
    """A template's check at save time; a letter's also may not write the frame."""

    def validate(form, field):
        source = field.data or ""
        problems = (frame_problems(source) if letter else []) or check(source, allowed)
        if problems:
            raise ValidationError("; ".join(str(p) for p in problems[:5]))

    return validate


class PointForm(Form):
    """One talking point (a blank row, or one ticked "Remove", is not saved)."""

    title = StringField(
        "Title", filters=[strip], validators=[Optional(), Length(max=120), printable]
    )
    body = TextAreaField(
        "Paragraph", filters=[strip], validators=[Optional(), Length(max=2000), printable]
    )
    remove = BooleanField("Remove this point")


TARGET_LABELS = {
    "us_senate": "U.S. senators",
    "us_house": "U.S. representatives",
    "state_upper": "State senators",
    "state_lower": "State representatives and assembly members",
    "state_legislature": "Members of unicameral legislatures (Nebraska, DC)",
    "governor": "Governors",
    "lieutenant_governor": "Lieutenant governors",
    "attorney_general": "Attorneys general",
    "secretary_of_state": "Secretaries of state",
    "state_officers": "Other statewide officers (treasurers, auditors, election officials)",
    "mayors": "Mayors",
    "ca_commons": "Canada: Members of Parliament",
    "ca_provincial": "Canada: provincial and territorial legislators (MPP, MNA, MLA, MHA)",
}


STANCE_NAMES = {"support": "Support it", "oppose": "Oppose it", "amend": "Amend it"}


def _statement_limits() -> list:
    """What an organisation statement must be: within CWC's length, a safe template."""
    return [
        Length(
            max=CWC_TEXT[1],
            message=f"The statement can be at most {CWC_TEXT[1]:,} characters: "
            "Congress's CWC takes no more.",
        ),
        _template_validator(ALL_VARS, True),
    ]


class CampaignForm(PostForm):
    """Create or edit a campaign."""

    title = StringField(
        "Title", filters=[strip], validators=[DataRequired(), Length(max=200), printable]
    )
    slug = StringField(
        "Link name (letters, digits, dashes)",
        filters=[strip],
        validators=[DataRequired(), Length(max=80)],
    )
    summary = TextAreaField("Summary", filters=[strip], validators=[Length(max=4000), printable])
    # Leads name who runs it; a chapter's campaign is run by its chapter (set by the view).
    owner = StringField(
        "Who is asking (shown on the campaign page; leave empty for the chapter, or the "
        "organisation for a national campaign)",
        filters=[strip],
        validators=[Optional(), Length(max=120), printable],
    )
    # The picture on the campaign's page and share card; the view checks and re-encodes
    # it (advocacy.images) and keeps it across previews in a signed token.
    image = FileField(
        "Choose an image (optional; JPEG, PNG or WebP up to 5 MB, at least 600 × 315; it is "
        "cropped to 1200 × 630)"
    )
    image_focus = SelectField(
        "Keep in view when cropping",
        choices=[SelectChoice(f, f.capitalize()) for f in FOCUS],
        default="center",
    )
    kept_image = HiddenField()
    remove_image = BooleanField("Remove the image")
    # The view lists the chapters the editor may run it for (leads: none, for national).
    chapter_id = SelectField(
        "Chapter", coerce=lambda v: ascii_int(str(v)) or 0, choices=[], default=0
    )
    published = BooleanField(
        "Published: members can join it (unticked, it is a draft only staff can see)"
    )
    starts_on = DateField("First day", validators=[DataRequired()])
    ends_on = DateField("Last day", validators=[DataRequired()])
    targets = Checkboxes(
        "Write to",
        choices=[SelectChoice(t, TARGET_LABELS[t]) for t in TARGETS],
        validators=[DataRequired(message="Choose at least one body to write to.")],
    )
    subject = StringField(
        "Letter subject",
        filters=[strip],
        validators=[
            DataRequired(),
            Length(
                min=CWC_SUBJECT[0],
                max=300,
                message=f"Write a subject of {CWC_SUBJECT[0]} to 300 characters (CWC "
                f"takes {CWC_SUBJECT[0]} to {CWC_SUBJECT[1]}).",
            ),
            _template_validator(ALL_VARS),
        ],
    )
    letter_statement = TextAreaField(
        "Organisation statement (members cannot change it)",
        filters=[strip],
        validators=[DataRequired(), *_statement_limits()],
    )
    statement_sponsor = TextAreaField(
        "Statement to the bill's sponsor and cosponsors (empty: the statement above)",
        description="For example: thank them for cosponsoring and ask them to push for a "
        "hearing and a vote.",
        filters=[strip],
        validators=[Optional(), *_statement_limits()],
    )
    statement_committee = TextAreaField(
        "Statement to members of a committee that holds the bill (empty: the statement above)",
        description="For example: ask them to give the bill a hearing and bring it to a vote.",
        filters=[strip],
        validators=[Optional(), *_statement_limits()],
    )
    letter_body = TextAreaField(
        "Suggested message (members may change it)",
        filters=[strip],
        validators=[DataRequired(), Length(max=MAX_BODY), _template_validator(BODY_VARS, True)],
    )
    call_script = TextAreaField(
        "Call script (what a member says on the phone)",
        filters=[strip],
        validators=[Optional(), Length(max=4000), _template_validator(ALL_VARS)],
    )
    voicemail_script = TextAreaField(
        "Voicemail (what a member leaves when nobody answers)",
        filters=[strip],
        validators=[Optional(), Length(max=2000), _template_validator(ALL_VARS)],
    )
    tweet_template = TextAreaField(
        "Tweet",
        filters=[strip],
        validators=[DataRequired(), Length(max=1000), _template_validator(ALL_VARS)],
    )
    cwc_topic = SelectField(
        "Policy area (for messages delivered to the House through CWC)",
        choices=[SelectChoice(a, a) for a in POLICY_AREAS],
        default="Health",
    )
    hashtags = StringField("Hashtags", filters=[strip], validators=[Length(max=200)])
    # The view lists the bills chapters follow (and the campaign's own).
    bill_id = SelectField(
        "The bill it is about", coerce=lambda v: ascii_int(str(v)) or 0, choices=[], default=0
    )
    bill_stance = SelectField(
        "What it asks",
        choices=[SelectChoice("", "Nothing (no bill)")]
        + [SelectChoice(k, v) for k, v in STANCE_NAMES.items()],
        default="",
    )
    # The campaign's points and one empty row; "Add a talking point" adds another.
    points = FieldList(FormField(PointForm), min_entries=1, max_entries=20)

    def validate_letter_statement(self, field):
        """The statement with every talking point added still fits CWC's limit."""
        self._fits_with_points(field.data or "")

    def validate_statement_sponsor(self, field):
        """A group's statement: only for a campaign about a bill, within CWC's limit."""
        self._group_statement(field)

    def validate_statement_committee(self, field):
        """As the sponsors' statement."""
        self._group_statement(field)

    def _group_statement(self, field) -> None:
        if field.data and not self.bill_id.data:
            raise ValidationError(
                "Choose the bill the campaign is about first (under Legislation), or leave "
                "this empty: only a campaign about a bill has sponsors and committees."
            )
        self._fits_with_points(field.data or "")

    def _fits_with_points(self, statement: str) -> None:
        points = [
            f"{e.form.title.data or ''}\n{e.form.body.data or ''}"
            for e in self.points.entries
            if (e.form.title.data or e.form.body.data) and not e.form.remove.data
        ]
        total = len(statement) + sum(len(p) + 2 for p in points)
        if total > CWC_TEXT[1]:  # inside the statement or after it, the points count
            raise ValidationError(
                f"With its talking points the statement is {total:,} characters; Congress's "
                f"CWC takes at most {CWC_TEXT[1]:,}. Shorten the statement or the points."
            )

    def validate_bill_stance(self, field):
        """A campaign about a bill says what it asks of it, and only then."""
        if self.bill_id.data and not field.data:
            raise ValidationError("Say what the campaign asks of the bill.")
        if field.data and not self.bill_id.data:
            raise ValidationError("Choose the bill first, or leave this empty.")

    def validate_slug(self, field):
        """Lower-case letters, digits and dashes, as in /c/nhit-week-2026."""
        if not SLUG.match(field.data or ""):
            raise ValidationError("Use lower-case letters, digits and dashes (2 to 80).")

    def validate_ends_on(self, field):
        """The window cannot end before it starts."""
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError("The last day is before the first day.")

    def validate_hashtags(self, field):
        """Space-separated #tags."""
        for tag in (field.data or "").split():
            if not re.fullmatch(r"#\w{1,100}", tag):
                raise ValidationError(f"'{tag}' is not a hashtag (like #NHITweek).")
