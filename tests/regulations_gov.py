"""A fake of regulations.gov's API v4 on 127.0.0.1, built from its documentation
(open.gsa.gov/api/regulationsgov): the key in `X-Api-Key` (api.data.gov's 403
API_KEY_INVALID otherwise); `GET /documents?filter[frDocNum]=...` (a JSON:API list);
`POST /submission-keys`, `POST /file-upload-urls` (a presigned URL the file is PUT to) and
`POST /comments`, each with `Content-Type: application/vnd.api+json` and a JSON:API body
{"data": {"type": ..., "attributes": {...}}} checked field by field; a comment's files must
have been uploaded under its submission key first. Comments are limited to `per_minute`
(50) a `window` (60 s) and `per_hour` (500) an `hour` (a benchmark shortens both): past
that, 429 with Retry-After. Each comment gets
a tracking number, once: the fake keeps every comment it took.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field

from werkzeug.wrappers import Request, Response

KEY = "test-regulations-key"
JSON_API = "application/vnd.api+json"
SUBMITTER_TYPES = ("INDIVIDUAL", "ORGANIZATION", "ANONYMOUS")


@dataclass
class FakeRegulationsGov:
    """Documents by Federal Register number -> documentId; comments taken; the limits."""

    documents: dict[str, str] = field(default_factory=dict)
    comments: list[dict] = field(default_factory=list)
    uploads: dict[str, dict[str, bytes]] = field(default_factory=dict)  # key -> name -> bytes
    per_minute: int = 50
    per_hour: int = 500
    window: float = 60.0
    hour: float = 3600.0
    retry_after: int = 1
    limited: int = 0  # 429s answered
    base: str = ""
    refuse_text: str | None = None  # a comment containing this is refused (400)
    _stamps: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ, start_response):
        request = Request(environ)
        return self.answer(request)(environ, start_response)

    def answer(self, request: Request) -> Response:
        if request.method == "PUT" and request.path.startswith("/upload/"):
            _, _, key, name = request.path.split("/", 3)
            if key not in self.uploads:
                return Response("no such upload", 403)
            self.uploads[key][name] = request.get_data()
            return Response("", 200)
        if request.headers.get("X-Api-Key") != KEY:
            return _json({"error": {"code": "API_KEY_INVALID", "message": "An invalid "
                          "api_key was supplied."}}, 403)  # fmt: skip
        if request.method == "GET" and request.path == "/v4/documents":
            number = request.args.get("filter[frDocNum]", "")
            found = self.documents.get(number)
            data = (
                [{"id": found, "type": "documents",
                  "attributes": {"frDocNum": number, "documentType": "Proposed Rule",
                                 "objectId": "09000064" + uuid.uuid5(uuid.NAMESPACE_URL,
                                                                     found).hex[:8],
                                 "openForComment": True}}]
                if found else []
            )  # fmt: skip
            return _json({"data": data, "meta": {"totalElements": len(data)}})
        if request.method != "POST":
            return _json({"errors": [{"status": "405", "title": "Method not allowed"}]}, 405)
        if request.mimetype != JSON_API:
            return _error(415, f"Content-Type must be {JSON_API}")
        try:
            body = json.loads(request.get_data())
            data = body["data"]
            kind = data["type"]
        except (ValueError, KeyError, TypeError):
            return _error(400, "the body is not a JSON:API document")
        attributes = data.get("attributes") or {}
        if request.path == "/v4/submission-keys" and kind == "submission-keys":
            key = uuid.uuid4().hex[:12]
            self.uploads[key] = {}
            return _json({"data": {"id": key, "type": "submission-keys"}}, 201)
        if request.path == "/v4/file-upload-urls" and kind == "file-upload-urls":
            key, name = attributes.get("submissionKey"), attributes.get("fileName")
            if key not in self.uploads or not name or not attributes.get("contentType"):
                return _error(400, "submissionKey, fileName and contentType are required")
            return _json({"data": {"id": uuid.uuid4().hex, "type": "file-upload-urls",
                                   "attributes": {"fileName": name,
                                                  "url": f"{self.base}/upload/{key}/{name}"}}},
                         201)  # fmt: skip
        if request.path == "/v4/comments" and kind == "comments":
            return self._comment(attributes)
        return _error(404, "no such resource")

    def _comment(self, a: dict) -> Response:
        with self._lock:
            now = time.monotonic()
            self._stamps = [t for t in self._stamps if now - t < self.hour]
            recent = [t for t in self._stamps if now - t < self.window]
            if len(recent) >= self.per_minute or len(self._stamps) >= self.per_hour:
                self.limited += 1
                response = _error(429, "API rate limit exceeded")
                response.headers["Retry-After"] = str(self.retry_after)
                return response
            self._stamps.append(now)
        if a.get("commentOnDocumentId") not in self.documents.values():
            return _error(400, "commentOnDocumentId is not a document open for comment")
        comment = a.get("comment")
        if not isinstance(comment, str) or not comment.strip() or len(comment) > 5000:
            return _error(400, "comment is required, at most 5000 characters")
        if self.refuse_text and self.refuse_text in comment:
            return _error(400, "the comment was refused")
        if a.get("submissionType") != "API" or a.get("submitterType") not in SUBMITTER_TYPES:
            return _error(400, "submissionType must be API; submitterType one of " +
                          ", ".join(SUBMITTER_TYPES))  # fmt: skip
        if a["submitterType"] != "ANONYMOUS" and not (a.get("firstName") and a.get("lastName")):
            return _error(400, "firstName and lastName are required")
        files = a.get("files") or []
        if files:
            uploaded = self.uploads.get(a.get("submissionKey"), {})
            missing = [f for f in files if f not in uploaded]
            if missing:
                return _error(400, f"files not uploaded under the submissionKey: {missing}")
            if len(files) > 20:
                return _error(400, "at most 20 files")
        tracking = (
            "k" + uuid.uuid4().hex[:2] + "-" + uuid.uuid4().hex[:4] + "-" + uuid.uuid4().hex[:4]
        )
        with self._lock:
            self.comments.append({**a, "trackingNumber": tracking})
        return _json({"data": {"id": tracking, "type": "comments",
                               "attributes": {"trackingNumber": tracking}}}, 201)  # fmt: skip


def _error(status: int, detail: str) -> Response:
    return _json({"errors": [{"status": str(status), "title": "Error", "detail": detail}]}, status)


def _json(data, status: int = 200) -> Response:
    return Response(json.dumps(data), status, content_type=JSON_API)
