"""Canada: ridings under OCD ids from the mirror, rosters from a fake Represent on
127.0.0.1 (tests/represent.py), postal-code lookups, Canadian forms of address, and an
installation that cannot reach Represent saying it has no Canadian roster."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from advocacy.campaigns.letters import address_block, salutation
from advocacy.directory.update import update_directory
from advocacy.extensions import db
from advocacy.models import Division, Official, Seat, SourceFile
from tests.net import free_port, serving
from tests.realdata import post_lookup
from tests.represent import (
    MONTREAL_MNA,
    MONTREAL_POSTCODE,
    TORONTO_MP,
    TORONTO_MPP,
    TORONTO_POSTCODE,
    FakeRepresent,
)

pytestmark = pytest.mark.realdata


def _canadians(app) -> dict[tuple[str, str | None], int]:
    with app.app_context():
        rows = db.session.execute(
            select(Seat.level, Seat.state, func.count())
            .where(Seat.level.in_(("canada", "province")))
            .group_by(Seat.level, Seat.state)
        ).all()
    return {(level, state): n for level, state, n in rows}


def test_ridings_load_from_the_mirror_without_represent(loaded_app, loaded_client):
    with loaded_app.app_context():
        kinds = dict(
            db.session.execute(
                select(Division.kind, func.count())
                .where(Division.ocd_id.like("ocd-division/country:ca%"))
                .group_by(Division.kind)
            ).all()
        )
        spadina = db.session.get(Division, "ocd-division/country:ca/ed:35100-2023")
    assert kinds == {"country": 1, "province": 13, "ed": 343, "ped": kinds["ped"]}
    assert 750 < kinds["ped"] < 800  # each province's newest ridings only
    assert (spadina.name, spadina.state) == ("Spadina—Harbourfront", "on")
    assert _canadians(loaded_app) == {}
    # No Represent here: a Canadian member is told so, and nothing breaks.
    page = post_lookup(loaded_client, q="M5V 3L9")
    assert page.status_code == 503
    assert "no Canadian roster" in page.data.decode()
    api = loaded_client.get("/api/v1/officials?postcode=M5V3L9")
    assert api.status_code == 503 and "Represent" in api.json["message"]
    bad = loaded_client.get("/api/v1/officials?postcode=D5V3L9")
    assert bad.status_code == 400 and "postal code" in bad.json["message"]


def test_toronto_postal_code_shows_mp_and_mpp(small_app, shared_data):
    loaded_app, loaded_client = small_app, small_app.test_client()
    fake = FakeRepresent(shared_data, max_limit=200)  # the Commons' 343 take two pages
    with serving(fake) as url:
        loaded_app.config.update(REPRESENT_URL=url, GEOCODER_RETRIES=0)
        with loaded_app.app_context():
            result = update_directory(loaded_app.config)
        counts = _canadians(loaded_app)
        published = {slug: len(members) for slug, members in fake.roster.items()}
        assert published["house-of-commons"] > 200  # more than one page
        assert (
            sum(n for (level, _), n in counts.items() if level == "canada")
            == (published["house-of-commons"])
        )
        assert counts[("province", "on")] == published["ontario-legislature"]
        assert counts[("province", "qc")] == published["quebec-assemblee-nationale"]
        assert set(result.changed_sources) - set(result.absent_sources) == {
            "represent-house-of-commons",
            "represent-ontario-legislature",
            "represent-quebec-assemblee-nationale",
        }
        # The legislatures the fake does not publish (404) are left out by name.
        assert len([n for n in result.absent_sources if n.startswith("represent-")]) == 11
        assert any("offset=200" in r for r in fake.requests)

        page = post_lookup(loaded_client, q="m5v 3l9")
        html = page.data.decode()
        assert page.status_code == 200
        assert TORONTO_MP in html and TORONTO_MPP in html and "Councillor" not in html
        assert "Member of Parliament" in html and "Member of Provincial Parliament" in html

        data = loaded_client.get(f"/api/v1/officials?postcode={TORONTO_POSTCODE}").json
        by_name = {o["name"]: o for o in data["officials"]}
        assert set(by_name) == {TORONTO_MP, TORONTO_MPP}
        assert by_name[TORONTO_MP]["ocd_division_id"] == "ocd-division/country:ca/ed:35100-2023"
        assert (
            by_name[TORONTO_MPP]["ocd_division_id"]
            == "ocd-division/country:ca/province:on/ed:101-2015"
        )
        assert [o["name"] for o in data["officials"]] == [TORONTO_MP, TORONTO_MPP]
        assert data["vacancies"] == []

        # A Montreal address ending in its postal code: the MNA with her accents.
        data = loaded_client.get(
            "/api/v1/officials", query_string={"address": "5000 rue X, Montréal, QC H2V 1A1"}
        ).json
        assert MONTREAL_MNA in {o["name"] for o in data["officials"]}
        assert MONTREAL_POSTCODE.startswith("H2V")
        unknown = loaded_client.get("/api/v1/officials?postcode=K0K0K0")
        assert unknown.status_code == 404

        with loaded_app.app_context():
            mp = db.session.scalar(select(Official).where(Official.full_name == TORONTO_MP))
            mpp = db.session.scalar(select(Official).where(Official.full_name == TORONTO_MPP))
            assert address_block(mp)[:2] == [f"The Honourable {TORONTO_MP}, MP", "House of Commons"]
            assert address_block(mp)[-1] == "Ottawa ON  K1A 0A6"
            assert salutation(mp) == "Dear Ms. Côté-Brûlé:"
            assert address_block(mpp)[0] == f"{TORONTO_MPP}, MPP"
            assert salutation(mpp) == "Dear Mr. Okafor:"
            mna = db.session.scalar(select(Official).where(Official.full_name == MONTREAL_MNA))
            assert address_block(mna)[0] == f"{MONTREAL_MNA}, MNA"
            assert salutation(mna) == f"Dear {MONTREAL_MNA}:"

        # Represent fails (500s past the retries): asked once, not for each of its 14
        # bodies, and every body keeps the roster it has.
        fake.failing, fake.requests[:] = 10**6, []
        with loaded_app.app_context():
            result = update_directory(loaded_app.config)
        assert len(result.unreached_sources) == 14 and _canadians(loaded_app) == counts
        assert len(fake.requests) == loaded_app.config["HTTP_RETRIES"] + 1

    # Represent is gone: the next update keeps the roster it has, and says so.
    loaded_app.config.update(REPRESENT_URL=f"http://127.0.0.1:{free_port()}")
    with loaded_app.app_context():
        result = update_directory(loaded_app.config)
        assert db.session.scalar(select(func.count(SourceFile.name))) > 0
    assert len(result.unreached_sources) == 14
    assert _canadians(loaded_app) == counts


def test_campaigns_target_canadians_and_governors(small_app, shared_data):
    """A campaign for Canadian MPs writes to the Toronto member's MP only; one for governors
    and statewide officers writes to Ohio's, not to its legislators."""
    from advocacy.campaigns.state import targeted_officials
    from advocacy.lookup.service import find_officials
    from tests.factories import app_today, make_campaign

    loaded_app = small_app
    fake = FakeRepresent(shared_data)
    with serving(fake) as url:
        loaded_app.config.update(REPRESENT_URL=url, GEOCODER_RETRIES=0)
        with loaded_app.app_context():
            update_directory(loaded_app.config)
        commons = make_campaign(loaded_app, slug="ca", targets="ca_commons")
        statewide = make_campaign(loaded_app, slug="oh", targets="state_executive")
        today = app_today(loaded_app)
        with loaded_app.test_request_context():
            from advocacy.models import Campaign

            toronto = find_officials({"postcode": TORONTO_POSTCODE}, today)
            ids, _ = targeted_officials(db.session.get(Campaign, commons), toronto)
            names = {o["name"] for o in toronto.lookup.officials if o["id"] in ids}
            assert names == {TORONTO_MP}
            columbus = find_officials({"lat": "39.9612", "lng": "-82.9988"}, today)
            ids, _ = targeted_officials(db.session.get(Campaign, statewide), columbus)
            offices = {o["office"] for o in columbus.lookup.officials if o["id"] in ids}
            assert {"Attorney General", "Secretary of State"} <= offices
            assert not offices & {"State Senator", "State Representative", "U.S. Senator"}


def test_a_canadian_member_without_a_roster_is_told_plainly(small_app, shared_data):
    """Represent answers the postal code, but its rosters never reached this installation:
    a campaign for MPs says Canadian officials are not loaded here (not "try again")."""
    from tests.factories import make_campaign, start

    fake = FakeRepresent(shared_data)
    with serving(fake) as url:
        small_app.config.update(REPRESENT_URL=url, GEOCODER_RETRIES=0)  # no update: no roster
        make_campaign(small_app, slug="ca", targets="ca_commons")
        answer = start(small_app.test_client(), slug="ca", address=TORONTO_POSTCODE)
    html = answer.data.decode()
    assert answer.status_code == 404
    assert "Canadian officials are not loaded here" in html
    assert "few minutes" not in html
