"""What moved after we asked: for a campaign about a bill, each official its members
reached, with the confirmed contacts (reported, sent, or carried by our SMTP server or
CWC: an opening is not a contact), the positions members heard on calls, and the
cosponsorship that came or went after the first contact, from the bill's dated cosponsor
joins and withdrawals; then the officials on the bill's committees who have not heard
from the campaign at all."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from advocacy.bills.service import ask_groups, on_its_committees
from advocacy.directory.queries import office_label
from advocacy.extensions import db
from advocacy.models import BillSponsor, Campaign, Interaction, Official
from advocacy.models.interactions import confirmed
from advocacy.reports.counting import day_in


@dataclass
class Reached:
    """One official the campaign's members reached, and what changed after."""

    official: Official
    group: str
    contacts: int
    first: date
    last: date
    heard: Counter = field(default_factory=Counter)
    change: str = ""
    moved: bool = False  # a cosponsorship joined (or withdrawn) after our first contact


def _contacts(campaign_id: int) -> list[tuple]:
    """(official id, confirmed contacts, first, last) per official of the campaign."""
    return db.session.execute(
        select(
            Interaction.official_id,
            func.count(),
            func.min(Interaction.created_at),
            func.max(Interaction.created_at),
        )
        .where(Interaction.campaign_id == campaign_id, confirmed())
        .group_by(Interaction.official_id)
    ).all()


def _heard(campaign_id: int) -> dict[int, Counter]:
    heard: dict[int, Counter] = {}
    rows = db.session.execute(
        select(Interaction.official_id, Interaction.position_heard, func.count())
        .where(
            Interaction.campaign_id == campaign_id,
            Interaction.channel == "call",
            Interaction.position_heard.is_not(None),
        )
        .group_by(Interaction.official_id, Interaction.position_heard)
    )
    for official_id, position, n in rows:
        heard.setdefault(official_id, Counter())[position] = n
    return heard


def _change(sponsor: BillSponsor | None, first: date) -> tuple[str, bool]:
    """What the bill's data says of this official's sponsorship against our first contact."""
    if sponsor is None:
        return "", False
    if sponsor.withdrawn_on is not None:
        moved = sponsor.withdrawn_on >= first
        when = "after" if moved else "before"
        return (
            f"withdrew as cosponsor on {sponsor.withdrawn_on:%B %-d, %Y}, {when} our first contact",
            moved,
        )
    if sponsor.role == "sponsor":
        return "the bill's sponsor", False
    if sponsor.joined_on is None:
        return "a cosponsor", False
    moved = sponsor.joined_on >= first
    when = "after" if moved else "before"
    return f"cosponsored on {sponsor.joined_on:%B %-d, %Y}, {when} our first contact", moved


def _sponsorships(bill, ids: set[int]) -> dict[int, BillSponsor]:
    """The bill's sponsor and cosponsor rows of these officials."""
    if bill is None or not ids:
        return {}
    rows = db.session.scalars(
        select(BillSponsor).where(
            BillSponsor.bill_id == bill.id, BillSponsor.official_id.in_(sorted(ids))
        )
    )
    return {s.official_id: s for s in rows}


def what_moved(campaign: Campaign) -> dict:
    """{"reached": [Reached, ...] (most contacted first), "unheard": [Official, ...] on the
    bill's committees with no confirmed contact, "moved": how many cosponsorships came or
    went after our first contact}. A campaign about no bill has only "reached"."""
    zone = current_app.config["CAMPAIGN_TIMEZONE"]
    rows = _contacts(campaign.id)
    bill = campaign.bill
    ids = {row[0] for row in rows}
    unheard_ids = (on_its_committees(bill) - ids) if bill is not None else set()
    officials = {
        o.id: o
        for o in db.session.scalars(
            select(Official)
            .where(Official.id.in_(sorted(ids | unheard_ids) or [-1]))
            .options(selectinload(Official.seat))
        )
    }
    groups = ask_groups(bill) if bill is not None else {}
    sponsors = _sponsorships(bill, ids)
    heard = _heard(campaign.id)
    reached = []
    for official_id, n, first, last in rows:
        if official_id not in officials:
            continue
        first_day = day_in(first, zone)
        change, moved = _change(sponsors.get(official_id), first_day)
        reached.append(
            Reached(
                official=officials[official_id],
                group=groups.get(official_id, "rest") if bill is not None else "",
                contacts=n,
                first=first_day,
                last=day_in(last, zone),
                heard=heard.get(official_id, Counter()),
                change=change,
                moved=moved,
            )
        )
    reached.sort(key=lambda r: (-r.contacts, r.official.sort_name or r.official.full_name))
    unheard = sorted(
        (officials[i] for i in unheard_ids if i in officials),
        key=lambda o: o.sort_name or o.full_name,
    )
    return {"reached": reached, "unheard": unheard, "moved": sum(r.moved for r in reached)}


COLUMNS = [
    "official",
    "office",
    "asked as",
    "confirmed contacts",
    "first contact",
    "last contact",
    "heard on calls",
    "on the bill since",
    "moved after our contact",
]
# A campaign about no bill has no groups and no cosponsors to follow.
BILL_ONLY = ("asked as", "on the bill since", "moved after our contact")


# The ask groups in a table's few words.
ASKED = {"sponsor": "sponsor or cosponsor", "committee": "on its committee", "rest": "neither"}


def moved_table(
    found: dict, about_bill: bool, unheard: bool = False
) -> tuple[list[str], list[list]]:
    """The report's table (header, rows): the officials reached, and with `unheard` (the
    CSV) those on the bill's committees not reached, after them."""
    rows = []
    for r in found["reached"]:
        heard = ", ".join(f"{position} {n}" for position, n in sorted(r.heard.items()))
        rows.append(
            [
                r.official.full_name,
                office_label(r.official.seat) if r.official.seat else "",
                ASKED.get(r.group, ""),
                r.contacts,
                r.first.isoformat(),
                r.last.isoformat(),
                heard,
                r.change,
                "yes" if r.moved else "",
            ]
        )
    for o in found["unheard"] if unheard else []:
        rows.append(
            [o.full_name, office_label(o.seat) if o.seat else "", "not heard from us", 0] + [""] * 5
        )
    if about_bill:
        return list(COLUMNS), rows
    keep = [i for i, name in enumerate(COLUMNS) if name not in BILL_ONLY]
    return [COLUMNS[i] for i in keep], [[row[i] for i in keep] for row in rows]
