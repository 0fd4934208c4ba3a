"""The transport interface: what every way out does, and how it says a message failed.

A transport is made per delivery pass (`open`) and closed after it, so a connection (SMTP's)
or a session (CWC's) serves every message of the pass. `deliver` hands one outbox row over;
it raises `Refused` when the receiver says the message itself is wrong (sending it again will
not help: failed for good, with the reason kept) and `Unavailable` when it could not be
reached or answered later-please (retried with a doubling wait).
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from advocacy.models import OutboxMessage


class Refused(Exception):
    """The receiver refused the message itself: final."""


class Unavailable(Exception):
    """The receiver could not be reached or asked us to come back: retry later."""


class Transport(Protocol):
    """One way out."""

    kind: ClassVar[str]  # the outbox rows it delivers (OutboxMessage.kind)

    @staticmethod
    def configured(config: Any) -> bool:
        """Whether this deployment has what the transport needs."""

    def deliver(self, message: OutboxMessage) -> str | None:
        """Hand one message over; what the receiver gave back for it (regulations.gov's
        tracking number), if anything; Refused or Unavailable when it fails."""

    def close(self) -> None:
        """Release the connection or session."""
