"""Delivery to Congress through Communicating with Congress (CWC 2.0): the House's programme
today, beside it the Senate's (SOAPBox, the same XML) once set up.

Each message, CWC XML built by the campaign, is validated (`POST {base}/v2/validate`) and
then delivered (`POST {base}/v2/message`), the key as `?apikey=`. A 4xx is CWC refusing the
message itself: final, its reason kept. A 5xx or no answer is worth a retry.
"""

from __future__ import annotations

from typing import ClassVar

import requests

from advocacy.delivery.transports import Refused, Unavailable
from advocacy.http import retrying_session
from advocacy.models import OutboxMessage

# What the House's CWC needs of this deployment: its URL and key, and the delivery agent
# as registered with CWC.
HOUSE_SETTINGS = (
    "CWC_URL",
    "CWC_API_KEY",
    "CWC_DELIVERY_AGENT",
    "CWC_ACK_EMAIL",
    "CWC_CONTACT_NAME",
    "CWC_CONTACT_EMAIL",
    "CWC_CONTACT_PHONE",
)


# The Senate's SOAPBox: its own URL and key, the same delivery agent.
SENATE_SETTINGS = ("SENATE_CWC_URL", "SENATE_CWC_API_KEY", *HOUSE_SETTINGS[2:])


def house_configured(config) -> bool:
    """Whether the House's CWC is set up (the URL, the key and the delivery agent)."""
    return all(config.get(name) for name in HOUSE_SETTINGS)


def senate_configured(config) -> bool:
    """Whether the Senate's CWC (SOAPBox) is set up (its URL and key, the delivery agent)."""
    return all(config.get(name) for name in SENATE_SETTINGS)


class HouseCwc:
    """The House's CWC: one HTTP session for a pass, no retries inside it (the outbox's
    backoff is the retry)."""

    kind: ClassVar[str] = "cwc_house"
    url_setting: ClassVar[str] = "CWC_URL"
    key_setting: ClassVar[str] = "CWC_API_KEY"
    steps: ClassVar[tuple[str, ...]] = ("validate", "message")

    def __init__(self, config):
        self.config = config
        self.session = retrying_session(
            retries=0, backoff=0, retry_statuses=(), user_agent=config["HTTP_USER_AGENT"]
        )

    @staticmethod
    def configured(config) -> bool:
        return house_configured(config)

    def deliver(self, message: OutboxMessage) -> None:
        for step in self.steps:
            self._post(step, message.payload or "")

    def _post(self, step: str, payload: str) -> None:
        url = f"{self.config[self.url_setting].rstrip('/')}/v2/{step}"
        try:
            response = self.session.post(
                url,
                params={"apikey": self.config[self.key_setting]},
                data=payload.encode("utf-8"),
                headers={"Content-Type": "application/xml"},
                timeout=(self.config["HTTP_CONNECT_TIMEOUT"], self.config["CWC_TIMEOUT"]),
            )
        except requests.RequestException as exc:
            raise Unavailable(f"{step}: {type(exc).__name__}") from None
        if response.status_code == 200:
            return
        reason = " ".join(response.text.split())[:500]
        if 400 <= response.status_code < 500:
            raise Refused(f"{step} {response.status_code}: {reason}")
        raise Unavailable(f"{step} {response.status_code}: {reason}")

    def close(self) -> None:
        self.session.close()


class SenateCwc(HouseCwc):
    """The Senate's CWC (SOAPBox): the House's XML, its own URL and key, and one step (it
    publishes no validation endpoint). Same claim, retry and failure rules."""

    kind: ClassVar[str] = "cwc_senate"
    url_setting: ClassVar[str] = "SENATE_CWC_URL"
    key_setting: ClassVar[str] = "SENATE_CWC_API_KEY"
    steps: ClassVar[tuple[str, ...]] = ("message",)

    @staticmethod
    def configured(config) -> bool:
        return senate_configured(config)
