"""Offline answers from the stored public tables: a ZIP to its candidate districts, and a
point to its congressional and state legislative districts (point-in-polygon on the
Census boundaries).

The index is built once per process from the raw files `flask data update` stored, and
rebuilt when a later update changes them.
"""

from __future__ import annotations

import csv
import functools
import io
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import orjson
import shapely

from advocacy.geocoding.shapes import Content, Shapes, load_shapes, sld_kind
from advocacy.geocoding.types import District, Geocoded, NoMatch
from advocacy.memory import collector_paused

# Where a seat with no number sits in the Census code: at-large states use 00, DC and
# the territories' non-voting members 98.
NON_VOTING_FIPS = {"11", "60", "66", "69", "72", "78"}


def zcta_cd_geoid(state_fips: str, cd: str) -> str:
    """The Census congressional district GEOID for a ZIP table row."""
    number = int(cd)
    if number == 0 and state_fips in NON_VOTING_FIPS:
        return f"{state_fips}98"
    return f"{state_fips}{number:02d}"


def sld_geoid(state_fips: str, code: str) -> str:
    """The Census state legislative GEOID for a ZIP table district code ("1" -> "001")."""
    return f"{state_fips}{code.rjust(3, '0')}"


# How far (in degrees, about 2 km) a point outside every simplified polygon of its state
# may be from the nearest one and still be offered it as a candidate.
NEAREST_DEGREES = 0.02
SIMPLIFIED_NOTE = (
    "State districts from a map point use simplified boundaries: near a district line, "
    "the neighbouring district may be shown. Enter your street address to be sure."
)


class OfflineIndex:
    """ZIP -> districts and point -> districts (congressional and state legislative), in
    memory: one STRtree over every boundary, so a point costs one query.

    The boundaries (70 MB of GeoJSON, seconds to index) are read on the first point
    lookup, not before: a process that only answers ZIP codes never pays for them."""

    def __init__(
        self,
        zccd: bytes,
        state_leg_zips: bytes,
        boundaries: Content,
        sld_boundaries: Iterable[tuple[str, Content]] = (),
        stored: Callable[[], Shapes | None] | None = None,
    ):
        self.zips: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.zip_states: dict[str, set[str]] = defaultdict(set)
        for row in csv.DictReader(io.StringIO(zccd.decode("utf-8-sig"))):
            fips = row["state_fips"]
            self.zips[row["zcta"]]["cd"].add(zcta_cd_geoid(fips, row["cd"]))
            self.zip_states[row["zcta"]].add(fips)
        for fips, state in orjson.loads(state_leg_zips)["states"].items():
            fips = fips.zfill(2)
            for chamber, data in state["chambers"].items():
                kind = "sldu" if chamber == "upper" else "sldl"
                for code, district in data["districts"].items():
                    for zcta in district["zips"]:
                        self.zips[zcta][kind].add(sld_geoid(fips, code))
                        self.zip_states[zcta].add(fips)
        self._sources = (boundaries, list(sld_boundaries))
        self._stored = stored
        self._shapes: Shapes | None = None
        self._whole: dict[tuple[str, str], list[str]] | None = None
        self._shapes_lock = threading.Lock()

    def read_from(
        self,
        boundaries: Content,
        sld_boundaries: Iterable[tuple[str, Content]],
        stored: Callable[[], Shapes | None] | None = None,
    ) -> None:
        """Where the boundaries are now, if they are still to be read: the same files may be
        reached by another path (a copy made of hard links) and the first path may be gone."""
        with self._shapes_lock:
            if self._shapes is None:
                self._sources = (boundaries, list(sld_boundaries))
                self._stored = stored

    @property
    def shapes(self) -> Shapes:
        """The boundary polygons, indexed on first use."""
        if self._shapes is None:
            with self._shapes_lock:
                if self._shapes is None:
                    with collector_paused():  # 100 MB of GeoJSON, when none are stored
                        stored = self._stored() if self._stored else None
                        self._shapes = stored or Shapes.from_geojson(*self._sources)
        return self._shapes

    @property
    def cd_geoids(self) -> list[str]:
        """Every congressional district with a boundary."""
        return self.shapes.cd_geoids

    @property
    def drawn(self) -> set[tuple[str, str]]:
        """(state FIPS, sldu/sldl) pairs whose state districts have boundaries."""
        return self.shapes.drawn

    @property
    def sld_geoids(self) -> set[tuple[str, str]]:
        """(kind, GEOID) of every drawn state district."""
        return self.shapes.sld_geoids

    def zip(self, zcta: str) -> Geocoded:
        """Every district a ZIP touches: certain where there is one, candidates otherwise."""
        found = self.zips.get(zcta)
        if not found:
            raise NoMatch(f"We don't know ZIP code {zcta}.")
        states = sorted(self.zip_states[zcta])
        districts, candidates = [], []
        for kind in ("cd", "sldu", "sldl"):
            geoids = sorted(found.get(kind, ()))
            if len(geoids) == 1:
                districts.append(District(kind, geoids[0]))
            else:
                candidates += [
                    District(kind, g, zips=self.whole_zips(kind, g, zcta)) for g in geoids
                ]
        return Geocoded(
            accuracy="zip",
            state_fips=states[0] if len(states) == 1 else None,
            districts=districts,
            candidates=candidates,
            zip=zcta,
        )

    def whole_zips(self, kind: str, geoid: str, near: str, count: int = 3) -> tuple[str, ...]:
        """Up to `count` ZIP codes lying wholly in one district, the nearest in number to
        `near` first (neighbouring ZIP codes are mostly neighbouring places), in order."""
        if self._whole is None:
            whole: dict[tuple[str, str], list[str]] = defaultdict(list)
            for zcta, kinds in self.zips.items():
                for k, geoids in kinds.items():
                    if len(geoids) == 1:
                        whole[(k, next(iter(geoids)))].append(zcta)
            self._whole = dict(whole)
        inside = self._whole.get((kind, geoid), [])

        def distance(zcta: str) -> tuple[int, str]:
            return (abs(int(zcta) - int(near)) if (zcta + near).isdigit() else 10**6, zcta)

        nearest = sorted(inside, key=distance)[:count]
        return tuple(sorted(nearest))

    def _hits(self, point) -> dict[str, list[str]]:
        shapes = self.shapes
        hits: dict[str, list[str]] = defaultdict(list)
        for i in sorted(shapes.tree.query(point, predicate="intersects")):
            hits[shapes.kinds[i]].append(shapes.geoids[i])
        return hits

    def point_cd(self, lat: float, lng: float) -> str | None:
        """The congressional district GEOID containing a point, if any."""
        found = self._hits(shapely.Point(lng, lat)).get("cd")
        return found[0] if found else None

    def point(self, lat: float, lng: float) -> Geocoded:
        """A point's congressional district and, where the state's boundaries are stored,
        its state legislative districts. A point inside two simplified polygons of one
        kind (near a line), or just outside all of them, gets candidates instead.

        The state legislative boundaries are drawn finer than the congressional ones
        (1:20,000,000), so where both answer, they say which state the point is in."""
        point = shapely.Point(lng, lat)
        hits = self._hits(point)
        states = [g[:2] for kind in ("sldu", "sldl") for g in hits.get(kind, ())]
        states = states or [g[:2] for g in hits.get("cd", ())]
        if not states:
            raise NoMatch("That point is not inside a U.S. congressional district.")
        state = max(set(states), key=states.count)
        answer = Geocoded(accuracy="point", state_fips=state, lat=lat, lng=lng)
        for kind in ("cd", "sldu", "sldl"):
            if kind != "cd" and (state, kind) not in self.drawn:
                continue
            found = [g for g in hits.get(kind, ()) if g[:2] == state]
            if len(found) == 1:
                answer.districts.append(District(kind, found[0]))
            else:
                found = found or self._near(point, kind, state)
                answer.candidates += [District(kind, g) for g in found]
        if any((state, kind) in self.drawn for kind in ("sldu", "sldl")):
            answer.notes.append(SIMPLIFIED_NOTE)
        return answer

    def _near(self, point, kind: str, state: str) -> list[str]:
        """The nearest polygon of a kind in the state, when it is within NEAREST_DEGREES."""
        shapes = self.shapes
        near = [
            (shapely.distance(point, shapes.polygons[i]), shapes.geoids[i])
            for i in shapes.tree.query(point, predicate="dwithin", distance=NEAREST_DEGREES)
            if shapes.kinds[i] == kind and shapes.geoids[i][:2] == state
        ]
        return [min(near)[1]] if near else []


