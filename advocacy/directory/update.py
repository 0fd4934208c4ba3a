"""`flask data update`: fetch, validate, then load everything in one transaction."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from filelock import FileLock, Timeout
from flask import current_app, has_app_context
from shapely.errors import GEOSException
from sqlalchemy import func, select

from advocacy import clock
from advocacy.directory.build import build_directory
from advocacy.directory.corrections import (
    apply_corrections,
    check_corrections,
    corrections_pending,
)
from advocacy.directory.formats import Parsed, check_count
from advocacy.directory.load import apply_directory
from advocacy.directory.parsers import parse
from advocacy.directory.sources import all_sources, offline_tables, represent_sources
from advocacy.directory.status import as_utc, turning_over
from advocacy.extensions import begin_write, db
from advocacy.geocoding.shapes import store_shapes
from advocacy.ingest.diff import Changes
from advocacy.ingest.fetch import Fetched, Fetcher, Previous, Source, Unreachable, sha256
from advocacy.ingest.publish import Staged, write_json
from advocacy.memory import collector_paused
from advocacy.models import DataLoad, Official, SourceFile

MANIFEST = "manifest.json"
# Bump when the loader writes the same sources differently (new columns, new rules), so
# the next update rebuilds the directory even though no source changed.
LOADER_VERSION = 4


@dataclass
class UpdateResult:
    """What an update did."""

    status: str  # "loaded" or "unchanged"
    changes: Changes = field(default_factory=Changes)
    changed_sources: list[str] = field(default_factory=list)
    # Optional sources the publisher does not have (mayors for most states).
    absent_sources: list[str] = field(default_factory=list)
    # Live sources (Represent) that could not be reached: their last copy was kept, or,
    # with none, they are left out.
    unreached_sources: list[str] = field(default_factory=list)
    # (correction id, "applied" or why not) for each active correction.
    corrections: list[tuple[int, str]] = field(default_factory=list)
    # Offices the data names two current holders for, and whom the load kept.
    conflicts: list[str] = field(default_factory=list)


class UpdateRunning(Exception):
    """Another update holds this data directory: nothing was done."""


log = logging.getLogger(__name__)

LOCK_FILE = ".update.lock"


def update_directory(
    config: dict[str, Any],
    *,
    force: bool = False,
    sources: list[Source] | None = None,
    on_source: Callable[[Source], None] | None = None,
    now: datetime | None = None,
) -> UpdateResult:
    """Fetch and validate every source, then load them in one transaction.

    Raises SourceError (nothing written but a failed-load record) when any source is bad,
    and UpdateRunning when another update holds the data directory (a cron run overlapping
    a manual one): two never write the same files at once.
    """
    data_dir = Path(config["LEGISLATOR_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(data_dir / LOCK_FILE, timeout=config.get("DATA_UPDATE_LOCK_TIMEOUT", 0))
    try:
        # Millions of parsed objects live until the load ends: no collector passes over them.
        with lock, collector_paused():
            return _update(config, data_dir, force, sources, on_source, now)
    except Timeout:
        raise UpdateRunning(
            f"another data update is running on {data_dir}; nothing was done"
        ) from None


def _update(config, data_dir: Path, force, sources, on_source, now) -> UpdateResult:
    now = now or clock.now()
    try:
        # Fetching can take minutes over the network: do it before taking the write lock.
        previous, has_data, last_version = _live_state()
        fetched = _fetch_all(
            config, sources or configured_sources(config), previous, data_dir, force, on_source,
            now.date(),
        )  # fmt: skip
        changed = [
            f.source.name
            for f, _ in fetched
            if f.source.name not in previous or previous[f.source.name].sha256 != f.sha256
        ]
        # A new loader version rebuilds from unchanged sources (the diff writes only what
        # the new code produces differently).
        # So do corrections made or retired since: they are checked against a fresh build,
        # and a retired one's official is rewritten from the public data.
        load = (
            bool(changed) or not has_data or last_version != LOADER_VERSION or corrections_pending()
        )
        result = UpdateResult(
            "loaded" if load else "unchanged",
            changed_sources=changed,
            absent_sources=[f.source.name for f, _ in fetched if f.absent and not f.unreached],
            unreached_sources=[f.source.name for f, _ in fetched if f.unreached],
        )
        _write(fetched, result, now, load)
        _commit_and_publish(fetched, data_dir, set(changed))
        return result
    except BaseException as exc:
        db.session.rollback()
        _record_failure(now, exc)
        raise


def _write(fetched, result: UpdateResult, now: datetime, load: bool) -> None:
    """The load's writes, in one write transaction: the directory (when it is rebuilt), the
    corrections over it, the sources' records and the load's own."""
    directory = (
        build_directory({p.source.name: p for _, p in fetched}, now.date()) if load else None
    )
    begin_write()
    if directory is not None:
        result.changes = apply_directory(directory)
        result.conflicts = directory.conflicts
        check_corrections(directory, now)
    # An admin's corrections lie over whatever was loaded, every time.
    result.corrections = [(a.correction.id, a.outcome) for a in apply_corrections()]
    previous = {sf.name: sf for sf in db.session.scalars(select(SourceFile))}
    _record_sources(fetched, previous, now)
    db.session.add(
        DataLoad(
            started_at=now,
            finished_at=clock.now(),
            status=result.status,
            message=_summary(result),
            loader_version=LOADER_VERSION,
        )
    )


def _commit_and_publish(fetched, data_dir: Path, changed: set[str]) -> None:
    """Commit, then put the new or missing stored copies in place and the manifest."""
    staged = Staged()
    for got, _ in fetched:
        final = data_dir / got.source.relpath
        if got.source.name in changed or not final.is_file():
            staged.stage(final, got.content)
    try:
        db.session.commit()
    except BaseException:
        staged.discard()
        raise
    staged.publish()
    _write_manifest(data_dir)
    # The boundary polygons ready to load: every process's first point lookup then takes a
    # tenth of a second, not the seconds of parsing the GeoJSON.
    # They are a copy for speed: the load stands without them (lookups then read the
    # GeoJSON), so a failure here is logged, never an update that failed after committing.
    _, _, cds, slds, shapes = offline_tables(data_dir)
    if cds.is_file():
        parsed = {data_dir / got.source.relpath: p.data for got, p in fetched}
        try:
            store_shapes(shapes, cds, slds, parsed)
        except (OSError, ValueError, TypeError, KeyError, GEOSException) as exc:
            log.warning("the boundary polygons were not stored (%s): %s", shapes, exc)
    # Lookups in this process must not wait to see the new data.
    if has_app_context():
        current_app.extensions.pop("data_version", None)


def configured_sources(config) -> list[Source]:
    """What an update reads with these settings: every source (DATA_STATES' states only,
    when set) and Represent's bodies (when REPRESENT_URL is set)."""
    return all_sources(config.get("DATA_STATES")) + represent_sources(config.get("REPRESENT_URL"))


