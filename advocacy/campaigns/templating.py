"""Templates written by advocates are data, not code.

They render in an immutable sandbox with only plain-string variables from an allow-list
and a few harmless filters, and they are checked when saved: unknown variables,
attribute or item access, calls (range, ...), loops, assignments, includes and macros
are refused with a message that names the line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

# What a campaign template may use. The statement (rendered for each official) may use
# all of them; the member's suggested text (rendered once per member) only MEMBER_VARS.
MEMBER_VARS = {
    "member_name": "the member's name",
    "constituent": "a constituent in Boston, Massachusetts (or in Massachusetts, or none)",
    "member_place": "Boston, Massachusetts; Massachusetts; or empty when unknown",
    "member_city": "the member's city (may be empty)",
    "member_state": "the member's state, written out (may be empty)",
    "talking_points": "the talking points the member chose, as paragraphs",
    "story": "the member's personal story",
    "date": "today's date, written out",
    "campaign": "the campaign's title",
    "bill_number": "the number of the bill the campaign names, e.g. S. 1261 (empty if none)",
    "bill_title": "that bill's title (empty if none)",
    "bill_status": "where that bill stands, e.g. in committee (empty if none)",
    "bill_numbers": "every bill the campaign cites, e.g. S. 1261 and H.R. 238 (empty if none)",
}
OFFICIAL_VARS = {
    "official_name": "the official's full name",
    "official_last_name": "the official's last name",
    "official_title": "Senator, Representative, Assemblymember, ...",
    "district": "the official's district, if any",
}
ALL_VARS = {**MEMBER_VARS, **OFFICIAL_VARS}
# What the editor's Insert buttons call each variable: a lead's words, not a name.
LABELS = {
    "official_title": "Official's title",
    "official_name": "Official's full name",
    "official_last_name": "Official's last name",
    "district": "Official's district",
    "member_name": "Member's name",
    "constituent": "\u201ca constituent in their town\u201d",
    "member_place": "Member's town and state",
    "member_city": "Member's town",
    "member_state": "Member's state",
    "talking_points": "Talking points chosen",
    "story": "Member's story",
    "date": "Today's date",
    "campaign": "Campaign title",
    "bill_number": "Bill number",
    "bill_title": "Bill title",
    "bill_status": "Where the bill stands",
    "bill_numbers": "All the bills it cites",
}
# The app writes each letter's frame: the address block, the date, the greeting ("Dear
# Senator Doe:") and the sign-off with the member's name and place. Templates write the
# body; a greeting or sign-off in them would be said twice. Campaigns saved before this
# rule may still name {{ salutation }}: it renders empty.
FRAME_VARS = {"salutation": ""}
# The member's suggested text is written before they choose points or tell their story.
BODY_VARS = {k: v for k, v in MEMBER_VARS.items() if k not in ("talking_points", "story")}


def insertable(allowed: dict[str, str]) -> list[tuple[str, str, str]]:
    """(the text inserted, its plain label, what it becomes) for each allowed variable,
    in the editor's order."""
    return [
        ("{{ " + name + " }}", LABELS[name], allowed[name]) for name in LABELS if name in allowed
    ]


FILTERS = ("upper", "lower", "title", "capitalize", "trim", "default")
# Node types a template may contain: text, variables, filters, if/else, literals, "~".
ALLOWED_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Name,
    nodes.Const,
    nodes.Filter,
    nodes.If,
    nodes.CondExpr,
    nodes.Concat,
    nodes.Not,
    nodes.And,
    nodes.Or,
    nodes.Compare,
    nodes.Operand,
    nodes.Test,
)
MAX_TEMPLATE = 20_000


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    env.filters = {name: env.filters[name] for name in FILTERS}
    env.tests = {name: env.tests[name] for name in ("defined", "none")}
    env.globals = {}
    return env


_env = _environment()
# A campaign's few templates are rendered for every member and every official: each is
# compiled once per process (a template is a pure function of its source).
_compiled = functools.lru_cache(maxsize=512)(_env.from_string)


