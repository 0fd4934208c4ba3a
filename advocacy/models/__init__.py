"""SQLAlchemy models, one module per aggregate."""

from advocacy.models.accounts import Chapter, User
from advocacy.models.bills import (
    Bill,
    BillAction,
    BillChange,
    BillFollow,
    BillPosition,
    BillPositionChange,
    BillSponsor,
    BillWatchSeen,
    LogEntryBill,
)
from advocacy.models.campaigns import Campaign, CampaignBill, TalkingPoint
from advocacy.models.data import Correction, DataLoad, SourceFile
from advocacy.models.directory import (
    Committee,
    CommitteeMember,
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
from advocacy.models.interactions import CwcOffice, Interaction, OutboxMessage
from advocacy.models.jobs import JobRun
from advocacy.models.log import LogEntry, LogEntryChange, LogEntryOfficial
from advocacy.models.reports import (
    ReportCount,
    ReportMember,
    ReportMemberFirst,
    ReportOfficialCount,
)
from advocacy.models.rules import (
    Agency,
    Comment,
    CommentFile,
    Rule,
    RuleAgency,
    RuleChange,
    RuleFollow,
    RulePosition,
    RulePositionChange,
)
from advocacy.models.stories import Event, Story

__all__ = [
    "Agency",
    "Comment",
    "CommentFile",
    "Rule",
    "RuleAgency",
    "RuleChange",
    "RuleFollow",
    "RulePosition",
    "RulePositionChange",
    "Committee",
    "CommitteeMember",
    "CwcOffice",
    "Bill",
    "BillAction",
    "BillSponsor",
    "BillChange",
    "BillFollow",
    "Correction",
    "BillPosition",
    "BillPositionChange",
    "BillWatchSeen",
    "LogEntryBill",
    "Campaign",
    "CampaignBill",
    "Interaction",
    "OutboxMessage",
    "JobRun",
    "User",
    "Chapter",
    "LogEntry",
    "LogEntryChange",
    "LogEntryOfficial",
    "ReportCount",
    "Story",
    "Event",
    "ReportMember",
    "ReportMemberFirst",
    "ReportOfficialCount",
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
