"""Filing a member's comment on a rule through regulations.gov's API v4.

The outbox row's payload (built by the comment campaign) names the Federal Register
document, the member and the comment's files. Delivery finds the document regulations.gov
takes comments on (`GET /documents?filter[frDocNum]=...`, once per document a pass), uploads
the files when there are any (`POST /submission-keys`, then for each file `POST
/file-upload-urls` and a PUT of its bytes to the presigned URL it gives), then posts the
comment (`POST /comments`, JSON:API) and gives back its tracking number: the comment's
evidence. The key travels in `X-Api-Key`, never in a URL.

The service allows 50 comments a minute and 500 an hour. A 429 is not the comment's fault:
it waits as long as the answer says (Retry-After) and this pass files nothing more there. A
400 or 422 is the service refusing the comment itself: final, with its reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import requests

from advocacy.delivery.transports import Refused, Unavailable
from advocacy.http import retrying_session
from advocacy.models import OutboxMessage
from advocacy.text import load_json

JSON_API = "application/vnd.api+json"


class RateLimited(Unavailable):
    """Over the service's rate limit: come back after `wait` seconds."""

    def __init__(self, message: str, wait: int):
        super().__init__(message)
        self.wait = wait


def configured(config) -> bool:
    """Whether comments are filed through the API (a key is set)."""
    return bool(config.get("REGULATIONS_GOV_API_KEY"))


class RegulationsGov:
    """regulations.gov's API: one session for a pass; the outbox's backoff is the retry."""

    kind: ClassVar[str] = "regulations_gov"

    def __init__(self, config):
        self.config = config
        self.base = (config.get("REGULATIONS_GOV_URL") or "").rstrip("/")
        self.session = retrying_session(
            retries=0, backoff=0, retry_statuses=(), user_agent=config["HTTP_USER_AGENT"]
        )
        self.session.headers["X-Api-Key"] = config["REGULATIONS_GOV_API_KEY"]
        self.timeout = (config["HTTP_CONNECT_TIMEOUT"], config["REGULATIONS_GOV_TIMEOUT"])
        self.documents: dict[str, str] = {}
        self.paused: RateLimited | None = None

    @staticmethod
    def configured(config) -> bool:
        return configured(config)

    def close(self) -> None:
        self.session.close()

    def deliver(self, message: OutboxMessage) -> str:
        """File the comment; its tracking number."""
        if self.paused is not None:
            raise self.paused
        try:
            payload = load_json(message.payload or "")
            attributes = dict(payload["attributes"])
            number = payload["document_number"]
            files = payload.get("files") or []
        except (ValueError, KeyError, TypeError):
            raise Refused("the queued comment is not one we wrote") from None
        attributes["commentOnDocumentId"] = self._document(
            number, payload.get("regulations_document_id")
        )
        attributes["comment"] = message.body
        if files:
            key = self._submission_key()
            for item in files:
                self._upload(key, item)
            attributes["submissionKey"] = key
            attributes["files"] = [item["filename"] for item in files]
        answer = self._call(
            "post", "/comments", {"data": {"type": "comments", "attributes": attributes}}
        )
        tracking = ((answer.get("data") or {}).get("attributes") or {}).get("trackingNumber")
        if not isinstance(tracking, str) or not tracking.strip() or len(tracking) > 60:
            raise Unavailable("the answer carried no tracking number")
        return tracking.strip()

    def _document(self, number: str, known: str | None) -> str:
        """The documentId regulations.gov files comments on for a Federal Register document."""
        if number not in self.documents:
            answer = self._call("get", "/documents", params={"filter[frDocNum]": number})
            found = [
                d.get("id")
                for d in answer.get("data") or []
                if isinstance(d, dict) and isinstance(d.get("id"), str)
            ]
            if not found and not known:
                raise Refused(f"regulations.gov has no document for {number} to comment on")
            self.documents[number] = known if known in found or not found else found[0]
        return self.documents[number]

    def _submission_key(self) -> str:
        answer = self._call("post", "/submission-keys", {"data": {"type": "submission-keys"}})
        key = (answer.get("data") or {}).get("id")
        if not isinstance(key, str) or not key:
            raise Unavailable("the answer carried no submission key")
        return key

    def _upload(self, key: str, item: dict) -> None:
        body = {
            "data": {
                "type": "file-upload-urls",
                "attributes": {
                    "fileName": item["filename"],
                    "submissionKey": key,
                    "contentType": item["content_type"],
                },
            }
        }
        answer = self._call("post", "/file-upload-urls", body)
        url = ((answer.get("data") or {}).get("attributes") or {}).get("url")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise Unavailable("the answer carried no upload URL")
        try:
            content = Path(item["path"]).read_bytes()
        except OSError:
            raise Refused(f"the attached file {item['filename']} is gone") from None
        try:
            # A presigned URL: the key must not travel with it.
            response = requests.put(
                url,
                data=content,
                headers={"Content-Type": item["content_type"]},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise Unavailable(f"upload: {type(exc).__name__}") from None
        if response.status_code >= 300:
            raise Unavailable(f"upload: HTTP {response.status_code}")

    def _call(self, method: str, path: str, body: dict | None = None, params=None) -> dict:
        try:
            response = self.session.request(
                method,
                self.base + path,
                params=params,
                data=json.dumps(body).encode() if body is not None else None,
                headers={"Content-Type": JSON_API} if body is not None else None,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise Unavailable(f"{path}: {type(exc).__name__}") from None
        status = response.status_code
        if status == 429:
            self.paused = RateLimited(f"{path}: over the rate limit", self._wait(response))
            raise self.paused
        if status in (400, 422):
            raise Refused(f"{path}: {self._reason(response)}")
        if status in (401, 403):
            # The key is wrong or not validated for commenting: an operator's fix, after
            # which the comment can still go.
            raise Unavailable(f"{path}: the key was refused (HTTP {status})")
        if status >= 300:
            raise Unavailable(f"{path}: HTTP {status}")
        try:
            answer = load_json(response.content)
        except ValueError:
            raise Unavailable(f"{path}: the answer is not JSON") from None
        if not isinstance(answer, dict):
            raise Unavailable(f"{path}: the answer is not a JSON:API document")
        return answer

    def _wait(self, response: requests.Response) -> int:
        said = response.headers.get("Retry-After", "")
        default = int(self.config["REGULATIONS_GOV_WAIT_SECONDS"])
        return min(int(said), 3600) if said.isdigit() else default

    @staticmethod
    def _reason(response: requests.Response) -> str:
        try:
            errors = load_json(response.content).get("errors") or []
            reason = "; ".join(str(e.get("detail") or e.get("title")) for e in errors)
        except (ValueError, AttributeError, TypeError):
            reason = ""
        return (reason or f"HTTP {response.status_code}")[:500]
