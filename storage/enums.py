"""Statuses, kinds and labels of the stored rows, as string enums shared with callers."""

from __future__ import annotations

from enum import StrEnum


class RunStatus(StrEnum):
    """How a crawl run ended (``running`` while it is under way)."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    KILLED = "killed"


class ListingStatus(StrEnum):
    """Whether a listing is still online, as far as the last crawl could tell."""

    ACTIVE = "active"
    REMOVED = "removed"
    SOLD = "sold"


class EventKind(StrEnum):
    """What happened to a listing between two crawls."""

    FIRST_SEEN = "first_seen"
    PRICE_CHANGED = "price_changed"
    TEXT_EDITED = "text_edited"
    REMOVED = "removed"
    SOLD = "sold"
    REAPPEARED = "reappeared"


class ContactKind(StrEnum):
    """A way to reach a seller; values are stored in one canonical form per kind."""

    PHONE = "phone"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    PROFILE_URL = "profile_url"
    HANDLE = "handle"


class DecisionLabel(StrEnum):
    """An analyst's answer about a flagged listing."""

    CONFIRMED_TRAFFICKING = "confirmed_trafficking"
    NOT_TRAFFICKING = "not_trafficking"
    NEEDS_MORE_INFO = "needs_more_info"
    DUPLICATE = "duplicate"
