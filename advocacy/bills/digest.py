"""The legislation digest: for an advocate who chose one (daily or weekly), the new actions
on the bills their chapters follow and the new bills matching their followed searches since
the last digest, as a plain-text email with a one-click unsubscribe.

Composing writes nothing; the worker (jobs.py) queues each digest in the outbox under a key
of the advocate and period, so a rerun or a second worker never sends one twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from advocacy.bills.follows import POSITION_NAMES, describe_change, follows_of, matching
from advocacy.extensions import db
from advocacy.jurisdictions import JURISDICTION_NAMES
from advocacy.models import Bill, BillChange, BillPosition, User
from advocacy.tokens import make_token

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A little less than the period, so a worker checking hourly does not slip a day each time.
SLACK = timedelta(minutes=30)
MAX_BILLS = 60  # per chapter, the most recently changed; the watch list has the rest


@dataclass
class DigestMail:
    user_id: int
    to: str
    subject: str
    body: str
    dedupe_key: str
    headers: dict[str, str]
    extra_count: int = 0


def period_label(choice: str, now: datetime) -> str:
    """The digest's period: a day, or an ISO week (its key in the outbox)."""
    if choice == "weekly":
        year, week, _ = now.isocalendar()
        return f"{year}-W{week:02d}"
    return now.date().isoformat()


def due_users(now: datetime) -> list[User]:
    """Active advocates whose digest is due."""
    conditions = [
        (User.digest == choice)
        & or_(User.digest_sent_at.is_(None), User.digest_sent_at <= now - period + SLACK)
        for choice, period in PERIODS.items()
    ]
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), or_(*conditions))
            .options(selectinload(User.chapters))
            .order_by(User.id)
        )
    )


# More the digest says of a user's chapters beside bills (the agency rules): (count, lines),
# given the user, the period's start and its end; read inside a request context.
More = Callable[[User, datetime, datetime], tuple[int, list[str]]]


