"""The outbox: letters members send through us, delivered with retries.

A web request only enqueues (one row per interaction, UNIQUE, in the same commit as the
interaction: a letter is never queued without its record or the other way round); a worker
(`flask jobs run`, or `flask outbox send`) delivers, so a slow or failing mail server or API
never slows a member down. A row's kind says how: `smtp` (our SMTP server), `cwc_house`
(the House's CWC API), `cwc_senate` (the Senate's, SOAPBox) or `regulations_gov` (a
member's comment on a rule, whose tracking number the row keeps as `receipt`):
delivery/transports.py says how each way out is used.

Exactly once across workers: each message is taken in its own transaction with a row lock
(PostgreSQL's FOR UPDATE SKIP LOCKED: other workers pass over it), handed over, marked sent
and committed. A worker that dies mid-send holds nothing: its transaction rolls back and the
message is due again for the others. The one window left is a server that accepted the
letter just before the worker died; the retry carries the same Message-ID, so the office's
mail system can tell it for the same letter. SQLite has no row locks: there `flask jobs run`
holds a lock file, so one worker serves a SQLite database.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from advocacy import abuse
from advocacy.delivery.cwc import HouseCwc, SenateCwc
from advocacy.delivery.regulations import RateLimited, RegulationsGov
from advocacy.delivery.smtp import Smtp
from advocacy.delivery.transports import Refused, Unavailable
from advocacy.extensions import db, upsert_insert
from advocacy.models import Comment, Interaction, OutboxMessage
from advocacy.models._types import utcnow
from advocacy.models.interactions import evidence_rank
from advocacy.observability import OUTBOX_FAILURES, OUTBOX_SENT


def _queue(unique, **values) -> bool:
    """Insert one pending message unless its `unique` column already holds its value;
    whether it was queued now. Caller commits."""
    now = utcnow()
    return bool(
        db.session.execute(
            upsert_insert(OutboxMessage)
            .values(status="pending", attempts=0, next_attempt_at=now, created_at=now, **values)
            .on_conflict_do_nothing(index_elements=[unique])
        ).rowcount
    )


class OutboxFull(Exception):
    """The member (by email), their client address, or their address to this office has
    queued as many letters through us as we carry for now (OUTBOX_LIMIT_PER_EMAIL,
    OUTBOX_LIMIT_PER_ADDRESS, OUTBOX_LIMIT_PER_OFFICE)."""


def _sender_limits(sender: tuple[str, str, str]) -> list[tuple[str, tuple[str, ...]]]:
    email, address, office = sender
    return [
        ("OUTBOX_LIMIT_PER_EMAIL", (abuse.email_key(email),)),
        ("OUTBOX_LIMIT_PER_ADDRESS", (address,)),
        ("OUTBOX_LIMIT_PER_OFFICE", (address, office)),
    ]


def enqueue(
    interaction_id: int,
    *,
    to: str,
    reply_to: str,
    from_name: str,
    subject: str,
    body: str,
    kind: str = "smtp",
    payload: str | None = None,
    sender: tuple[str, str, str] | None = None,
) -> None:
    """Queue a letter once per interaction (a second call changes nothing). Caller commits.

    `sender` (the member's email, their client address, the office written to): a letter
    not queued before counts against the per-email, per-address and per-office limits, so
    that nobody can use us to flood an office; past one, OutboxFull and nothing is queued
    or counted (a double click counts once).
    """
    if sender is not None and not _queued(interaction_id):
        limits = _sender_limits(sender)
        if any(abuse.used_up(setting, *key) for setting, key in limits):
            raise OutboxFull(sender[0])
        for setting, key in limits:
            abuse.take(setting, *key)
    _queue(
        OutboxMessage.interaction_id,
        interaction_id=interaction_id,
        kind=kind,
        payload=payload,
        to_address=to,
        reply_to=reply_to,
        from_name=from_name,
        subject=subject,
        body=body,
    )


def _queued(interaction_id: int) -> bool:
    return (
        db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.interaction_id == interaction_id)
        )
        is not None
    )


def enqueue_comment(comment_id: int, *, to: str, subject: str, body: str, payload: str) -> bool:
    """Queue a member's comment on a rule for regulations.gov, once per comment; whether it
    was queued now. Caller commits."""
    config = current_app.config
    return _queue(
        OutboxMessage.comment_id,
        comment_id=comment_id,
        kind="regulations_gov",
        payload=payload,
        to_address=to,
        reply_to=config["MAIL_FROM"],
        from_name=config.get("ORG_NAME") or "Advocacy",
        subject=subject,
        body=body,
    )


def enqueue_message(
    *,
    to: str,
    subject: str,
    body: str,
    dedupe_key: str,
    headers: dict[str, str] | None = None,
    reply_to: str | None = None,
) -> bool:
    """Queue an email that is not a member's letter (a digest, a meeting request), once
    per dedupe_key, from the organisation (replies to `reply_to`, else to MAIL_FROM);
    whether it was queued now. Caller commits."""
    config = current_app.config
    return _queue(
        OutboxMessage.dedupe_key,
        interaction_id=None,
        dedupe_key=dedupe_key,
        kind="smtp",
        to_address=to,
        reply_to=reply_to or config["MAIL_FROM"],
        from_name=config.get("MAIL_FROM_NAME") or config.get("ORG_NAME") or "Advocacy",
        subject=subject,
        body=body,
        headers=json.dumps(headers or {}),
    )


# Every way out, by the outbox kind it delivers.
TRANSPORTS: dict[str, type] = {t.kind: t for t in (Smtp, HouseCwc, SenateCwc, RegulationsGov)}


def deliverable(config) -> tuple[str, ...]:
    """The kinds of message this deployment can deliver (the others wait in the queue)."""
    return tuple(kind for kind, t in TRANSPORTS.items() if t.configured(config))


def _take(now: datetime, tried: list[int], kinds: tuple[str, ...]) -> OutboxMessage | None:
    """The next due message this pass has not tried, locked for this transaction (other
    workers skip it), or None.

    "sending" rows are ones an older worker claimed and never finished: due again.
    """
    return db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.status.in_(("pending", "sending")),
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.id.not_in(tried),
            OutboxMessage.kind.in_(kinds),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def send_due(config, *, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Deliver up to `limit` due messages, each in its own transaction, each by its kind's
    transport (opened once for the pass); returns counts of sent, retried and failed."""
    now = now or utcnow()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    kinds = deliverable(config)
    opened: dict[str, object] = {}
    tried: list[int] = []
    try:
        for _ in range(limit if kinds else 0):
            row = _take(now, tried, kinds)
            if row is None:
                db.session.rollback()
                break
            tried.append(row.id)
            if row.kind not in opened:
                opened[row.kind] = TRANSPORTS[row.kind](config)
            try:
                receipt = opened[row.kind].deliver(row)
            except Refused as exc:
                _failed(config, row, exc, now, counts, final=True)
            except RateLimited as exc:
                _wait(row, exc, now, counts)
            except Unavailable as exc:
                _failed(config, row, exc, now, counts)
            else:
                _sent(row, counts, receipt)
            db.session.commit()
    finally:
        db.session.rollback()
        for transport in opened.values():
            transport.close()
    return counts


def depth() -> dict[str, int]:
    """Messages per status (what a worker has left, and what failed for good)."""
    from sqlalchemy import func

    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    return {status: n for status, n in rows}


def _sent(row: OutboxMessage, counts: dict[str, int], receipt: str | None = None) -> None:
    row.status = "sent"
    row.sent_at = utcnow()
    row.attempts += 1
    row.last_error = None
    row.receipt = receipt
    # Our SMTP server, CWC or regulations.gov accepted it: the strongest evidence there is.
    if row.comment_id is not None:
        db.session.execute(
            update(Comment)
            .where(Comment.id == row.comment_id)
            .values(evidence="sent", tracking_number=receipt, updated_at=utcnow())
        )
    else:
        db.session.execute(
            update(Interaction)
            .where(Interaction.id == row.interaction_id, evidence_rank(Interaction.evidence) < 2)
            .values(evidence="sent", updated_at=utcnow())
        )
    counts["sent"] += 1
    OUTBOX_SENT.labels(row.kind).inc()


def _wait(row: OutboxMessage, exc: RateLimited, now: datetime, counts: dict[str, int]) -> None:
    """Over the receiver's rate limit: due again when it said, not counted as an attempt
    (the message did nothing wrong)."""
    row.status = "pending"
    row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    row.next_attempt_at = now + timedelta(seconds=exc.wait)
    counts["retry"] += 1
    OUTBOX_FAILURES.labels(row.kind, "no").inc()


def _failed(
    config,
    row: OutboxMessage,
    exc: Exception,
    now: datetime,
    counts: dict[str, int],
    final: bool = False,
) -> None:
    """A retry later with a doubling wait; failed for good after OUTBOX_MAX_ATTEMPTS, or at
    once when the receiver refused the message itself (`final`)."""
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
    final = final or row.attempts >= config["OUTBOX_MAX_ATTEMPTS"]
    OUTBOX_FAILURES.labels(row.kind, "yes" if final else "no").inc()
    if final or row.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
        row.status = "failed"
        counts["failed"] += 1
    else:
        row.status = "pending"
        delay = config["OUTBOX_RETRY_SECONDS"] * 2 ** (row.attempts - 1)
        row.next_attempt_at = now + timedelta(seconds=delay)
        counts["retry"] += 1
