"""Offline answers from the stored public tables: a ZIP to its candidate districts, and a
point to its congressional district (point-in-polygon on the Census boundaries).

The index is built once per process from the raw files `flask data update` stored, and
rebuilt when a later update changes them.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.strtree import STRtree

from advocacy.geocoding.types import District, Geocoded, NoMatch

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


class OfflineIndex:
    """ZIP -> districts and point -> congressional district, in memory."""

    def __init__(self, zccd: bytes, state_leg_zips: bytes, boundaries: bytes):
        self.zips: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.zip_states: dict[str, set[str]] = defaultdict(set)
        for row in csv.DictReader(io.StringIO(zccd.decode("utf-8-sig"))):
            fips = row["state_fips"]
            self.zips[row["zcta"]]["cd"].add(zcta_cd_geoid(fips, row["cd"]))
            self.zip_states[row["zcta"]].add(fips)
        for fips, state in json.loads(state_leg_zips)["states"].items():
            fips = fips.zfill(2)
            for chamber, data in state["chambers"].items():
                kind = "sldu" if chamber == "upper" else "sldl"
                for code, district in data["districts"].items():
                    for zcta in district["zips"]:
                        self.zips[zcta][kind].add(sld_geoid(fips, code))
                        self.zip_states[zcta].add(fips)
        features = json.loads(boundaries)["features"]
        self.cd_geoids = [str(f["properties"]["GEOID"]) for f in features]
        self.polygons = [shapely.geometry.shape(f["geometry"]) for f in features]
        for polygon in self.polygons:
            shapely.prepare(polygon)
        self.tree = STRtree(self.polygons)

    def zip(self, zcta: str) -> Geocoded:
        """Every district a ZIP touches: certain where there is one, candidates otherwise."""
        found = self.zips.get(zcta)
        if not found:
            raise NoMatch(f"We don't know ZIP code {zcta}.")
        states = sorted(self.zip_states[zcta])
        districts, candidates = [], []
        for kind in ("cd", "sldu", "sldl"):
            geoids = sorted(found.get(kind, ()))
            target = districts if len(geoids) == 1 else candidates
            target.extend(District(kind, g) for g in geoids)
        return Geocoded(
            accuracy="zip",
            state_fips=states[0] if len(states) == 1 else None,
            districts=districts,
            candidates=candidates,
            zip=zcta,
        )

    def point_cd(self, lat: float, lng: float) -> str | None:
        """The congressional district GEOID containing a point, if any."""
        point = shapely.Point(lng, lat)
        for i in self.tree.query(point, predicate="intersects"):
            return self.cd_geoids[int(i)]
        return None

    def point(self, lat: float, lng: float) -> Geocoded:
        """A point's congressional district (state legislative boundaries are not stored)."""
        geoid = self.point_cd(lat, lng)
        if geoid is None:
            raise NoMatch("That point is not inside a U.S. congressional district.")
        return Geocoded(
            accuracy="point",
            state_fips=geoid[:2],
            districts=[District("cd", geoid)],
            lat=lat,
            lng=lng,
        )


_lock = threading.Lock()
_cache: dict[tuple[str, ...], tuple[tuple, OfflineIndex]] = {}


def offline_index(zccd: Path, state_leg_zips: Path, boundaries: Path) -> OfflineIndex:
    """The index of these three stored tables (the directory's sources say which files
    they are), built on first use and again when a file changes."""
    paths = (Path(zccd), Path(state_leg_zips), Path(boundaries))
    try:
        stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    except FileNotFoundError:
        raise NoMatch(
            "The ZIP and boundary tables are not loaded yet (run `flask data update`)."
        ) from None
    key = tuple(str(p) for p in paths)
    hit = _cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] == stamp:
            return hit[1]
        index = OfflineIndex(*(p.read_bytes() for p in paths))
        _cache[key] = (stamp, index)
        return index
