"""The one way this app makes an HTTP client: a Session with bounded retries and backoff."""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def retrying_session(
    *, retries: int, backoff: float, retry_statuses: tuple[int, ...], user_agent: str
) -> requests.Session:
    """A Session retrying GETs on connection errors and the given statuses, with backoff.

    Callers pass their own timeout on every request.
    """
    session = requests.Session()
    session.headers["User-Agent"] = user_agent
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=retry_statuses,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
