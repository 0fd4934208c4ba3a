"""A fake of the House's CWC 2.0 API on 127.0.0.1, built from its documentation: it checks
the key, the required elements and their formats, and the office codes it knows, and
answers 200, 400 with the reason, or 503 when told to be down. Given Senate offices it is
the Senate's SOAPBox too: the same XML at /v2/message (no validate step), and the active
list at /active_offices.json."""

from __future__ import annotations

import json
import re
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

from advocacy.campaigns.cwc import POLICY_AREAS, PREFIXES

# The delivery agent's settings a test app needs besides CWC_URL.
AGENT = {
    "CWC_API_KEY": "test-key",
    "CWC_DELIVERY_AGENT": "Health IT Advocacy",
    "CWC_ACK_EMAIL": "ack@example.org",
    "CWC_CONTACT_NAME": "Ana Lead",
    "CWC_CONTACT_EMAIL": "lead@example.org",
    "CWC_CONTACT_PHONE": "202-555-0100",
}
REQUIRED = [
    "CWCVersion",
    "Delivery/DeliveryId",
    "Delivery/DeliveryDate",
    "Delivery/DeliveryAgent",
    "Delivery/DeliveryAgentAckEmailAddress",
    "Delivery/DeliveryAgentContact/DeliveryAgentContactName",
    "Delivery/DeliveryAgentContact/DeliveryAgentContactEmail",
    "Delivery/DeliveryAgentContact/DeliveryAgentContactPhone",
    "Delivery/CampaignId",
    "Recipient/MemberOffice",
    "Recipient/IsResponseRequested",
    "Recipient/NewsletterOptIn",
    "Constituent/Prefix",
    "Constituent/FirstName",
    "Constituent/LastName",
    "Constituent/Address1",
    "Constituent/City",
    "Constituent/StateAbbreviation",
    "Constituent/Zip",
    "Constituent/Email",
    "Message/Subject",
    "Message/LibraryOfCongressTopics/LibraryOfCongressTopic",
]
BILL_TYPES = {"hr", "s", "hres", "sres", "hjres", "sjres", "hconres", "sconres"}
FORMATS = {
    "Delivery/DeliveryId": r"[A-Za-z0-9]{32}",
    "Delivery/DeliveryDate": r"[0-9]{8}",
    "Delivery/DeliveryAgentAckEmailAddress": r"[^@\s]+@[^@\s]+\.[^@\s]+",
    "Delivery/DeliveryAgentContact/DeliveryAgentContactPhone": r"[0-9]{3}-[0-9]{3}-[0-9]{4}",
    "Recipient/MemberOffice": r"H[A-Z]{2}[0-9]{2}|S[A-Z]{2}0[1-3]",
    "Recipient/IsResponseRequested": r"[YN]",
    "Recipient/NewsletterOptIn": r"[YN]",
    "Constituent/StateAbbreviation": r"[A-Z]{2}",
    "Constituent/Zip": r"[0-9]{5}(-[0-9]{4})?",
    "Constituent/Email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
}


def problems(xml: bytes, offices: set[str]) -> list[str]:
    """Why CWC would refuse this message (empty: it is valid)."""
    try:
        root = ET.fromstring(xml)  # noqa: S314  (our own test traffic on 127.0.0.1)
    except ET.ParseError as exc:
        return [f"not XML: {exc}"]
    if root.tag != "CWC":
        return ["the root element is not CWC"]
    found = []
    for path in REQUIRED:
        node = root.find(path)
        if node is None or not (node.text or "").strip():
            found.append(f"missing {path}")
        elif path in FORMATS and not re.fullmatch(FORMATS[path], node.text):
            found.append(f"bad format of {path}: {node.text!r}")
    if root.findtext("CWCVersion") != "2.0":
        found.append("CWCVersion must be 2.0")
    date = root.findtext("Delivery/DeliveryDate") or ""
    try:
        datetime.strptime(date, "%Y%m%d")
    except ValueError:
        found.append("DeliveryDate is not a date")
    office = root.findtext("Recipient/MemberOffice")
    if office and office not in offices:
        found.append(f"unknown MemberOffice {office}")
    if root.findtext("Constituent/Prefix") not in PREFIXES:
        found.append("Prefix is not one of CWC's")
    topics = [t.text for t in root.iter("LibraryOfCongressTopic")]
    if not topics or any(t not in POLICY_AREAS for t in topics):
        found.append("LibraryOfCongressTopic must be a Library of Congress policy area")
    message = root.find("Message")
    if message is not None and not (
        message.findtext("OrganizationStatement") or message.findtext("ConstituentMessage")
    ):
        found.append("a Message needs an OrganizationStatement or a ConstituentMessage")
    for bill in root.iterfind("Message/Bills/Bill"):
        if not re.fullmatch(r"\d{2,3}", bill.findtext("BillCongress") or ""):
            found.append("BillCongress must be a Congress number")
        if bill.findtext("BillTypeAbbreviation") not in BILL_TYPES:
            found.append("BillTypeAbbreviation must be one of hr, s, hres, sres, hjres, ...")
        if not re.fullmatch(r"\d{1,5}", bill.findtext("BillNumber") or ""):
            found.append("BillNumber must be a number")
    stance = root.find("Message/ProOrCon")
    if stance is not None and stance.text not in ("Pro", "Con"):
        found.append("ProOrCon must be Pro or Con")
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
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
