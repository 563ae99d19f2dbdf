"""The one-off spider behind ``wildwatch sites check``: a result page, then a few details.

It fills a :class:`crawler.commands.sites.CheckResult` in place instead of yielding items,
so the command can print what every selector of the profile found.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.browser import browser_meta
from spiders.site_profile import SiteProfile, extract_fields, select, select_nodes

if TYPE_CHECKING:
    from crawler.commands.sites import CheckResult


class ProfileCheckSpider(scrapy.Spider):
    """Reads one result page and its first ``details`` detail pages with a site profile."""

    name = "wildwatch_sites_check"

    def __init__(
        self, profile: SiteProfile, url: str, details: int, result: CheckResult, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.profile = profile
        self.url = url
        self.details = details
        self.result = result
        self.detail_urls: list[str] = []
        self.found: dict[str, dict[str, list[str]]] = {}

    def _request(self, url: str, callback: Any) -> scrapy.Request:
        meta: dict[str, Any] = {"handle_httpstatus_all": True}
        if self.profile.browser:
            meta.update(browser_meta(self.profile.name, self.profile.wait_for))
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self._request(self.url, self.parse_results)

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        where = request.url if request is not None else self.url
        self.result.problems.append(f"could not fetch {where}: {failure.getErrorMessage()}")

    def _page(self, response: Response) -> TextResponse | None:
        if response.status >= 400:
            self.result.problems.append(f"{response.url} answered HTTP {response.status}")
            return None
        if not isinstance(response, TextResponse):
            self.result.problems.append(f"{response.url} is not a text page")
            return None
        return response

    def parse_results(self, response: Response) -> Iterator[scrapy.Request]:
        from crawler.commands.sites import Finding

        page = self._page(response)
        if page is None:
            return
        sel = self.profile.results
        nodes = select_nodes(page, sel.item)
        item = Finding("results", "item", sel.item)
        item.add(
            [" ".join(n.xpath(".//text()").getall()).strip()[:80] or "(element)" for n in nodes]
        )
        links: list[str] = []
        for node in nodes:
            links.extend(page.urljoin(v) for v in select(node, sel.link)[:1])
        link = Finding("results", "link", sel.link)
        link.add(links)
        self.result.findings += [item, link]
        for name in ("next_page", "empty"):
            expr = getattr(sel, name)
            if expr:
                finding = Finding("results", name, expr)
                finding.add(select(page, expr))
                self.result.findings.append(finding)
                if name == "empty" and finding.count:
                    self.result.no_results = True
        for name, expr in self.profile.detail.model_dump().items():
            if expr:
                self.result.findings.append(Finding("detail", name, expr))
        requests = [self._request(url, self.parse_detail) for url in dict.fromkeys(links)]
        self.detail_urls = [r.url for r in requests[: self.details]]  # escaped as Scrapy sends them
        yield from requests[: self.details]

    def parse_detail(self, response: Response) -> None:
        page = self._page(response)
        if page is None:
            return
        url = response.request.url if response.request is not None else page.url
        self.found[url] = extract_fields(self.profile, page)

    def closed(self, reason: str) -> None:
        """Add the detail pages in result-page order, so the first values are the first ad's."""
        for url in self.detail_urls:
            if url not in self.found:
                continue
            self.result.detail_pages += 1
            for finding in self.result.findings:
                if finding.section == "detail":
                    finding.add(self.found[url].get(finding.name, []))
