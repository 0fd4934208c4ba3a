"""The real browser (Debian's Chromium, driven by Playwright) and a live app server."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

import pytest

from tests.factories import IN_CI

CHROMIUM = os.environ.get("ADVOCACY_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


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
        page = self._browser.new_page(*args, **kwargs)
        page.on("request", lambda request: self._note(page, request))
        return page

    def _note(self, page, request) -> None:
        url = urlsplit(request.url)
        if url.scheme not in ("http", "https", "ws", "wss") or url.hostname in LOCAL:
            return
        chosen = request.is_navigation_request() and request.frame == page.main_frame
        if not chosen:
            self.foreign.append(f"{request.resource_type} {request.url}")


@pytest.fixture
def browser(_chromium):
    watched = Watched(_chromium)
    yield watched
    assert not watched.foreign, f"pages asked another host for: {watched.foreign}"


@pytest.fixture
def _chromium():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield instance
        finally:
            instance.close()
