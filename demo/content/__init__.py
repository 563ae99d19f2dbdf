"""The posts of the demo world, generated from a seed with their ground-truth labels.

``generate(seed)`` is deterministic: the same seed gives the same posts, ids and defects.
About 10 % of every site and language is wildlife trade (the labelling rule of
docs/labelling.md).
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import UTC, datetime, timedelta

from demo.content.compose import format_price, make_phone, make_slots, write_text
from demo.content.lexicon import LANGUAGES, Lexicon, load_lexicon
from demo.content.model import Defect, DemoPost, Label, Theme

__all__ = [
    "ALL_TAGS",
    "CHANNELS",
    "LEXICONS",
    "SITE_PLAN",
    "Defect",
    "DemoPost",
    "Label",
    "generate",
]

LEXICONS: dict[str, Lexicon] = {lang: load_lexicon(lang) for lang in LANGUAGES}

# (site, language, number of posts): es 720 (45 %), pt 560 (35 %), en 320 (20 %).
SITE_PLAN: tuple[tuple[str, str, int], ...] = (
    ("mercado_es", "es", 520),
    ("feira_pt", "pt", 300),
    ("mastodon", "en", 200),
    ("mastodon", "es", 100),
    ("mastodon", "pt", 120),
    ("telegram", "en", 120),
    ("telegram", "es", 100),
    ("telegram", "pt", 140),
)
MARKETPLACES = frozenset({"mercado_es", "feira_pt"})
POSITIVE_SHARE = 0.10

# Broken on purpose, per site: how many posts get each defect.
DEFECTS: dict[str, tuple[tuple[Defect, int], ...]] = {
    "mercado_es": (
        (Defect.MISSING_TITLE, 3),
        (Defect.MISSING_PRICE, 3),
        (Defect.BAD_ENCODING, 2),
        (Defect.NO_CHARSET, 2),
        (Defect.SERVER_ERROR, 1),
        (Defect.SLOW, 1),
        (Defect.TAG_SOUP, 2),
    ),
    "feira_pt": ((Defect.MISSING_PRICE, 2), (Defect.MISSING_TITLE, 1)),
    "mastodon": ((Defect.MALFORMED_JSON, 1),),
    "telegram": ((Defect.PHOTO_ONLY, 2),),
}

ALL_TAGS: tuple[str, ...] = tuple(
    sorted({tag for lex in LEXICONS.values() for theme in lex.themes for tag in theme.tags})
)
CHANNELS: dict[str, Label] = {
    name: label for lex in LEXICONS.values() for name, label in lex.telegram_channels.items()
}

_NOW = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")


def channel_title(channel: str) -> str:
    """The display name of a Telegram channel of the demo world."""
    return channel.replace("_", " ").title()


def _pick_theme(rng: random.Random, themes: list[Theme]) -> Theme:
    return rng.choices(themes, weights=[t.weight for t in themes])[0]


def _seller(rng: random.Random, lex: Lexicon, label: Label) -> tuple[str, str]:
    if label is Label.POSITIVE and rng.random() < 0.7:
        # A few recurrent sellers post most of the trade; the first one most of all.
        shops = lex.shops
        name = rng.choices(shops, weights=[2 ** (len(shops) - i) for i in range(len(shops))])[0]
        return name, _slug(name)
    name = f"{rng.choice(lex.first_names)} {rng.choice(lex.last_names)}"
    return name, f"{_slug(name)}{rng.randint(1, 99)}"


def _channel(rng: random.Random, lex: Lexicon, label: Label) -> str:
    matching = [c for c, lab in lex.telegram_channels.items() if lab is label]
    others = [c for c in lex.telegram_channels if c not in matching]
    pool = matching if (rng.random() < 0.75 or not others) else others
    return rng.choice(pool)


def _make_post(rng: random.Random, site: str, language: str, label: Label, number: int) -> DemoPost:
    lex = LEXICONS[language]
    market = site in MARKETPLACES
    themes = [t for t in lex.themes if t.label is label and (t.market or not market)]
    theme = _pick_theme(rng, themes)
    place = rng.choice(lex.places)
    phone = make_phone(rng, place.country)
    slots = make_slots(rng, theme, lex, place.city, phone.shown)
    title, text = write_text(rng, theme, slots, social=not market)
    price_raw = currency = None
    if theme.price is not None and (market or rng.random() < 0.5):
        if rng.random() < 0.08:
            price_raw = rng.choice(lex.price_on_request)
        else:
            price_raw, currency = format_price(rng, rng.randint(*theme.price), place.country)
        if not market:
            text = f"{text} {price_raw}."
    seller, handle = _seller(rng, lex, label)
    channel = _channel(rng, lex, label) if site == "telegram" else None
    if channel:
        seller, handle = channel_title(channel), channel  # a channel posts under its own name
    shows_contact = rng.random() < (0.75 if label is Label.POSITIVE else 0.4)
    tags: tuple[str, ...] = ()
    if site == "mastodon":
        tags = tuple(rng.sample(theme.tags, rng.randint(1, len(theme.tags))))
        text = f"{text} " + " ".join(f"#{t}" for t in tags)
    n_images = rng.randint(1, 4) if market else rng.choice((0, 0, 1, 1, 2))
    return DemoPost(
        site=site,
        post_id=str(number),
        language=language,
        country=place.country,
        label=label,
        theme=theme.name,
        species=slots.get("species") if label is Label.POSITIVE else None,
        title=title if market else "",
        text=text,
        price_raw=price_raw,
        currency=currency,
        city=place.city,
        region=place.region,
        seller=seller,
        seller_handle=handle,
        phone=phone.shown if shows_contact else None,
        whatsapp=phone.whatsapp_digits if shows_contact and rng.random() < 0.8 else None,
        posted_at=_NOW - timedelta(seconds=rng.randint(0, 120 * 86400)),
        images=tuple(f"{site}-{number}-{k}.png" for k in range(1, n_images + 1)),
        tags=tags,
        channel=channel,
        category=theme.market if market else None,
    )


def _apply_defects(rng: random.Random, site: str, posts: list[DemoPost]) -> None:
    candidates = list(posts)
    rng.shuffle(candidates)
    for defect, count in DEFECTS.get(site, ()):
        chosen = 0
        for post in candidates:
            if chosen == count:
                break
            if post.defect is not None:
                continue
            if defect is Defect.MISSING_PRICE and post.price_raw is None:
                continue
            if defect is Defect.PHOTO_ONLY and post.label is Label.POSITIVE:
                continue  # a photo alone cannot be judged from text; keep the truth honest
            post.defect = defect
            chosen += 1
            if defect is Defect.MISSING_TITLE:
                post.title = ""
            elif defect is Defect.MISSING_PRICE:
                post.price_raw = post.currency = None
            elif defect is Defect.PHOTO_ONLY:
                post.text, post.price_raw, post.currency = "", None, None
                post.images = post.images or (f"{site}-{post.post_id}-1.png",)


def generate(seed: int = 20261124) -> list[DemoPost]:
    """Every post of the demo world, ordered by site and then by post id."""
    rng = random.Random(seed)
    by_site: dict[str, list[DemoPost]] = {}
    for site, language, count in SITE_PLAN:
        positives = round(count * POSITIVE_SHARE)
        labels = [Label.POSITIVE] * positives + [Label.NEGATIVE] * (count - positives)
        rng.shuffle(labels)
        posts = by_site.setdefault(site, [])
        for label in labels:
            posts.append(_make_post(rng, site, language, label, number=0))
    out: list[DemoPost] = []
    for site, posts in by_site.items():
        posts.sort(key=lambda p: p.posted_at)
        per_channel: dict[str | None, int] = {}
        for index, post in enumerate(posts):
            per_channel[post.channel] = per_channel.get(post.channel, 0) + 1
            post.post_id = _post_id(site, index, post, per_channel[post.channel])
            post.images = tuple(
                f"{site}-{post.post_id}-{k}.png" for k in range(1, len(post.images) + 1)
            )
        _apply_defects(rng, site, posts)
        out.extend(posts)
    return out


def _post_id(site: str, index: int, post: DemoPost, in_channel: int) -> str:
    if site == "mastodon":
        # Mastodon ids are snowflakes: milliseconds since the epoch shifted left 16 bits.
        millis = int(post.posted_at.timestamp() * 1000)
        return str((millis << 16) + index % 65536)
    if site == "telegram":
        return str(100 + in_channel * 3 // 2)  # channel ids have gaps (service messages)
    return str(4_100_000 + index * 7 + 3)
