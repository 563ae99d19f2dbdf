"""Site profiles: YAML files that teach ``marketplace_search`` a marketplace without code.

``load_profile(name_or_path)`` reads and validates ``spiders/profiles/<name>.yaml`` (or any
path) and raises :class:`ProfileError` with a message naming the file, the key and the
problem. ``extract_fields(profile, response)`` shows what each detail selector found, for
the spider and for ``wildwatch sites check``.

A selector is CSS (with parsel's ``::text`` and ``::attr(name)``) or XPath when it starts
with ``xpath:``. A selector that matches elements yields each element's whole text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import yaml
from cssselect import SelectorError
from parsel import Selector
from parsel.selector import SelectorList
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

PROFILES_DIR = Path(__file__).with_name("profiles")
XPATH_PREFIX = "xpath:"
_PROBE = Selector(text="<html><body></body></html>")


class ProfileError(ValueError):
    """A site profile cannot be used; the message says which file, which key and why."""


def _check_selector(value: str | None) -> str | None:
    if value is None:
        return None
    expr = value.strip()
    if not expr:
        raise ValueError("selector is empty")
    try:
        if expr.startswith(XPATH_PREFIX):
            _PROBE.xpath(expr.removeprefix(XPATH_PREFIX))
        else:
            _PROBE.css(expr)
    except (SelectorError, ValueError) as exc:  # cssselect's errors; parsel's XPath ValueError
        kind = "XPath" if expr.startswith(XPATH_PREFIX) else "CSS"
        raise ValueError(f"invalid {kind} selector {expr!r}: {exc}") from exc
    return expr


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResultSelectors(_Strict):
    """Where a result page lists listings and links to the next page."""

    item: str
    link: str
    next_page: str | None = None
    empty: str | None = None  # present on a page that has no results (not a broken page)

    _check = field_validator("item", "link", "next_page", "empty")(_check_selector)


class DetailSelectors(_Strict):
    """Where a detail page shows each field of a listing; only title and text are required."""

    title: str
    text: str
    price: str | None = None
    location: str | None = None
    country: str | None = None
    seller: str | None = None
    seller_url: str | None = None
    phones: str | None = None
    whatsapp: str | None = None
    emails: str | None = None
    posted: str | None = None
    images: str | None = None
    platform_id: str | None = None

    _check = field_validator("*")(_check_selector)


class SiteProfile(_Strict):
    """One marketplace: where to search and browse, how to read it, whether it needs a browser."""

    name: str
    platform: str
    base_url: str = Field(pattern=r"^https?://[^/\s]+$")
    language: str | None = None
    country: str | None = None
    currency: str | None = None
    browser: bool = False
    wait_for: str | None = None
    search_url: str | None = None
    browse_urls: tuple[str, ...] = ()
    results: ResultSelectors
    detail: DetailSelectors

    _check = field_validator("wait_for")(_check_selector)

    @field_validator("search_url")
    @classmethod
    def _has_query(cls, value: str | None) -> str | None:
        if value is not None and "{query}" not in value:
            raise ValueError("search_url must contain {query}")
        return value

    def with_base_url(self, base_url: str) -> SiteProfile:
        return SiteProfile.model_validate({**self.model_dump(), "base_url": base_url.rstrip("/")})

    def absolute(self, path: str) -> str:
        return path if "://" in path else self.base_url + "/" + path.lstrip("/")

    def search(self, query: str, page: int = 1) -> str:
        if self.search_url is None:
            raise ProfileError(f"profile {self.name!r} has no search_url; it can only browse")
        return self.absolute(self.search_url.format(query=quote_plus(query), page=page))

    def browse(self, page: int = 1) -> list[str]:
        return [self.absolute(url.format(page=page)) for url in self.browse_urls]


def _describe(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            lines.append(f"{where}: unknown key")
        elif item["type"] == "missing":
            lines.append(f"{where}: required key is missing")
        else:
            lines.append(f"{where}: {item['msg'].removeprefix('Value error, ')}")
    return lines


def _locate(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise ProfileError(f"{path}: no such profile file")
        return path
    candidate = PROFILES_DIR / f"{name_or_path}.yaml"
    if not candidate.is_file():
        known = ", ".join(sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))) or "none"
        raise ProfileError(f"no site profile named {str(name_or_path)!r} (known: {known})")
    return candidate


def load_profile(name_or_path: str | Path) -> SiteProfile:
    """Read and validate a profile by name (``spiders/profiles/<name>.yaml``) or by path."""
    path = _locate(name_or_path)
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ProfileError(f"{path}: not valid YAML{where}: {problem}") from exc
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: a profile must be a mapping of keys, got {type(raw).__name__}")
    raw.setdefault("name", path.stem)
    raw.setdefault("platform", raw["name"])
    try:
        return SiteProfile.model_validate(raw)
    except ValidationError as exc:
        raise ProfileError(f"{path}: " + "; ".join(_describe(exc))) from exc


def select_nodes(
    node: Selector | SelectorList[Selector] | Any, expr: str
) -> SelectorList[Selector]:
    """What ``expr`` (CSS, or XPath after ``xpath:``) matches under ``node``."""
    if expr.startswith(XPATH_PREFIX):
        return node.xpath(expr.removeprefix(XPATH_PREFIX))
    return node.css(expr)


def select(node: Selector | SelectorList[Selector] | Any, expr: str) -> list[str]:
    """Every non-empty value ``expr`` finds under ``node``, whitespace collapsed."""
    values = []
    for sel in select_nodes(node, expr):
        raw = sel.root if isinstance(sel.root, str) else " ".join(sel.xpath(".//text()").getall())
        value = " ".join(str(raw).split())
        if value:
            values.append(value)
    return values


def extract_fields(profile: SiteProfile, response: Any) -> dict[str, list[str]]:
    """What each detail selector of ``profile`` finds on ``response`` (a Scrapy response)."""
    selectors = profile.detail.model_dump()
    return {field: select(response, expr) for field, expr in selectors.items() if expr}