def _live_state() -> tuple[dict[str, SourceFile], bool, int | None]:
    """The live data's sources, whether it holds officials, and the loader that wrote it.

    Read in a short transaction of its own, before any fetching.
    """
    rows = {sf.name: sf for sf in db.session.scalars(select(SourceFile))}
    for row in rows.values():
        db.session.expunge(row)
    has_data = db.session.scalar(select(func.count(Official.id))) > 0
    last_version = db.session.scalar(
        select(DataLoad.loader_version)
        .where(DataLoad.status != "failed")
        .order_by(DataLoad.id.desc())
        .limit(1)
    )
    db.session.rollback()
    return rows, has_data, last_version


def _fetch_all(
    config, sources, previous, data_dir, force, on_source, today: date
) -> list[tuple[Fetched, Parsed]]:
    turnover = turning_over(today, config["DATA_TURNOVER_DAYS"], config["DATA_STALE_SEAT_SHARE"])
    db.session.rollback()
    fetcher = Fetcher.from_config(config)
    out = []
    down: set[str] = set()  # hosts of live sources that did not answer
    try:
        for source in sources:
            if on_source:
                on_source(source)
            prev = previous.get(source.name)
            prev_copy = (
                Previous(prev.sha256, prev.etag, prev.last_modified, data_dir / prev.path)
                if prev
                else None
            )
            host = urlsplit(source.url).netloc
            try:
                if source.live and host in down:
                    raise Unreachable(source.name, f"{host} did not answer this update")
                got = fetcher.fetch(source, prev_copy)
            except Unreachable:
                if not source.live:
                    raise
                down.add(host)  # its other bodies are not tried again, retries and all
                got = _last_copy(source, prev_copy)
            parsed = parse(source, got.content)
            if not force:
                # A body whose terms end now may lose a third of a file's records (say, the
                # offices of members who left) before the new members' offices are listed.
                # (The turnover is the U.S. bodies': the loaded data holds their terms.)
                expected = source.country == "us" and source.state in turnover
                check_count(
                    source.name,
                    parsed.records,
                    prev.records if prev else None,
                    config["DATA_TURNOVER_MAX_CHANGE" if expected else "DATA_MAX_CHANGE"],
                    "the terms of its body end now" if expected else "",
                )
            out.append((got, parsed))
    finally:
        fetcher.close()
    return out


