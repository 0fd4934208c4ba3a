"""What we keep of a member, and how it goes.

A member's personal data is their name, email and ZIP on each interaction, the letters in
the outbox (which carry the name and address), and the email on a story. The street
address never reaches the database: it lives in the member's signed session cookie for
the march, and the geocoder cache keys answers by a hash of it.

- `purge_expired`: MEMBER_DATA_RETENTION_DAYS after a send, its name, email and ZIP are
  removed; letters delivered (or failed for good) that long ago are deleted; stories lose
  their email. Counts and evidence stay, and so do reports: they count a member by
  `member_key`, a keyed hash that outlives the email (keys.py).
- A comment on a rule is kept the same way: past the retention its name, email, text and
  files go (one still queued for regulations.gov waits until it is filed); its count,
  evidence and tracking number stay.
- An advocacy day's attendee (name, email, home address, times, needs) loses them the
  same span after the day ends; their meetings and the log entries stay. A sign-on
  signatory's name and email go that long after signing (the organisation's name stays:
  it is public on the letter). An advocate's key contact is kept while their consent is
  younger than the span (each edit renews it) and deleted after.
- `member_data` / `erase_member`: what one email has with us, to download; and its
  erasure at the member's request, which also gives its sends a fresh random member key
  and idempotency key (no hash of the email is left), and deletes its stories.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import String, cast, delete, func, literal, select, update

from advocacy.extensions import begin_write, db
from advocacy.models import (
    AdvocacyDay,
    Attendee,
    Campaign,
    Comment,
    CommentFile,
    Interaction,
    KeyContact,
    OutboxMessage,
    Signature,
    SignOnLetter,
    Story,
    User,
)
from advocacy.models._types import utcnow

FINAL = ("sent", "failed")


def _removed(now: datetime) -> dict:
    return {
        "member_name": None,
        "member_email": None,
        "member_zip": None,
        "member_data_removed_at": now,
    }


def purge_expired(config, now: datetime | None = None) -> int:
    """Remove personal data older than MEMBER_DATA_RETENTION_DAYS; returns how many sends
    lost it. Nothing happens when the setting is 0 or unset (kept until erased)."""
    days = config.get("MEMBER_DATA_RETENTION_DAYS")
    if not days:
        return 0
    now = now or utcnow()
    cutoff = now - timedelta(days=int(days))
    begin_write()
    # Letters first: a queued one must still reach the office (pending rows wait).
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status.in_(FINAL), OutboxMessage.created_at < cutoff
        )
    )
    purged = db.session.execute(
        update(Interaction)
        .where(
            Interaction.created_at < cutoff,
            Interaction.member_data_removed_at.is_(None),
            ~Interaction.id.in_(
                # (NOT IN over a NULL is never true: digests have no interaction.)
                select(OutboxMessage.interaction_id).where(
                    OutboxMessage.status.not_in(FINAL), OutboxMessage.interaction_id.is_not(None)
                )
            ),
        )
        .values(**_removed(now))
    ).rowcount
    _purge_comments(config, cutoff, now)
    _purge_relationships(cutoff, now)
    db.session.execute(
        update(Story)
        .where(Story.created_at < cutoff, Story.email.is_not(None))
        # The submission key hashed the email with the (published) text: replaced too.
        .values(
            email=None,
            email_removed_at=now,
            submission_key=literal("removed-").concat(cast(Story.id, String)),
        )
    )
    db.session.commit()
    return purged


def _attendee_removed(now: datetime) -> dict:
    return {
        "name": None,
        "email": None,
        "address": None,
        "needs": None,
        "email_key": literal("erased-").concat(cast(Attendee.id, String)),
        "data_removed_at": now,
    }


def _purge_relationships(cutoff: datetime, now: datetime) -> None:
    """Attendees of days over before the cutoff, signatories who signed before it, and key
    contacts whose consent is older."""
    ended = select(AdvocacyDay.id).where(AdvocacyDay.ends_on < cutoff.date())
    db.session.execute(
        update(Attendee)
        .where(Attendee.day_id.in_(ended), Attendee.data_removed_at.is_(None))
        .values(**_attendee_removed(now))
    )
    db.session.execute(
        update(Signature)
        .where(Signature.created_at < cutoff, Signature.email.is_not(None))
        .values(signatory=None, email=None)
    )
    db.session.execute(delete(KeyContact).where(KeyContact.consent_at < cutoff))


def _relationships_of(email: str) -> dict:
    """An email's registrations, signatures and (for an advocate) key contacts."""
    folded = email.lower()
    attendees = db.session.execute(
        select(Attendee, AdvocacyDay.title)
        .join(AdvocacyDay, AdvocacyDay.id == Attendee.day_id)
        .where(func.lower(Attendee.email) == folded)
    ).all()
    signatures = db.session.execute(
        select(Signature, SignOnLetter.title)
        .join(SignOnLetter, SignOnLetter.id == Signature.letter_id)
        .where(func.lower(Signature.email) == folded)
    ).all()
    contacts = db.session.scalars(
        select(KeyContact)
        .join(User, User.id == KeyContact.user_id)
        .where(func.lower(User.email) == folded)
    ).all()
    return {
        "advocacy_days": [
            {
                "day": title,
                "name": a.name,
                "email": a.email,
                "address": a.address,
                "arrive": a.arrive_at.isoformat(),
                "depart": a.depart_at.isoformat(),
                "needs": a.needs,
            }
            for a, title in attendees
        ],
        "signatures": [
            {
                "letter": title,
                "organisation": s.org_name,
                "signatory": s.signatory,
                "title": s.title,
                "email": s.email,
            }
            for s, title in signatures
        ],
        "key_contacts": [
            {
                "official": c.official.full_name if c.official else None,
                "staffer": c.staffer.name if c.staffer else None,
                "how": c.how,
                "strength": c.strength,
                "notes": c.notes,
                "goal_per_year": c.goal_per_year,
                "consent_at": c.consent_at.isoformat(),
            }
            for c in contacts
        ],
    }


