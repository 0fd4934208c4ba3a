"""The January turnover: when a body's terms end (the House's on 3 January of odd years), the
update accepts the new Congress's files without --force, within wider bounds; until they
arrive, the freshness banner names the bodies whose terms have ended, in words.

Dates are read from the data (when the House's terms end), never written in: the tests hold
for whichever Congress the mirror holds. Updates run on the small mirror."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from advocacy.directory.status import data_status, turning_over
from advocacy.directory.update import update_directory
from advocacy.extensions import db
from advocacy.ingest.fetch import SourceError
from advocacy.models import Official, Seat
from tests.factories import app_today

pytestmark = pytest.mark.realdata

FOLDER = "unitedstates.github.io/congress-legislators"


def _house_ends(mirror) -> date:
    """The day the mirror's House terms end (the 3 January after the next election)."""
    current = json.loads((mirror / FOLDER / "legislators-current.json").read_text())
    ends = Counter(p["terms"][-1]["end"] for p in current if p["terms"][-1]["type"] == "rep")
    return date.fromisoformat(ends.most_common(1)[0][0])


def _noon(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC).replace(hour=12)


def _new_congress(mirror, share: float) -> set[str]:
    """The mirror's Congress files as a new Congress might first publish them: `share` of the
    representatives replaced by newcomers (new ids, terms from the day the old ones end), who
    have no district offices or social media accounts listed yet. The departed members' ids."""
    current = json.loads((mirror / FOLDER / "legislators-current.json").read_text())
    start = _house_ends(mirror)
    end = start.replace(year=start.year + 2)
    house = [p for p in current if p["terms"][-1]["type"] == "rep"]
    departed = {p["id"]["bioguide"] for p in house[:: round(1 / share)]}
    for i, person in enumerate(p for p in current if p["id"]["bioguide"] in departed):
        term = dict(person["terms"][-1], start=start.isoformat(), end=end.isoformat())
        for key in ("url", "phone", "address", "office", "contact_form", "rss_url"):
            term.pop(key, None)
        person["id"] = {"bioguide": f"Z{900000 + i}"}
        person["name"] = {"first": "New", "last": f"Member{i}", "official_full": f"New Member{i}"}
        person["terms"] = [term]
    (mirror / FOLDER / "legislators-current.json").write_text(json.dumps(current))
    for name in ("legislators-district-offices.json", "legislators-social-media.json"):
        rows = json.loads((mirror / FOLDER / name).read_text())
        kept = [r for r in rows if r["id"]["bioguide"] not in departed]
        (mirror / FOLDER / name).write_text(json.dumps(kept))
    return departed


def test_the_new_congress_loads_without_force_when_the_house_turns_over(
    small_app, small_mirror_copy
):
    ends = _house_ends(small_mirror_copy)
    departed = _new_congress(small_mirror_copy, 0.2)
    small_app.config["LEGISLATOR_DATA_MIRROR"] = str(small_mirror_copy)
    with small_app.app_context():
        # Half a year before the House's terms end, losing a fifth of the offices is a
        # broken file: refused, as before.
        half_a_year_before = ends - timedelta(days=183)
        with pytest.raises(SourceError, match=r"more than the allowed 10%"):
            update_directory(small_app.config, now=_noon(half_a_year_before))
        db.session.rollback()
        assert None not in turning_over(half_a_year_before, 60, 0.2)
        # The day after, the loaded data itself says the House's terms have ended.
        day_after = _noon(ends + timedelta(days=1))
        assert None in turning_over(day_after.date(), 60, 0.2)
        result = update_directory(small_app.config, now=day_after)
        assert result.status == "loaded"
        seated = set(
            db.session.scalars(
                select(Official.source_key).join(Seat, Seat.official_id == Official.id)
            )
        )
        # The departed keep their rows (for history) but lose their seats to the newcomers.
        assert not {f"bioguide:{b}" for b in departed} & seated
        assert {f"bioguide:Z{900000 + i}" for i in range(len(departed))} <= seated
        assert result.changes.counts["seats"]["retired"] == len(departed)


def _keep_rows(path, share: float, original: list[str]) -> None:
    """The CSV with only the first `share` of its people (the header kept)."""
    header, *rows = original
    path.write_text("".join([header, *rows[: int(len(rows) * share)]]), encoding="utf-8")


def test_a_states_turnover_allows_more_change_but_still_has_bounds(small_app, small_mirror_copy):
    path = small_mirror_copy / "data.openstates.org/people/current/oh.csv"
    original = path.read_text(encoding="utf-8").splitlines(keepends=True)
    small_app.config["LEGISLATOR_DATA_MIRROR"] = str(small_mirror_copy)
    today_noon = _noon(app_today(small_app))

    def terms_end(day: date) -> None:
        db.session.execute(
            update(Seat)
            .where(Seat.state == "oh", Seat.level == "state", Seat.chamber != "executive")
            .values(end_date=day)
        )
        db.session.commit()

    with small_app.app_context():
        _keep_rows(path, 0.75, original)
        terms_end(today_noon.date() + timedelta(days=730))  # not Ohio's turn: a broken file
        with pytest.raises(SourceError, match=r"-25%, more than the allowed 10%\); check"):
            update_directory(small_app.config, now=today_noon)
        db.session.rollback()
        terms_end(today_noon.date() + timedelta(days=14))  # Ohio's terms end in a fortnight
        _keep_rows(path, 0.6, original)
        with pytest.raises(SourceError, match=r"-40%, more than the allowed 35%, as the terms"):
            update_directory(small_app.config, now=today_noon)
        db.session.rollback()
        _keep_rows(path, 0.75, original)
        assert update_directory(small_app.config, now=today_noon).status == "loaded"


def test_the_banner_names_the_bodies_whose_terms_ended(loaded_app):
    yesterday = app_today(loaded_app) - timedelta(days=1)
    with loaded_app.app_context():
        db.session.execute(
            update(Seat)
            .where(Seat.level == "federal", Seat.chamber == "lower")
            .values(end_date=yesterday)
        )
        db.session.execute(
            update(Seat)
            .where(Seat.level == "state", Seat.state == "oh", Seat.chamber == "lower")
            .values(end_date=yesterday)
        )
        db.session.commit()
        reasons = data_status(loaded_app.config)["stale_reasons"]
    named = [r.split(":")[0] for r in reasons]
    assert "U.S. House" in named and "Ohio House" in named
    banner = loaded_app.test_client().get("/").data.decode()
    assert "U.S. House:" in banner and "Ohio House:" in banner
    assert "the public data does not name their successors yet" in banner
