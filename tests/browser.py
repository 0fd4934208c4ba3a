"""The real browser's watch: what a page asks of other hosts (used by tests/e2e)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from tests.factories import REPO

# Where the walk over every page leaves its screenshots (a CI artefact; the run names it).
SHOTS = Path(os.environ.get("ADVOCACY_SCREENSHOTS", REPO / "build" / "screenshots"))

LOCAL = {"127.0.0.1", "localhost"}


class Watched:
    """The browser, with every page it opens watched: a request for a subresource (script,
    style, font, image, frame, fetch) from another host is noted and fails the test.
    Following a link the member chose (an official's contact form) is a navigation, not a
    subresource, and is allowed."""

    def __init__(self, browser):
        self._browser = browser
        self.foreign: list[str] = []

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_page(self, *args, **kwargs):
        return self.watch(self._browser.new_page(*args, **kwargs))

    def watch(self, page):
        """Watch a page opened otherwise (in a context of its own, say)."""
        page.on("request", lambda request: self._note(page, request))
        return page

    def _note(self, page, request) -> None:
        url = urlsplit(request.url)
        if url.scheme not in ("http", "https", "ws", "wss") or url.hostname in LOCAL:
            return
        chosen = request.is_navigation_request() and request.frame == page.main_frame
        if not chosen:
            self.foreign.append(f"{request.resource_type} {request.url}")
