"""Email through our SMTP server: the outbox's letters and digests (one connection per
delivery pass, a retry carrying the same Message-ID), and the short account notes sent at
once (invitations, resets, history links), which say when no mail server is set up."""

from __future__ import annotations

import email.policy
import json
import smtplib
from email.message import EmailMessage
from email.utils import formataddr
from typing import ClassVar

from flask import current_app

from advocacy.delivery.transports import Unavailable
from advocacy.models import OutboxMessage
from advocacy.text import header_text

# Headers folded at whitespace only: a long List-Unsubscribe URL stays one plain value
# (a 78-character limit would encode it as RFC 2047 words that mail clients do not read).
POLICY = email.policy.default.clone(max_line_length=998)


def connect(config) -> smtplib.SMTP:
    """A connection to our SMTP server, logged in (STARTTLS first) when set up so."""
    smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"])
    if config["SMTP_STARTTLS"]:
        smtp.starttls()
    if config["SMTP_USERNAME"]:
        smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
    return smtp


def _quit(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def message_id(config, row: OutboxMessage) -> str:
    """The same for every try of one letter (a receiver can drop a repeat by it)."""
    domain = config["MAIL_FROM"].rpartition("@")[2] or "localhost"
    stamp = int(row.created_at.timestamp()) if row.created_at else 0
    return f"<outbox.{row.id}.{stamp}@{domain}>"


def email_of(config, row: OutboxMessage) -> EmailMessage:
    """The email an outbox row is (one line per header whatever the row holds: a single bad
    row must not stop the outbox)."""
    message = EmailMessage(policy=POLICY)
    message["From"] = formataddr((header_text(row.from_name), config["MAIL_FROM"]))
    message["To"] = header_text(row.to_address)
    message["Reply-To"] = header_text(row.reply_to)
    message["Subject"] = header_text(row.subject)
    message["Message-ID"] = message_id(config, row)
    for name, value in json.loads(row.headers or "{}").items():
        message[name] = header_text(value)
    message.set_content(row.body)
    return message


class Smtp:
    """The outbox's email: one connection for a pass, dropped and made again after a
    failure; every failure is worth a retry (a refusing server may take it later)."""

    kind: ClassVar[str] = "smtp"

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    @staticmethod
    def configured(config) -> bool:
        """An SMTP server is set up."""
        return bool(config.get("SMTP_HOST"))

    def deliver(self, message: OutboxMessage) -> None:
        try:
            if self.smtp is None:
                self.smtp = connect(self.config)
            self.smtp.send_message(email_of(self.config, message))
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise Unavailable(f"{type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        _quit(self.smtp)
        self.smtp = None


def mail_configured() -> bool:
    """Whether an SMTP server is set up (for the account notes)."""
    return Smtp.configured(current_app.config)


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one account note at once; False (logged, without the body) when it could not go.
    Letters to officials go through the outbox instead (retries, evidence)."""
    config = current_app.config
    if not mail_configured():
        return False
    message = EmailMessage()
    message["From"] = formataddr((config["MAIL_FROM_NAME"], config["MAIL_FROM"]))
    message["To"] = header_text(to)
    message["Subject"] = header_text(subject)
    message.set_content(body)
    smtp = None
    try:
        smtp = connect(config)
        smtp.send_message(message)
    except (smtplib.SMTPException, OSError):
        current_app.logger.warning("could not send account email", exc_info=True)
        return False
    finally:
        _quit(smtp)
    return True
