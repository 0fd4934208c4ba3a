"""A fake of the House's CWC 2.0 API on 127.0.0.1, built from its documentation: it checks
the key, the message against the tests' RELAX NG of CWC 2.0 (cwc-2.0.rng: the elements in
order, their lengths and formats) and the office codes it knows, and
answers 200, 400 with the reason, or 503 when told to be down. Given Senate offices it is
the Senate's SOAPBox too: the same XML at /v2/message (no validate step), and the active
list at /active_offices.json."""

from __future__ import annotations

import json
import re
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from advocacy.campaigns.cwc import POLICY_AREAS
from tests.net import running

# The delivery agent's settings a test app needs besides CWC_URL.
AGENT = {
    "CWC_API_KEY": "test-key",
    "CWC_DELIVERY_AGENT": "Health IT Advocacy",
    "CWC_ACK_EMAIL": "ack@example.org",
    "CWC_CONTACT_NAME": "Ana Lead",
    "CWC_CONTACT_EMAIL": "lead@example.org",
    "CWC_CONTACT_PHONE": "202-555-0100",
}
# The tests' RELAX NG of CWC 2.0 (elements, order, lengths and formats), read once.
GRAMMAR = etree.RelaxNG(etree.parse(str(Path(__file__).with_name("cwc-2.0.rng"))))
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def problems(xml: bytes, offices: set[str]) -> list[str]:
    """Why CWC would refuse this message (empty: it is valid): what the grammar refuses,
    then what it cannot say (a real date, an office that takes part, a policy area)."""
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        return [f"not XML: {exc}"]
    if not GRAMMAR.validate(root):
        return [f"not CWC 2.0: line {e.line}: {e.message}" for e in GRAMMAR.error_log]
    found = []
    try:
        datetime.strptime(root.findtext("Delivery/DeliveryDate"), "%Y%m%d")
    except ValueError:
        found.append("DeliveryDate is not a date")
    office = root.findtext("Recipient/MemberOffice")
    if office not in offices:
        found.append(f"unknown MemberOffice {office}")
    topics = [t.text for t in root.iter("LibraryOfCongressTopic")]
    if any(t not in POLICY_AREAS for t in topics):
        found.append("LibraryOfCongressTopic must be a Library of Congress policy area")
    return found


# The Senate's active list as SOAPBox publishes it: office code -> "Name [bioguide_id: X]".
MASSACHUSETTS_SENATE = {
    "SMA01": "Elizabeth Warren [bioguide_id: W000817]",
    "SMA02": "Edward J. Markey [bioguide_id: M000133]",
}
SENATE_KEY = "senate-key"


class FakeCwc:
    """Start with `with FakeCwc(offices) as cwc:`; `cwc.url`, `cwc.delivered`, `cwc.down`.
    With `senate` (office code -> name), also the Senate's SOAPBox: `cwc.active` is what
    /active_offices.json answers (bytes replace the list: a broken answer)."""

    def __init__(
        self,
        offices: set[str],
        key: str = "test-key",
        senate: dict[str, str] | None = None,
        senate_key: str = SENATE_KEY,
    ):
        self.offices, self.key = set(offices) | set(senate or {}), key
        self.senate_key = senate_key
        self.active: dict[str, str] | bytes = dict(senate or {})
        self.delivered: list[bytes] = []
        self.validated = 0
        self.down = 0  # answer 503 to this many requests first
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802  (the http.server API)
                parts = urlsplit(self.path)
                if parts.path != "/active_offices.json":
                    return self._answer(404, "no such endpoint")
                if parse_qs(parts.query).get("apikey") != [fake.senate_key]:
                    return self._answer(401, "bad apikey")
                if isinstance(fake.active, bytes):
                    return self._answer(200, fake.active.decode("utf-8", "replace"))
                listed = [{"name": n, "office_code": c} for c, n in sorted(fake.active.items())]
                return self._answer(200, json.dumps(listed))

            def do_POST(self):  # noqa: N802  (the http.server API)
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if fake.down:
                    fake.down -= 1
                    return self._answer(503, "Service Unavailable")
                office = re.search(rb"<MemberOffice>(S?)", body)
                senate = bool(office and office.group(1))
                wanted = fake.senate_key if senate else fake.key
                if parse_qs(parts.query).get("apikey") != [wanted]:
                    return self._answer(401, "bad apikey")
                if senate and parts.path == "/v2/validate":
                    return self._answer(404, "the Senate has no validate endpoint")
                if parts.path not in ("/v2/validate", "/v2/message"):
                    return self._answer(404, "no such endpoint")
                if self.headers.get("Content-Type", "").split(";")[0] != "application/xml":
                    return self._answer(415, "send application/xml")
                found = problems(body, fake.offices)
                if found:
                    return self._answer(400, "; ".join(found))
                if parts.path == "/v2/validate":
                    fake.validated += 1
                else:
                    fake.delivered.append(body)
                return self._answer(200, "<Response><Status>OK</Status></Response>")

            def _answer(self, status, text):
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> FakeCwc:
        self._running = running(self.server)
        self._running.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._running.__exit__(*exc)
