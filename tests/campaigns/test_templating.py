"""Advocates' templates are data: checked at save, rendered in a sandbox."""

from __future__ import annotations

import pytest

from advocacy.campaigns.templating import ALL_VARS, BODY_VARS, check, frame_problems, render


def messages(source, allowed=ALL_VARS):
    return [str(p) for p in check(source, allowed)]


def test_allowed_template_renders_plain_values():
    source = (
        "{{ official_title }}\n{% if story %}{{ story|trim }}{% else %}{{ campaign|upper }}"
        "{% endif %}"
    )
    assert check(source, ALL_VARS) == []
    out = render(source, {"official_title": "Senator", "story": "  mine  ", "campaign": "x"})
    assert out == "Senator\nmine"


def test_a_campaign_saved_before_the_frame_rule_renders_no_second_greeting():
    legacy = "{{ salutation }}\nWe ask for your support."
    out = render(legacy, {"salutation": "Dear Senator Doe:", "campaign": "x"})
    assert out == "\nWe ask for your support."


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ salutation }} We ask.", "{{ salutation }} is no longer needed"),
        ("Dear {{ official_title }} {{ official_last_name }},\nWe ask.", "'Dear'"),
        ("We ask.\n\nSincerely,", "'Sincerely'"),
        ("We ask.\n  best regards", "'best regards'"),
        ("We ask.\nRespectfully yours", "'Respectfully'"),
    ],
)
def test_letters_may_not_write_their_own_greeting_or_sign_off(source, words):
    problems = [str(p) for p in frame_problems(source)]
    assert problems and words in problems[0] and "write only the body" in problems[0]


def test_a_dear_inside_a_sentence_is_fine():
    assert frame_problems("Our dear patients deserve better. Sincerely meant.") == []


def test_member_text_is_data_even_when_it_looks_like_a_template():
    out = render("{{ story }}", {"story": "{{ 7*7 }} {% for x in y %}<script>"})
    assert out == "{{ 7*7 }} {% for x in y %}<script>"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Hi\n\n{{ config }}", "line 3: unknown variable 'config'"),
        ("{{ official_name.__class__.__mro__ }}", "line 1: attribute and item access"),
        ("{{ official_name['x'] }}", "line 1: attribute and item access"),
        ("{{ __builtins__ }}", "line 1: names starting with _ are not allowed"),
        ("a\n{% for i in range(10) %}x{% endfor %}", "line 2: loops are not allowed"),
        ("{{ range(3) }}", "line 1: calling functions"),
        ("{{ official_name|attr('x') }}", "line 1: the filter 'attr' is not allowed"),
        ("{{ official_name|format('%s') }}", "line 1: the filter 'format' is not allowed"),
        ("{% set x = 1 %}", "line 1: 'Assign' is not allowed"),
        ("{% include 'base.html' %}", "line 1: 'Include' is not allowed"),
        ("{% macro m() %}{% endmacro %}", "line 1: 'Macro' is not allowed"),
        ("{% extends 'base.html' %}", "line 1: 'Extends' is not allowed"),
        ("x\ny\n{{ unclosed", "line 3: unexpected end of template"),
        ("{{ self }}", "line 1: unknown variable 'self'"),
        ("{{ lipsum() }}", "line 1: calling functions"),
    ],
)
def test_dangerous_templates_are_refused_with_the_line(source, expected):
    found = messages(source)
    assert any(m.startswith(expected) for m in found), found


def test_suggested_text_may_not_use_official_or_story_variables():
    assert messages("{{ member_name }} {{ date }}", BODY_VARS) == []
    assert messages("{{ official_name }}", BODY_VARS)
    assert messages("{{ story }}", BODY_VARS)


def test_huge_and_nul_templates_are_refused():
    assert messages("x" * 20_001)[0].startswith("line 1: the template is longer")
    assert messages("a\x00b") == ["line 1: the template contains a NUL character"]


def test_render_ignores_anything_outside_the_allow_list():
    assert render("{{ member_name }}", {"member_name": "Ana", "config": "SECRET"}) == "Ana"
