"""The built-in templates a new campaign starts from: a body that reads right whether
the member gave a street address, a city and state, a state, or nothing at all, written
with variables alone (no {% if %} a lead would have to read)."""

from __future__ import annotations

BUILT_IN = {
    "subject": "Please support health IT, {{ official_title }} {{ official_last_name }}",
    "letter_statement": (
        "As {{ constituent }} and a member of the health IT community, I ask you to support "
        "policies that let patients' records follow them safely, wherever they are cared for."
        "\n\n{{ talking_points }}"
    ),
    "letter_body": "My name is {{ member_name }}. Health IT matters to the people I serve.",
    "call_script": (
        "Hello, my name is {{ member_name }} and I am {{ constituent }}. I'm calling to ask "
        "{{ official_title }} {{ official_last_name }} to support health IT. "
        "{{ talking_points }} Thank you for passing this on."
    ),
    "voicemail_script": (
        "Hello, this is {{ member_name }}, {{ constituent }}. Please ask {{ official_title }} "
        "{{ official_last_name }} to support health IT during {{ campaign }}. Thank you."
    ),
    "tweet_template": (
        "{{ official_title }} {{ official_last_name }}, I'm {{ constituent }} and I count on "
        "health IT. Please support it!"
    ),
}
