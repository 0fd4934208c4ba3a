"""The house's shape: no app function over 60 lines, no module over 450.

A long function is where a second job hides (the march's state, a report's queries); a
long module, a second package. Declarative tables (a dict or list literal at module level)
are not functions, so they do not count."""

from __future__ import annotations

import ast
from pathlib import Path

import advocacy

PACKAGE = Path(advocacy.__file__).parent
MAX_FUNCTION = 60
MAX_MODULE = 450


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def long_functions(path: Path, limit: int = MAX_FUNCTION) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > limit
    ]


def test_no_function_over_sixty_lines():
    found = [line for path in _modules() for line in long_functions(path)]
    assert found == []


def test_no_module_over_450_lines():
    found = [
        f"{path.relative_to(PACKAGE.parent)} ({n} lines)"
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE
    ]
    assert found == []


def test_the_check_sees_a_long_function(tmp_path):
    """The measure counts a function's every line: 62 here (the def and 61 statements)."""
    body = "\n".join(f"    x{i} = {i}" for i in range(61))
    sample = tmp_path / "sample.py"
    sample.write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n", encoding="utf-8")
    assert long_functions(sample) == ["sample.py:1 long (62 lines)"]
    assert long_functions(sample, limit=62) == []
