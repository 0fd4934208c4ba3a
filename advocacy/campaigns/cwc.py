"""Letters to Congress as Communicating with Congress (CWC 2.0) wants them: the XML of one
message to one office, the office's code, the constituent CWC requires. Carrying them is
delivery's (advocacy/delivery/cwc.py)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree as ET

# CWC's fixed list of constituent prefixes (the common ones; the API refuses others).
PREFIXES = ("Mr.", "Mrs.", "Ms.", "Miss", "Mx.", "Dr.", "Rev.", "Hon.", "Prof.")
# The Library of Congress policy areas a message is filed under (congress.gov's terms).
POLICY_AREAS = (
    "Agriculture and Food",
    "Animals",
    "Armed Forces and National Security",
    "Arts, Culture, Religion",
    "Civil Rights and Liberties, Minority Issues",
    "Commerce",
    "Congress",
    "Crime and Law Enforcement",
    "Economics and Public Finance",
    "Education",
    "Emergency Management",
    "Energy",
    "Environmental Protection",
    "Families",
    "Finance and Financial Sector",
    "Foreign Trade and International Finance",
    "Government Operations and Politics",
    "Health",
    "Housing and Community Development",
    "Immigration",
    "International Affairs",
    "Labor and Employment",
    "Law",
    "Native Americans",
    "Public Lands and Natural Resources",
    "Science, Technology, Communications",
    "Social Sciences and History",
    "Social Welfare",
    "Sports and Recreation",
    "Taxation",
    "Transportation and Public Works",
    "Water Resources Development",
)
STATE = re.compile(r"^[A-Z]{2}$")
# CWC 2.0's lengths: Subject, and OrganizationStatement and ConstituentMessage (each).
CWC_SUBJECT = (6, 500)
CWC_TEXT = (6, 10_000)


def length_problems(subject: str, statement: str, message: str) -> list[str]:
    """What CWC would refuse in a message's texts, in words for the member and the lead."""
    found = []
    if not CWC_SUBJECT[0] <= len(subject) <= CWC_SUBJECT[1]:
        found.append(
            f"the subject is {len(subject)} characters (CWC takes {CWC_SUBJECT[0]} to "
            f"{CWC_SUBJECT[1]})"
        )
    for words, text in (("the campaign's statement", statement), ("your message", message)):
        if len(text) > CWC_TEXT[1]:
            found.append(f"{words} is {len(text):,} characters (CWC takes {CWC_TEXT[1]:,})")
    if len(statement) < CWC_TEXT[0] and len(message) < CWC_TEXT[0]:
        found.append(f"the letter needs at least {CWC_TEXT[0]} characters")
    return found


def office_code(state: str, district: str | None) -> str:
    """The MemberOffice code of a House seat: H, the state, two digits (00 at-large and for
    delegates and the resident commissioner)."""
    number = (district or "").strip()
    digits = int(number) if number.isascii() and number.isdigit() else 0
    return f"H{state.strip().upper()}{digits:02d}"


@dataclass
class Constituent:
    """What CWC requires of the member (asked only of those who choose CWC)."""

    prefix: str
    first_name: str
    last_name: str
    address: str
    city: str
    state: str
    zip: str
    email: str


def _delivery(root, config, campaign_id: str, today: date) -> None:
    """Who delivers: our agent's names from the settings, a fresh delivery id."""
    delivery = ET.SubElement(root, "Delivery")
    _add(delivery, "DeliveryId", uuid.uuid4().hex)  # 32 letters and digits
    _add(delivery, "DeliveryDate", today.strftime("%Y%m%d"))
    _add(delivery, "DeliveryAgent", config["CWC_DELIVERY_AGENT"])
    _add(delivery, "DeliveryAgentAckEmailAddress", config["CWC_ACK_EMAIL"])
    contact = ET.SubElement(delivery, "DeliveryAgentContact")
    _add(contact, "DeliveryAgentContactName", config["CWC_CONTACT_NAME"])
    _add(contact, "DeliveryAgentContactEmail", config["CWC_CONTACT_EMAIL"])
    _add(contact, "DeliveryAgentContactPhone", config["CWC_CONTACT_PHONE"])
    _add(delivery, "CampaignId", campaign_id)


def _constituent(root, constituent: Constituent) -> None:
    person = ET.SubElement(root, "Constituent")
    for tag, value in (
        ("Prefix", constituent.prefix),
        ("FirstName", constituent.first_name),
        ("LastName", constituent.last_name),
        ("Address1", constituent.address),
        ("City", constituent.city),
        ("StateAbbreviation", constituent.state),
        ("Zip", constituent.zip),
        ("Email", constituent.email),
    ):
        _add(person, tag, value)


def build_message(
    config,
    *,
    office: str,
    campaign_id: str,
    constituent: Constituent,
    subject: str,
    topic: str,
    statement: str,
    message: str,
    today: date,
    bills: Sequence[tuple[str, str, str]] = (),
    pro_or_con: str | None = None,
) -> str:
    """The CWC 2.0 XML of one message to one House or Senate office. bills: (congress,
    type as GovInfo writes it, number) of each bill the message is about; pro_or_con:
    "Pro" or "Con"."""
    root = ET.Element("CWC")
    _add(root, "CWCVersion", "2.0")
    _delivery(root, config, campaign_id, today)
    recipient = ET.SubElement(root, "Recipient")
    _add(recipient, "MemberOffice", office)
    _add(recipient, "IsResponseRequested", "Y")
    _add(recipient, "NewsletterOptIn", "N")
    _constituent(root, constituent)
    body = ET.SubElement(root, "Message")
    _add(body, "Subject", subject)
    topics = ET.SubElement(body, "LibraryOfCongressTopics")
    _add(topics, "LibraryOfCongressTopic", topic)
    if bills:
        cited = ET.SubElement(body, "Bills")
        for congress, kind, number in bills:
            about = ET.SubElement(cited, "Bill")
            _add(about, "BillCongress", congress)
            _add(about, "BillTypeAbbreviation", kind)
            _add(about, "BillNumber", number)
    if pro_or_con:
        _add(body, "ProOrCon", pro_or_con)
    # Each is 6 to 10,000 characters or left out (the other then carries the letter).
    if len(statement) >= CWC_TEXT[0]:
        _add(body, "OrganizationStatement", statement)
    if len(message) >= CWC_TEXT[0]:
        _add(body, "ConstituentMessage", message)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _add(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def bill_reference(source_key: str | None) -> tuple[str, str, str] | None:
    """(congress, type, number) of a Congress bill loaded from GovInfo ("govinfo:119-s-1261"),
    None for any other bill."""
    if not source_key or not source_key.startswith("govinfo:"):
        return None
    parts = source_key.removeprefix("govinfo:").split("-")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def bill_references(bills) -> list[tuple[str, str, str]]:
    """The CWC references of the Congress bills among these (others are left out)."""
    return [ref for ref in (bill_reference(b.source_key) for b in bills) if ref]


def pro_or_con(stance: str | None) -> str | None:
    """CWC's word for a campaign's stance (seeking an amendment is neither)."""
    return {"support": "Pro", "oppose": "Con"}.get(stance or "")
