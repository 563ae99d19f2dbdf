"""Site-profile reading for ``sitemap_listings``: a profile's detail selectors on any page.

The sitemap spider finds listing URLs without searching, then reads each page exactly as
``marketplace_search`` reads a detail page of the same site, so one YAML profile serves both.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import TextResponse

from crawler.browser import browser_meta
from crawler.items import ListingItem
from spiders.marketplace_search import profile_listing
from spiders.site_profile import SiteProfile, extract_fields, load_profile


class ProfileReader:
    """Reads detail pages with a loaded :class:`SiteProfile` (``profile`` is its only state)."""

    def __init__(self, profile: SiteProfile) -> None:
        self.profile = profile

    @classmethod
    def load(cls, name_or_path: str) -> ProfileReader:
        return cls(load_profile(name_or_path))

    @property
    def platform(self) -> str:
        return self.profile.platform

    def browser_meta(self) -> dict[str, Any]:
        """Render in the browser, in this site's own context, when the profile says so."""
        if not self.profile.browser:
            return {}
        return browser_meta(self.profile.name, self.profile.wait_for)

    def item(self, response: TextResponse) -> ListingItem:
        return profile_listing(self.profile, response, extract_fields(self.profile, response))
