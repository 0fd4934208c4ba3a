"""The other states' bills from the Open States API v3, against a fake of the API on
127.0.0.1: searches from the settings and from the chapters' followed queries, every page
checked before anything is written, sponsors linked to our legislators by Open States
person id or by name, and a refusal by name for anything the API answers that is not the
documented JSON."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from advocacy.bills.openstates import parse_bill
from advocacy.bills.parsers import SUMMARY_MAX, BillRefused
from advocacy.extensions import db
from advocacy.models import Bill, Chapter, Official, Seat
from tests.factories import app_today
from tests.net import serving
from tests.openstates import KEY, OHIO, FakeOpenStates, bill, days_ago, sponsorship


def _settings(url: str, **more) -> dict:
    return {
        "OPENSTATES_API_KEY": KEY,
        "OPENSTATES_API_URL": url,
        "BILLS_OPENSTATES": ["oh:telehealth"],
        "BILLS_CONGRESS": [],
        "BILLS_NY_SESSION": None,
        **more,
    }


def _update(app):
    return app.test_cli_runner().invoke(args=["bills", "update"])


def _ohio_representatives(app, n: int) -> list[tuple[int, str, str]]:
    """n of Ohio's sitting representatives in the loaded directory: (id, Open States id,
    name)."""
    with app.app_context():
        return db.session.execute(
            select(Official.id, Official.source_key, Official.full_name)
            .join(Seat, Seat.official_id == Official.id)
            .where(Seat.state == "oh", Seat.chamber == "lower", Seat.level == "state")
            .where(Official.source_key.like("ocd-person/%"))
            .order_by(Official.id)
            .limit(n)
        ).all()


@pytest.mark.realdata
def test_a_states_bills_load_from_open_states_with_their_sponsors(loaded_app):
    today = app_today(loaded_app)
    (first_id, first_key, first_name), (second_id, _, second_name) = _ohio_representatives(
        loaded_app, 2
    )
    fake = FakeOpenStates()
    fake.bills = [
        bill(
            "HB 1",
            "Regards telehealth services by health care professionals",
            sponsors=[
                sponsorship(first_name, first_key),
                # One Open States did not match to a person: matched here by name.
                sponsorship(second_name, None, primary=False),
                sponsorship("Someone Unknown", None, primary=False),
            ],
            actions=[
                (days_ago(90, today), "Introduced", "lower", ["introduction"]),
                (
                    days_ago(89, today),
                    "Referred to committee: Health",
                    "lower",
                    ["referral-committee"],
                ),
                (days_ago(30, today), "Passed", "lower", ["passage"]),
                (days_ago(3, today), "Passed", "upper", ["passage"]),
            ],
            subject=["Health", "Telecommunications"],
        ),
        bill(
            "SB 20",
            "Health records portability",
            abstract="Lets patients take their records; covers telehealth visits.",
            chamber="upper",
        ),
        *(bill(f"HB {100 + i}", f"Telehealth pilot number {i}") for i in range(25)),
        bill("HB 7", "Road repair"),
        # Telehealth, but with no action in the last year: not asked for.
        bill(
            "HB 8", "Telehealth of old", actions=[(days_ago(800, today), "Introduced", "lower", [])]
        ),
    ]
    with serving(fake) as url:
        loaded_app.config.update(_settings(url))
        result = _update(loaded_app)
        assert result.exit_code == 0, result.output
        assert "27 bills read: 27 new" in result.output
        # Two pages of 20, each asking for the sponsors, actions and abstracts; the key in a
        # header, never in the URL.
        assert [r["page"] for r in fake.requests] == [["1"], ["2"]]
        for asked in fake.requests:
            assert sorted(asked["include"]) == ["abstracts", "actions", "sponsorships"]
            assert asked["jurisdiction"] == [OHIO] and asked["q"] == ["telehealth"]
            assert "apikey" not in asked and asked["per_page"] == ["20"]
        with loaded_app.app_context():
            hb1 = db.session.scalars(select(Bill).where(Bill.identifier == "HB 1")).one()
            assert (hb1.source, hb1.jurisdiction, hb1.session, hb1.chamber) == (
                "openstates",
                OHIO,
                "136",
                "lower",
            )
            assert hb1.status == "passed_both"
            assert [s.official_id for s in hb1.sponsors] == [first_id, second_id, None]
            assert [s.role for s in hb1.sponsors] == ["sponsor", "cosponsor", "cosponsor"]
            assert hb1.sponsors[0].external_id == first_key
            sb20 = db.session.scalars(select(Bill).where(Bill.identifier == "SB 20")).one()
            assert sb20.summary.startswith("Lets patients") and sb20.status == "introduced"
            sb20_id = sb20.id
            for absent in ("HB 7", "HB 8"):
                assert not db.session.scalar(select(func.count()).where(Bill.identifier == absent))
            hb1_id = hb1.id
        client = loaded_app.test_client()
        one = client.get(f"/api/v1/bills/{hb1_id}").json
        assert one["sponsors"][0] == one["sponsors"][0] | {
            "source_id": first_key,
            "official_id": first_id,
        }
        found = client.get(f"/bills?q=telehealth+services&jurisdiction={OHIO}").data.decode()
        assert f'href="/bills/{hb1_id}"' in found
        # Found by its abstract.
        found = client.get(f"/bills?q=patients+records&jurisdiction={OHIO}").data.decode()
        assert f'href="/bills/{sb20_id}"' in found
        assert f'href="/officials/{first_id}"' in client.get(f"/bills/{hb1_id}").data.decode()
        # The same answers again: nothing to write.
        again = _update(loaded_app)
        assert "0 new, 0 changed, 27 unchanged" in again.output, again.output


@pytest.mark.realdata
def test_a_followed_query_in_a_state_is_searched_and_its_bills_load(loaded_app):
    from advocacy.bills.follows import follow_query
    from tests.factories import make_people

    fake = FakeOpenStates(bills=[bill("HB 55", "Hospital cybersecurity standards")])
    with loaded_app.app_context():
        a, b = Chapter(name="Ohio", regions="OH"), Chapter(name="Other", regions="NY")
        db.session.add_all([a, b])
        db.session.flush()
        people = make_people(a, b)
        follow_query(a.id, people["a@example.org"].id, "Hospital  cybersecurity", OHIO)
        db.session.commit()
    with serving(fake) as url:
        loaded_app.config.update(_settings(url, BILLS_OPENSTATES=[]))
        result = _update(loaded_app)
        assert result.exit_code == 0, result.output
        assert [r["q"] for r in fake.requests] == [["Hospital cybersecurity"]]
    with loaded_app.app_context():
        assert db.session.scalar(select(Bill.title).where(Bill.identifier == "HB 55")) == (
            "Hospital cybersecurity standards"
        )


def test_without_a_key_open_states_is_not_asked(app):
    fake = FakeOpenStates(bills=[bill("HB 1", "Telehealth")])
    with serving(fake) as url:
        app.config.update(_settings(url, OPENSTATES_API_KEY=None))
        result = _update(app)
    assert result.exit_code == 0 and fake.requests == []


def _other_state(item: dict) -> dict:
    item["jurisdiction"] = {"id": "ocd-jurisdiction/country:us/state:ca/government",
                            "name": "California", "classification": "state"}  # fmt: skip
    return item


def _page(*items: dict) -> bytes:
    pagination = {"per_page": 20, "page": 1, "max_page": 1, "total_items": len(items)}
    return json.dumps({"results": list(items), "pagination": pagination}).encode()


def _unknown(item: dict) -> dict:
    item["jurisdiction"]["id"] = "ocd-jurisdiction/country:us/state:zz/government"
    return item


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ({"key": "wrong"}, "the API refused the key (HTTP 403)"),
        ({"raw": b"{"}, "not JSON"),
        ({"raw": b"[" * 100_000}, "not JSON"),  # nested past the recursion limit
        # Page 1 was good: still nothing is written.
        ({"raw": b"{", "raw_page": 2}, "openstates-oh-telehealth (page 2): not JSON"),
        ({"raw": b"[]"}, "not a page of bills"),
        ({"raw": b'{"results": [], "pagination": {"max_page": "9"}}'}, "no usable max_page"),
        ({"raw": b'{"results": [{"id": "x"}], "pagination": {"max_page": 1}}'}, "no usable id"),
        # Answers the real API would not give for an Ohio search, as if it did.
        ({"raw": _page(_unknown(bill("HB 9", "Telehealth")))}, "unknown jurisdiction"),
        ({"raw": _page(_other_state(bill("AB 9", "Telehealth")))}, "is not a bill of oh"),
        ({"fail": [500, 500, 500]}, "HTTP 500 from"),
        ({"fail": [429, 429, 429]}, "over the API's rate limit"),
        ({"setting": "telehealth"}, "is not like oh:telehealth"),
        ({"setting": "zz:telehealth"}, "is not like oh:telehealth"),
        ({"pages": "ten"}, "'ten' is not a number from 1 to 10,000"),
        ({"pages": 0}, "0 is not a number from 1 to 10,000"),
    ],
)
def test_a_bad_answer_or_setting_is_refused_by_name_and_nothing_loads(app, setup, reason):
    good = [bill(f"HB {i}", f"Telehealth {i}") for i in range(25)]
    fake = FakeOpenStates(bills=good, fail_first=list(setup.get("fail", [])))
    fake.raw, fake.raw_page = setup.get("raw"), setup.get("raw_page")
    with serving(fake) as url:
        app.config.update(_settings(url))
        if "key" in setup:
            app.config["OPENSTATES_API_KEY"] = setup["key"]
        if "setting" in setup:
            app.config["BILLS_OPENSTATES"] = setup["setting"]
        if "pages" in setup:
            app.config["BILLS_OPENSTATES_MAX_PAGES"] = setup["pages"]
        result = _update(app)
    assert result.exit_code == 1, result.output
    assert reason in result.output and "The bills already loaded are unchanged" in result.output
    if "setting" not in setup and "pages" not in setup:
        assert "refused openstates-oh-telehealth" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Bill)) == 0


def test_a_refused_page_names_itself_and_a_rate_limit_once_is_waited_out(app):
    fake = FakeOpenStates(bills=[bill(f"HB {i}", f"Telehealth {i}") for i in range(3)])
    fake.fail_first = [429]  # Retry-After: 0, then the answer
    with serving(fake) as url:
        app.config.update(_settings(url, BILLS_OPENSTATES="oh:telehealth; oh: telehealth "))
        result = _update(app)
    assert result.exit_code == 0, result.output
    assert "3 bills read: 3 new" in result.output
    assert len(fake.requests) == 2  # the 429 and its retry; the same search twice is one


def test_hostile_text_from_the_api_is_cleaned_and_trimmed():
    item = bill(
        "HB\u202e 1",
        "<b>Tele</b>health\x00 &amp; care",
        abstract="x" * (10 * 1024 * 1024),
        sponsors=[sponsorship("", None), {"name": 7}, "nobody"],
        actions=[("not a date", "Introduced", "lower", ["introduction"])],
    )
    item["openstates_url"] = "javascript:alert(1)"
    item["subject"] = ["A", 5, None, "A"]
    record = parse_bill(item)
    assert record.identifier == "HB 1" and record.title == "Tele health & care"
    assert len(record.summary) == SUMMARY_MAX and record.summary.endswith("…")
    assert record.sponsors == [] and record.url is None and record.subjects == ["A"]
    assert record.actions[0].acted_on is None and record.status == "introduced"
    with pytest.raises(BillRefused, match="no usable id"):
        parse_bill({"id": "ocd-bill/../../x", "identifier": "HB 1", "session": "136"})


@pytest.mark.parametrize(
    ("kinds", "status"),
    [
        ([["introduction"], ["referral-committee"]], "in_committee"),
        ([["introduction"], ["reading-2"]], "on_floor"),
        ([["introduction"], ["passage"]], "passed_one_chamber"),
        ([["introduction"], ["passage"], ["executive-signature"]], "signed"),
        ([["introduction"], ["executive-veto"]], "vetoed"),
        ([["introduction"], ["withdrawal"]], "withdrawn"),
        ([["introduction"], ["became-law"]], "signed"),
        ([["introduction"], []], "introduced"),
    ],
)
def test_a_bills_status_comes_from_its_action_classifications(kinds, status):
    actions = [(days_ago(10 - i), f"Step {i}", "lower", k) for i, k in enumerate(kinds)]
    assert parse_bill(bill("HB 3", "A bill", actions=actions)).status == status
