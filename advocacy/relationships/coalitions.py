"""Coalitions: a chapter's partner organisations, and sign-on letters organisations endorse
through a public page, moderated by the chapter and delivered once, with the list of
signers, to the targeted officials (by the outbox, or printed) and an agency's address.

Each delivery to an official is an interaction of the letter's coalition campaign, so the
monthly report counts it; one organisation signs a letter once (by its folded name).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select, update

from advocacy.access import limit_to_scope
from advocacy.delivery.outbox import enqueue, enqueue_message
from advocacy.directory.queries import office_label
from advocacy.extensions import db, upsert_insert
from advocacy.interactions.sends import SendRow, record
from advocacy.models import Organisation, Signature, SignOnLetter, SignOnTarget, User
from advocacy.models._types import utcnow

KIND_NAMES = {
    "hospital": "Hospital or health system",
    "vendor": "Health IT vendor",
    "patient_group": "Patient group",
    "association": "Professional association",
    "other": "Other",
}
# Words that do not tell one organisation from another ("The Foo Clinic, Inc.").
_NOISE = {"the", "inc", "llc", "ltd", "corp", "co", "corporation", "incorporated"}


def fold_name(name: str) -> str:
    """An organisation's name in one form: case, accents, punctuation and legal suffixes
    do not make a second organisation."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _NOISE]
    return " ".join(words)[:200] or name.casefold()[:200]


def add_organisation(chapter_id: int, values: dict) -> Organisation | None:
    """A new partner, or None when the chapter already has one of that name."""
    key = fold_name(values["name"])
    exists = db.session.scalar(
        select(Organisation.id).where(
            Organisation.chapter_id == chapter_id, Organisation.name_key == key
        )
    )
    if exists:
        return None
    organisation = Organisation(chapter_id=chapter_id, name_key=key, **values)
    db.session.add(organisation)
    return organisation


def new_letter(
    chapter_id: int, user_id: int, values: dict, official_ids: list[int]
) -> SignOnLetter:
    """A letter open for signatures (the caller commits)."""
    letter = SignOnLetter(
        chapter_id=chapter_id,
        created_by_id=user_id,
        key=secrets.token_urlsafe(16)[:22],
        status="open",
        **values,
    )
    db.session.add(letter)
    db.session.flush()
    for official_id in dict.fromkeys(official_ids):
        db.session.add(SignOnTarget(letter_id=letter.id, official_id=official_id))
    return letter


def sign(letter: SignOnLetter, values: dict) -> bool:
    """An organisation's signature, pending moderation; False when that organisation had
    already signed (the second is ignored, the first kept as it was)."""
    statement = (
        upsert_insert(Signature)
        .values(
            letter_id=letter.id,
            org_key=fold_name(values["org_name"]),
            status="pending",
            created_at=utcnow(),
            **values,
        )
        .on_conflict_do_nothing(index_elements=[Signature.letter_id, Signature.org_key])
    )
    return db.session.execute(statement).rowcount == 1


def approved(letter: SignOnLetter) -> list[Signature]:
    return [s for s in letter.signatures if s.status == "approved"]


def signed_text(letter: SignOnLetter) -> str:
    """The letter as delivered: its text, then every approved signer."""
    lines = [letter.body.strip(), "", "Signed,", ""]
    for signature in approved(letter):
        who = ", ".join(p for p in (signature.signatory, signature.title) if p)
        lines.append(f"{signature.org_name}" + (f" ({who})" if who else ""))
    lines += ["", f"Delivered by {letter.chapter.name}."]
    return "\n".join(lines)


@dataclass
class Delivery:
    emailed: int
    printed: int
    agency: bool


class AlreadyDelivered(Exception):
    """The letter went once; it does not go again."""


class NoSigners(Exception):
    """A letter with no approved signer has nothing to deliver."""


def deliver(letter: SignOnLetter, by: User) -> Delivery:
    """Deliver the letter once: an email through the outbox to each targeted official who
    has an address, a print interaction for the others, and the agency's address; the
    status moves to delivered in one guarded UPDATE, so two clicks deliver once. The
    caller commits."""
    if not approved(letter):
        raise NoSigners()
    moved = db.session.execute(
        update(SignOnLetter)
        .where(SignOnLetter.id == letter.id, SignOnLetter.status != "delivered")
        .values(status="delivered", delivered_at=utcnow())
    ).rowcount
    if moved != 1:
        raise AlreadyDelivered()
    body = signed_text(letter)
    subject = f"{letter.title}: a letter from {len(approved(letter))} organisations"
    emailed = printed = 0
    for official in letter.targets:
        seat = official.seat
        channel = "smtp_email" if official.email else "print"
        interaction = record(
            SendRow(
                campaign_id=letter.campaign_id,
                official_id=official.id,
                official_name=official.full_name,
                office=office_label(seat) if seat else "",
                district=seat.district if seat else None,
                division_id=seat.division_id if seat else None,
                channel=channel,
                evidence="intent" if official.email else "reported",
                member_name=f"{letter.chapter.name} coalition",
                member_email=by.email,
                chapter=letter.chapter.name,
                chapter_id=letter.chapter_id,
            )
        )
        if official.email:
            enqueue(
                interaction,
                to=official.email,
                reply_to=by.email,
                from_name=letter.chapter.name,
                subject=subject,
                body=body,
            )
            emailed += 1
        else:
            printed += 1
    if letter.to_email:
        enqueue_message(
            to=letter.to_email,
            subject=subject,
            body=(f"To {letter.to_name},\n\n" if letter.to_name else "") + body,
            dedupe_key=f"sign-on:{letter.id}:agency",
        )
    return Delivery(emailed, printed, bool(letter.to_email))


def letters_of(scope) -> list[SignOnLetter]:
    """The sign-on letters of the viewer's chapters, newest first."""
    query = select(SignOnLetter).order_by(SignOnLetter.id.desc())
    return list(db.session.scalars(limit_to_scope(query, SignOnLetter.chapter_id, scope)))


def letter_by_key(key: str) -> SignOnLetter | None:
    """The letter a public signing link names (None for any other text)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,32}", key or ""):
        return None
    return db.session.scalars(select(SignOnLetter).where(SignOnLetter.key == key)).first()
