"""The offline point index on small drawn shapes: one polygon is certain, two overlapping
polygons (a point near a simplified line) are candidates, a point just outside every
polygon of its state gets the nearest as a candidate, and a state without drawn
districts answers with its congressional district alone."""

from __future__ import annotations

import gc
import json

import orjson
import pytest
import shapely
from shapely.geometry import shape

from advocacy.directory.sources import offline_tables
from advocacy.geocoding.offline import SIMPLIFIED_NOTE, OfflineIndex, offline_index
from advocacy.geocoding.shapes import SHAPES_FILE, load_shapes, polygon, store_shapes
from advocacy.geocoding.types import District, NoMatch

ZCCD = b"state_fips,state_abbr,zcta,cd\n39,OH,43215,3\n"
ZIPS = json.dumps({"states": {}}).encode()


def _square(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _collection(*features):
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"GEOID": g}, "geometry": geom}
                for g, geom in features
            ],
        }
    ).encode()


@pytest.fixture
def index():
    cds = _collection(("3903", _square(0, 0, 10, 10)), ("5401", _square(20, 0, 30, 10)))
    upper = _collection(("39015", _square(0, 0, 5, 10)), ("39016", _square(4.9, 0, 10, 10)))
    lower = _collection(("39001", _square(0, 0, 10, 10)), ("39ZZZ", _square(10, 0, 11, 1)))
    return OfflineIndex(ZCCD, ZIPS, cds, [("sldu", upper), ("sldl", lower)])


def test_one_polygon_of_each_kind_is_certain(index):
    answer = index.point(5, 2)  # lat 5, lng 2
    assert answer.districts == [
        District("cd", "3903"),
        District("sldu", "39015"),
        District("sldl", "39001"),
    ]
    assert answer.candidates == [] and answer.notes == [SIMPLIFIED_NOTE]


def test_a_point_in_two_overlapping_polygons_gets_both_as_candidates(index):
    answer = index.point(5, 4.95)
    assert District("sldu", "39015") in answer.candidates
    assert District("sldu", "39016") in answer.candidates
    assert not any(d.type == "sldu" for d in answer.districts)


def test_a_point_just_outside_gets_the_nearest_as_a_candidate():
    cds = _collection(("3903", _square(0, 0, 10, 10)))
    upper = _collection(("39015", _square(0, 0, 9.99, 10)))
    index = OfflineIndex(ZCCD, ZIPS, cds, [("sldu", upper)])
    answer = index.point(5, 9.995)
    assert answer.candidates == [District("sldu", "39015")]


def test_a_state_without_drawn_districts_has_its_congressional_district_only(index):
    answer = index.point(5, 25)
    assert answer.state_fips == "54"
    assert answer.districts == [District("cd", "5401")] and answer.notes == []


def test_outside_everything_is_no_match(index):
    with pytest.raises(NoMatch):
        index.point(50, 50)


def test_boundaries_are_read_on_the_first_point_not_for_a_zip():
    reads = []

    def boundaries():
        reads.append(1)
        return _collection(("3903", _square(0, 0, 10, 10)))

    index = OfflineIndex(ZCCD, ZIPS, boundaries)
    assert index.zip("43215").districts == [District("cd", "3903")]
    assert reads == []
    index.point(5, 5)
    index.point(6, 6)
    assert reads == [1]


def test_the_boundaries_are_read_with_the_cyclic_collector_paused():
    collecting = []

    def boundaries():
        collecting.append(gc.isenabled())
        return _collection(("3903", _square(0, 0, 10, 10)))

    OfflineIndex(ZCCD, ZIPS, boundaries).point(5, 5)
    assert collecting == [False]  # 100 MB of GeoJSON: no collector walks it as it is built
    assert gc.isenabled()


def test_the_nearest_of_several_polygons_within_reach_is_offered():
    cds = _collection(("3903", _square(0, 0, 10, 10)))
    upper = _collection(
        ("39015", _square(0, 0, 9.985, 5)),  # 0.01 away from the point
        ("39016", _square(0, 5.005, 9.999, 10)),  # 0.001 away
    )
    index = OfflineIndex(ZCCD, ZIPS, cds, [("sldu", upper)])
    assert index.point(5.006, 9.9995).candidates == [District("sldu", "39016")]


def _files(folder, cds: bytes, upper: bytes):
    """The tables in a data folder: (zccd, zips, cds, [OH_upper], stored shapes)."""
    paths = [
        folder / "zccd.csv",
        folder / "zips.json",
        folder / "cds.json",
        folder / "OH_upper.json",
    ]
    for path, content in zip(paths, (ZCCD, ZIPS, cds, upper), strict=True):
        path.write_bytes(content)
    return paths[0], paths[1], paths[2], [paths[3]], folder / SHAPES_FILE


