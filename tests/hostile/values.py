"""Hostile values, by family: what bots, fuzzers and careless clients send.

Each family is a list of values or a function of a random generator; the sweep draws from
every family for every field, so a new field is covered without anyone listing it.
"""

from __future__ import annotations

import random

LONG = 16_000


def _deep_template(rng: random.Random) -> str:
    depth = rng.choice([25, 200, 3000])
    return "{% if member_name %}" * depth + "x" + "{% endif %}" * depth


def _deep_brackets(rng: random.Random) -> str:
    depth = rng.choice([150, 900, 5000])
    return "{{ " + "(" * depth + "member_name" + ")" * depth + " }}"


FAMILIES: dict[str, list | object] = {
    "non_ascii_digits": ["²", "①", "١", "٣٤", "０２１３０", "²2", "1²", "߁"],
    "numbers_at_the_edge": [
        "0",
        "-1",
        "2147483648",
        "99999999999999999999",
        "1e400",
        "NaN",
        "Infinity",
        "-0",
        "0x10",
        "1_000",
        " 7 ",
    ],
    "dates_at_the_edge": [
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "2026-13-45",
        "10000-01-01",
        "2026-09-23T25:61",
        "9999-12-31T23:59",
        "0001-01-01T00:00",
        "yesterday",
        "2026-9-1",
    ],
    "months_at_the_edge": ["9999-12", "0000-00", "2026-13", "2026-²", "１９９９-01", "2026-1"],
    "overlong": [lambda rng: "a" * LONG, lambda rng: "é" * 70_000, lambda rng: "9" * 5000],
    "control": ["a\x00b", "\x00", "x\x1by", "\x7f", "line\x0bbreak", "\u0085next"],
    "bidi": ["abc\u202edcba", "\u2066x\u2069", "\u200f\u200e", "\ufeffbom"],
    "not_text": ["\ufffe", "\uffff", "a\ufffeb"],
    "markup": [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "<svg/onload=alert(1)>",
        "javascript:alert(1)",
        "</textarea><script>x</script>",
    ],
    "template_syntax": [
        "{{ config }}",
        "{{ ''.__class__.__mro__ }}",
        "{% for x in range(10**9) %}{% endfor %}",
        "{{ salutation",
        "{% include 'base.html' %}",
        _deep_template,
        _deep_brackets,
    ],
    "sql": ["' OR '1'='1", "1; DROP TABLE users; --", "%", "_", "\\", "%%%%'--"],
    "crlf": ["a\r\nSet-Cookie: x=1", "x\r\nBcc: victim@example.org", "\r\n\r\n<h1>", "%0d%0a"],
    "paths": ["../../etc/passwd", "/etc/passwd", "..\\..\\win.ini", "//evil.example/", "%2e%2e%2f"],
    "urls": [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "http://[::1",
        "https://youtu.be:99999/x",
        "data:text/html,<b>",
    ],
    "emails": ["a@b", "@example.org", "a@@b.org", "x" * 300 + "@example.org", "a@b.org\n"],
    "empty": ["", " ", "\t", "\n"],
    "unicode": ["𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "👩🏽‍⚕️" * 40, "\u0301\u0301\u0301", "ǅ", "ß" * 50, "İ"],
}


def draw(family: str, rng: random.Random) -> str:
    """One value of a family."""
    value = rng.choice(FAMILIES[family])
    return value(rng) if callable(value) else value
