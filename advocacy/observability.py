"""What operators see: JSON logs with the request id on each line, and Prometheus metrics.

Logs: LOG_FORMAT = "json" writes one JSON object per line (python-json-logger) with the
request's id, method and path when there is a request, and one line per request
(LOG_REQUESTS). "text" keeps Flask's plain lines.

Metrics (prometheus_client): the counters below are cheap and always counted; GET /metrics
serves them only when METRICS_ENABLED (and, with METRICS_TOKEN set, only to
"Authorization: Bearer <token>"). Under gunicorn with several workers set
PROMETHEUS_MULTIPROC_DIR to an empty directory before starting (prometheus_client's
multiprocess mode), so every worker's counts add up.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid

from flask import Flask, Response, abort, current_app, g, has_request_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as DEFAULT_REGISTRY

REQUESTS = Counter(
    "advocacy_requests_total", "HTTP requests answered", ["method", "endpoint", "status"]
)
LATENCY = Histogram(
    "advocacy_request_seconds",
    "Time to answer a request",
    ["endpoint"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LOOKUPS = Counter(
    "advocacy_lookups_total", "Officials lookups by how exactly they were located", ["accuracy"]
)
GEOCODER_FAILURES = Counter(
    "advocacy_geocoder_failures_total", "Census geocoder calls that failed or were refused"
)
GEOCODER_BREAKER_OPEN = Gauge(
    "advocacy_geocoder_breaker_open",
    "1 while the geocoder's circuit breaker holds calls back",
    multiprocess_mode="max",
)
OUTBOX_DEPTH = Gauge(
    "advocacy_outbox_messages",
    "Outbox messages by status (read at scrape time)",
    ["status"],
    multiprocess_mode="mostrecent",
)
OUTBOX_FAILURES = Counter(
    "advocacy_outbox_failures_total", "Outbox deliveries that failed", ["kind", "final"]
)
OUTBOX_SENT = Counter("advocacy_outbox_sent_total", "Outbox messages delivered", ["kind"])
SENDS = Counter("advocacy_sends_total", "Interactions recorded, by channel", ["channel"])


# --- logs ----------------------------------------------------------------------------------

# A proxy's id is kept when it looks like one; anything else gets a fresh id.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    """This request's id (from a trusted-looking X-Request-ID, or made here)."""
    if "request_id" not in g:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    return g.request_id


class RequestContext(logging.Filter):
    """Adds the request's id, method and path to every record made during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
            record.method = request.method
            record.path = request.path
        return True


def configure_logging(app: Flask) -> None:
    """JSON lines on stderr for the root logger (once per process) when LOG_FORMAT=json."""
    if app.config.get("LOG_FORMAT") != "json":
        return
    from pythonjsonlogger.json import JsonFormatter

    root = logging.getLogger()
    if any(getattr(h, "_advocacy", False) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler._advocacy = True  # type: ignore[attr-defined]
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            timestamp=False,
        )
    )
    handler.addFilter(RequestContext())
    root.handlers = [handler]
    root.setLevel(app.config.get("LOG_LEVEL") or "INFO")
    # Flask's own handler would print each record a second time, in plain text.
    app.logger.handlers = []
    app.logger.propagate = True


def instrument(app: Flask) -> None:
    """Time and count every request; log one line per request when asked to."""
    log = logging.getLogger("advocacy.requests")

    @app.before_request
    def _start():
        g.started = time.perf_counter()

    @app.after_request
    def _count(response):
        started = g.pop("started", None)
        endpoint = request.endpoint or "unmatched"
        REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
        if started is not None:
            elapsed = time.perf_counter() - started
            LATENCY.labels(endpoint).observe(elapsed)
            if current_app.config.get("LOG_REQUESTS"):
                log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={"status": response.status_code, "ms": round(elapsed * 1000, 1)},
                )
        return response


# --- /metrics ------------------------------------------------------------------------------


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return DEFAULT_REGISTRY


def metrics_response(outbox_depth: dict[str, int]) -> Response:
    """The metrics page (404 unless METRICS_ENABLED; 401 without the token when one is set)."""
    config = current_app.config
    if not config.get("METRICS_ENABLED"):
        abort(404)
    token = config.get("METRICS_TOKEN")
    if token:
        import hmac

        given = request.headers.get("Authorization", "").removeprefix("Bearer ").encode()
        if not hmac.compare_digest(given, str(token).encode()):
            abort(401, description="Metrics need the bearer token (METRICS_TOKEN).")
    for status in ("pending", "sending", "sent", "failed"):
        OUTBOX_DEPTH.labels(status).set(outbox_depth.get(status, 0))
    return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)
