"""Words as a reader counts them, tweets as twitter-text measures them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy.directory.queries import district_label
from advocacy.text import count_words, fit_tweet, hostile_text_problem, post_problem, tweet_length


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("Health IT saves lives.", 4),
        ("A well-known health-IT tool", 4),
        ("I don't know; it's 3.5 times faster — or 1,200%?", 9),
        ("日本語", 3),
        ("Hello 世界 friends", 4),
        ("Привет мир", 2),
        ("مرحبا بالعالم", 2),
        ("  spaced   out\n\nlines  ", 3),
        ("... --- !!!", 0),
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_three_hundred_words_is_the_limit_a_reader_sees():
    assert count_words(" ".join(["word"] * 300)) == 300
    assert count_words(" ".join(["word"] * 300) + " one-more") == 301


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("hello", 5),
        ("see https://example.com/a/very/long/path/that/goes/on/and/on", 27),
        ("😀", 2),
        ("👩‍⚕️", 2),
        ("日本", 4),
        ("café", 4),
    ],
)
def test_tweet_length_is_twitter_texts(text, length):
    assert tweet_length(text) == length


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["", "#NHITweek #HITworks #IHeartHIT"]))
def test_fitted_tweets_never_exceed_280(body, tags):
    tweet = fit_tweet("@SenExample", body, tags)
    assert tweet_length(tweet) <= 280


def test_fit_keeps_short_tweets_whole_and_shortens_long_ones():
    assert fit_tweet("@a", "short", "#x") == "@a short #x"
    long = fit_tweet("@a", "word " * 100, "#NHITweek")
    assert long.startswith("@a word") and long.endswith("… #NHITweek")
    assert tweet_length(long) <= 280


@pytest.mark.parametrize("text", ["a\x00b", "a\x07b", "evil\u202eexe.txt", "x\u2066y"])
def test_hostile_characters_are_refused(text):
    assert hostile_text_problem(text)


@pytest.mark.parametrize("text", ["שלום\u200f עולם", "Ana\tMaria", "line\nbreak", "émoji 😀"])
def test_ordinary_text_passes(text):
    assert hostile_text_problem(text) is None


@pytest.mark.parametrize("text", ["post \ufffe", "\uffff", "lone \ud800"])
def test_noncharacters_and_lone_surrogates_are_not_text(text):
    # twitter-text calls a post with U+FFFE/U+FFFF invalid; we refuse it before measuring.
    assert "not text" in hostile_text_problem(text)


def test_district_names_read_as_a_sentence():
    assert district_label("3") == "District 3" and district_label(" 12A ") == "District 12A"
    assert district_label("1st Suffolk") == "1st Suffolk"
    assert district_label("Ohio's 3rd congressional district") == (
        "Ohio's 3rd congressional district"
    )
    assert district_label(None) == ""


# Direction marks, embeddings and isolates: each is text in a post.
BIDI = [
    "\u200e",
    "\u200f",
    "\u061c",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]


@pytest.mark.parametrize("mark", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_direction_marks_and_isolates_are_text_in_a_post(mark):
    assert post_problem(f"Vote {mark}نعم{mark} oui") is None


@pytest.mark.parametrize(
    "text",
    [
        "\u2067مرحبا\u2069 — שלום — bonjour",  # Arabic, Hebrew and French side by side
        "👩‍👩‍👧 family 🏳️‍🌈 👍🏽",  # emoji sequences
        "医疗信息技术很重要",  # CJK
        "Read https://example.org/bill?id=1 now",  # a URL
        "line\nbreak\tand tab",
    ],
)
def test_ordinary_posts_pass(text):
    assert post_problem(text) is None


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "esc\x1b[0m"])
def test_control_characters_are_refused_in_a_post(text):
    assert "control characters" in post_problem(text)


@pytest.mark.parametrize(
    ("text", "named"), [("post \ufffe", "U+FFFE"), ("\uffff", "U+FFFF"), ("\ufeffbom", "U+FEFF")]
)
def test_what_x_refuses_is_named(text, named):
    assert named in post_problem(text)
