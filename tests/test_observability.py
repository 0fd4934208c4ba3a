"""What operators see: JSON log lines that carry the request's id, and Prometheus metrics."""

from __future__ import annotations

import io
import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from advocacy import create_app
from tests.factories import base_config, dispose


@pytest.fixture
def json_logs(databases, tmp_path):
    """An app logging JSON lines into a buffer (the root logger restored after)."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    app = create_app(
        base_config(databases.migrated("sqlite"), tmp_path / "data")
        | {"LOG_FORMAT": "json", "LOG_REQUESTS": True}
    )
    buffer = io.StringIO()
    ours = [h for h in root.handlers if getattr(h, "_advocacy", False)]
    assert len(ours) == 1
    ours[0].setStream(buffer)
    try:
        yield app, buffer
    finally:
        root.handlers, root.level = saved
        dispose(app)


def test_each_log_line_is_json_with_the_request_id(json_logs):
    app, buffer = json_logs

    def boom():
        raise RuntimeError("a bug")

    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert request_id in response.get_data(as_text=True)  # on the 500 page
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert lines, "nothing was logged"
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert {line["level"] for line in mine} >= {"ERROR", "INFO"}
    access = next(line for line in mine if line["logger"] == "advocacy.requests")
    assert access["status"] == 500 and access["path"] == "/boom" and access["method"] == "GET"
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    # A second app in the same process adds no second handler (no doubled lines).
    create_app(base_config("sqlite://", app.config["LEGISLATOR_DATA_DIR"]) | {"LOG_FORMAT": "json"})
    assert sum(getattr(h, "_advocacy", False) for h in logging.getLogger().handlers) == 1


def _samples(text: str) -> dict:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_are_off_by_default_and_behind_the_token_when_on(app):
    client = app.test_client()
    assert client.get("/metrics").status_code == 404
    app.config.update(METRICS_ENABLED=True, METRICS_TOKEN="s3cret-metrics-token")
    assert client.get("/metrics").status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics-token"})
    assert ok.status_code == 200 and ok.mimetype == "text/plain"


def test_metrics_count_requests_lookups_and_the_outbox(app):
    app.config.update(METRICS_ENABLED=True)
    client = app.test_client()

    def read():
        return _samples(client.get("/metrics").get_data(as_text=True))

    before = read()
    assert client.get("/api/v1/officials?zip=02139").status_code in (404, 200)
    assert client.get("/healthz").status_code == 200
    after = read()
    health = (
        "advocacy_requests_total",
        (("endpoint", "main.healthz"), ("method", "GET"), ("status", "200")),
    )
    assert after[health] == before.get(health, 0) + 1
    assert ("advocacy_outbox_messages", (("status", "pending"),)) in after
    lookups = sum(v for (name, _), v in after.items() if name == "advocacy_lookups_total")
    lookups_before = sum(v for (n, _), v in before.items() if n == "advocacy_lookups_total")
    assert lookups == lookups_before + 1