def test_stored_shapes_answer_as_the_geojson_and_are_not_used_for_other_files(tmp_path):
    """store_shapes keeps the polygons beside the tables; an index reads them instead of the
    GeoJSON while they were made from the same files, and not once a file is replaced."""
    zccd, zips, cds, slds, stored = _files(
        tmp_path,
        _collection(("3903", _square(0, 0, 10, 10))),
        _collection(("39015", _square(0, 0, 5, 10)), ("39016", _square(4.9, 0, 10, 10))),
    )
    assert store_shapes(stored, cds, slds) is True
    assert store_shapes(stored, cds, slds) is False  # made from these files already
    kept = load_shapes(stored, cds, slds)
    assert kept is not None
    assert (kept.kinds, kept.geoids, kept.cd_geoids) == (
        ["cd", "sldu", "sldu"],
        ["3903", "39015", "39016"],
        ["3903"],
    )
    assert kept.drawn == {("39", "sldu")}
    index = offline_index(zccd, zips, cds, slds, stored)
    assert index.point(5, 2).districts == [District("cd", "3903"), District("sldu", "39015")]

    # The state's districts are redrawn: what was stored no longer answers for them.
    slds[0].write_bytes(_collection(("39020", _square(0, 0, 10, 10))))
    assert load_shapes(stored, cds, slds) is None
    index = OfflineIndex(
        ZCCD, ZIPS, cds.read_bytes, [("sldu", slds[0].read_bytes)],
        lambda: load_shapes(stored, cds, slds),
    )  # fmt: skip
    assert District("sldu", "39020") in index.point(5, 2).districts
    assert store_shapes(stored, cds, slds) is True
    assert load_shapes(stored, cds, slds).geoids == ["3903", "39020"]


def _header_changed(data: bytes, change) -> bytes:
    """A stored shapes file whose header says something else (polygons unchanged)."""
    start = len(b"advocacy offline shapes 1\n")
    size = int.from_bytes(data[start : start + 8], "big")
    header = orjson.loads(data[start + 8 : start + 8 + size])
    change(header)
    new = orjson.dumps(header)
    return data[:start] + len(new).to_bytes(8, "big") + new + data[start + 8 + size :]


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-7],
        lambda b: b"not shapes\n" + b,
        lambda b: b[:40],
        lambda b: b"",
        lambda b: _header_changed(b, lambda h: (h["kinds"].pop(), h["geoids"].pop())),
        lambda b: _header_changed(b, lambda h: h.update(sizes=[0, sum(h["sizes"])])),
        lambda b: _header_changed(b, lambda h: h.update(geoids="3903")),
    ],
    ids=["truncated", "not-ours", "header-cut", "empty", "a-polygon-unnamed", "zero-size", "text"],
)
def test_a_damaged_stored_shapes_file_is_read_past(tmp_path, damage):
    zccd, zips, cds, slds, stored = _files(
        tmp_path,
        _collection(("3903", _square(0, 0, 10, 10))),
        _collection(("39015", _square(0, 0, 10, 10))),
    )
    store_shapes(stored, cds, slds)
    stored.write_bytes(damage(stored.read_bytes()))
    assert load_shapes(stored, cds, slds) is None
    index = offline_index(zccd, zips, cds, slds, stored)
    assert index.point(5, 2).districts == [District("cd", "3903"), District("sldu", "39015")]


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Polygon", "coordinates": []},
        {"type": "MultiPolygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 0]],
                                            [[1, 1], [2, 1], [2, 2], [1, 1]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]},  # closed, as shapely does
        {"type": "Polygon", "coordinates": [[[0, 0, 5], [1, 0, 5], [1, 1, 5], [0, 0, 5]]]},
        {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]],
                                                 [[[5, 5], [6, 5], [6, 6], [5, 5]]]]},
    ],
    ids=["empty", "empty-multi", "hole", "unclosed", "3d", "multi"],
)  # fmt: skip
def test_polygons_are_built_as_shapely_builds_them(geometry):
    assert shapely.to_wkb(polygon(geometry)) == shapely.to_wkb(shape(geometry))


@pytest.mark.parametrize(
    "coordinates",
    [[[["a", 0], [1, 0], [1, 1], [0, 0]]], [[[0, 0], [1, 0]]], [[[0, 0], [1, 0], [1]]]],
    ids=["not-a-number", "too-few", "ragged"],
)
def test_a_broken_polygon_is_a_value_error_as_shapely_says_it(coordinates):
    geometry = {"type": "Polygon", "coordinates": coordinates}
    with pytest.raises(ValueError):
        shape(geometry)
    with pytest.raises(ValueError):
        polygon(geometry)


@pytest.mark.realdata
def test_the_census_boundaries_are_the_polygons_shapely_reads(shared_data):
    """The congressional districts and three states' chambers, byte for byte as shapely's
    own GeoJSON reader builds them (islands, holes and all)."""
    _, _, cds, slds, _ = offline_tables(shared_data)  # the mirror keeps the sources' paths
    files = [cds] + [p for p in slds if p.name.split("_")[0] in ("MA", "MI", "HI")]
    kinds, count = set(), 0
    for path in files:
        for feature in orjson.loads(path.read_bytes())["features"]:
            geometry = feature["geometry"]
            kinds.add(geometry["type"])
            assert shapely.to_wkb(polygon(geometry)) == shapely.to_wkb(shape(geometry))
            count += 1
    assert kinds == {"Polygon", "MultiPolygon"} and count > 800
