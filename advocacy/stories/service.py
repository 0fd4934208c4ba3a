"""Stories and events: submit once, moderate (grammar only, never facts), list, share."""

from __future__ import annotations

import difflib
import hashlib
import re
import secrets
import unicodedata

from sqlalchemy import select

from advocacy.delivery.smtp import send_mail
from advocacy.extensions import db, upsert_insert
from advocacy.models import Event, Story
from advocacy.models._types import utcnow

# What a grammar fix must leave alone: numbers, links, @handles and #tags...
_FACTS = re.compile(r"https?://\S+|[@#][\w.]+|\d[\d,.:/%-]*\d|\d")
# ...and numbers written as words, times and dates, and the units of quantities ("five
# days" to "ten days", "three hours" to "three weeks", "Monday" to "Tuesday" are facts).
# "May" and "March" are left out: as verbs a grammar fix may touch them.
_FACT_WORDS = re.compile(
    r"\b(?:"
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|quarter|twice|"
    r"thrice|double|triple|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"noon|midnight|a\.m\.|p\.m\.|am|pm|today|yesterday|tomorrow|tonight|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|june|"
    r"july|august|september|october|november|december|"
    r"seconds|minutes?|hours?|days?|weeks?|months?|years?|decades?|hourly|daily|weekly|"
    r"monthly|yearly|annually|percent|per\s?cent|dollars?|cents?|miles?|kilometers?|"
    r"kilometres?|km|pounds?|lbs?|kg|kilograms?|grams?|mg|milligrams?|ml|milliliters?|"
    r"millilitres?|liters?|litres?|doses?|times"
    r")\b",
    re.IGNORECASE,
)


def _facts(text: str) -> list[str]:
    return _FACTS.findall(text) + [w.casefold() for w in _FACT_WORDS.findall(text)]


_TOKENS = re.compile(r"\s+|[^\s]+")


def _key(*parts: str) -> str:
    """sha256 of the parts, compared as a reader would (case, spacing, Unicode form)."""
    text = "\x1f".join(" ".join(unicodedata.normalize("NFC", p).casefold().split()) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def submit_story(values: dict, image: str | None) -> tuple[int, bool]:
    """Save a story once; (its id, whether this call created it). The caller commits.

    values: name, email, organisation, chapter_id, campaign_id, title, body, because,
    video_url, consent_people, consent_not_promotional.
    """
    key = _key(values["email"], values["title"], values["body"])
    row = dict(values)
    row.update(
        submission_key=key,
        original_title=values["title"],
        original_body=values["body"],
        original_because=values["because"],
        image=image,
        status="pending",
        featured=False,
        version=1,
        created_at=utcnow(),
    )
    return _insert_once(Story, row)


def _insert_once(model, row: dict) -> tuple[int, bool]:
    """INSERT unless a row has this submission_key; (the row's id, whether it is new)."""
    statement = (
        upsert_insert(model)
        .values(**row)
        .on_conflict_do_nothing(index_elements=[model.submission_key])
        .returning(model.id)
    )
    created = db.session.execute(statement).scalar()
    if created is not None:
        return created, True
    key = row["submission_key"]
    return db.session.scalar(select(model.id).where(model.submission_key == key)), False


def facts_changed(original: str, edited: str) -> list[str]:
    """Numbers (in digits or words), times, dates, units, links, handles and tags the edit
    adds or drops (a fix may not touch them)."""
    before, after = _facts(original), _facts(edited)
    dropped = [f for f in before if before.count(f) > after.count(f)]
    added = [f for f in after if after.count(f) > before.count(f)]
    return sorted(set(dropped) | set(added))


def word_diff(original: str, edited: str) -> list[tuple[str, str]]:
    """(op, text) runs: "same", "removed" or "added", word by word, for the template."""
    a, b = _TOKENS.findall(original), _TOKENS.findall(edited)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", "".join(b[j1:j2])))
    return runs


def fact_changes(story: Story, edits: dict[str, str]) -> dict[str, list[str]]:
    """For each edited field, the facts (numbers, links, handles, tags) a fix changed of
    what the author wrote; empty lists where the fix kept them."""
    return {name: facts_changed(getattr(story, f"original_{name}"), edits[name]) for name in edits}


def email_refusal(story: Story, again_link: str) -> bool:
    """Tell the author why the story is not shown; False when it could not go (no email any
    more, or the mail server would not take it). It writes nothing (no lock is held while
    the mail server answers): the caller stamps `refusal_emailed_at`."""
    if not story.email:  # removed after MEMBER_DATA_RETENTION_DAYS
        return False
    sent = send_mail(
        story.email,
        f"About your #IHeartHIT story “{story.original_title}”",
        f"Dear {story.name},\n\nThank you for sharing your story. We can't show it in the "
        f"gallery as it is:\n\n{story.refusal_reason}\n\nYou are welcome to send it again "
        f"with changes: {again_link}\n",
    )
    return sent


# What a moderator is told after each decision.
DECIDED = {
    "save": "Fixes saved.",
    "approve": "Approved: the story is in the gallery.",
    "refuse": "Refused.",
    "feature": "Featured at the top of the gallery.",
    "unfeature": "No longer featured.",
}


def moderate(story: Story, user_id: int, action: str, edits: dict, reason: str | None) -> None:
    """Apply a moderator's fixes and decision. The caller commits (versions guard races)."""
    story.title, story.body, story.because = edits["title"], edits["body"], edits["because"]
    if action == "approve":
        story.status, story.refusal_reason = "approved", None
    elif action == "refuse":
        story.status, story.featured, story.refusal_reason = "refused", False, reason
        story.refusal_emailed_at = None
    elif action == "feature":
        story.status, story.featured = "approved", True
    elif action == "unfeature":
        story.featured = False
    story.moderated_by_id, story.moderated_at = user_id, utcnow()


def submit_event(values: dict, user_id: int) -> tuple[int, bool]:
    """Save an event once (same chapter, title and start); (id, created). Caller commits."""
    key = _key(str(values["chapter_id"]), values["title"], values["starts_at"].isoformat())
    now = utcnow()
    row = dict(values)
    row.update(
        uid=f"{secrets.token_hex(16)}@advocacy",
        submission_key=key,
        status="pending",
        created_by_id=user_id,
        created_at=now,
        updated_at=now,
    )
    return _insert_once(Event, row)
