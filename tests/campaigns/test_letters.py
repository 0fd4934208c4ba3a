"""letters.compose: one official's letter, subject and post, from a campaign and a member."""

from __future__ import annotations

from datetime import date

from advocacy.campaigns.letters import Member, compose, phones
from advocacy.models import Campaign, Office, SocialAccount
from advocacy.text import tweet_length
from tests.factories import STATEMENT, make_official

TODAY = date(2026, 9, 23)
MEMBER = Member(
    "Ana Member", "ana@example.org", "1 Main St, Boston, MA 02130", "Boston", "MA", "02130"
)


def _campaign(**overrides) -> Campaign:
    values = {
        "title": "National Health IT Week",
        "subject": "Support health IT, {{ official_title }} {{ official_last_name }}",
        "letter_statement": STATEMENT,
        "letter_body": "",
        "tweet_template": "{{ official_title }} {{ official_last_name }}, support health IT!",
        "hashtags": "#NHITweek #IHeartHIT",
    }
    return Campaign(**(values | overrides))


def _senator(**accounts):
    official = make_official("s", "Jane Doe")
    official.offices = [Office(classification="capitol", name="317 Hart Senate Office Building")]
    official.social_accounts = [SocialAccount(platform=p, handle=h) for p, h in accounts.items()]
    return official


def test_a_senators_letter_reads_in_order():
    letter = compose(
        _campaign(),
        MEMBER,
        ["Interoperability: Data must follow the patient."],
        "My story.",
        "I work in hospital IT.",
        _senator(twitter="SenDoe"),
        TODAY,
    )
    lines = letter.text.split("\n")
    assert lines[:4] == [
        "The Honorable Jane Doe",
        "317 Hart Senate Office Building",
        "United States Senate",
        "Washington, DC 20510",
    ]
    text = letter.text
    order = [
        "September 23, 2026",
        "Dear Senator Doe:",
        "As your constituent in Boston, Massachusetts, I ask you, Senator Doe, to support "
        "health IT.",
        "Interoperability: Data must follow the patient.",
        "I work in hospital IT.",
        "My story.",
        "Sincerely,\nAna Member\n1 Main St, Boston, MA 02130\nana@example.org",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert text.count("Dear Senator Doe:") == 1
    assert text.count("Interoperability") == 1  # the statement placed the points already
    assert letter.subject == "Support health IT, Senator Doe"
    assert letter.office == "U.S. Senator"


def test_points_and_story_are_added_when_the_statement_leaves_them_out():
    campaign = _campaign(letter_statement="Please act, {{ official_title }}.")
    letter = compose(campaign, MEMBER, ["Point one."], "My story.", "", _senator(), TODAY)
    assert letter.text.index("Please act, Senator.") < letter.text.index("Point one.")
    assert letter.text.index("Point one.") < letter.text.index("My story.")


def test_the_post_mentions_the_official_and_fits():
    letter = compose(
        _campaign(tweet_template="word " * 200),
        MEMBER,
        [],
        "",
        "",
        _senator(twitter="@SenDoe", bluesky="doe.bsky.social"),
        TODAY,
    )
    assert letter.tweet.startswith("@SenDoe ") and letter.tweet.endswith("#NHITweek #IHeartHIT")
    assert "…" in letter.tweet and tweet_length(letter.tweet) <= 280
    assert letter.handles == {"twitter": "SenDoe", "bluesky": "doe.bsky.social"}


def test_no_x_account_no_post():
    assert compose(_campaign(), MEMBER, [], "", "", _senator(), TODAY).tweet is None


def test_a_state_capitol_address_keeps_the_city_with_state_and_zip():
    official = make_official("r", "Sam Rep", level="state", chamber="lower", title="Representative")
    official.offices = [
        Office(classification="capitol", address="24 Beacon St, Room 1, Boston, MA 02133")
    ]
    letter = compose(_campaign(), MEMBER, [], "", "", official, TODAY)
    assert letter.text.split("\n")[:4] == [
        "The Honorable Sam Rep",
        "24 Beacon St",
        "Room 1",
        "Boston, MA 02133",
    ]
    assert "Dear Representative Rep:" in letter.text
    assert letter.office == "State Representative"


def test_a_long_subject_is_cut_to_what_the_outbox_keeps():
    letter = compose(_campaign(subject="x" * 400), MEMBER, [], "", "", _senator(), TODAY)
    assert len(letter.subject) == 300


def test_phones_list_the_capitol_then_the_nearest_district_office():
    official = make_official("p", "Pat Near", chamber="lower", title="Representative")
    official.offices = [
        Office(classification="district", city="Springfield", phone="413-555-0101",
               latitude=42.10, longitude=-72.59, position=1),
        Office(classification="district", city="Boston", phone="617-555-0102",
               latitude=42.36, longitude=-71.06, position=2),
        Office(classification="capitol", phone="202-225-0100", position=0),
        Office(classification="district", city="Nowhere", position=3),  # no phone
    ]  # fmt: skip
    near_boston = phones(official, (42.31, -71.11))
    assert [where for where, _ in near_boston] == [
        "Capitol office",
        "District office, Boston",
        "District office, Springfield",
    ]
    as_listed = phones(official)  # no point known (a ZIP): in the sources' order
    assert [where for where, _ in as_listed][1] == "District office, Springfield"
