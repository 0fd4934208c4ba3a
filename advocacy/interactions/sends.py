"""Record an interaction exactly once, raising its evidence level but never lowering it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import current_app
from sqlalchemy import case, func, select

from advocacy.extensions import db, upsert_insert
from advocacy.keys import keyed_hash, member_key
from advocacy.models import Interaction
from advocacy.models._types import utcnow
from advocacy.models.interactions import confirmed, evidence_rank
from advocacy.months import send_month
from advocacy.observability import SENDS


def idempotency_key(member_email: str, campaign_id: int, official_id: int, channel: str) -> str:
    """One key per member, campaign, official and channel (keyed: it outlives the email)."""
    raw = f"{member_email.strip().casefold()}|{campaign_id}|{official_id}|{channel}"
    return keyed_hash(current_app.config, b"advocacy.idempotency", raw)


@dataclass(frozen=True)
class SendRow:
    """One member's action on one official, as an interaction records it: the official and
    office as they were, the channel, the evidence, the member; for a call, how it went
    and the position heard (a later report of the same call replaces them)."""

    campaign_id: int
    official_id: int
    official_name: str
    office: str
    channel: str
    evidence: str
    member_name: str
    member_email: str
    district: str | None = None
    division_id: str | None = None
    member_zip: str | None = None
    chapter: str | None = None
    chapter_id: int | None = None
    call_outcome: str | None = None
    position_heard: str | None = None


def record(row: SendRow) -> int:
    """Insert or upgrade one interaction; returns its id. The caller commits.

    The send's report month is stamped here; triggers move the monthly roll-ups.
    """
    values = asdict(row)
    key = idempotency_key(
        values["member_email"], values["campaign_id"], values["official_id"], values["channel"]
    )
    now = utcnow()
    month = send_month(db.session.connection(), values.get("chapter_id"), now)
    statement = upsert_insert(Interaction).values(
        idempotency_key=key,
        created_at=now,
        updated_at=now,
        local_month=month,
        member_key=member_key(current_app.config, values["member_email"]),
        **values,
    )
    excluded = statement.excluded
    upgrade = evidence_rank(excluded.evidence) > evidence_rank(Interaction.evidence)
    statement = statement.on_conflict_do_update(
        index_elements=[Interaction.idempotency_key],
        set_={
            "evidence": case((upgrade, excluded.evidence), else_=Interaction.evidence),
            "updated_at": case((upgrade, excluded.updated_at), else_=Interaction.updated_at),
            "call_outcome": func.coalesce(excluded.call_outcome, Interaction.call_outcome),
            "position_heard": func.coalesce(excluded.position_heard, Interaction.position_heard),
        },
    ).returning(Interaction.id)
    recorded = db.session.execute(statement).scalar_one()
    SENDS.labels(values["channel"]).inc()
    return recorded


def campaign_count(campaign_id: int) -> tuple[int, int, int]:
    """(sent, only opened, distinct members) of a campaign: an opening is no send."""
    row = db.session.execute(
        select(
            func.count().filter(confirmed()),
            func.count().filter(~confirmed()),
            func.count(func.distinct(Interaction.member_key)),
        ).where(Interaction.campaign_id == campaign_id)
    ).one()
    return row[0], row[1], row[2]
