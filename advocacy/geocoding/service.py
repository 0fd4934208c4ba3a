"""An outside JSON service a lookup asks (the Census geocoder, Represent): one session with
timeouts and bounded retries, and a circuit breaker that leaves a failing service alone."""

from __future__ import annotations

import threading
import time
from typing import Any

import requests

from advocacy.geocoding.types import GeocoderUnavailable
from advocacy.http import retrying_session
from advocacy.observability import GEOCODER_BREAKER_OPEN, GEOCODER_FAILURES
from advocacy.text import load_json


class CircuitBreaker:
    """Stops calling a failing service for a while after repeated failures. `measured`
    breakers report to the geocoder's metrics (the Census geocoder's)."""

    def __init__(self, failures: int, reset_seconds: float, *, measured: bool = True):
        self.threshold = failures
        self.reset_seconds = reset_seconds
        self.measured = measured
        self.failures = 0
        self.opened_at: float | None = None
        self.lock = threading.Lock()

    def allow(self) -> bool:
        """Whether a call may go out now (a half-open trial after the reset time)."""
        with self.lock:
            if self.opened_at is None:
                return True
            return time.monotonic() - self.opened_at >= self.reset_seconds

    def success(self) -> None:
        """Record a good answer: closes the breaker."""
        with self.lock:
            self.failures = 0
            self.opened_at = None
        if self.measured:
            GEOCODER_BREAKER_OPEN.set(0)

    def failure(self) -> None:
        """Record a failure: opens the breaker at the threshold."""
        if self.measured:
            GEOCODER_FAILURES.inc()
        with self.lock:
            self.failures += 1
            if self.failures >= self.threshold:
                self.opened_at = time.monotonic()
                if self.measured:
                    GEOCODER_BREAKER_OPEN.set(1)


class JsonService:
    """GETs of a JSON API behind the breaker. Subclasses say what a member is told when
    it cannot answer (`unavailable`), by cause: paused, status, not_json, timeout,
    unreachable."""

    measured = True
    # Whether a 404 answers the question ("no such postal code") rather than failing.
    not_found_is_answer = False

    def __init__(
        self,
        base_url: str,
        *,
        connect_timeout: float = 3.0,
        read_timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.3,
        breaker_failures: int = 5,
        breaker_reset_seconds: float = 60.0,
        user_agent: str = "advocacy",
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.breaker = CircuitBreaker(
            breaker_failures, breaker_reset_seconds, measured=self.measured
        )
        # 429 is not retried: a rate-limited service should be left alone, not pressed.
        self.session = retrying_session(
            retries=retries,
            backoff=backoff,
            retry_statuses=(500, 502, 503, 504),
            user_agent=user_agent,
        )

    def unavailable(self, cause: str, status: int | None = None) -> str:
        """What a member is told when the service cannot answer."""
        raise NotImplementedError

    def _get(self, path: str, params: dict[str, str] | None = None) -> tuple[int, Any]:
        """(200, the parsed JSON), or (404, None) where a 404 is an answer; anything else
        is GeocoderUnavailable and counts against the breaker."""
        if not self.breaker.allow():
            raise GeocoderUnavailable(self.unavailable("paused"))
        try:
            response = self.session.get(
                f"{self.base_url}/{path}", params=params, timeout=self.timeout
            )
            if response.status_code == 404 and self.not_found_is_answer:
                self.breaker.success()
                return 404, None
            if response.status_code != 200:
                raise GeocoderUnavailable(self.unavailable("status", response.status_code))
            try:
                data = load_json(response.content)
            except ValueError:  # not JSON, or nested past the recursion limit
                raise GeocoderUnavailable(self.unavailable("not_json")) from None
        except requests.Timeout:
            self.breaker.failure()
            raise GeocoderUnavailable(self.unavailable("timeout")) from None
        except requests.RequestException:
            self.breaker.failure()
            raise GeocoderUnavailable(self.unavailable("unreachable")) from None
        except GeocoderUnavailable:
            self.breaker.failure()
            raise
        self.breaker.success()
        return 200, data
