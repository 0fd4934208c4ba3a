"""Corrections that survive updates, on the real directory: an admin fixes, ends and adds
with a source and a note; each shows on the official's page, is applied again by the next
`flask data update`, is listed by `flask data corrections`, and is reported once the
public data agrees."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from advocacy.directory.update import update_directory
from advocacy.extensions import db
from advocacy.models import Chapter, Correction, Official, Seat
from tests.factories import make_people, signed_in, submit

pytestmark = pytest.mark.realdata
OHIO = "ocd-division/country:us/state:oh"
SOURCE = "https://governor.ohio.gov/news/2027-01-12"


def _admin(app):
    with app.app_context():
        a, b = Chapter(name="A", regions="OH"), Chapter(name="B")
        db.session.add_all([a, b])
        make_people(a, b)
        db.session.commit()
    return signed_in(app)


def _official(app, **where) -> tuple[int, str]:
    with app.app_context():
        query = select(Official.id, Official.source_key).join(Seat)
        for column, value in where.items():
            query = query.where(getattr(Seat, column) == value)
        return tuple(db.session.execute(query.order_by(Official.id).limit(1)).one())


def test_fix_end_and_add_survive_an_update(small_app):
    client_for = _admin(small_app)
    admin, advocate = client_for("admin@example.org"), client_for("a@example.org")
    senator_id, senator_key = _official(small_app, level="state", chamber="upper", state="oh")
    governor_id, _ = _official(small_app, division_id=OHIO, title="Governor")
    url = f"/officials/{senator_id}/correct"

    # Only admins correct; every field is checked; nothing is saved from a bad form.
    assert advocate.get(url).status_code == 403
    bad = submit(admin, url, {"action": "fix", "party": "", "source_url": "ftp://x", "note": ""})
    assert bad.status_code == 400
    assert b"web address" in bad.data and b"Please say what changed" in bad.data
    for fields in (
        {"action": "fix", "party": "Ind\u202eependent"},  # a direction override
        {"action": "end", "day": "2027-02-30"},  # no such day
        {"action": "end", "day": "２０２７-01-11"},  # full-width digits
        {"action": "end", "day": "9999-12-31"},  # past the calendar's usable end
        {"action": "add", "full_name": "x" * 201},
        {"action": "drop"},  # no such correction
    ):
        refused = submit(admin, url, {"source_url": SOURCE, "note": "n", **fields})
        assert refused.status_code == 400, fields
    as_json = admin.post(url, json={"action": "fix", "party": "X", "source_url": SOURCE})
    assert as_json.status_code == 400
    same = submit(admin, url, {"action": "fix", "source_url": SOURCE, "note": "n"})
    assert same.status_code == 400 and b"change at least one field" in same.data

    fixed = submit(
        admin,
        url,
        {"action": "fix", "party": "Independent", "source_url": SOURCE, "note": "Left the party."},
    )
    assert fixed.status_code == 302
    page = admin.get(f"/officials/{senator_id}").data.decode()
    assert "Independent" in page and SOURCE in page and "Left the party." in page
    assert "Independent" in small_app.test_client().get(f"/officials/{senator_id}").data.decode()

    with small_app.app_context():
        public_end = db.session.scalar(select(Seat.end_date).where(Seat.official_id == governor_id))
    gov_url = f"/officials/{governor_id}/correct"
    ended = submit(
        admin,
        gov_url,
        {"action": "end", "day": "2027-01-11", "source_url": SOURCE, "note": "Term over."},
    )
    assert ended.status_code == 302
    added = submit(
        admin,
        gov_url,
        {
            "action": "add",
            "full_name": "Jordan Ávila",
            "party": "Republican",
            "day": "2027-01-12",
            "source_url": SOURCE,
            "note": "Sworn in on 12 January.",
        },
    )
    assert added.status_code == 302
    new_page = admin.get(added.headers["Location"]).data.decode()
    assert "Jordan Ávila" in new_page and "Sworn in on 12 January." in new_page

    # The next data update rewrites the loaded rows; the corrections lie over them again.
    with small_app.app_context():
        db.session.execute(
            Official.__table__.update()
            .where(Official.source_key == senator_key)
            .values(fingerprint="stale")  # the public record "changed": rewritten
        )
        db.session.commit()
        result = update_directory(small_app.config)
        assert [outcome for _, outcome in result.corrections] == ["applied"] * 3
        senator = db.session.scalars(select(Official).where(Official.id == senator_id)).one()
        assert senator.seat.party == "Independent"
        new = db.session.scalars(select(Official).where(Official.full_name == "Jordan Ávila")).one()
        assert (new.seat.division_id, new.seat.title, new.seat.end_date) == (
            OHIO,
            "Governor",
            None,
        )
        checks = {c.action: c.agrees for c in db.session.scalars(select(Correction))}
        assert db.session.scalar(select(func.count(Correction.id))) == 3  # nothing refused kept
        # The end agrees when the public data already ends the term by that day.
        ends_by = public_end is not None and public_end.isoformat() <= "2027-01-11"
        assert checks == {"fix": False, "end": ends_by, "add": False}

    # `flask data corrections` lists each with its source and note.
    listed = small_app.test_cli_runner().invoke(args=["data", "corrections"])
    assert listed.exit_code == 0
    assert listed.output.count("still needed") == 3 - ends_by and SOURCE in listed.output

    # The public data catches up: a fix that says what it says is reported as agreeing.
    with small_app.app_context():
        fix = db.session.scalars(select(Correction).where(Correction.action == "fix")).one()
        fix.fields = json.dumps({"party": _loaded_party(small_app, senator_key)})
        fix.checked_at = None  # as if just made: the next update checks it
        db.session.commit()
        update_directory(small_app.config, force=True)
        assert db.session.get(Correction, fix.id).agrees is True
    listed = small_app.test_cli_runner().invoke(args=["data", "corrections"])
    assert "the public data now agrees: retire it" in listed.output

    # Retired from the list page: the added governor leaves the seat at once.
    listing = admin.get("/corrections").data.decode()
    assert "The public data now agrees: retire it." in listing
    with small_app.app_context():
        add_id = db.session.scalar(select(Correction.id).where(Correction.action == "add"))
    retired = submit(admin, f"/corrections/{add_id}/retire", {}, page=listing)
    assert retired.status_code == 302
    with small_app.app_context():
        new = db.session.scalars(select(Official).where(Official.full_name == "Jordan Ávila")).one()
        assert new.seat is None


def _loaded_party(app, key: str) -> str | None:
    """The party the public CSV gives the senator (the fix must equal it to agree)."""
    import csv

    from advocacy.directory.sources import all_sources
    from advocacy.ingest.fetch import Fetcher

    source = next(s for s in all_sources() if s.name == "openstates-oh")
    content = Fetcher(mirror=app.config["LEGISLATOR_DATA_MIRROR"]).fetch(source).content
    rows = csv.DictReader(content.decode("utf-8-sig").splitlines())
    party = next(r["current_party"] for r in rows if r["id"] == key)
    return {"Democrat": "Democratic"}.get(party, party)
