"""The real browser (Debian's Chromium, driven by Playwright) and a live app server."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser import Watched
from tests.factories import unavailable

CHROMIUM = os.environ.get("ADVOCACY_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture
def browser(_chromium):
    watched = Watched(_chromium)
    yield watched
    watched.close_all()
    assert not watched.foreign, f"pages asked another host for: {watched.foreign}"


@pytest.fixture(scope="session")
def _chromium():
    """One Chromium for the whole run (each test opens contexts of its own)."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM}"
        unavailable(message)
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
                # Only loopback resolves: a page that reaches for another host (or a test that
                # follows a real link) fails at once, offline or not.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
            ],
        )
        try:
            yield instance
        finally:
            instance.close()
