"""The fixed vocabularies of the journal; their values are the CSV spellings."""

from __future__ import annotations

from enum import StrEnum


class Tie(StrEnum):
    KIN = "kin"
    FRIEND = "friend"
    COLLEAGUE = "colleague"
    NEIGHBOUR = "neighbour"
    COMMUNITY = "community"
    ACQUAINTANCE = "acquaintance"
    OTHER = "other"


class InteractionKind(StrEnum):
    CONVERSATION = "conversation"
    SHARED_TIME = "shared_time"
    CALL = "call"
    MESSAGE = "message"
    MEETING = "meeting"
    SUPPORT = "support"
    OTHER = "other"


class Initiator(StrEnum):
    ME = "me"
    THEM = "them"
    MUTUAL = "mutual"


class Direction(StrEnum):
    GIVEN = "given"
    RECEIVED = "received"

    @property
    def opposite(self) -> Direction:
        return Direction.RECEIVED if self is Direction.GIVEN else Direction.GIVEN


class Expectation(StrEnum):
    NONE = "none"
    IMPLICIT = "implicit"
    EXPLICIT = "explicit"


class Formality(StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"


class CoalitionStatus(StrEnum):
    FORMING = "forming"
    ACTIVE = "active"
    ACHIEVED = "achieved"
    DISSOLVED = "dissolved"


class PromptState(StrEnum):
    OPEN = "open"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"  # "not transactional", with an optional reason
    ANSWERED = "answered"  # a journal entry answers it
    RESOLVED = "resolved"  # the rules stopped raising it for a while: closed by Kith
