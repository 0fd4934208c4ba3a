"""/healthz (the process answers) and /readyz (database reachable, data loaded and fresh)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from advocacy import create_app
from tests.factories import base_config, dispose, mirror_start, set_clock


def test_healthz_answers_without_the_database(tmp_path):
    app = create_app(base_config(f"sqlite:///{tmp_path}/missing/dir/x.db", tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 503 and ready.json["status"] == "unavailable"
    dispose(app)


def test_an_empty_directory_is_not_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["status"] == "unready"
    assert any("no officials data" in r for r in response.json["reasons"])


@pytest.mark.realdata
def test_loaded_fresh_data_is_ready(loaded_app, shared_data):
    # On the mirror's day, with the shipped freshness limits: loaded, checked, current.
    response = loaded_app.test_client().get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "ready" and response.json["officials"]["us_senate"] >= 98
    # A month on, with no update since, the same data is not ready: the limit is real.
    set_clock(loaded_app, mirror_start(shared_data) + timedelta(days=31))
    stale = loaded_app.test_client().get("/readyz")
    assert stale.status_code == 503 and any("last checked" in r for r in stale.json["reasons"])
