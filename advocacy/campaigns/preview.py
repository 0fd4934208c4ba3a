"""What members will see, before they see it: a campaign's letter and post for a sample
member and one official of each office the campaign writes to."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.bills.service import ask_groups
from advocacy.campaigns.actions import load_officials
from advocacy.campaigns.letters import Letter, Member, compose, context
from advocacy.campaigns.targets import STATEWIDE, seat_of, target_of
from advocacy.campaigns.templating import render
from advocacy.directory.status import current_seat_filter
from advocacy.extensions import db
from advocacy.lookup.service import find_officials
from advocacy.models import Campaign, Office, Official, Seat, SocialAccount
from advocacy.models.campaigns import ASK_GROUPS

SAMPLE_MEMBER = Member(
    "Ana Member", "ana@example.org", "1 Main St, Boston, MA 02130", "Boston", "MA", "02130"
)
SAMPLE_STORY = "When my mother moved between hospitals, her records followed her in minutes."
# When the directory holds nobody for an office: a stand-in with that office's title.
STAND_INS = {
    "us_senate": ("Jane Doe", "Senator"),
    "us_house": ("Sam Rivera", "Representative"),
    "state_upper": ("Lee Park", "Senator"),
    "state_lower": ("Ana Ley", "Representative"),
    "state_legislature": ("Kim Ward", "Senator"),
    "governor": ("Alex Morgan", "Governor"),
    "lieutenant_governor": ("Casey Brooks", "Lieutenant Governor"),
    "attorney_general": ("Dana Reyes", "Attorney General"),
    "secretary_of_state": ("Pat Quinn", "Secretary of State"),
    "state_officers": ("Morgan Tate", "Treasurer"),
    "mayors": ("Robin Hale", "Mayor"),
    "ca_commons": ("Camille Roy", "Member of Parliament"),
    "ca_provincial": ("Jordan Lee", "Member of Provincial Parliament"),
}


def sample_officials(
    targets: list[str], today: date, among: set[int] | None = None, besides: set[int] = frozenset()
) -> list[Official]:
    """One current official of each targeted office from the directory (a stand-in with
    the office's title when it holds none), never written to the database. Given `among`
    or `besides` (official ids): only officials among those and besides those, and no
    stand-ins."""
    found = []
    choosing = among is not None or bool(besides)
    for target in targets:
        level, chamber, title = seat_of(target)
        query = select(Official).join(Seat)
        if title is not None:
            query = query.where(Seat.title == title)
        elif target == "state_officers":
            query = query.where(Seat.title.not_in(list(STATEWIDE.values())))
        if among is not None:
            query = query.where(Official.id.in_(sorted(among)))
        if besides:
            query = query.where(Official.id.not_in(sorted(besides)))
        official = db.session.scalars(
            query.where(Seat.level == level, Seat.chamber == chamber, current_seat_filter(today))
            .options(
                selectinload(Official.seat),
                selectinload(Official.offices),
                selectinload(Official.social_accounts),
            )
            .order_by(Official.id)
            .limit(1)
        ).first()
        if official is not None or not choosing:
            found.append(official or _stand_in(target, level, chamber))
    return found


def _each_group(campaign: Campaign, groups: dict[int, str], shown: list, today: date) -> list:
    """For a campaign about a bill, one official of each ask group the sample officials
    leave out (a cosponsor, a committee member, one of the rest) from the offices the
    campaign writes to, so that the preview shows every group's statement."""
    have = {groups.get(o.id, "rest") for o in shown}
    extra = []
    for group in ASK_GROUPS:
        if group in have:
            continue
        if group == "rest":
            found = sample_officials(campaign.target_list, today, besides=set(groups))
        else:
            ids = {i for i, g in groups.items() if g == group}
            found = sample_officials(campaign.target_list, today, among=ids) if ids else []
        extra += found[:1]
    return extra


def _stand_in(target: str, level: str, chamber: str) -> Official:
    name, title = STAND_INS[target]
    given, family = name.split(" ")
    official = Official(full_name=name, given_name=given, family_name=family, sort_name=name)
    if level in ("canada", "province"):
        official.seat = Seat(level=level, chamber=chamber, title=title, state="on", district="1")
        address = "House of Commons, Ottawa ON  K1A 0A6"
    else:
        official.seat = Seat(level=level, chamber=chamber, title=title, state="ma", district="1")
        address = "24 Beacon St, Boston, MA 02133"
    official.offices = [Office(classification="capitol", address=address)]
    official.social_accounts = [SocialAccount(platform="twitter", handle=family)]
    return official


def officials_of(campaign: Campaign, zip_code: str, today: date) -> tuple[Member, list]:
    """A sample member in this ZIP code and one of their own officials for each office the
    campaign writes to (of a district the ZIP crosses, the first). LookupFailed when the
    ZIP is not one we know."""
    found = find_officials({"zip": zip_code}, today, combined=True)
    theirs = list(found.lookup.officials)
    for choice in found.lookup.candidates:
        theirs += choice["officials"]
    chosen: dict[str, int] = {}
    for o in theirs:
        target = target_of(o["level"], o["chamber"], o.get("title"))
        if target in campaign.target_list and target not in chosen:
            chosen[target] = o["id"]
    state = next((o["state"] for o in theirs if o.get("state")), "")
    member = Member("Ana Member", "ana@example.org", zip_code, "", state or "", zip_code)
    officials = {o.id: o for o in load_officials(list(chosen.values()))}
    return member, [officials[i] for i in chosen.values() if i in officials]


def previews(campaign: Campaign, today: date, zip_code: str | None = None) -> list[Letter]:
    """The letter and post each targeted office would get from the sample member: one in
    Boston with an official of each office from the directory, or, given a ZIP code, a
    member there writing to their own officials."""
    member, officials = SAMPLE_MEMBER, None
    if zip_code:
        member, officials = officials_of(campaign, zip_code, today)
    groups = ask_groups(campaign.bill) if campaign.bill is not None else None
    if officials is None:
        officials = sample_officials(campaign.target_list, today)
        if groups is not None:
            officials += _each_group(campaign, groups, officials, today)
    points = [f"{p.title}: {p.body}" for p in campaign.talking_points]
    body = render(campaign.letter_body, context(campaign, member, [], "", None, today))
    return [
        compose(
            campaign,
            member,
            points,
            SAMPLE_STORY,
            body,
            official,
            today,
            ask=None if groups is None else groups.get(official.id, "rest"),
        )
        for official in officials
    ]
