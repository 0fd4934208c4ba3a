"""What members will see, before they see it: a campaign's letter and post for a sample
member and one official of each office the campaign writes to."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy.campaigns.letters import Letter, Member, compose, context
from advocacy.campaigns.targets import STATEWIDE, seat_of
from advocacy.campaigns.templating import render
from advocacy.directory.status import current_seat_filter
from advocacy.extensions import db
from advocacy.models import Campaign, Office, Official, Seat, SocialAccount

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


def sample_officials(targets: list[str], today: date) -> list[Official]:
    """One current official of each targeted office from the directory (a stand-in with
    the office's title when it holds none), never written to the database."""
    found = []
    for target in targets:
        level, chamber, title = seat_of(target)
        query = select(Official).join(Seat)
        if title is not None:
            query = query.where(Seat.title == title)
        elif target == "state_officers":
            query = query.where(Seat.title.not_in(list(STATEWIDE.values())))
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
        found.append(official or _stand_in(target, level, chamber))
    return found


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


def previews(campaign: Campaign, today: date) -> list[Letter]:
    """The letter and post each targeted office would get from the sample member."""
    points = [f"{p.title}: {p.body}" for p in campaign.talking_points]
    body = render(campaign.letter_body, context(campaign, SAMPLE_MEMBER, [], "", None, today))
    return [
        compose(campaign, SAMPLE_MEMBER, points, SAMPLE_STORY, body, official, today)
        for official in sample_officials(campaign.target_list, today)
    ]
