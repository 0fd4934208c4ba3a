"""Comment campaigns: a member's comment on one agency rule, in their own words.

The campaign's talking points become an outline: a section for each, with the campaign's
suggestion shown beside an empty box the member fills. Agencies weigh substantive,
individual comments, so the page says how much of the comment is the member's own (the
share of its words not in a run of four or more words from a suggestion) and sends a
comment that is mostly suggestion back once, asking for more of their own.

A comment is filed once per member and campaign (a UNIQUE idempotency key): with
REGULATIONS_GOV_API_KEY set, the outbox files it and keeps the tracking number as its
evidence (`sent`); without, the member is sent to the rule's comment page and tells us when
they filed it (`reported`, with the tracking number if they give it).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select, update

from advocacy import clock
from advocacy.delivery import regulations
from advocacy.delivery.outbox import enqueue_comment
from advocacy.extensions import db, upsert_insert
from advocacy.keys import member_key
from advocacy.models import Campaign, Comment, CommentFile, Rule
from advocacy.models._types import utcnow
from advocacy.months import send_month
from advocacy.text import hostile_text_problem, normalise

# Runs of at least this many words found in a suggestion count as the campaign's words.
SHARED_RUN = 4
# Comments close at the end of the closing day in Washington.
EASTERN = "America/New_York"
# The files regulations.gov takes that we accept, by extension: what a file must be.
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "txt": "text/plain",
    "rtf": "application/rtf",
}
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_IMAGE_FORMAT = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF"}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Section:
    """One part of the outline: its heading and the campaign's suggestion for it."""

    title: str
    suggestion: str


class CommentRefused(ValueError):
    """What is wrong with a comment or a file, fit for the member (their text is kept)."""


def outline(campaign: Campaign) -> list[Section]:
    """The comment's sections: one per talking point, or one open section without any."""
    points = [Section(p.title, p.body) for p in campaign.talking_points]
    return points or [Section("Your comment", campaign.letter_body or "")]


def closes_on(campaign: Campaign) -> date | None:
    """The last day comments are taken (the rule's closing date, else the campaign's)."""
    rule = campaign.rule
    return (rule.comments_close_on if rule is not None else None) or campaign.ends_on


def is_open(campaign: Campaign, moment: datetime | None = None) -> bool:
    """Whether members may comment now: published, started, and before the end of the
    closing day, Eastern."""
    today = (moment or clock.now()).astimezone(ZoneInfo(EASTERN)).date()
    last = closes_on(campaign)
    return campaign.published and campaign.starts_on <= today and (last is None or today <= last)


def days_left(rule: Rule, today: date) -> int | None:
    """Days until the comment period closes (0: it closes today), or None."""
    if rule.comments_close_on is None:
        return None
    return (rule.comments_close_on - today).days


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def own_share(texts: list[str], suggestions: list[str]) -> int:
    """Percent of the comment's words that are the member's own: not inside a run of
    SHARED_RUN or more words that a suggestion also has."""
    words = _words(" ".join(texts))
    if not words:
        return 0
    suggested = _words(" ".join(suggestions))
    if not suggested:
        return 100
    matcher = SequenceMatcher(None, words, suggested, autojunk=False)
    borrowed = sum(b.size for b in matcher.get_matching_blocks() if b.size >= SHARED_RUN)
    return max(0, min(100, round(100 * (len(words) - borrowed) / len(words))))


def compose(sections: list[Section], answers: list[str]) -> str:
    """The comment as filed: each answered section under its heading."""
    parts = [
        f"{section.title}\n{answer.strip()}"
        for section, answer in zip(sections, answers, strict=True)
        if answer.strip()
    ]
    return "\n\n".join(parts)


def check_answers(sections: list[Section], answers: list[str], limit: int) -> str:
    """The composed comment; CommentRefused saying what to change."""
    answers = [normalise(a or "") for a in answers]
    for section, answer in zip(sections, answers, strict=True):
        problem = hostile_text_problem(answer)
        if problem:
            raise CommentRefused(f"“{section.title}” {problem}.")
    if not any(a.strip() for a in answers):
        raise CommentRefused("Write at least one section in your own words.")
    text = compose(sections, answers)
    if len(text) > limit:
        raise CommentRefused(
            f"Your comment is {len(text):,} characters; regulations.gov takes at most "
            f"{limit:,}. Shorten it, or attach the longer version as a file."
        )
    return text


@dataclass
class Upload:
    """A file as checked: its safe name, bytes and type."""

    filename: str
    content: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.() -]+", "_", base, flags=re.UNICODE).strip(" .")
    return base[:120] or "attachment"


def check_file(name: str, content: bytes, max_bytes: int) -> Upload:
    """A file regulations.gov takes, checked by its content, not only its name;
    CommentRefused saying why not."""
    filename = _safe_name(name)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FILE_TYPES:
        raise CommentRefused(
            f"{filename}: attach PDF, Word, Excel, PowerPoint, JPEG, PNG, GIF, RTF or "
            "plain-text files."
        )
    if not content:
        raise CommentRefused(f"{filename} is empty.")
    if len(content) > max_bytes:
        raise CommentRefused(f"{filename} is over {max_bytes // (1024 * 1024)} MB.")
    if not _is(extension, content):
        raise CommentRefused(f"{filename} is not a {extension.upper()} file inside.")
    return Upload(filename, content, FILE_TYPES[extension])


