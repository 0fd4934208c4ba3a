"""CSV exports: RFC 4180, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from flask import Response

from advocacy.interactions.feed import FeedItem
from advocacy.interactions.forms import KIND_LABELS, SEND_LABELS

# A spreadsheet treats a cell starting with these as a formula (or strips the first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """The cell's text, with a leading ' where it would otherwise start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_download(text: str, filename: str) -> Response:
    """A CSV file as a download: UTF-8 with a byte-order mark, so Excel opens accents right."""
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CRLF line ends, quotes where needed (RFC 4180), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return out.getvalue()


FEED_HEADER = (
    "date",
    "time",
    "chapter",
    "source",
    "channel",
    "evidence",
    "officials",
    "offices",
    "campaign",
    "issue",
    "outcome",
    "participants",
    "topics",
    "notes",
    "follow_up_on",
    "follow_up_done",
    "member",
    "logged_by",
)


def feed_rows(items: Iterable[FeedItem]) -> Iterator[list[object]]:
    """One CSV row per feed item, in FEED_HEADER's order."""
    for i in items:
        yield [
            i.day.isoformat(),
            i.at or "",
            i.chapter,
            i.source,
            {**SEND_LABELS, **KIND_LABELS}.get(i.channel, i.channel),
            i.evidence,
            "; ".join(o[1] for o in i.officials),
            "; ".join(o[2] for o in i.officials),
            i.campaign,
            i.issue,
            i.outcome,
            i.participants,
            i.topics,
            i.notes,
            i.follow_up_on.isoformat() if i.follow_up_on else "",
            "yes" if i.follow_up_done else "",
            i.member,
            i.logged_by,
        ]
