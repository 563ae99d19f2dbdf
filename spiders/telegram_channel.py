"""``telegram_channel``: posts of public Telegram channels from their web preview (t.me/s/).

    scrapy crawl telegram_channel -a channels=somechannel,otherchannel -a max_pages=5

Reads ``<base_url>/s/<channel>`` and follows "load older" (``?before=<id>``) up to
``max_pages`` pages per channel. A channel whose preview shows no posts is counted in
``wildwatch/telegram/empty_channels``; one without a public preview is a parse error
(``wildwatch/parse_errors/no_messages``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse
from w3lib.url import canonicalize_url

from crawler.items import ListingItem
from spiders.listing_fields import comma_list, html_to_text, iso_datetime, positive_int
from spiders.parse_errors import as_text, fetch_error, parse_error

_BACKGROUND_URL = re.compile(r"background-image:\s*url\(['\"]?([^'\")]+)['\"]?\)")


class TelegramChannelSpider(scrapy.Spider):
    """The public web preview of Telegram channels."""

    name = "telegram_channel"

    def __init__(
        self,
        channels: str | None = None,
        base_url: str = "https://t.me",
        max_pages: str | int = 10,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.channels = [c.lstrip("@") for c in comma_list(channels)]
        self.max_pages = positive_int(max_pages, "max_pages")
        if not self.channels:
            raise ValueError("telegram_channel needs channels= (a comma list of channel names)")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for channel in self.channels:
            yield self._request(f"{self.base_url}/s/{channel}", channel, page=1)

    def _request(self, url: str, channel: str, page: int) -> scrapy.Request:
        meta = {"wildwatch_channel": channel, "wildwatch_page": page}
        return scrapy.Request(url, self.parse_channel, errback=self.on_error, meta=meta)

    def on_error(self, failure: Any) -> None:
        fetch_error(self, failure)

    def parse_channel(self, response: Response) -> Iterator[ListingItem | scrapy.Request]:
        page = as_text(self, response)
        if page is None:
            return
        channel = str(page.meta["wildwatch_channel"])
        messages = page.css(".tgme_widget_message[data-post]")
        if not messages and page.css(".tgme_channel_history"):
            # The preview exists but the channel has posted nothing (or deleted everything).
            self.crawler.stats.inc_value("wildwatch/telegram/empty_channels")
            return
        if not messages:
            parse_error(self, page, "no_messages", f"no public preview for channel {channel!r}")
            return
        for message in messages:
            yield self.listing(page, message)
        before = page.css("a.tme_messages_more::attr(data-before)").get()
        number = int(page.meta.get("wildwatch_page", 1))
        if before and number < self.max_pages:
            url = f"{self.base_url}/s/{channel}?before={before}"
            yield self._request(url, channel, page=number + 1)

    def listing(self, response: TextResponse, message: Selector) -> ListingItem:
        """One message; a photo-only post yields an item with empty text."""
        post = message.attrib["data-post"]
        url = f"{self.base_url}/{post}"
        channel = post.split("/", 1)[0]
        text_html = message.css(".tgme_widget_message_text").get() or ""
        posted_raw = message.css(".tgme_widget_message_date time::attr(datetime)").get()
        photos = [
            match.group(1)
            for style in message.css(".tgme_widget_message_photo_wrap::attr(style)").getall()
            if (match := _BACKGROUND_URL.search(style))
        ]
        # The name's text nodes carry their own spacing (an emoji sits in its own element).
        owner = " ".join(
            "".join(message.css(".tgme_widget_message_owner_name ::text").getall()).split()
        )
        return ListingItem(
            platform="telegram",
            source_url=url,
            canonical_url=canonicalize_url(url),
            platform_id=post,
            text=html_to_text(text_html),
            seller_handle=channel,
            seller_name=owner or None,
            seller_url=f"{self.base_url}/{channel}",
            profile_urls=[f"{self.base_url}/{channel}"],
            posted_at=iso_datetime(posted_raw),
            posted_raw=posted_raw,
            image_urls=[response.urljoin(p) for p in photos],
            fetched_at=datetime.now(UTC),
        )
