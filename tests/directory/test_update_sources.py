"""`flask data update` against bad, changed and conditional sources.

The mechanics are the same for one state as for fifty: these tests run on the small mirror
(Congress, the national tables and SMALL_STATES). Mirror tests corrupt a private copy of it;
HTTP tests serve the same files at the real URLs through `responses` (no network, nothing of
ours patched).
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
import requests
import responses
from sqlalchemy import func, select

from advocacy.directory.sources import all_sources, offline_tables, sld_boundary_sources
from advocacy.directory.update import update_directory
from advocacy.extensions import db
from advocacy.geocoding.shapes import SHAPES_FILE, load_shapes
from advocacy.ingest.fetch import SourceError
from advocacy.models import DataLoad, Official, Seat, SourceFile
from tests.mirror import SMALL_STATES

pytestmark = pytest.mark.realdata

CONGRESS = "unitedstates.github.io/congress-legislators/legislators-current.json"
SOCIAL = "unitedstates.github.io/congress-legislators/legislators-social-media.json"
CSV = "data.openstates.org/people/current/{}.csv"
USA = "raw.githubusercontent.com/openstates/openstates-geo/main/configs/jurisdictions/usa.yml"
ZCCD = "raw.githubusercontent.com/OpenSourceActivismTech/us-zipcodes-congress/master/zccd.csv"
GEOJSON = (
    "raw.githubusercontent.com/PolicyEngine/policyengine-app-v2/main/app/public/data/"
    "geojson/congressional_districts.geojson"
)


def _state_of_db():
    """What must not move when an update is refused."""
    return {
        "seats": db.session.scalar(select(func.count()).select_from(Seat)),
        "officials": db.session.execute(
            select(Official.id, Official.source_key, Official.fingerprint).order_by(Official.id)
        ).all(),
        "sources": db.session.execute(
            select(SourceFile.name, SourceFile.sha256).order_by(SourceFile.name)
        ).all(),
    }


def _rewrite_csv(path, transform):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(transform(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


def _truncate(path, fraction=0.5):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


HOSTILE = {
    "truncated-json": (CONGRESS, "congress-legislators", "invalid JSON", lambda p: _truncate(p)),
    "html-instead-of-csv": (
        CSV.format("ma"),
        "openstates-ma",
        "HTML page",
        lambda p: p.write_text("<!DOCTYPE html><html><body>Rate limited</body></html>"),
    ),
    "missing-column": (
        CSV.format("oh"),
        "openstates-oh",
        "missing column(s): current_district",
        lambda p: _rewrite_csv(p, lambda rows: [r[:3] + r[4:] for r in rows]),
    ),
    "truncated-csv": (
        CSV.format("oh"),
        "openstates-oh",
        "truncated?",
        lambda p: _truncate(p, 0.6),
    ),
    "forty-percent-drop": (
        CSV.format("ma"),
        "openstates-ma",
        "-40%",
        lambda p: _rewrite_csv(p, lambda rows: rows[: 1 + int((len(rows) - 1) * 0.6)]),
    ),
    "empty-file": (ZCCD, "zip-congressional-districts", "empty body", lambda p: p.write_text("")),
    "missing-file": (USA, "geo-config-usa", "not found in the mirror", lambda p: p.unlink()),
    "nested-too-deeply": (
        SOCIAL,
        "congress-social-media",
        "nested too deeply",
        lambda p: p.write_text("[" * 100_000),
    ),
    "yaml-nested-too-deeply": (
        "raw.githubusercontent.com/openstates/people/main/data/ma/executive/Deep.yml",
        "openstates-executive-ma",
        "nested too deeply",
        lambda p: p.write_text("[" * 100_000),
    ),
    "not-a-list": (
        SOCIAL,
        "congress-social-media",
        "expected a JSON list",
        lambda p: p.write_text('{"error": "moved"}'),
    ),
    "broken-geometry": (
        GEOJSON,
        "congressional-district-boundaries",
        "lacks GEOID or geometry",
        lambda p: p.write_text(json.dumps({"type": "FeatureCollection", "features": [{}]})),
    ),
    "not-utf8": (
        CSV.format("vt"),
        "openstates-vt",
        "not UTF-8",
        lambda p: p.write_bytes(p.read_bytes().replace(b"a", b"\xe9", 5)),
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_bad_source_is_refused_and_previous_data_stays_live(case, small_app, small_mirror_copy):
    relpath, source, reason, corrupt = HOSTILE[case]
    corrupt(small_mirror_copy / relpath)
    small_app.config["LEGISLATOR_DATA_MIRROR"] = str(small_mirror_copy)
    manifest = small_app.config["LEGISLATOR_DATA_DIR"] + "/manifest.json"
    with open(manifest, "rb") as f:
        manifest_before = f.read()
    with small_app.app_context():
        before = _state_of_db()
        with pytest.raises(SourceError) as raised:
            update_directory(small_app.config)
        assert raised.value.source == source
        assert reason in raised.value.reason
        db.session.rollback()
        assert _state_of_db() == before
        last = db.session.scalars(select(DataLoad).order_by(DataLoad.id.desc())).first()
        assert last.status == "failed" and source in last.message
    with open(manifest, "rb") as f:
        assert f.read() == manifest_before


def test_cli_exits_non_zero_naming_the_source(small_app, small_mirror_copy):
    _truncate(small_mirror_copy / CSV.format("ma"), 0.3)
    small_app.config["LEGISLATOR_DATA_MIRROR"] = str(small_mirror_copy)
    result = small_app.test_cli_runner().invoke(args=["data", "update"])
    assert result.exit_code != 0
    assert "refused openstates-ma" in result.output
    assert "previous data is still live" in result.output
    status = small_app.test_cli_runner().invoke(args=["data", "status"])
    assert status.exit_code == 0
    assert "Last attempt FAILED" in status.output and "openstates-ma" in status.output


def test_force_accepts_a_large_real_change(small_app, small_mirror_copy):
    kept = []

    def drop_forty_percent(rows):
        kept.extend(rows[1 : 1 + (len(rows) - 1) * 6 // 10])
        return [rows[0], *kept]

    _rewrite_csv(small_mirror_copy / CSV.format("oh"), drop_forty_percent)
    small_app.config["LEGISLATOR_DATA_MIRROR"] = str(small_mirror_copy)
    with small_app.app_context():
        with pytest.raises(SourceError):
            update_directory(small_app.config)
        result = update_directory(small_app.config, force=True)
        assert result.status == "loaded"
        assert result.changed_sources == ["openstates-oh"]
        oh = db.session.scalar(
            select(func.count())
            .select_from(Seat)
            .where(Seat.state == "oh", Seat.level == "state", Seat.chamber != "executive")
        )
        assert oh == len(kept)


def test_small_change_updates_only_what_changed(small_app, small_mirror_copy):
    changed_id = removed_id = None

    def edit(rows):
        nonlocal changed_id, removed_id
        header = rows[0]
        party = header.index("current_party")
        rows[1][party] = "Independent"
        changed_id, removed_id = rows[1][0], rows[2][0]
        return [rows[0], rows[1], *rows[3:]]

    _rewrite_csv(small_mirror_copy / CSV.format("ma"), edit)
    small_app.config["LEGISLATOR_DATA_MIRROR"] = str(small_mirror_copy)
    with small_app.app_context():
        ids_before = dict(db.session.execute(select(Official.source_key, Official.id)).all())
        collecting = []  # whether the cyclic collector runs, as each source is read
        result = update_directory(
            small_app.config, on_source=lambda _: collecting.append(gc.isenabled())
        )
        assert collecting and not any(collecting)  # paused over the parsed data
        assert gc.isenabled()  # and back after the load
        assert result.changed_sources == ["openstates-ma"]
        assert result.changes.counts["officials"] == {"updated": 1}
        assert result.changes.counts["seats"] == {"retired": 1, "written": 1}
        changed = db.session.scalar(select(Official).where(Official.source_key == changed_id))
        assert changed.seat.party == "Independent"
        removed = db.session.scalar(select(Official).where(Official.source_key == removed_id))
        assert removed.seat is None  # kept for history, no longer seated
        ids_after = dict(db.session.execute(select(Official.source_key, Official.id)).all())
        assert ids_after == ids_before  # ids are stable across loads
        # The removed legislator is no longer listed or counted as current.
        client = small_app.test_client()
        page = client.get(f"/officials?q={removed.full_name}&state=ma")
        assert f'/officials/{removed.id}"'.encode() not in page.data
        assert client.get(f"/officials/{removed.id}").status_code == 200


# --- over HTTP ------------------------------------------------------------------------------


class FakeSources:
    """Serves the mirror's files at their real URLs, with ETags; cases override some URLs."""

    def __init__(self, mirror):
        self.mirror = mirror
        self.overrides = {}
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        url = request.url
        if url in self.overrides:
            override = self.overrides[url]
            if isinstance(override, Exception):
                raise override
            return override
        tree = re.fullmatch(
            r"https://api\.github\.com/repos/([^/]+)/([^/]+)/git/trees/([^/?]+)\?recursive=1", url
        )
        if tree:  # GitHub's recursive tree of the mirrored repository
            root = self.mirror / "raw.githubusercontent.com" / "/".join(tree.groups())
            paths = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
            body = {"tree": [{"path": p, "type": "blob"} for p in paths], "truncated": False}
            return (200, {"Content-Type": "application/json"}, json.dumps(body))
        relpath = re.sub(r"^https://", "", url)
        path = self.mirror / relpath
        if not path.is_file():
            return (404, {}, "Not Found")
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return (304, {"ETag": etag}, b"")
        return (200, {"ETag": etag, "Last-Modified": "Sat, 21 Nov 2026 05:00:00 GMT"}, body)


