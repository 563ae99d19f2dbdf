"""Listings of one marketplace: keyword search, category browse and pagination."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from demo.content import DemoPost

PER_PAGE = 20


def fold(text: str) -> str:
    """Lower case without accents, so "perezoso" finds "Perezoso" and "tucan" finds "tucán"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Page:
    """One page of results and whether there is a next one."""

    items: Sequence[DemoPost]
    number: int
    has_next: bool
    total: int


class Catalog:
    """The posts of a marketplace, newest first, with their words indexed for search."""

    def __init__(self, posts: Sequence[DemoPost]) -> None:
        self.posts = sorted(posts, key=lambda p: p.posted_at, reverse=True)
        self.by_id = {p.post_id: p for p in self.posts}
        self._words = {
            p.post_id: set(re.findall(r"\w+", fold(f"{p.title} {p.text}"))) for p in self.posts
        }
        self.categories = sorted({p.category for p in self.posts if p.category})

    def search(self, query: str) -> list[DemoPost]:
        terms = re.findall(r"\w+", fold(query))
        if not terms:
            return []
        return [p for p in self.posts if all(t in self._words[p.post_id] for t in terms)]

    def in_category(self, slug: str) -> list[DemoPost]:
        return [p for p in self.posts if p.category == slug]

    @staticmethod
    def page(items: Sequence[DemoPost], number: int) -> Page:
        start = (number - 1) * PER_PAGE
        chunk = items[start : start + PER_PAGE]
        return Page(chunk, number, start + PER_PAGE < len(items), len(items))
