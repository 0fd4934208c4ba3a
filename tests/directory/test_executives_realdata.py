"""Governors, statewide officers and mayors (Open States person YAML), on the real data.

Who is governor today is worked out here from the YAML itself; the mirror holds no
municipalities, so the Columbus test lays a mayor's file (in Open States' documented
person schema) over a symlinked copy of the mirror.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from urllib.parse import quote

import openstates_metadata
import pytest
import responses
import yaml

from advocacy.directory.sources import all_sources
from advocacy.directory.update import update_directory
from advocacy.ingest.fetch import Fetcher, Source, SourceError
from advocacy.jurisdictions import JURISDICTIONS
from tests.census_answers import ADDRESS_URL, CENSUS, address_answer, geographies, match
from tests.factories import mirror_start
from tests.mirror import SMALL_STATES
from tests.realdata import Sources, official_ids, post_lookup, two_senators_or_an_ended_term

pytestmark = pytest.mark.realdata
PEOPLE = "raw.githubusercontent.com/openstates/people/main/data"
OHIO_GOVERNOR = "ocd-person/37478cd9-ed21-43f7-b2cc-578df43ad32d"  # Mike DeWine
GINTHER = "ocd-person/00000000-0000-4000-8000-000000000001"
COLUMBUS_MAYOR = {
    "id": GINTHER,
    "name": "Andrew J. Ginther",
    "given_name": "Andrew",
    "family_name": "Ginther",
    "party": [{"name": "Democratic"}],
    "roles": [
        {
            "type": "mayor",
            "jurisdiction": "ocd-jurisdiction/country:us/state:oh/place:columbus/government",
            "start_date": "2016-01-01",
            "end_date": "2028-01-01",
        }
    ],
    "offices": [{"classification": "primary", "address": "90 W. Broad St.; Columbus, OH 43215"}],
    "links": [{"url": "https://www.columbus.gov/mayor"}],
    "sources": [{"url": "https://www.columbus.gov/mayor"}],
}


def _current_chiefs(shared_data: Path, today: date) -> dict[str, str]:
    """Jurisdiction -> the ocd-person id of its sitting governor (DC: mayor), from YAML."""
    out = {}
    for st in JURISDICTIONS:
        meta = openstates_metadata.lookup(abbr=st)
        for path in (shared_data / PEOPLE / st / "executive").glob("*.yml"):
            # libyaml: trusted files, read fast
            person = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
            for role in person["roles"]:
                if (
                    role.get("type") == ("mayor" if st == "dc" else "governor")
                    and role.get("jurisdiction") == meta.jurisdiction_id
                    and str(role.get("start_date") or "0") <= today.isoformat()
                    and str(role.get("end_date") or "9") >= today.isoformat()
                ):
                    out[st] = person["id"]
    return out


@pytest.mark.slow
def test_governors_are_current_or_said_to_be_missing(loaded_client, shared_data):
    chiefs = _current_chiefs(shared_data, mirror_start(shared_data).date())
    missing = sorted(set(JURISDICTIONS) - set(chiefs))
    assert missing, "every governor is sitting: this test needs a state without one"
    # Ohio's Statehouse: its governor among the member's officials.
    data = loaded_client.get("/api/v1/officials?lat=39.9612&lng=-82.9988").json
    governors = [o for o in data["officials"] if o["office"] == "Governor"]
    assert [g["ids"]["openstates"] for g in governors] == [chiefs["oh"]] == [OHIO_GOVERNOR]
    assert {"Attorney General", "Secretary of State", "Lieutenant Governor"} <= {
        o["office"] for o in data["officials"] if o["level"] == "state"
    }
    # A state without a sitting governor in the data: said, and no former one shown.
    state = next(s for s in missing if s not in ("dc", "pr"))
    zip_code = _a_zip_in(shared_data, state)
    data = loaded_client.get(f"/api/v1/officials?zip={zip_code}").json
    assert not [o for o in data["officials"] if o["office"] == "Governor"]
    vacancy = next(v for v in data["vacancies"] if v["office"] == "Governor")
    assert vacancy["message"] == "No current governor in the public data."
    page = loaded_client.get(f"/find?zip={zip_code}").get_data(as_text=True)
    assert "No current governor in the public data." in page


def _a_zip_in(shared_data: Path, state: str) -> str:
    path = shared_data / "raw.githubusercontent.com/OpenSourceActivismTech/us-zipcodes-congress"
    states: dict[str, set[str]] = {}
    for line in (path / "master/zccd.csv").read_text().splitlines()[1:]:
        _, abbr, zcta = line.split(",")[:3]
        states.setdefault(zcta, set()).add(abbr.lower())
    return next(z for z, found in sorted(states.items()) if found == {state})


def _overlay(base: Path, root: Path, files: dict[str, bytes]) -> Path:
    """A mirror at root: base's tree by symlinks, with `files` added (no file copied)."""
    for relpath, content in files.items():
        parts = Path(relpath).parts
        here, there = root, base
        for part in parts[:-1]:
            here.mkdir(parents=True, exist_ok=True)
            for entry in there.iterdir():
                link = here / entry.name
                if entry.name != part and not link.exists():
                    os.symlink(entry, link)
            here, there = here / part, there / part
        here.mkdir(parents=True, exist_ok=True)
        if there.is_dir():
            for entry in there.iterdir():
                if not (here / entry.name).exists():
                    os.symlink(entry, here / entry.name)
        (here / parts[-1]).write_bytes(content)
    return root


