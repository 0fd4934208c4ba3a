"""The real browser (Debian's Chromium, driven by Playwright) and a live app server."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.browser import Watched
from tests.factories import IN_CI

CHROMIUM = os.environ.get("ADVOCACY_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


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
