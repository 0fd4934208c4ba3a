"""Counting words as a reader would, measuring tweets, and refusing hostile text."""

from __future__ import annotations

import json
import re
import unicodedata
import warnings

with warnings.catch_warnings():
    # twitter-text-parser imports setuptools' pkg_resources, which warns of its retirement.
    warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
    from twitter_text import parse_tweet

# A U.S. ZIP code (ZIP+4 accepted; group 1: the five digits), in ASCII digits only (\d also
# matches "０" or "٣", which no ZIP code holds): one pattern for every form, parser and schema.
ZIP_CODE = r"([0-9]{5})(?:-[0-9]{4})?"
ZIP = re.compile(rf"^{ZIP_CODE}$")
ZIP_IN_TEXT = re.compile(rf"\b{ZIP_CODE}\b")
MAX_STORY_WORDS = 300
TWEET_LIMIT = 280
# Words: runs of letters or digits, joined by hyphens, apostrophes or decimal points
# ("health-IT", "don't", "3.5", "1,200" are one word each). Scripts written without spaces
# (Chinese, Japanese kana) count one word per character, as readers of them count.
_WORD = re.compile(r"[^\W_]+(?:(?:['’.\-]|(?<=\d),(?=\d))[^\W_]+)*")
_NO_SPACE_SCRIPTS = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Direction overrides and isolates can make text display as something else; plain
# right-to-left marks (U+200E/U+200F) are ordinary in Hebrew or Arabic text.
_BIDI_OVERRIDES = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Halves of a surrogate pair alone (JSON can carry "\ud800") and the noncharacters
# U+FFFE/U+FFFF are not text: they cannot be encoded, measured or sent.
_NOT_TEXT = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# What X refuses in a post (twitter-text's invalid characters). Direction marks,
# embeddings and isolates (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069) are not
# among them: X counts them as characters, and members write Arabic, Hebrew and French
# side by side.
_X_INVALID = re.compile(r"[\ufeff\ufffe\uffff]")


def count_words(text: str) -> int:
    """Words in a text, as a reader would count them."""
    spaced = _NO_SPACE_SCRIPTS.sub(" ", text)
    return len(_WORD.findall(spaced)) + len(_NO_SPACE_SCRIPTS.findall(text))


def hostile_text_problem(text: str) -> str | None:
    """Why a member's text is refused (control characters, direction overrides), or None."""
    if _CONTROL.search(text):
        return "contains control characters; please retype it"
    if _BIDI_OVERRIDES.search(text):
        return "contains invisible direction-override characters; please retype it"
    if _NOT_TEXT.search(text):
        return "contains characters that are not text; please retype it"
    return None


def lone_surrogate(text: str) -> bool:
    """Whether the text holds half a surrogate pair (not text: it cannot be encoded)."""
    return bool(_LONE_SURROGATE.search(text))


def post_problem(text: str) -> str | None:
    """Why a post cannot go to X as written, or None: control characters, half a
    surrogate pair, or a character X refuses (named by its code point)."""
    if _CONTROL.search(text):
        return "contains control characters; please retype it"
    if lone_surrogate(text):
        return "contains characters that are not text; please retype it"
    found = _X_INVALID.search(text)
    if found:
        return f"contains a character X does not accept (U+{ord(found.group()):04X}); remove it"
    return None


def normalise(text: str) -> str:
    """NFC, with Windows line ends folded."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def tweet_length(text: str) -> int:
    """twitter-text's weighted length (URLs 23, CJK and emoji 2, most Latin 1)."""
    return parse_tweet(normalise(text)).weightedLength


def fit_tweet(prefix: str, body: str, suffix: str) -> str:
    """prefix + body + suffix within 280, shortening the body (with …) when needed."""

    def join(middle: str) -> str:
        return " ".join(part for part in (prefix, middle, suffix) if part)

    text = join(body)
    if tweet_length(text) <= TWEET_LIMIT:
        return text
    words = body.split()
    while words:
        words.pop()
        text = join(" ".join(words).rstrip(",.;:") + "…")
        if tweet_length(text) <= TWEET_LIMIT:
            return text
    text = join("")
    return text if tweet_length(text) <= TWEET_LIMIT else ""


def load_json(text: str | bytes, **kwargs):
    """json.loads, except that a document nested past Python's recursion limit (100,000
    "[") is bad JSON like any other: a ValueError, never a RecursionError."""
    try:
        return json.loads(text, **kwargs)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def header_text(value: str) -> str:
    """A value fit for a mail header: one line (a line break there is refused, or worse)."""
    return " ".join(value.split())


def wait_words(seconds: int) -> str:
    """A wait as people say it, rounded up: "45 seconds", "2 minutes", "60 minutes",
    "3 hours" (minutes up to an hour and a half, hours beyond)."""

    def said(count: int, unit: str) -> str:
        return f"{count} {unit}{'' if count == 1 else 's'}"

    if seconds < 60:
        return said(max(seconds, 1), "second")
    if seconds <= 5400:
        return said(-(-seconds // 60), "minute")
    return said(-(-seconds // 3600), "hour")