@dataclass(frozen=True)
class Problem:
    """Why a template was refused, and where."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


_FRAME_WORDS = re.compile(
    r"^\s*(dear\s|to whom it may concern|sincerely|respectfully|yours (truly|sincerely|"
    r"faithfully)|(best|kind|warm|warmest) regards)",
    re.IGNORECASE | re.MULTILINE,
)
FRAME_PROBLEM = (
    "the letter already opens with its own greeting (Dear Senator Doe:) and closes with "
    "the member's name and place: write only the body"
)


def frame_problems(source: str) -> list[Problem]:
    """A greeting or sign-off written into a letter template (the frame adds them)."""
    problems = []
    if re.search(r"{{-?\s*salutation\b", source):
        problems.append(Problem(1, f"{{{{ salutation }}}} is no longer needed: {FRAME_PROBLEM}"))
    for match in _FRAME_WORDS.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        problems.append(Problem(line, f"'{match.group(0).strip()}': {FRAME_PROBLEM}"))
    return problems


# Each {% if %} becomes a Python block when the template is compiled, and Python allows
# 20 nested blocks: a template must stay well inside that to render at all.
MAX_IF_DEPTH = 8
TOO_DEEP = f"the template nests more than {MAX_IF_DEPTH} 'if' blocks inside each other"
NESTED = "the template is nested too deeply (brackets or blocks inside each other)"


def _deepest_if(tree: nodes.Node) -> int:
    """How many {% if %} blocks stand inside each other at the deepest point."""
    deepest, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        depth += isinstance(node, nodes.If)
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in node.iter_child_nodes())
    return deepest


def check(source: str, allowed: dict[str, str] | set[str]) -> list[Problem]:
    """Everything wrong with a template (an empty list: it may be saved)."""
    if len(source) > MAX_TEMPLATE:
        return [Problem(1, f"the template is longer than {MAX_TEMPLATE} characters")]
    if "\x00" in source:
        return [Problem(1, "the template contains a NUL character")]
    try:
        tree = _env.parse(source)
    except TemplateSyntaxError as exc:
        return [Problem(exc.lineno or 1, exc.message or "syntax error")]
    except RecursionError:
        return [Problem(1, NESTED)]
    if _deepest_if(tree) > MAX_IF_DEPTH:
        return [Problem(1, TOO_DEEP)]
    problems = []
    for node in tree.find_all(nodes.Node):
        line = getattr(node, "lineno", 1) or 1
        if isinstance(node, nodes.Name):
            if node.name.startswith("_"):
                problems.append(
                    Problem(line, f"names starting with _ are not allowed ({node.name})")
                )
            elif node.ctx != "load":
                problems.append(Problem(line, "assigning variables is not allowed"))
            elif node.name not in allowed:
                problems.append(
                    Problem(
                        line,
                        f"unknown variable '{node.name}' (allowed: {', '.join(sorted(allowed))})",
                    )
                )
        elif isinstance(node, nodes.Filter) and node.name not in FILTERS:
            problems.append(
                Problem(
                    line, f"the filter '{node.name}' is not allowed (allowed: {', '.join(FILTERS)})"
                )
            )
        elif isinstance(node, nodes.Test) and node.name not in ("defined", "none"):
            problems.append(Problem(line, f"the test '{node.name}' is not allowed"))
        elif isinstance(node, nodes.Getattr | nodes.Getitem):
            problems.append(Problem(line, "attribute and item access (. or [ ]) is not allowed"))
        elif isinstance(node, nodes.Call):
            problems.append(Problem(line, "calling functions (such as range) is not allowed"))
        elif isinstance(node, nodes.For):
            problems.append(Problem(line, "loops are not allowed"))
        elif not isinstance(node, ALLOWED_NODES):
            problems.append(Problem(line, f"'{type(node).__name__}' is not allowed in a template"))
    if not problems:
        try:  # what renders must compile: Python has its own limits on nesting
            _env.compile(source)
        except (SyntaxError, RecursionError, MemoryError):
            problems.append(Problem(1, NESTED))
    return sorted(set(problems), key=lambda p: (p.line, p.message))


def render(source: str, context: dict[str, str]) -> str:
    """Render a template that passed check(); values are plain strings, never objects."""
    safe = FRAME_VARS | {k: str(v) for k, v in context.items() if k in ALL_VARS}
    return _compiled(source).render(**safe)
