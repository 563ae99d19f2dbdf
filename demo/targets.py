"""What to crawl so that every post of the demo world is fetched: (spider name, spider kwargs)."""

from __future__ import annotations

from demo.content import ALL_TAGS, CHANNELS

# Far more pages than any demo listing has: the crawl stops when a site has no next page.
_ALL_PAGES = "1000"


def demo_targets(urls: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """Spider runs that together cover the whole demo world served at ``urls``.

    Marketplaces are browsed by category (their profiles list every category), Mastodon is
    read through every hashtag the demo uses, Telegram through every channel.
    """
    return [
        (
            "marketplace_search",
            {"profile": "mercado_es", "base_url": urls["mercado_es"], "max_pages": _ALL_PAGES},
        ),
        (
            "marketplace_search",
            {"profile": "feira_pt", "base_url": urls["feira_pt"], "max_pages": _ALL_PAGES},
        ),
        (
            "mastodon_hashtag",
            {"instance": urls["mastodon"], "tags": ",".join(ALL_TAGS), "max_pages": _ALL_PAGES},
        ),
        (
            "telegram_channel",
            {
                "base_url": urls["telegram"],
                "channels": ",".join(sorted(CHANNELS)),
                "max_pages": _ALL_PAGES,
            },
        ),
    ]