_lock = threading.Lock()
# Indexes by what their files are (device, inode, mtime, size: a copy made of hard links is
# the same files, a replaced file a new one), the few newest only: an update that replaces
# the tables lets the old index go. And by where the files are, when last looked at.
_indexes: OrderedDict[tuple, OfflineIndex] = OrderedDict()
_seen: OrderedDict[tuple[str, ...], tuple[tuple, float]] = OrderedDict()
KEEP_INDEXES = 2
KEEP_PLACES = 32
RECHECK_SECONDS = 1.0


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _remember(cache: OrderedDict, key, value, keep: int) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > keep:
        cache.popitem(last=False)


def offline_index(
    zccd: Path,
    state_leg_zips: Path,
    boundaries: Path,
    sld_boundaries: Iterable[Path] = (),
    stored: Path | None = None,
) -> OfflineIndex:
    """The index of the stored tables (the directory's sources say which files they
    are), built on first use and again when a file changes. The three national tables
    are required; a state's boundary file that is absent only leaves its districts to
    the ZIP table and the geocoder. The polygons come from `stored` (store_shapes) when
    it was made from these boundary files, else from the GeoJSON itself."""
    paths = (Path(zccd), Path(state_leg_zips), Path(boundaries))
    slds = tuple(Path(p) for p in sld_boundaries)
    place = tuple(str(p) for p in (*paths, *slds))
    with _lock:
        seen = _seen.get(place)
        # A hundred files are not stat()ed on every lookup: once a second is soon enough.
        if seen and time.monotonic() - seen[1] < RECHECK_SECONDS and seen[0] in _indexes:
            return _indexes[seen[0]]
    stamp = tuple(_stamp(p) for p in (*paths, *slds))
    if None in stamp[:3]:
        raise NoMatch("The ZIP and boundary tables are not loaded yet (run `flask data update`).")
    present = [p for p, st in zip(slds, stamp[3:], strict=True) if st]
    boundary_files = [(sld_kind(p), p.read_bytes) for p in present]
    kept = functools.partial(load_shapes, Path(stored), paths[2], present) if stored else None
    with _lock:
        index = _indexes.get(stamp)
        if index is None:
            index = OfflineIndex(
                paths[0].read_bytes(), paths[1].read_bytes(), paths[2].read_bytes, boundary_files,
                kept,
            )  # fmt: skip
        elif _seen.get(place, (None,))[0] != stamp:
            index.read_from(paths[2].read_bytes, boundary_files, kept)
        _remember(_indexes, stamp, index, KEEP_INDEXES)
        _remember(_seen, place, (stamp, time.monotonic()), KEEP_PLACES)
        return index