@pytest.fixture
def fake_sources(app, small_mirror):
    """The small mirror at its real URLs; the app loads its states only."""
    app.config["DATA_STATES"] = list(SMALL_STATES)
    fake = FakeSources(small_mirror)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.GET, re.compile(r"https://.*"), callback=fake)
        yield fake


def _sources():
    return all_sources(SMALL_STATES)


def _csv_rows(mirror, state) -> int:
    with (mirror / CSV.format(state)).open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


def _file_requests(fake):
    """The requests for file sources (not GitHub's tree, not a directory's files)."""
    directories = tuple(s.url for s in _sources() if s.listing)
    return [
        r for r in fake.requests if "/git/trees/" not in r.url and not r.url.startswith(directories)
    ]


def test_http_load_then_conditional_requests(app, fake_sources, small_mirror):
    with app.app_context():
        first = update_directory(app.config)
        assert first.status == "loaded"
        files = [s for s in _sources() if not s.listing]
        # One request per file source, one for Open States' repository tree, and one per
        # person file of the directory sources (no municipalities in the mirror: absent).
        assert len(_file_requests(fake_sources)) == len(files)
        assert len([r for r in fake_sources.requests if "/git/trees/" in r.url]) == 1
        assert set(first.absent_sources) == {s.name for s in _sources() if s.optional}
        congress = json.loads((small_mirror / CONGRESS).read_text())
        legislators = sum(_csv_rows(small_mirror, st) for st in SMALL_STATES)
        # Every member of Congress and every legislator of the states, and their executives.
        assert db.session.scalar(select(func.count()).select_from(Seat)) > len(congress) + (
            legislators
        )
        row = db.session.scalar(select(SourceFile).where(SourceFile.name == "openstates-ma"))
        assert row.etag and row.last_modified
        fake_sources.requests.clear()
        second = update_directory(app.config)
        assert second.status == "unchanged"
        # The file sources ask "changed since?"; directories are read whole each time.
        assert all(r.headers.get("If-None-Match") for r in _file_requests(fake_sources))
        assert all(r.headers.get("If-Modified-Since") for r in _file_requests(fake_sources))
        assert all(
            r.headers.get("User-Agent", "").startswith("advocacy") for r in fake_sources.requests
        )
    data_dir = Path(app.config["LEGISLATOR_DATA_DIR"])
    manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["sources"]) == len(_sources())
    # The boundaries' polygons are stored ready to load, made from the files just stored:
    # every drawn district of the small mirror's states is in them.
    *_, cds, slds, stored = offline_tables(data_dir)
    shapes = load_shapes(stored, cds, [p for p in slds if p.is_file()])
    drawn = {
        str(f["properties"]["GEOID"])
        for source in sld_boundary_sources(SMALL_STATES)
        for f in json.loads((small_mirror / source.relpath).read_bytes())["features"]
        if not str(f["properties"]["GEOID"]).endswith("ZZZ")
    }
    assert shapes is not None and {g for _, g in shapes.sld_geoids} == drawn
    entry = next(s for s in manifest["sources"] if s["name"] == "openstates-ma")
    stored = (data_dir / entry["path"]).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == entry["sha256"]
    assert entry["records"] == _csv_rows(small_mirror, "ma") and entry["etag"]
    assert entry["fetched_at"]


