"""All tables of the program; importing this module registers them on ``Base.metadata``."""

from gojokai_desktop.db.models.base import Base, Timestamped, utcnow
from gojokai_desktop.db.models.core import (
    DEFAULT_MEMBER_NUMBER_PATTERN,
    AuditEntry,
    FiscalYear,
    SettingValue,
    SocietySettings,
    User,
)
from gojokai_desktop.db.models.members import (
    ACCOUNT_TYPES,
    BILLING_CYCLES,
    COLLECTION_METHODS,
    EMPLOYMENT_TYPES,
    EVENT_KINDS,
    LEAVE_REASONS,
    SEXES,
    Affiliation,
    Establishment,
    FamilyMember,
    Member,
    MemberEvent,
    MembershipPeriod,
)

__all__ = [
    "ACCOUNT_TYPES",
    "BILLING_CYCLES",
    "COLLECTION_METHODS",
    "DEFAULT_MEMBER_NUMBER_PATTERN",
    "EMPLOYMENT_TYPES",
    "EVENT_KINDS",
    "LEAVE_REASONS",
    "SEXES",
    "Affiliation",
    "AuditEntry",
    "Base",
    "Establishment",
    "FamilyMember",
    "FiscalYear",
    "Member",
    "MemberEvent",
    "MembershipPeriod",
    "SettingValue",
    "SocietySettings",
    "Timestamped",
    "User",
    "utcnow",
]