def _is(extension: str, content: bytes) -> bool:
    if extension == "pdf":
        return content.startswith(b"%PDF-")
    if extension == "rtf":
        return content.startswith(b"{\\rtf")
    if extension == "txt":
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return "\x00" not in text
    if extension in _OOXML_PART:
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return False
        return "[Content_Types].xml" in names and any(
            n.startswith(_OOXML_PART[extension]) for n in names
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            return image.format == _IMAGE_FORMAT[extension]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return False


def file_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "comments"


def store(upload: Upload) -> Path:
    """Keep a file by its content's hash (the same file twice is stored once)."""
    folder = file_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / upload.sha256
    if not path.exists():
        partial = path.with_suffix(".part")
        partial.write_bytes(upload.content)
        partial.replace(path)
    return path


def idempotency_key(email: str, campaign_id: int) -> str:
    raw = f"comment|{email.strip().casefold()}|{campaign_id}"
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass
class Member:
    name: str
    email: str
    chapter_id: int | None = None
    submitter_type: str = "INDIVIDUAL"


def file_comment(
    campaign: Campaign, member: Member, text: str, share: int, uploads: list[Upload]
) -> tuple[Comment, bool]:
    """Record the member's comment once (a second try returns the first) and, with the
    API set up, queue it for regulations.gov: (comment, whether it is new). Caller commits.
    """
    config = current_app.config
    rule = campaign.rule
    key = idempotency_key(member.email, campaign.id)
    now = utcnow()
    # Only the Federal Register's rules are on regulations.gov; a consultation entered by
    # hand (Canada Gazette) is commented on at its own link.
    through_api = regulations.configured(config) and rule.source_key.startswith("fr:")
    agencies = json.loads(rule.agencies or "[]")
    values = {
        "idempotency_key": key,
        "campaign_id": campaign.id,
        "rule_id": rule.id,
        "document_number": rule.document_number,
        "agency": (agencies[0]["name"] if agencies else "")[:300],
        "channel": "regulations_gov" if through_api else "comment_form",
        "evidence": "intent",
        "submitter_type": member.submitter_type,
        "body": text,
        "own_share": share,
        "member_name": member.name,
        "member_email": member.email,
        "member_key": member_key(config, member.email),
        "chapter_id": member.chapter_id,
        "created_at": now,
        "updated_at": now,
        "local_month": send_month(db.session.connection(), member.chapter_id, now),
    }
    inserted = db.session.execute(
        upsert_insert(Comment)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[Comment.idempotency_key])
    ).rowcount
    comment = db.session.scalars(select(Comment).where(Comment.idempotency_key == key)).one()
    if not inserted:
        return comment, False
    files = _attach(comment.id, uploads)
    if through_api:
        _queue(rule, member, comment, text, files)
    return comment, True


def _attach(comment_id: int, uploads: list[Upload]) -> list[dict]:
    """Store the files and list them on the comment; what the outbox uploads."""
    files = []
    for position, upload in enumerate(uploads):
        path = store(upload)
        db.session.add(
            CommentFile(
                comment_id=comment_id,
                position=position,
                filename=upload.filename,
                sha256=upload.sha256,
                size=len(upload.content),
                content_type=upload.content_type,
            )
        )
        files.append(
            {"path": str(path), "filename": upload.filename, "content_type": upload.content_type}
        )
    return files


def _queue(rule: Rule, member: Member, comment: Comment, text: str, files: list[dict]) -> None:
    """The comment, with who the member is as regulations.gov asks, in the outbox."""
    first, _, last = member.name.strip().partition(" ")
    attributes = {"submissionType": "API", "submitterType": member.submitter_type}
    if member.submitter_type != "ANONYMOUS":
        attributes |= {
            "firstName": first[:25] or member.name[:25],
            "lastName": (last or first)[:25],
            "email": member.email,
        }
    payload = {
        "document_number": rule.document_number,
        "regulations_document_id": rule.regulations_document_id,
        "attributes": attributes,
        "files": files,
    }
    enqueue_comment(
        comment.id,
        to=rule.regulations_document_id or rule.document_number,
        subject=f"Comment on {rule.document_number}"[:300],
        body=text,
        payload=json.dumps(payload),
    )


def report_filed(comment: Comment, tracking_number: str | None) -> bool:
    """The member says they filed it on the agency's page: reported (never lowers a filed
    comment), with the tracking number they give. Whether anything changed. Caller commits.
    """
    if comment.channel != "comment_form":
        return False
    values: dict = {"updated_at": utcnow()}
    if comment.evidence == "intent":
        values["evidence"] = "reported"
    if tracking_number:
        values["tracking_number"] = tracking_number
    if len(values) == 1:
        return False
    db.session.execute(update(Comment).where(Comment.id == comment.id).values(**values))
    return True


TRACKING = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{5,40}$")
