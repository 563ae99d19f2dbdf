"""Item pipelines of the crawl: normalise, deduplicate within a run, store in batches.

Each pipeline is built with ``from_crawler``, reads its own ``WILDWATCH_*`` settings and
counts what it does in ``crawler.stats``; a dropped item's reason is counted under
``wildwatch/dropped/<reason>``.
"""