def test_a_columbus_address_shows_every_official(small_app, small_mirror, shared_data, tmp_path):
    """The done-when: senators (or an ended term said), the House member, state senator
    and representative, the governor and the mayor."""
    mirror = _overlay(
        small_mirror,
        tmp_path / "mirror",
        {f"{PEOPLE}/oh/municipalities/Andrew-Ginther.yml": yaml.safe_dump(COLUMBUS_MAYOR).encode()},
    )
    app = small_app
    app.config.update(
        LEGISLATOR_DATA_MIRROR=str(mirror),
        GEOCODER="census",
        CENSUS_GEOCODER_URL=CENSUS,
        GEOCODER_RETRIES=0,
    )
    result = app.test_cli_runner().invoke(args=["data", "update"])
    assert result.exit_code == 0, result.output
    unpublished = [s for s in all_sources(SMALL_STATES) if s.optional and s.state != "oh"]
    assert f"Not published, so left out: {len(unpublished)} optional sources" in result.output
    geos = geographies("39", cd="3903", sldu="39015", sldl="39001")
    geos["Incorporated Places"] = [
        {"GEOID": "3918000", "BASENAME": "Columbus", "NAME": "Columbus city", "PLACE": "18000"}
    ]
    client = app.test_client()
    sources = Sources(shared_data)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(
            responses.GET,
            ADDRESS_URL,
            json=address_answer(
                match("1 CAPITOL SQ, COLUMBUS, OH, 43215", 39.9612, -82.9988, "43215", geos)
            ),
        )
        address = quote("1 Capitol Square, Columbus, OH 43215")
        data = client.get(f"/api/v1/officials?address={address}").json
        page = post_lookup(client, q="1 Capitol Square, Columbus, OH 43215").get_data(as_text=True)
    offices = {o["office"]: o for o in data["officials"]}
    expected = (
        sources.representative("OH", 3)
        | sources.legislators("oh", "upper", "ocd-division/country:us/state:oh/sldu:15")
        | sources.legislators("oh", "lower", "ocd-division/country:us/state:oh/sldl:1")
        | {OHIO_GOVERNOR, GINTHER}
    )
    assert expected <= official_ids(data["officials"])
    two_senators_or_an_ended_term(data, sources.senators("OH"))
    assert offices["Governor"]["name"] == "Mike DeWine"
    assert offices["Mayor"]["name"] == "Andrew J. Ginther"
    assert offices["Mayor"]["ocd_division_id"] == (
        "ocd-division/country:us/state:oh/place:columbus"
    )
    for words in ("Mike DeWine", "Andrew J. Ginther", ">Mayor<", "State executive"):
        assert words in page
    # A ZIP code cannot say which city: said, and no mayor guessed.
    data = client.get("/api/v1/officials?zip=43215").json
    assert "Mayor" not in {o["office"] for o in data["officials"]}
    assert any("can't tell which city" in n for n in data["notes"])


