"""Story and event tests: the log's two chapters and their people, and one campaign."""

from __future__ import annotations

import pytest

from tests.factories import make_campaign, make_world


@pytest.fixture
def world(app, tmp_path):
    """The shared world, a campaign, and a private upload folder."""
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    made = make_world(app)
    made.campaign = make_campaign(app)
    return made
