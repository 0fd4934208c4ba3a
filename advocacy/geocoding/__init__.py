"""Geocoding behind one small interface: the Census client, the offline tables, a cache."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import delete, insert

from advocacy import clock
from advocacy.extensions import SQLITE_IMMEDIATE, db
from advocacy.geocoding.census import CensusGeocoder
from advocacy.geocoding.represent import RepresentClient
from advocacy.geocoding.types import Geocoded

_PUNCT = re.compile(r"[\s,.;:#]+")


def normalise_address(text: str) -> str:
    """Case, width and punctuation folded, so equal addresses share one cache entry."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCT.sub(" ", folded).strip()


def address_key(text: str) -> str:
    """The cache key of an address: a hash, so the address itself is never stored."""
    return hashlib.sha256(normalise_address(text).encode("utf-8")).hexdigest()


def _service_options(config) -> dict:
    """What every outside lookup service is built with: the GEOCODER_* limits."""
    return {
        "connect_timeout": config["GEOCODER_CONNECT_TIMEOUT"],
        "read_timeout": config["GEOCODER_READ_TIMEOUT"],
        "retries": config["GEOCODER_RETRIES"],
        "backoff": config["GEOCODER_BACKOFF"],
        "breaker_failures": config["GEOCODER_BREAKER_FAILURES"],
        "breaker_reset_seconds": config["GEOCODER_BREAKER_RESET_SECONDS"],
        "user_agent": config["HTTP_USER_AGENT"],
    }


def census_geocoder(app: Flask | None = None) -> CensusGeocoder | None:
    """The app's Census client (one per app, so its session and breaker are shared)."""
    app = app or current_app._get_current_object()
    if app.config["GEOCODER"] != "census":
        return None
    client = app.extensions.get("census_geocoder")
    if client is None:
        cfg = app.config
        client = CensusGeocoder(
            cfg["CENSUS_GEOCODER_URL"],
            benchmark=cfg["CENSUS_BENCHMARK"],
            vintage=cfg["CENSUS_VINTAGE"],
            **_service_options(cfg),
        )
        app.extensions["census_geocoder"] = client
    return client


def addresses_resolve(app: Flask | None = None) -> bool:
    """Whether a street address can be looked up now: the Census geocoder is set up and
    its breaker is not open (a page suggests an address only then)."""
    client = census_geocoder(app)
    return client is not None and client.breaker.allow()


def represent_client(app: Flask | None = None) -> RepresentClient | None:
    """The app's Represent client for Canadian postal codes (None: REPRESENT_URL unset)."""
    app = app or current_app._get_current_object()
    if not app.config.get("REPRESENT_URL"):
        return None
    client = app.extensions.get("represent_client")
    if client is None:
        client = RepresentClient(app.config["REPRESENT_URL"], **_service_options(app.config))
        app.extensions["represent_client"] = client
    return client


class AnswerCache:
    """Geocoder answers by address hash: an in-process LRU in front of a database table."""

    def __init__(self, size: int, max_age: timedelta):
        self.size = size
        self.max_age = max_age
        self.memory: OrderedDict[str, tuple[datetime, dict]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Geocoded | None:
        """A fresh cached answer, or None."""
        now = clock.now()
        with self.lock:
            hit = self.memory.get(key)
            if hit and now - hit[0] < self.max_age:
                self.memory.move_to_end(key)
                return Geocoded.from_cache(hit[1])
        from advocacy.models import GeocodeCache

        row = db.session.get(GeocodeCache, key)
        if row is None:
            return None
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
        if now - created >= self.max_age:
            return None
        data = json.loads(row.answer)
        self._remember(key, created, data)
        return Geocoded.from_cache(data)

    def put(self, key: str, answer: Geocoded) -> None:
        """Store an answer; a failure to store is logged (without the address) and ignored."""
        from advocacy.models import GeocodeCache

        data = answer.to_cache()
        now = clock.now()
        self._remember(key, now, data)
        try:
            # Its own short write transaction, apart from the request's reads.
            engine = db.engine.execution_options(**{SQLITE_IMMEDIATE: True})
            with engine.begin() as conn:
                conn.execute(delete(GeocodeCache).where(GeocodeCache.key == key))
                conn.execute(
                    insert(GeocodeCache).values(key=key, answer=json.dumps(data), created_at=now)
                )
        except Exception:  # noqa: BLE001  (a cache must never fail the lookup)
            current_app.logger.warning("could not store a geocoder answer", exc_info=True)

    def _remember(self, key: str, when: datetime, data: dict) -> None:
        with self.lock:
            self.memory[key] = (when, data)
            self.memory.move_to_end(key)
            while len(self.memory) > self.size:
                self.memory.popitem(last=False)

    def clear_memory(self) -> None:
        """Forget the in-process entries (tests; the table is the shared copy)."""
        with self.lock:
            self.memory.clear()


def answer_cache(app: Flask | None = None) -> AnswerCache:
    """The app's answer cache."""
    app = app or current_app._get_current_object()
    cache = app.extensions.get("geocode_cache")
    if cache is None:
        cache = AnswerCache(
            app.config["GEOCODE_CACHE_SIZE"], timedelta(days=app.config["GEOCODE_CACHE_DAYS"])
        )
        app.extensions["geocode_cache"] = cache
    return cache


__all__ = [
    "address_key",
    "answer_cache",
    "census_geocoder",
    "normalise_address",
    "represent_client",
]
