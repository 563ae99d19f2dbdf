"""The records of the demo world: a theme a post is written from, and the post itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum


class Label(IntEnum):
    """Ground truth under the labelling rule of docs/labelling.md."""

    NEGATIVE = 0
    POSITIVE = 1


class Defect(StrEnum):
    """Ways a demo page is broken on purpose, so spiders meet the web as it is."""

    MISSING_TITLE = "missing_title"
    MISSING_PRICE = "missing_price"
    BAD_ENCODING = "bad_encoding"  # latin-1 bytes served as UTF-8
    NO_CHARSET = "no_charset"  # latin-1 bytes, no charset anywhere
    SERVER_ERROR = "server_error"  # always HTTP 500
    SLOW = "slow"  # about three seconds to answer
    TAG_SOUP = "tag_soup"  # unclosed tags, nested tables
    MALFORMED_JSON = "malformed_json"  # Mastodon /api/v1/statuses/:id body cut short
    PHOTO_ONLY = "photo_only"  # Telegram post with a photo and no text


@dataclass(frozen=True)
class Theme:
    """One kind of post in one language: title and sentence templates and their slots.

    ``market`` is the category slug the post is filed under on a marketplace, ``None`` for
    themes that only appear on social sites (news, recipes). Prices are in US dollars and
    converted to the poster's currency.
    """

    name: str
    label: Label
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    slots: Mapping[str, tuple[str, ...]]
    price: tuple[int, int] | None
    market: str | None
    tags: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Place:
    """A city where posters live."""

    city: str
    region: str
    country: str


@dataclass
class DemoPost:
    """One generated post, with its ground truth (``label``) and where the demo serves it."""

    site: str
    post_id: str
    language: str
    country: str
    label: Label
    theme: str
    species: str | None
    title: str
    text: str
    price_raw: str | None
    currency: str | None
    city: str
    region: str
    seller: str
    seller_handle: str
    phone: str | None
    whatsapp: str | None
    posted_at: datetime
    images: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    channel: str | None = None
    category: str | None = None
    defect: Defect | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def uid(self) -> str:
        """Unique across the demo world: the site name and the post's path."""
        return f"{self.site}{self.path}"

    @property
    def path(self) -> str:
        """The path of the post's own page on its site (what spiders report as its URL)."""
        if self.site == "mastodon":
            return f"/@{self.seller_handle}/{self.post_id}"
        if self.site == "telegram":
            return f"/{self.channel}/{self.post_id}"
        return f"/anuncio/{self.post_id}"
