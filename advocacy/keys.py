"""Keys: the app's secret key (never a well-known one, made once when unset) and the
keyed hash that stands for a member in counts once their email is gone."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger(__name__)

# Keys copied from tutorials and our own old default: whoever knows one can sign a lead's
# session, so the app refuses them outside debug and testing.
KNOWN_KEYS = frozenset(
    {
        "dev-insecure-change-me",
        "dev",
        "development",
        "secret",
        "secret-key",
        "changeme",
        "change-me",
        "test",
        "testing",
    }
)
KEY_FILE = "secret_key"
HOW = (
    "Set a random one, e.g. FLASK_SECRET_KEY=$(python -c 'import secrets; "
    "print(secrets.token_hex(32))'), or leave SECRET_KEY unset to have one made into "
    "instance/secret_key."
)


class InsecureKey(RuntimeError):
    """The app must not serve with this key."""


def settle_secret_key(config, instance_path: str, *, relaxed: bool) -> str | None:
    """Check SECRET_KEY, or load/make instance/secret_key when it is unset.

    Returns the path of the key file when the key came from it (None when set). `relaxed`
    (debug or testing) allows a well-known key; nothing allows serving with no key.
    """
    key = config.get("SECRET_KEY")
    if key:
        if not relaxed and str(key).strip().lower() in KNOWN_KEYS:
            raise InsecureKey(
                f"SECRET_KEY is a well-known value: anyone could sign sessions. {HOW}"
            )
        return None
    path = Path(instance_path) / KEY_FILE
    try:
        config["SECRET_KEY"] = _read_or_make(path)
    except OSError as exc:
        raise InsecureKey(f"SECRET_KEY is unset and {path} cannot be made ({exc}). {HOW}") from exc
    return str(path)


def _read_or_make(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        made = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(made, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        try:
            # A hard link appears whole or not at all: of two workers starting at once, one
            # places its key and the other reads that one.
            os.link(made, path)
            log.warning(
                "SECRET_KEY was unset: made a random key into %s. Machines that serve the "
                "same site must share one key (set SECRET_KEY on each).",
                path,
            )
        except FileExistsError:
            pass
        finally:
            made.unlink()
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise OSError(f"{path} holds a key shorter than 32 characters")
    return key


def keyed_hash(config, purpose: bytes, text: str) -> str:
    """HMAC-SHA256 of text under a key derived for one purpose from MEMBER_KEY_SECRET
    (SECRET_KEY when unset): without the key it cannot be matched to the text."""
    secret = str(config.get("MEMBER_KEY_SECRET") or config["SECRET_KEY"]).encode("utf-8")
    derived = hmac.new(secret, purpose, hashlib.sha256).digest()
    return hmac.new(derived, text.encode("utf-8"), hashlib.sha256).hexdigest()


def member_key(config, email: str) -> str:
    """A member in the roll-ups: the keyed hash of the normalised email. Reports count
    members by it, so they stay the same when names and emails are removed."""
    return keyed_hash(config, b"advocacy.member-key", email.strip().casefold())