def _erase_relationships(email: str, now: datetime) -> int:
    folded = email.lower()
    erased = db.session.execute(
        update(Attendee)
        .where(func.lower(Attendee.email) == folded)
        .values(**_attendee_removed(now))
    ).rowcount
    erased += db.session.execute(
        update(Signature)
        .where(func.lower(Signature.email) == folded)
        .values(signatory=None, email=None)
    ).rowcount
    users = select(User.id).where(func.lower(User.email) == folded)
    erased += db.session.execute(delete(KeyContact).where(KeyContact.user_id.in_(users))).rowcount
    return erased


def _comment_removed(now: datetime) -> dict:
    return {"member_name": None, "member_email": None, "body": None, "member_data_removed_at": now}


def _purge_comments(config, cutoff: datetime, now: datetime) -> None:
    waiting = select(OutboxMessage.comment_id).where(
        OutboxMessage.status.not_in(FINAL), OutboxMessage.comment_id.is_not(None)
    )
    ids = db.session.scalars(
        select(Comment.id).where(
            Comment.created_at < cutoff,
            Comment.member_data_removed_at.is_(None),
            ~Comment.id.in_(waiting),
        )
    ).all()
    _drop_comments(config, list(ids), _comment_removed(now))


def _drop_comments(config, ids: list[int], values: dict) -> None:
    """Remove these comments' personal data and files (their outbox rows first)."""
    if not ids:
        return
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.comment_id.in_(ids)))
    files = set(
        db.session.scalars(select(CommentFile.sha256).where(CommentFile.comment_id.in_(ids)))
    )
    db.session.execute(delete(CommentFile).where(CommentFile.comment_id.in_(ids)))
    db.session.execute(update(Comment).where(Comment.id.in_(ids)).values(**values))
    used = set(db.session.scalars(select(CommentFile.sha256).where(CommentFile.sha256.in_(files))))
    folder = Path(config["UPLOAD_DIR"]) / "comments"  # as campaigns/comments.py keeps them
    for name in files - used:
        (folder / name).unlink(missing_ok=True)


def _mine(email: str):
    return func.lower(Interaction.member_email) == email.lower()


