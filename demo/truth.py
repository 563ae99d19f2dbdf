"""Flags against the demo world's ground truth: precision and recall per site and overall.

The demo world knows which of its posts are trade, so a crawl's flags can be scored against it
(the demo command's summary, the end-to-end benchmark and the demo test all do).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from demo.content import DemoPost

ALL_SITES = "all"


@dataclass(frozen=True)
class FlagFigures:
    """Posts, trade posts, flags and correct flags of one site (or of all of them)."""

    posts: int
    positives: int
    flagged: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.positives if self.positives else 1.0


def flag_figures(
    truth: Mapping[str, DemoPost], flagged_urls: Iterable[str]
) -> dict[str, FlagFigures]:
    """Figures per site, then ``"all"``; flagged URLs the demo world never served are ignored."""
    flagged = {url for url in flagged_urls if url in truth}
    sites = sorted({post.site for post in truth.values()})
    out: dict[str, FlagFigures] = {}
    for site in [*sites, ALL_SITES]:
        urls = {url for url, p in truth.items() if site in (ALL_SITES, p.site)}
        positives = {url for url in urls if truth[url].label}
        mine = flagged & urls
        out[site] = FlagFigures(len(urls), len(positives), len(mine), len(mine & positives))
    return out
