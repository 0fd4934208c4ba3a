"""The Census boundary polygons of the offline index: built from the GeoJSON, or read back
from the file `flask data update` stores beside the tables (WKB, seconds faster to load).
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import orjson
import shapely
from shapely.errors import GEOSException
from shapely.strtree import STRtree

# A boundary file: its bytes, a way to read them, or its GeoJSON already parsed.
Content = bytes | Callable[[], bytes] | dict


def _features(content: Content) -> list[dict]:
    if isinstance(content, dict):
        return content["features"]
    return orjson.loads(content() if callable(content) else content)["features"]


def _rings(rings: list) -> shapely.Polygon:
    if not rings:
        return shapely.Polygon()
    shell, *holes = (shapely.linearrings(ring) for ring in rings)
    return shapely.polygons(shell, holes or None)


def polygon(geometry: dict):
    """A GeoJSON Polygon or MultiPolygon as shapely's: the coordinates go to GEOS as arrays,
    not point by point as `shapely.geometry.shape` builds them (0.5 s for the Census
    boundaries, not 1.3 s); the same geometries, byte for byte."""
    kind, coordinates = geometry["type"], geometry["coordinates"]
    try:
        if kind == "Polygon":
            return _rings(coordinates)
        if kind == "MultiPolygon":
            parts = [_rings(part) for part in coordinates]
            return shapely.multipolygons(parts) if parts else shapely.MultiPolygon()
    except TypeError as exc:  # a coordinate that is not a number, as shape() says it
        raise ValueError(f"not a coordinate: {exc}") from None
    return shapely.geometry.shape(geometry)


class Shapes:
    """Every boundary polygon in one STRtree, with each polygon's kind and GEOID."""

    def __init__(self, kinds: list[str], geoids: list[str], cds: int, drawn, polygons: list):
        self.kinds, self.geoids, self.polygons = kinds, geoids, polygons
        self.cd_geoids = geoids[:cds]
        # (state FIPS, kind) pairs whose state districts are drawn, and every drawn GEOID.
        self.drawn: set[tuple[str, str]] = {tuple(pair) for pair in drawn}
        self.sld_geoids = {(k, g) for k, g in zip(kinds[cds:], geoids[cds:], strict=True)}
        for each in polygons:
            shapely.prepare(each)
        self.tree = STRtree(polygons)

    @classmethod
    def from_geojson(
        cls, boundaries: Content, sld_boundaries: Iterable[tuple[str, Content]]
    ) -> Shapes:
        """From the Census GeoJSON: the congressional districts, then each state chamber's."""
        kinds, geoids, polygons, drawn = [], [], [], set()
        for feature in _features(boundaries):
            kinds.append("cd")
            geoids.append(str(feature["properties"]["GEOID"]))
            polygons.append(polygon(feature["geometry"]))
        cds = len(geoids)
        for kind, content in sld_boundaries:
            for feature in _features(content):
                geoid = str(feature["properties"]["GEOID"])
                drawn.add((geoid[:2], kind))
                if geoid.endswith("ZZZ"):  # water, or land in no district
                    continue
                kinds.append(kind)
                geoids.append(geoid)
                polygons.append(polygon(feature["geometry"]))
        return cls(kinds, geoids, cds, drawn, polygons)


# The polygons as `flask data update` stores them beside the tables, for a process to load
# in a tenth of a second what takes seconds to parse from 100 MB of GeoJSON: a format line,
# the length of a JSON header, the header (the files they were made from, by size and time;
# kinds, GEOIDs, byte counts), then each polygon's WKB.
SHAPES_FILE = "offline-shapes.wkb"
_SHAPES_FORMAT = b"advocacy offline shapes 1\n"


def _made_from(folder: Path, paths: Iterable[Path]) -> dict[str, list[int]]:
    """Each present file (by its path under `folder`) with its size and modification time:
    a replaced file is a new one; a copy that keeps its times (or a hard link) the same."""
    made = {}
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        name = path.relative_to(folder) if path.is_relative_to(folder) else path
        made[str(name)] = [stat.st_size, stat.st_mtime_ns]
    return made


def _read_header(f) -> tuple[dict, int] | None:
    """(header, where the polygons start) of a stored shapes file, None if it is not one."""
    if f.read(len(_SHAPES_FORMAT)) != _SHAPES_FORMAT:
        return None
    size = int.from_bytes(f.read(8), "big")
    return orjson.loads(f.read(size)), len(_SHAPES_FORMAT) + 8 + size


def store_shapes(
    target: Path,
    boundaries: Path,
    sld_boundaries: Iterable[Path],
    parsed: Mapping[Path, dict] | None = None,
) -> bool:
    """Store the polygons of these boundary files at `target`, unless what is there was
    made from them already; whether it wrote. Written aside, then moved into place.
    `parsed`: files whose GeoJSON the caller holds parsed already (an update just read
    them), so as not to parse them again."""
    slds = [Path(p) for p in sld_boundaries if Path(p).is_file()]
    made = _made_from(target.parent, [Path(boundaries), *slds])
    try:
        with target.open("rb") as f:
            known = _read_header(f)
        if known and known[0].get("files") == made:
            return False
    except (OSError, ValueError, AttributeError):
        pass
    parsed = parsed or {}

    def content(path: Path) -> Content:
        return parsed.get(path) or path.read_bytes

    shapes = Shapes.from_geojson(
        content(Path(boundaries)), [(sld_kind(p), content(p)) for p in slds]
    )
    blobs = shapely.to_wkb(shapes.polygons).tolist()
    header = orjson.dumps(
        {
            "files": made,
            "kinds": shapes.kinds,
            "geoids": shapes.geoids,
            "cds": len(shapes.cd_geoids),
            "drawn": sorted(shapes.drawn),
            "sizes": [len(b) for b in blobs],
        }
    )
    aside = target.with_name(target.name + ".new")
    try:
        with aside.open("wb") as f:
            f.write(_SHAPES_FORMAT + len(header).to_bytes(8, "big") + header)
            f.writelines(blobs)
        os.replace(aside, target)
    finally:
        aside.unlink(missing_ok=True)  # a write that failed half-way leaves nothing
    return True


def load_shapes(stored: Path, boundaries: Path, sld_boundaries: Iterable[Path]) -> Shapes | None:
    """The polygons store_shapes kept, if they were made from these very files; None when
    there are none, they are of other files, or the file is damaged."""
    try:
        data = stored.read_bytes()
        known = _read_header(io.BytesIO(data))
        if known is None:
            return None
        header, offset = known
        slds = [Path(p) for p in sld_boundaries]
        if header["files"] != _made_from(stored.parent, [Path(boundaries), *slds]):
            return None
        kinds, geoids, sizes = header["kinds"], header["geoids"], header["sizes"]
        ends = list(itertools.accumulate(sizes, initial=offset))
        if ends[-1] != len(data) or not len(kinds) == len(geoids) == len(sizes):
            return None
        polygons = shapely.from_wkb([data[a:b] for a, b in itertools.pairwise(ends)]).tolist()
        return Shapes(kinds, geoids, header["cds"], header["drawn"], polygons)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, GEOSException):
        return None


def sld_kind(path: Path) -> str:
    """ "OH_upper.json" -> sldu; "OH_lower.json" -> sldl."""
    return "sldu" if path.stem.lower().endswith("_upper") else "sldl"
