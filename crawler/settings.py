"""Scrapy settings for wildwatch: every default in one place, as Scrapy keeps its own.

Values that operators change come from :mod:`crawler.config` (``WILDWATCH_*``).
"""

from __future__ import annotations

from crawler.config import get_settings

_cfg = get_settings()

BOT_NAME = "wildwatch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Politeness by default.
USER_AGENT = _cfg.user_agent
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = _cfg.download_delay
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = _cfg.download_delay
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = _cfg.concurrent_requests_per_domain
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False

# Crawl hygiene (crawler/middlewares/): Crawl-delay from robots.txt as the slot delay's
# floor; retries that honour Retry-After or back off with jitter (replaces RetryMiddleware).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 550,
    "crawler.middlewares.crawl_delay.CrawlDelayMiddleware": 110,
    "crawler.middlewares.gone.GoneListingMiddleware": 540,
}
WILDWATCH_GONE_ENABLED = True
WILDWATCH_GONE_HTTP_CODES = [404, 410]
WILDWATCH_CRAWL_DELAY_ENABLED = True
WILDWATCH_CRAWL_DELAY_MAX = 30.0
WILDWATCH_RETRY_AFTER_MAX = 120.0
WILDWATCH_RETRY_AFTER_BACKOFF_BASE = 1.0
WILDWATCH_RETRY_AFTER_BACKOFF_MAX = 60.0
WILDWATCH_RETRY_AFTER_JITTER = 0.5

# Conditional requests: every visit revalidates with If-None-Match / If-Modified-Since, a
# 304 replays the cached page (same item, no new snapshot); a killed job replays the pages
# it already fetched (crawler/extensions/httpcache.py).
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "crawler.extensions.httpcache.RevalidatingPolicy"
HTTPCACHE_DIR = str(_cfg.data_dir / "httpcache")
HTTPCACHE_GZIP = True
HTTPCACHE_EXPIRATION_SECS = 0
TELNETCONSOLE_ENABLED = False

# Spiders in every language: never drop non-English pages.
FEED_EXPORT_ENCODING = "utf-8"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

# JS-rendered sites go through scrapy-playwright with the system Chromium; only requests
# with meta["playwright"] = True use the browser.
DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "headless": True,
    "executable_path": _cfg.browser_path,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ],
}
PLAYWRIGHT_MAX_CONTEXTS = 4
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
# Images, media and fonts are never downloaded by the browser (crawler/browser.py).
PLAYWRIGHT_ABORT_REQUEST = "crawler.browser.abort_heavy_request"

# API spiders (spiders/api_responses.py) wait for the rate-limit window to reset when fewer
# than this many calls are left, at most this many seconds.
WILDWATCH_RATELIMIT_MIN_REMAINING = 1
WILDWATCH_RATELIMIT_MAX_WAIT = 120

ITEM_PIPELINES = {
    "crawler.pipelines.normalize.NormalizePipeline": 100,
    "crawler.pipelines.dedupe.DedupePipeline": 200,
    "crawler.pipelines.store.StorePipeline": 300,
}

# The store pipeline writes in batches of this many items (and on close); when the
# database stops answering it retries, then stops the crawl and spills items to JSONL.
WILDWATCH_STORE_BATCH_SIZE = 100
WILDWATCH_STORE_RETRIES = 3
WILDWATCH_STORE_RETRY_DELAY = 1.0

# One crawl_runs row per spider run, closed with its status and stats.
EXTENSIONS = {
    "crawler.extensions.crawl_run.CrawlRunExtension": 500,
}

LOG_LEVEL = _cfg.log_level
LOG_FORMATTER = "crawler.logformatter.WildwatchLogFormatter"
