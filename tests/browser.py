"""The real browser's watch: what a page asks of other hosts (used by tests/e2e)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit

# Where the walk over every page leaves its screenshots, when asked to (`make screenshots`
# sets it); unset, no screenshot is written.
SHOTS = Path(os.environ["ADVOCACY_SCREENSHOTS"]) if os.environ.get("ADVOCACY_SCREENSHOTS") else None

LOCAL = {"127.0.0.1", "localhost"}


class Watched:
    """The browser, with every page it opens watched: a request for a subresource (script,
    style, font, image, frame, fetch) from another host is noted and fails the test.
    Following a link the member chose (an official's contact form) is a navigation, not a
    subresource, and is allowed."""

    def __init__(self, browser):
        self._browser = browser
        self.foreign: list[str] = []
        self._opened: list = []  # contexts and pages this test opened (closed after it)

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_page(self, *args, **kwargs):
        page = self._browser.new_page(*args, **kwargs)
        self._opened.append(page)
        return self.watch(page)

    def new_context(self, *args, **kwargs):
        context = self._browser.new_context(*args, **kwargs)
        self._opened.append(context)
        return context

    def close_all(self) -> None:
        """Close what this test opened: the browser itself serves the next test."""
        from playwright.sync_api import Error

        for opened in reversed(self._opened):
            with contextlib.suppress(Error):  # closed already
                (opened.context if hasattr(opened, "context") else opened).close()
        self._opened.clear()

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