def test_polygons_that_cannot_be_stored_leave_the_update_standing(app, fake_sources, caplog):
    """The stored polygons are a copy for speed: where they cannot be written (here a
    folder sits where they are written first), the load stands, the reason is logged, and
    lookups read the GeoJSON."""
    data_dir = Path(app.config["LEGISLATOR_DATA_DIR"])
    (data_dir / (SHAPES_FILE + ".new")).mkdir(parents=True)
    with app.app_context():
        assert update_directory(app.config).status == "loaded"
        assert db.session.scalar(select(func.count()).select_from(Seat)) > 0
    assert not (data_dir / SHAPES_FILE).exists()
    assert "the boundary polygons were not stored" in caplog.text


HTTP_FAILURES = {
    "server-error": ((500, {}, "oops"), "HTTP 500"),
    "not-found": ((404, {}, "Not Found"), "HTTP 404"),
    "rate-limited": ((429, {}, "slow down"), "HTTP 429"),
    "html-200": ((200, {}, "<html><body>Maintenance</body></html>"), "HTML page"),
    "timeout": (requests.exceptions.ReadTimeout("read timed out"), "timed out"),
    "connection-refused": (requests.exceptions.ConnectionError("refused"), "could not fetch"),
}


@pytest.mark.parametrize("case", sorted(HTTP_FAILURES))
def test_http_failures_are_refused_with_the_source_named(case, app, fake_sources):
    answer, reason = HTTP_FAILURES[case]
    url = next(s.url for s in _sources() if s.name == "openstates-ma")
    fake_sources.overrides[url] = answer
    with app.app_context():
        with pytest.raises(SourceError) as raised:
            update_directory(app.config)
        assert raised.value.source == "openstates-ma"
        assert reason in raised.value.reason
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Official)) == 0
    tries = sum(1 for r in fake_sources.requests if r.url == url)
    retried = case in ("server-error", "rate-limited")
    assert tries == (app.config["HTTP_RETRIES"] + 1 if retried else 1)


def test_a_second_update_on_the_same_data_directory_refuses_at_once(app, runner):
    """Two `flask data update` runs never overlap (a cron run and a manual one, say)."""
    from filelock import FileLock
    from sqlalchemy import func, select

    from advocacy.directory.update import LOCK_FILE
    from advocacy.extensions import db
    from advocacy.models import DataLoad

    data_dir = Path(app.config["LEGISLATOR_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(data_dir / LOCK_FILE):  # the other run
        result = runner.invoke(args=["data", "update"])
    assert result.exit_code == 1
    assert "another data update is running" in result.output and "nothing was done" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DataLoad)) == 0
