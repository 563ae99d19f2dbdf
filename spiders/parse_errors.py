"""How spiders meet broken pages: count them in ``crawler.stats``, log a line, never crash.

Stats keys: ``wildwatch/parse_errors/<reason>`` for a page that arrived but cannot be read,
``wildwatch/fetch_errors/<reason>`` for a request that failed (HTTP error, timeout, DNS),
``wildwatch/encoding_repaired`` for pages whose declared charset was wrong.
"""

from __future__ import annotations

import json
import logging

from scrapy import Spider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


def _inc(spider: Spider, key: str) -> None:
    crawler = getattr(spider, "crawler", None)
    if crawler is not None and crawler.stats is not None:
        crawler.stats.inc_value(key)


def parse_error(spider: Spider, response: Response, reason: str, detail: str = "") -> None:
    """Count and log a page that arrived but could not be parsed."""
    _inc(spider, f"wildwatch/parse_errors/{reason}")
    logger.warning(
        "%s: cannot parse %s (%s)%s",
        spider.name,
        response.url,
        reason,
        f": {detail}" if detail else "",
    )


def fetch_error(spider: Spider, failure: Failure) -> None:
    """Errback for every request: count why it failed, log the URL and the server's words."""
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    message = ""
    if isinstance(failure.value, HttpError):
        response = failure.value.response
        reason = f"http_{response.status}"
        message = _server_message(response)
    elif failure.check(TimeoutError, TCPTimedOutError):
        reason = "timeout"
    elif failure.check(DNSLookupError):
        reason = "dns"
    else:
        reason = type(failure.value).__name__.lower()
        message = str(failure.value)[:200]
    _inc(spider, f"wildwatch/fetch_errors/{reason}")
    logger.warning(
        "%s: fetching %s failed (%s)%s", spider.name, url, reason, f": {message}" if message else ""
    )


def _server_message(response: Response) -> str:
    """The ``error`` field of a JSON error body (Mastodon's ``Record not found``), if any."""
    if not isinstance(response, TextResponse):
        return ""
    try:
        data = json.loads(response.text)
    except ValueError:
        return ""
    return str(data.get("error", "")) if isinstance(data, dict) else ""


def as_text(spider: Spider, response: Response) -> TextResponse | None:
    """The response as text with a trustworthy encoding, or None (counted) if it is not text.

    A page that declares UTF-8 but carries Windows-1252/latin-1 bytes decodes to U+FFFD
    replacement characters; such a page is decoded again as Windows-1252.
    """
    if not isinstance(response, TextResponse):
        content_type = response.headers.get("Content-Type") or b""
        parse_error(spider, response, "not_a_text_page", content_type.decode("latin-1"))
        return None
    if "\ufffd" in response.text:
        try:
            response.body.decode("utf-8")
        except UnicodeDecodeError:
            _inc(spider, "wildwatch/encoding_repaired")
            logger.info(
                "%s: %s is not the UTF-8 it declares; read as cp1252", spider.name, response.url
            )
            return response.replace(encoding="cp1252")
    return response
