"""DemoWorld: the four demo sites served on 127.0.0.1, one port each, from background threads."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import TracebackType

from demo.content import DemoPost, generate
from demo.sites.base import RunningSite, Site, serve
from demo.sites.feira import FeiraSite
from demo.sites.mastodon import MastodonSite
from demo.sites.mercado import MercadoSite
from demo.sites.telegram import TelegramSite

SITE_NAMES = ("mercado_es", "feira_pt", "mastodon", "telegram")
DEFAULT_SEED = 20261124


class DemoWorld:
    """Serve the demo sites; ``base_port=0`` binds each site to any free port (tests).

    With ``base_port=8710`` the sites listen on 8710..8713 in the order of ``SITE_NAMES``.
    ``posts`` holds every generated post with its ground-truth label; ``post_url(post)`` is
    the URL a spider reports for it.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        base_port: int = 8710,
        seed: int = DEFAULT_SEED,
        mastodon_rate_limit: int = 300,
    ) -> None:
        self.host = host
        self.base_port = base_port
        self.seed = seed
        self.posts: list[DemoPost] = generate(seed)
        on = self.posts_on
        self.sites: dict[str, Site] = {
            "mercado_es": MercadoSite(on("mercado_es")),
            "feira_pt": FeiraSite(on("feira_pt")),
            "mastodon": MastodonSite(on("mastodon"), rate_limit=mastodon_rate_limit),
            "telegram": TelegramSite(on("telegram")),
        }
        self._running: list[RunningSite] = []

    def posts_on(self, site: str) -> list[DemoPost]:
        return [p for p in self.posts if p.site == site]

    @property
    def urls(self) -> dict[str, str]:
        """Site name -> base URL (no trailing slash); empty until started."""
        return {name: site.base_url for name, site in self.sites.items() if site.base_url}

    def post_url(self, post: DemoPost) -> str:
        return self.sites[post.site].base_url + post.path

    def truth(self, base_urls: Mapping[str, str] | None = None) -> dict[str, DemoPost]:
        """Every post keyed by its URL, to compare a crawl's flags with the ground truth.

        ``base_urls`` (site name -> base URL) names where another run served the sites;
        by default, where this world serves them.
        """
        bases = self.urls if base_urls is None else base_urls
        return {bases[p.site] + p.path: p for p in self.posts}

    def start(self) -> DemoWorld:
        """Start listening on every site; returns once all sockets are bound."""
        if self._running:
            return self
        try:
            for offset, name in enumerate(SITE_NAMES):
                port = self.base_port + offset if self.base_port else 0
                self._running.append(serve(self.sites[name], self.host, port))
        except OSError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        while self._running:
            self._running.pop().stop()

    def __enter__(self) -> DemoWorld:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __iter__(self) -> Iterator[DemoPost]:
        return iter(self.posts)