def test_people_directories_over_http_through_githubs_tree():
    """Without a mirror, the repository's tree (one GitHub API call for every directory)
    says which files a directory holds, and each is read from its raw URL, in name
    order; an optional directory with no files is absent, a required one is refused
    with its name."""
    api = "https://api.github.test"
    raw = "https://raw.githubusercontent.com/openstates/people/main/data/oh/executive/"
    required = Source("openstates-executive-oh", raw, "openstates_people", "oh", listing=True)
    optional = Source(
        "openstates-mayors-oh",
        raw.replace("executive", "municipalities"),
        "openstates_people",
        "oh",
        listing=True,
        optional=True,
    )
    empty = Source("openstates-executive-xx", raw.replace("/oh/", "/xx/"), "openstates_people")
    empty = Source(empty.name, empty.url, empty.kind, "oh", listing=True)
    tree = [
        {"path": "data/oh/executive/B.yml", "type": "blob"},
        {"path": "data/oh/executive/A.yml", "type": "blob"},
        {"path": "data/oh/executive/old/C.yml", "type": "blob"},
        {"path": "data/oh/legislature/D.yml", "type": "blob"},
        {"path": "data/oh/executive", "type": "tree"},
    ]
    fetcher = Fetcher(github_api=api, retries=0)
    with responses.RequestsMock() as mock:
        listing = mock.add(
            responses.GET,
            f"{api}/repos/openstates/people/git/trees/main",
            json={"tree": tree, "truncated": False},
        )
        mock.add(responses.GET, raw + "A.yml", body=b"id: ocd-person/a\nname: A\nroles: []\n")
        mock.add(responses.GET, raw + "B.yml", body=b"id: ocd-person/b\nname: B\nroles: []\n")
        got = fetcher.fetch(required)
        absent = fetcher.fetch(optional)
        with pytest.raises(SourceError, match="openstates-executive-xx: the directory"):
            fetcher.fetch(empty)
        assert listing.call_count == 1
    docs = list(yaml.safe_load_all(got.content))
    assert [d["id"] for d in docs] == ["ocd-person/a", "ocd-person/b"]
    assert absent.absent and absent.content == b""
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, f"{api}/repos/openstates/people/git/trees/main", status=403)
        with pytest.raises(SourceError, match="HTTP 403"):
            Fetcher(github_api=api, retries=0).fetch(required)


def test_an_update_reads_the_executive_directories(small_app, small_mirror_copy):
    """A bad person file is refused with its source's name and nothing changes."""
    bad = small_mirror_copy / PEOPLE / "oh" / "executive" / "Broken.yml"
    bad.write_text("id: not-a-person\nname: X\nroles: []\n")
    small_app.config["LEGISLATOR_DATA_MIRROR"] = str(small_mirror_copy)
    with small_app.app_context(), pytest.raises(SourceError) as refused:
        update_directory(small_app.config)
    assert refused.value.source == "openstates-executive-oh"


def _two_holders(shared_data: Path, state: str, kind: str, today: date) -> list[dict]:
    """The people the YAML gives a current `kind` role in `state`, read here from the files."""
    jurisdiction = openstates_metadata.lookup(abbr=state).jurisdiction_id
    people = []
    for path in sorted((shared_data / PEOPLE / state / "executive").glob("*.yml")):
        person = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
        for role in person["roles"]:
            start, end = role.get("start_date"), role.get("end_date")
            current = (not start or date.fromisoformat(str(start)) <= today) and (
                not end or date.fromisoformat(str(end)) >= today
            )
            if role["type"] == kind and role["jurisdiction"] == jurisdiction and current:
                people.append(person)
    return people


def test_one_lieutenant_governor_for_massachusetts(small_app, shared_data):
    """Open States holds two current Massachusetts lieutenant governors (one person, two
    files): the load keeps the one whose role is its only role, shows no mayor's email for
    her, and says what it left out in `flask data status`."""
    from sqlalchemy import select

    from advocacy.directory.status import data_status
    from advocacy.extensions import db
    from advocacy.models import Official, Seat

    today = small_app.extensions["advocacy.clock"].today()
    claimants = _two_holders(shared_data, "ma", "lt_governor", today)
    if len(claimants) < 2:
        pytest.skip("the mirror no longer holds two Massachusetts lieutenant governors")
    sure = [p for p in claimants if len(p["roles"]) == 1]
    assert len(sure) == 1, "the data's duplicate is no longer told apart by its roles"
    with small_app.app_context():
        held = db.session.execute(
            select(Official.full_name, Official.email, Official.website_url)
            .join(Seat, Seat.official_id == Official.id)
            .where(Seat.state == "ma", Seat.title == "Lieutenant Governor")
        ).all()
        assert [name for name, _, _ in held] == [sure[0]["name"]]
        emails = db.session.scalars(
            select(Official.email)
            .join(Seat, Seat.official_id == Official.id)
            .where(Seat.state == "ma", Seat.chamber == "executive")
        ).all()
        assert not [e for e in emails if e and e.endswith("@salem.com")]
        conflicts = data_status(small_app.config)["conflicts"]
    ours = [c for c in conflicts if c.startswith("MA Lieutenant Governor")]
    assert len(ours) == 1
    for person in claimants:
        assert person["id"] in ours[0]
