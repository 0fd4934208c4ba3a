"""SQLAlchemy models, one module per aggregate."""

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

__all__ = [
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
