"""The public sources of the directory (the spine that fetches them is advocacy.ingest)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from advocacy.geocoding.represent import REPRESENT_SETS
from advocacy.geocoding.shapes import SHAPES_FILE
from advocacy.ingest.fetch import Source
from advocacy.jurisdictions import JURISDICTIONS, STATES, state_meta

CONGRESS = "https://unitedstates.github.io/congress-legislators"
OPENSTATES_CSV = "https://data.openstates.org/people/current"
GEO_CONFIGS = (
    "https://raw.githubusercontent.com/openstates/openstates-geo/main/configs/jurisdictions"
)
ZCCD = (
    "https://raw.githubusercontent.com/OpenSourceActivismTech/us-zipcodes-congress/master/zccd.csv"
)
STATE_LEG_ZIPS = (
    "https://raw.githubusercontent.com/thecantercompany/state-leg-zips/main/public/data/"
    "districts.json"
)
CD_BOUNDARIES = (
    "https://raw.githubusercontent.com/PolicyEngine/policyengine-app-v2/main/app/public/data/"
    "geojson/congressional_districts.geojson"
)

# Open States' people YAML: a directory of files per state (executive, municipalities).
OPENSTATES_PEOPLE = "https://raw.githubusercontent.com/openstates/people/main/data"

# Census TIGER/Line 2024 state legislative districts, simplified, one file per state and
# chamber ("OH_upper.json"); Nebraska has an upper file only, DC and PR have none.
SLD_BOUNDARIES = "https://raw.githubusercontent.com/w85kramer/elections/main/site/data/geo"

# Canadian OCD division ids: provinces, territories and their electoral districts, and the
# federal ridings of the 2023 Representation Order.
OCD_IDS = "https://raw.githubusercontent.com/opencivicdata/ocd-division-ids/master/identifiers"


def represent_sources(base_url: str | None) -> list[Source]:
    """One live source per Canadian body, or none when Represent is not configured."""
    if not base_url:
        return []
    base = base_url.rstrip("/")
    return [
        Source(
            f"represent-{slug}",
            f"{base}/representatives/{slug}/",
            "represent",
            province,
            optional=True,
            live=True,
            country="ca",
        )
        for slug, province in REPRESENT_SETS.items()
    ]


# What the offline geocoder reads, in the order offline_index takes them.
OFFLINE_TABLES = (ZCCD, STATE_LEG_ZIPS, CD_BOUNDARIES)


def sld_boundary_sources(states: Iterable[str] | None = None) -> list[Source]:
    """One source per state chamber with Census boundaries (50 upper, 49 lower), of the
    given states only (DATA_STATES) when some are given."""
    out = []
    for st in _only(STATES, states):
        chambers = ["upper"] if state_meta(st).unicameral else ["upper", "lower"]
        out += [
            Source(
                f"state-districts-{st}-{chamber}",
                f"{SLD_BOUNDARIES}/{st.upper()}_{chamber}.json",
                "sld_boundaries",
                st,
            )
            for chamber in chambers
        ]
    return out


def _only(jurisdictions: Iterable[str], states: Iterable[str] | None) -> list[str]:
    """The jurisdictions, or those of them among `states` (DATA_STATES) when given."""
    if states is None:
        return list(jurisdictions)
    chosen = {s.lower() for s in states}
    return [j for j in jurisdictions if j in chosen]


NATIONAL = (
    Source("congress-legislators", f"{CONGRESS}/legislators-current.json", "congress"),
    Source("congress-social-media", f"{CONGRESS}/legislators-social-media.json", "social"),
    Source(
        "congress-district-offices",
        f"{CONGRESS}/legislators-district-offices.json",
        "district_offices",
    ),
    Source("congress-executive", f"{CONGRESS}/executive.json", "executive"),
    Source("congress-committees", f"{CONGRESS}/committees-current.json", "committees"),
    Source(
        "congress-committee-membership",
        f"{CONGRESS}/committee-membership-current.json",
        "committee_membership",
    ),
)
ZIPS_AND_BOUNDARIES = (
    Source("zip-congressional-districts", ZCCD, "zccd"),
    Source("zip-state-legislative-districts", STATE_LEG_ZIPS, "state_leg_zips"),
    Source("congressional-district-boundaries", CD_BOUNDARIES, "cd_boundaries"),
)
CANADA_DIVISIONS = (
    Source("ocd-divisions-ca", f"{OCD_IDS}/country-ca.csv", "ocd_ca", country="ca"),
    Source(
        "ocd-federal-districts-ca",
        f"{OCD_IDS}/country-ca/ca_federal_electoral_districts-2023.csv",
        "ocd_ca_federal",
        country="ca",
    ),
)


def _people(within, states) -> list[Source]:
    """Each state's executives, and its mayors where Open States keeps some (under
    data/{st}/municipalities/: most states have none yet, and the mirror holds none)."""
    executives = [
        Source(
            f"openstates-executive-{st}",
            f"{OPENSTATES_PEOPLE}/{st}/executive/",
            "openstates_people",
            st,
            listing=True,
        )
        for st in within
    ]
    mayors = [
        Source(
            f"openstates-mayors-{st}",
            f"{OPENSTATES_PEOPLE}/{st}/municipalities/",
            "openstates_people",
            st,
            listing=True,
            optional=True,
        )
        for st in _only(STATES, states)
    ]
    return executives + mayors


def all_sources(states: Iterable[str] | None = None) -> list[Source]:
    """Every source `flask data update` reads, in load order: the national ones, and each
    state's own for every state (or only `states`, DATA_STATES, when given)."""
    within = _only(JURISDICTIONS, states)
    return [
        *NATIONAL,
        *(
            Source(f"openstates-{st}", f"{OPENSTATES_CSV}/{st}.csv", "openstates_csv", st)
            for st in within
        ),
        Source("geo-config-usa", f"{GEO_CONFIGS}/usa.yml", "geo_config_usa"),
        *(Source(f"geo-config-{st}", f"{GEO_CONFIGS}/{st}.yml", "geo_config", st) for st in within),
        *ZIPS_AND_BOUNDARIES,
        *sld_boundary_sources(states),
        *_people(within, states),
        *CANADA_DIVISIONS,
    ]


def offline_tables(data_dir: str | Path) -> tuple[Path, Path, Path, tuple[Path, ...], Path]:
    """Where the stored ZIP -> CD table, ZIP -> state district table, CD boundaries, state
    legislative boundaries and the polygons made from them are: what the offline geocoder
    reads, in the order offline_index takes them."""
    root = Path(data_dir)
    zccd, zips, cds = (root / Source("", url, "").relpath for url in OFFLINE_TABLES)
    slds = tuple(root / s.relpath for s in sld_boundary_sources())
    return zccd, zips, cds, slds, root / SHAPES_FILE
