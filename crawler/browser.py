"""Browser pages through scrapy-playwright with the system Chromium, kept small and isolated.

Each site gets its own browser context (``playwright_context`` = the site's name), so cookies
and storage never leak between sites and one site's pages can be dropped together. Pages are
never handed to callbacks (no ``playwright_include_page``), so scrapy-playwright closes every
page itself once the response is read. Memory stays bounded by ``PLAYWRIGHT_MAX_CONTEXTS`` and
``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT``; images, media and fonts are aborted before download
(``PLAYWRIGHT_ABORT_REQUEST``): the text and the image URLs are what the spiders need.
"""

from __future__ import annotations

from typing import Any

from scrapy_playwright.page import PageMethod

HEAVY_RESOURCES = frozenset({"image", "media", "font"})


def abort_heavy_request(request: Any) -> bool:
    """``PLAYWRIGHT_ABORT_REQUEST``: skip images, media and fonts (a playwright Request)."""
    return request.resource_type in HEAVY_RESOURCES


def browser_meta(context: str, wait_for: str | None = None) -> dict[str, Any]:
    """Request meta that renders the page in the browser context of site ``context``.

    Waits for ``wait_for`` (a CSS selector) when given, else for the network to go quiet.
    """
    method = (
        PageMethod("wait_for_selector", wait_for, timeout=15_000)
        if wait_for
        else PageMethod("wait_for_load_state", "networkidle")
    )
    return {
        "playwright": True,
        "playwright_context": context,
        "playwright_include_page": False,
        "playwright_page_methods": [method],
    }