def _comments_of(email: str) -> list[dict]:
    """The member's comments on rules, for the download."""
    comments = db.session.execute(
        select(Comment, Campaign.title)
        .join(Campaign, Campaign.id == Comment.campaign_id)
        .where(func.lower(Comment.member_email) == email.lower())
        .order_by(Comment.created_at)
    ).all()
    return [
        {
            "when": c.created_at.isoformat(),
            "campaign": title,
            "rule": c.document_number,
            "agency": c.agency,
            "channel": c.channel,
            "evidence": c.evidence,
            "tracking_number": c.tracking_number,
            "comment": c.body,
            "files": [f.filename for f in c.files],
            "your_name": c.member_name,
            "your_email": c.member_email,
        }
        for c, title in comments
    ]


def member_data(email: str) -> dict:
    """Everything kept with this email, as plain values (the download)."""
    rows = db.session.execute(
        select(Interaction, Campaign.title)
        .join(Campaign, Campaign.id == Interaction.campaign_id)
        .where(_mine(email))
        .order_by(Interaction.created_at)
    ).all()
    stories = db.session.scalars(
        select(Story).where(func.lower(Story.email) == email.lower()).order_by(Story.created_at)
    ).all()
    return {
        "email": email,
        "interactions": [
            {
                "when": i.created_at.isoformat(),
                "campaign": title,
                "official": i.official_name,
                "office": i.office,
                "district": i.district,
                "channel": i.channel,
                "evidence": i.evidence,
                "call_outcome": i.call_outcome,
                "position_heard": i.position_heard,
                "your_name": i.member_name,
                "your_email": i.member_email,
                "your_zip": i.member_zip,
                "chapter": i.chapter,
            }
            for i, title in rows
        ],
        "comments": _comments_of(email),
        **_relationships_of(email),
        "stories": [
            {
                "when": s.created_at.isoformat(),
                "name": s.name,
                "title": s.title,
                "story": s.body,
                "status": s.status,
            }
            for s in stories
        ],
    }


def erase_member(config, email: str, now: datetime | None = None) -> dict[str, int]:
    """Erase what this email has with us; returns counts of sends and stories erased.

    The sends stay as anonymous counts (reports do not change): each gets the same fresh
    random member key, so the member is still one member in the month's counts.
    """
    now = now or utcnow()
    begin_write()
    ids = db.session.scalars(select(Interaction.id).where(_mine(email))).all()
    anonymous = "erased-" + secrets.token_hex(28)
    # Letters not yet delivered go too: they carry the member's name and address.
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.interaction_id.in_(ids)))
    # One statement: each send keeps a unique idempotency key (a random prefix and its own
    # id), none of them a hash of the email any more.
    prefix = secrets.token_hex(16) + "-"
    db.session.execute(
        update(Interaction)
        .where(Interaction.id.in_(ids))
        .values(
            member_key=anonymous,
            idempotency_key=literal(prefix).concat(cast(Interaction.id, String)),
            **_removed(now),
        )
    )
    comments = db.session.scalars(
        select(Comment.id).where(func.lower(Comment.member_email) == email.lower())
    ).all()
    _drop_comments(
        config,
        list(comments),
        _comment_removed(now)
        | {
            "member_key": anonymous,
            "idempotency_key": literal(prefix).concat(cast(Comment.id, String)),
        },
    )
    relationships = _erase_relationships(email, now)
    stories = db.session.scalars(select(Story).where(func.lower(Story.email) == email.lower()))
    images = []
    erased_stories = 0
    for story in stories:
        images.append(story.image)
        db.session.delete(story)
        erased_stories += 1
    db.session.commit()
    folder = Path(config["UPLOAD_DIR"]) / "stories"  # as stories/views.py keeps them
    _drop_unused_images(folder, {name for name in images if name})
    return {
        "sends": len(ids),
        "comments": len(comments),
        "stories": erased_stories,
        "relationships": relationships,
    }


def _drop_unused_images(directory: Path, names: set[str]) -> None:
    """Delete story photos that no remaining story shows (files are named by content)."""
    if not names:
        return
    used = set(db.session.scalars(select(Story.image).where(Story.image.in_(names))))
    for name in names - used:
        (directory / name).unlink(missing_ok=True)
