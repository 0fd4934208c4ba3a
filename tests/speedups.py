"""Work every app of the run repeats, done once per test process; and the collector's pace.

The suite builds over a thousand apps (one per test, each on its own database). For every
route of every app, Werkzeug compiles two small Python functions that build its URLs:
about 0.13 s an app, a tenth of a typical test. A builder depends only on the rule's text,
its parsed parts, its defaults and its converters' types, which are the same in every app
of the run, so each is compiled once and reused. What the app does is unchanged: the same
functions, built by Werkzeug itself, bound to each app's own rules.
"""

from __future__ import annotations

import gc

from werkzeug.routing.rules import Rule


def share_url_builders() -> None:
    """Reuse Rule._compile_builder's functions across apps (no-op if Werkzeug changes)."""
    original = getattr(Rule, "_compile_builder", None)
    if original is None or getattr(original, "shared", False):
        return
    built: dict = {}

    def compile_builder(self, append_unknown=True):
        key = (
            self.rule,
            tuple(self._trace),
            repr(sorted((self.defaults or {}).items())),
            tuple((name, type(c).__qualname__) for name, c in self._converters.items()),
            append_unknown,
        )
        if key not in built:
            built[key] = original(self, append_unknown)
        return built[key]

    compile_builder.shared = True
    Rule._compile_builder = compile_builder


# Young objects a test process makes before Python's cyclic collector runs (Python: 700).
GC_YOUNG_THRESHOLD = 10_000


def fewer_collections() -> None:
    """Run the cyclic collector less often. A test process holds a large heap for its whole
    life (the offline index's ZIP tables, the mirror's parsed files, a thousand apps' worth
    of compiled templates) and makes an app, an engine and a session per test. At Python's
    threshold of 700 new objects, the young collections promoted each test's garbage so
    fast that full collections over the whole heap ran every half second: 8.9 s of a 28 s
    subset (tests/lookup, directory pages, the march). At 10,000 it is 2.5 s of 22 s: the
    same garbage, collected young. Collection itself is unchanged, only its timing."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)
