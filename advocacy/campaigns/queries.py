"""Finding campaigns: by link, and the day that decides whether one is open."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from advocacy import clock
from advocacy.campaigns.forms import SLUG
from advocacy.campaigns.targets import target_of
from advocacy.extensions import db
from advocacy.models import Campaign


def campaign_today() -> date:
    """Today in the campaign time zone."""
    return clock.today(current_app.config["CAMPAIGN_TIMEZONE"])


def find_campaign(slug: str) -> Campaign | None:
    """The campaign at a link, or None; a link no campaign could have is not looked up
    (NUL bytes, say, which PostgreSQL refuses)."""
    if not SLUG.match(slug or ""):
        return None
    return db.session.scalars(
        select(Campaign)
        .where(Campaign.slug == slug, Campaign.published.is_(True))
        .options(selectinload(Campaign.talking_points))
    ).first()


def open_campaigns(today: date, officials: list[dict] | None = None) -> list[Campaign]:
    """Campaigns members can join today; with a lookup's officials, those that write to
    one of them come first (then the newest)."""
    found = db.session.scalars(
        select(Campaign)
        .where(Campaign.published.is_(True), Campaign.starts_on <= today, Campaign.ends_on >= today)
        .order_by(Campaign.starts_on.desc(), Campaign.id.desc())
    ).all()
    if not officials:
        return list(found)
    theirs = {target_of(o["level"], o["chamber"], o.get("title")) for o in officials}
    return sorted(found, key=lambda c: not theirs.intersection(c.target_list))


def campaigns_open(officials: list[dict] | None = None) -> list[Campaign]:
    """For the home and lookup pages: campaigns open today, those writing to these
    officials first."""
    return open_campaigns(campaign_today(), officials)


def campaign_in_scope(campaign_id: int, scope: set[int] | None) -> Campaign | None:
    """The campaign, if a viewer of this chapter scope may edit it and read its report
    (None: every campaign; a set: their chapters' campaigns only); else None."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or (scope is not None and campaign.chapter_id not in scope):
        return None
    return campaign
