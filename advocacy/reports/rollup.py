"""Restamp report months and recount the monthly roll-ups from `interactions`.

The triggers of migration 0008 keep the roll-ups right as sends are written; these are
for what triggers cannot see: REPORT_TIMEZONE changed (chapterless sends move month), a
bulk load that bypassed them, or a check that the counts still agree (`flask reports
rebuild` reports every difference it mended).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Table, func, or_, select

from advocacy.models import (
    Chapter,
    Interaction,
    ReportCount,
    ReportMember,
    ReportMemberFirst,
    ReportOfficialCount,
)
from advocacy.months import day_start_utc, next_month, previous_month


def restamp(connection, default_zone: str) -> int:
    """Set every send's month on its chapter's calendar; returns the rows that moved."""
    first, last = connection.execute(
        select(func.min(Interaction.created_at), func.max(Interaction.created_at))
    ).one()
    if first is None:
        return 0
    zones: dict[str, list[int]] = defaultdict(list)
    for chapter_id, zone in connection.execute(select(Chapter.id, Chapter.timezone)):
        zones[zone].append(chapter_id)
    groups = [(zone, Interaction.chapter_id.in_(ids)) for zone, ids in zones.items()]
    groups.append((default_zone, Interaction.chapter_id.is_(None)))
    # One month before the first send and one after the last: any zone's edge is inside.
    month = previous_month(date(first.year, first.month, 1))
    stop = next_month(next_month(date(last.year, last.month, 1)))
    moved = 0
    while month < stop:
        for zone, in_group in groups:
            result = connection.execute(
                Interaction.__table__.update()
                .where(
                    in_group,
                    Interaction.created_at >= day_start_utc(month, zone),
                    Interaction.created_at < day_start_utc(next_month(month), zone),
                    or_(Interaction.local_month.is_(None), Interaction.local_month != month),
                )
                .values(local_month=month)
            )
            moved += result.rowcount
        month = next_month(month)
    return moved


@dataclass(frozen=True)
class Rollup:
    """One roll-up table: its key columns, the interaction column each key is read from
    (a missing chapter is read as 0), and what it keeps: `n`, the count of sends, or
    `first_month`, the earliest month. The triggers of migration 0008, `rebuild` and the
    tests all count by this."""

    table: Table
    keys: tuple[str, ...]
    sources: tuple[str, ...]
    value: str = "n"


ROLLUPS = (
    Rollup(
        ReportCount.__table__,
        ("month", "chapter_id", "campaign_id", "channel", "evidence"),
        ("local_month", "chapter_id", "campaign_id", "channel", "evidence"),
    ),
    Rollup(
        ReportOfficialCount.__table__,
        ("month", "official_id", "chapter_id"),
        ("local_month", "official_id", "chapter_id"),
    ),
    Rollup(
        ReportMember.__table__,
        ("month", "chapter_id", "member_key"),
        ("local_month", "chapter_id", "member_key"),
    ),
    Rollup(ReportMemberFirst.__table__, ("member_key",), ("member_key",), "first_month"),
)


def _source(name: str):
    column = Interaction.__table__.c[name]
    return func.coalesce(column, 0) if name == "chapter_id" else column


def _recount(rollup: Rollup):
    """SELECT keys..., value FROM interactions, grouped: the roll-up as it should be."""
    keys = [_source(name) for name in rollup.sources]
    value = func.count() if rollup.value == "n" else func.min(Interaction.local_month)
    return select(*keys, value).group_by(*keys)


def rebuild(connection) -> int:
    """Recount every roll-up from `interactions`; returns how many values differed."""
    differed = 0
    for rollup in ROLLUPS:
        table, keys, value = rollup.table, rollup.keys, rollup.value
        fresh = {tuple(row[:-1]): row[-1] for row in connection.execute(_recount(rollup))}
        kept = {
            tuple(row[:-1]): row[-1]
            for row in connection.execute(
                select(*[table.c[k] for k in keys], table.c[value]).where(
                    table.c[value].is_not(None) if value != "n" else table.c.n != 0
                )
            )
        }
        differed += sum(1 for k in fresh.keys() | kept.keys() if fresh.get(k) != kept.get(k))
        connection.execute(table.delete())
        rows = [dict(zip(keys, k, strict=True)) | {value: v} for k, v in fresh.items()]
        for i in range(0, len(rows), 5000):
            connection.execute(table.insert(), rows[i : i + 5000])
    return differed
