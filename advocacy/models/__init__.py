"""SQLAlchemy models, one module per aggregate."""

from advocacy.models.campaigns import Campaign, StaffUser, TalkingPoint
from advocacy.models.data import DataLoad, SourceFile
from advocacy.models.directory import (
    Division,
    GeoidMapping,
    GeoidRule,
    Identifier,
    Office,
    Official,
    Seat,
    SocialAccount,
)
from advocacy.models.geocoding import GeocodeCache
from advocacy.models.interactions import Interaction, OutboxMessage

__all__ = [
    "Campaign",
    "Interaction",
    "OutboxMessage",
    "StaffUser",
    "TalkingPoint",
    "DataLoad",
    "Division",
    "GeocodeCache",
    "GeoidMapping",
    "GeoidRule",
    "Identifier",
    "Office",
    "Official",
    "Seat",
    "SocialAccount",
    "SourceFile",
]
