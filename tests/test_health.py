"""/healthz (the process answers) and /readyz (database reachable, data loaded and fresh)."""

from __future__ import annotations

import pytest

from advocacy import create_app
from tests.factories import base_config, dispose


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
def test_loaded_fresh_data_is_ready(loaded_app):
    loaded_app.config["DATA_STALE_SEAT_SHARE"] = 1.0  # the snapshot's own lag is not tested here
    loaded_app.config["DATA_MAX_AGE_DAYS"] = 100_000
    response = loaded_app.test_client().get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "ready" and response.json["officials"]["us_senate"] >= 98
