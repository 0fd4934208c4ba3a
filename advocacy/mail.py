"""Account email (invitations, password resets, history links), sent at once via SMTP.

Letters to officials go through the outbox instead (retries, evidence); these are short
notes to our own users, and the pages say what to do when no mail server is set up.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formataddr

from flask import current_app


def header_text(value: str) -> str:
    """A value fit for a mail header: one line (a line break there is refused, or worse)."""
    return " ".join(value.split())


def mail_configured() -> bool:
    """Whether an SMTP server is set up."""
    return bool(current_app.config.get("SMTP_HOST"))


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one message; False (logged, without the body) when it could not go."""
    config = current_app.config
    if not mail_configured():
        return False
    message = EmailMessage()
    message["From"] = formataddr((config["MAIL_FROM_NAME"], config["MAIL_FROM"]))
    message["To"] = header_text(to)
    message["Subject"] = header_text(subject)
    message.set_content(body)
    try:
        with smtplib.SMTP(
            config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]
        ) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError):
        current_app.logger.warning("could not send account email", exc_info=True)
        return False
    return True