def _last_copy(source: Source, previous: Previous | None) -> Fetched:
    """A live source that cannot be reached now: its last good copy, else nothing."""
    if previous is not None and previous.path.is_file():
        content = previous.path.read_bytes()
        if sha256(content) == previous.sha256:
            return Fetched(
                source,
                content,
                previous.sha256,
                previous.etag,
                previous.last_modified,
                not_modified=True,
                unreached=True,
            )
    return Fetched(source, b"", sha256(b""), absent=True, unreached=True)


def _record_sources(fetched, previous: dict[str, SourceFile], now: datetime) -> None:
    for got, parsed in fetched:
        row = previous.get(got.source.name)
        if row is None:
            row = SourceFile(name=got.source.name, url=got.source.url, changed_at=now)
            db.session.add(row)
        elif row.sha256 != got.sha256:
            row.changed_at = now
        row.url = got.source.url
        row.path = got.source.relpath
        row.sha256 = got.sha256
        row.etag = got.etag
        row.last_modified = got.last_modified
        row.records = parsed.records
        row.checked_at = now


def _summary(result: UpdateResult) -> str:
    return json.dumps(
        {
            "changed_sources": result.changed_sources,
            "rows": result.changes.counts,
            "conflicts": result.conflicts,
        }
    )


def _record_failure(started: datetime, exc: BaseException) -> None:
    """Log the failed attempt in its own transaction (the load itself was rolled back)."""
    try:
        db.session.add(
            DataLoad(
                started_at=started,
                finished_at=clock.now(),
                status="failed",
                message=str(exc)[:2000] or type(exc).__name__,
            )
        )
        db.session.commit()
    except Exception:  # noqa: BLE001  (the original error is what the caller must see)
        db.session.rollback()


def _write_manifest(data_dir: Path) -> None:
    """data/legislators/manifest.json: what the live data was loaded from."""
    rows = db.session.scalars(select(SourceFile).order_by(SourceFile.name)).all()
    manifest = {
        "written_at": clock.now().isoformat(timespec="seconds"),
        "sources": [
            {
                "name": r.name,
                "url": r.url,
                "path": r.path,
                "sha256": r.sha256,
                "records": r.records,
                "etag": r.etag,
                "last_modified": r.last_modified,
                "fetched_at": _iso(r.checked_at),
                "changed_at": _iso(r.changed_at),
            }
            for r in rows
        ],
    }
    write_json(data_dir / MANIFEST, manifest)


def _iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat(timespec="seconds") if value else None
