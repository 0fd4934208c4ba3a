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

__all__ = [
    "DataLoad",
    "Division",
    "GeoidMapping",
    "GeoidRule",
    "Identifier",
    "Office",
    "Official",
    "Seat",
    "SocialAccount",
    "SourceFile",
]
