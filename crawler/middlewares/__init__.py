"""Downloader middlewares of wildwatch: crawl hygiene (Crawl-delay, Retry-After, removals)."""