class Composer:
    """Digests for one run: the changes since each advocate's last digest, read once per
    distinct time, each chapter's followed bills among them read once (advocates of one
    chapter share them), and each search or sponsor read once (chapters share those)."""

    def __init__(self, now: datetime, more: More | None = None):
        self.now = now
        self.more = more
        self._changes: dict[datetime, dict[int, list[BillChange]]] = {}
        self._chapters: dict[tuple[int, datetime], list[int]] = {}
        self._matches: dict[tuple[str, datetime], set[int]] = {}

    def changes(self, since: datetime) -> dict[int, list[BillChange]]:
        if since not in self._changes:
            found: dict[int, list[BillChange]] = {}
            for change in db.session.scalars(
                select(BillChange)
                .where(BillChange.changed_at > since, BillChange.changed_at <= self.now)
                .order_by(BillChange.changed_at, BillChange.id)
            ):
                found.setdefault(change.bill_id, []).append(change)
            self._changes[since] = found
        return self._changes[since]

    def matches(self, follow, since: datetime, recent) -> set[int]:
        """The changed bills a search or sponsor follow matches, read once per run for every
        chapter that follows the same (a follow's key does not name its chapter)."""
        key = (follow.key, since)
        if key not in self._matches:
            self._matches[key] = set(
                db.session.scalars(select(Bill.id).where(*matching(follow), Bill.id.in_(recent)))
            )
        return self._matches[key]

    def compose(self, user: User) -> DigestMail | None:
        """The user's digest, or None when nothing they follow changed."""
        since = user.digest_sent_at or self.now - PERIODS.get(user.digest, PERIODS["daily"])
        if not user.chapters:
            return None
        changes = self.changes(since)
        if not changes and self.more is None:
            return None
        sections = [
            (c, ids) for c in user.chapters if changes and (ids := self.followed(c.id, since))
        ]
        mail = self._mail(user, since, changes, sections)
        return mail if sections or mail.extra_count else None

    def followed(self, chapter_id: int, since: datetime) -> list[int]:
        """The chapter's followed bills that changed after `since`."""
        key = (chapter_id, since)
        if key not in self._chapters:
            changed = self.changes(since)
            recent = select(BillChange.bill_id).where(
                BillChange.changed_at > since, BillChange.changed_at <= self.now
            )
            found: set[int] = set()
            for follow in follows_of([chapter_id]):
                if follow.kind == "bill":
                    found |= {follow.bill_id} & changed.keys()
                else:
                    found |= self.matches(follow, since, recent)
            # The most recently changed first: a digest shows MAX_BILLS of them.
            self._chapters[key] = sorted(
                found, key=lambda i: (changed[i][-1].changed_at, i), reverse=True
            )
        return self._chapters[key]

    def _mail(self, user, since, changes, sections) -> DigestMail:
        config = current_app.config
        all_ids = {i for _, ids in sections for i in ids[:MAX_BILLS]}
        bills = {b.id: b for b in db.session.scalars(select(Bill).where(Bill.id.in_(all_ids)))}
        positions = {
            (p.chapter_id, p.bill_id): p.position
            for p in db.session.scalars(
                select(BillPosition).where(
                    BillPosition.bill_id.in_(all_ids),
                    BillPosition.chapter_id.in_([c.id for c, _ in sections]),
                )
            )
        }
        base = (config.get("PUBLIC_URL") or "http://localhost:5000").rstrip("/")
        with current_app.test_request_context(base_url=base):
            token = make_token("digest-unsubscribe", user.id)
            unsubscribe = url_for("bills.unsubscribe", token=token, _external=True)
            watch = url_for("bills.watch", _external=True)
            lines = [
                f"What changed in the legislation you follow since {since:%Y-%m-%d %H:%M} UTC.",
                "",
            ]
            extra_count, extra_lines = self.more(user, since, self.now) if self.more else (0, [])
            for chapter, ids in sections:
                lines += [chapter.name, "=" * len(chapter.name), ""]
                for bill_id in ids[:MAX_BILLS]:
                    bill = bills[bill_id]
                    where = JURISDICTION_NAMES.get(bill.jurisdiction, bill.jurisdiction)
                    position = positions.get((chapter.id, bill_id))
                    lines.append(f"{bill.identifier} ({where}): {bill.title[:200]}")
                    if position:
                        lines.append(f"  Our position: {POSITION_NAMES[position]}")
                    for change in changes[bill_id]:
                        lines.append(f"  - {describe_change(change)[:500]}")
                    lines.append("  " + url_for("bills.bill", bill_id=bill_id, _external=True))
                    lines.append("")
                if len(ids) > MAX_BILLS:
                    lines += [f"And {len(ids) - MAX_BILLS} more on the watch list.", ""]
            lines += extra_lines
            lines += [
                f"The watch list: {watch}",
                "",
                f"You get this {user.digest} because you chose it on the watch list.",
                f"Stop these emails: {unsubscribe}",
            ]
        org = config.get("ORG_SHORT_NAME") or "Advocacy"
        count = len({i for _, ids in sections for i in ids})
        return DigestMail(
            user_id=user.id,
            to=user.email,
            subject=_subject(org, count, extra_count),
            extra_count=extra_count,
            body="\n".join(lines) + "\n",
            dedupe_key=f"digest:{user.id}:{period_label(user.digest, self.now)}",
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def _subject(org: str, bills: int, rules: int) -> str:
    said = [f"{bills} bill{'' if bills == 1 else 's'} changed"] if bills else []
    if rules:
        said.append(f"{rules} agency rule{'' if rules == 1 else 's'}")
    return f"{org} legislation digest: {', '.join(said)}"


def digests(now: datetime, more: More | None = None) -> Iterator[tuple[User, DigestMail | None]]:
    """Every due advocate with their digest (None: nothing new for them); `more` adds what
    else their chapters follow (the agency rules)."""

    composer = Composer(now, more)
    for user in due_users(now):
        yield user, composer.compose(user)
