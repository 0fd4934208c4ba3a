"""The campaign editor's form: what a lead or an advocate writes, checked as it is saved
(templates in the sandbox's rules, CWC's lengths, the bills it cites)."""

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
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from advocacy.campaigns.cwc import CWC_SUBJECT, CWC_TEXT, POLICY_AREAS
from advocacy.campaigns.forms import MAX_BODY, SLUG
from advocacy.campaigns.templating import ALL_VARS, BODY_VARS, check, frame_problems
from advocacy.forms import Checkboxes, PostForm, ascii_int, printable, strip
from advocacy.images import FOCUS
from advocacy.models.campaigns import TARGETS


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


MAX_ALSO_CITED = 10  # CWC's Bills takes a list; a letter about more is about nothing
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
    )
    # A comment campaign: the view lists the rules open for comment (and the campaign's).
    rule_id = SelectField(
        "The rule members comment on (a comment campaign: each member writes one comment "
        "to the agency, section by section from the talking points, instead of letters)",
        coerce=lambda v: ascii_int(str(v)) or 0,
        choices=[],
        default=0,
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
    also_bills = Checkboxes(
        "Other bills it cites (with the same stance)",
        coerce=lambda v: ascii_int(str(v)) or 0,
        choices=[],
        validate_choice=False,  # checked below, with a message
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

    def validate_targets(self, field):
        """Letters need someone to go to; a comment goes to the rule's agency."""
        if not field.data and not self.rule_id.data:
            raise ValidationError("Choose at least one body to write to.")

    def validate_rule_id(self, field):
        """A comment campaign comments on one rule of those offered, and writes no letters."""
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose the rule from the list.")

    def validate_bill_stance(self, field):
        """A campaign about a bill says what it asks of it, and only then."""
        if self.bill_id.data and not field.data:
            raise ValidationError("Say what the campaign asks of the bill.")
        if field.data and not self.bill_id.data:
            raise ValidationError("Choose the bill first, or leave this empty.")

    def validate_also_bills(self, field):
        """Other bills only beside the one it asks about, from the bills offered."""
        chosen = [b for b in field.data or [] if b != self.bill_id.data]
        if chosen and not self.bill_id.data:
            raise ValidationError("Choose the bill it is about first, then the others it cites.")
        offered = {c.value for c in field.choices}
        if any(b not in offered for b in chosen):
            raise ValidationError("Choose the other bills from the list.")
        if len(chosen) > MAX_ALSO_CITED:
            raise ValidationError(f"Cite at most {MAX_ALSO_CITED} other bills.")
        field.data = list(dict.fromkeys(chosen))

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
