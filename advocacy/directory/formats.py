"""Reading a public source's bytes: UTF-8 text (an HTML error page refused), JSON, YAML
and CSV with its required columns; the parsed result and the count checks. Every failure
is a SourceError naming the source."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import orjson
import yaml

from advocacy.ingest.fetch import Source, SourceError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Parsed:
    """A parsed source: its data and how many records it holds (for the count checks)."""

    source: Source
    data: Any
    records: int


def clean(value: Any) -> str | None:
    """A trimmed string with control characters removed, or None when empty."""
    if value is None:
        return None
    text = _CONTROL.sub("", unicodedata.normalize("NFC", str(value))).strip()
    return text or None


def read_text(source: Source, content: bytes) -> str:
    if not content.strip():
        raise SourceError(source.name, "empty body")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(source.name, f"not UTF-8 text (byte {exc.start})") from None
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")):
        raise SourceError(source.name, "an HTML page came back instead of data")
    return text


def read_json(source: Source, content: bytes) -> Any:
    """orjson, not the standard library: the boundary files are 100 MB of JSON, parsed in
    a third of the time. It is stricter (no NaN, no lone surrogate), and refuses nesting
    past 1,024 levels, which no source comes near."""
    text = read_text(source, content)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if str(exc).startswith("depth limit exceeded"):
            raise SourceError(source.name, "invalid JSON: nested too deeply") from None
        raise SourceError(
            source.name, f"invalid JSON at line {exc.lineno} column {exc.colno} (truncated?)"
        ) from None


def read_yaml(source: Source, content: bytes) -> Any:
    try:
        return yaml.safe_load(read_text(source, content))
    except yaml.YAMLError as exc:
        raise SourceError(source.name, f"invalid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise SourceError(source.name, "invalid YAML: nested too deeply") from None


def csv_rows(source: Source, content: bytes, required: tuple[str, ...] | list[str]) -> list:
    reader = csv.reader(io.StringIO(read_text(source, content), newline=""), strict=True)
    try:
        header = next(reader)
        missing = [c for c in required if c not in header]
        if missing:
            raise SourceError(source.name, f"missing column(s): {', '.join(missing)}")
        rows = []
        for number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise SourceError(
                    source.name,
                    f"row {number} has {len(row)} fields, expected {len(header)} (truncated?)",
                )
            rows.append(dict(zip(header, row, strict=True)))
    except csv.Error as exc:
        raise SourceError(source.name, f"malformed CSV: {exc}") from None
    return rows


def require(source: Source, condition: bool, reason: str) -> None:
    if not condition:
        raise SourceError(source.name, reason)


def check_count(
    name: str, records: int, previous: int | None, max_change: float, why: str = ""
) -> None:
    """Refuse a source whose record count moved more than max_change from the last load
    (`why` says why that much is allowed, when it is more than usual)."""
    if previous is None or previous == 0:
        return
    change = (records - previous) / previous
    if abs(change) > max_change:
        allowed = f"the allowed {max_change:.0%}" + (f", as {why}" if why else "")
        raise SourceError(
            name,
            f"{records} records against {previous} in the last load "
            f"({change:+.0%}, more than {allowed}); "
            "check the source, or run with --force if the change is real",
        )
