"""ListingItem: the one thing every spider yields (docs/architecture.md, Contracts)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ListingItem:
    """One post or listing as a spider parsed it.

    Spiders fill what the page shows and leave the rest empty; the normalise pipeline
    cleans text, parses price and phones, detects language and computes ``key``.
    """

    platform: str
    source_url: str
    canonical_url: str = ""
    platform_id: str | None = None
    title: str = ""
    text: str = ""
    price_raw: str | None = None
    price: float | None = None
    currency: str | None = None
    location: str | None = None
    seller_handle: str | None = None
    seller_name: str | None = None
    seller_url: str | None = None
    phones: list[str] = field(default_factory=list)
    whatsapp: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    profile_urls: list[str] = field(default_factory=list)
    posted_at: datetime | None = None
    posted_raw: str | None = None
    image_urls: list[str] = field(default_factory=list)
    language: str | None = None
    country: str | None = None
    fetched_at: datetime | None = None
    capture_ref: str | None = None
    status: str = "active"

    @property
    def key(self) -> str:
        """Identity of the listing: the platform's id, else a hash of the canonical URL."""
        if self.platform_id:
            return f"id:{self.platform_id}"
        url = self.canonical_url or self.source_url
        return "url:" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
