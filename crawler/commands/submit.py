"""``wildwatch submit URL [URL ...]``: store and classify posts an analyst found by hand.

The posts go through the same path as crawled ones: the ``submitted_url`` spider in
:func:`crawler.runner.run_crawl` (pipelines normalise, deduplicate and store), then the
batch classify stage (:func:`crawler.classify_job.classify_pending`). Pages without text are
rendered in Chromium automatically; ``--browser`` renders every page.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker
from w3lib.url import canonicalize_url

from crawler.commands.crawl import report_table
from crawler.database import open_database
from crawler.progress import console
from crawler.runner import run_crawl
from storage.queue import QueueRow, flagged_queue, queue_size

QUEUE_PAGE = 500


def submit_targets(urls: list[str], browser: bool) -> list[tuple[str, dict[str, str]]]:
    """The crawl target for ``urls``: one ``submitted_url`` run fetching them all."""
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        raise typer.BadParameter(f"not web addresses: {', '.join(bad)}")
    mode = "always" if browser else "auto"
    return [("submitted_url", {"urls": " ".join(dict.fromkeys(urls)), "browser": mode})]


def _flagged_rows(
    sessions: sessionmaker[Session], version: str, urls: set[str]
) -> dict[str, QueueRow]:
    """Queue rows (flagged, undecided) of this model version whose URL is one of ``urls``."""
    found: dict[str, QueueRow] = {}
    with sessions() as session:
        total = queue_size(session, version)
        for offset in range(0, total, QUEUE_PAGE):
            for row in flagged_queue(session, version, limit=QUEUE_PAGE, offset=offset):
                for url in (row.source_url, row.canonical_url):
                    if url in urls:
                        found[url] = row
            if len(found) >= len(urls):
                break
    return found


def submit(
    urls: Annotated[list[str], typer.Argument(help="Addresses of the posts to fetch.")],
    browser: Annotated[
        bool,
        typer.Option(
            "--browser", help="Render every page in Chromium (default: only pages without text)."
        ),
    ] = False,
    classify: Annotated[bool, typer.Option(help="Classify the stored posts right away.")] = True,
) -> None:
    """Fetch posts found by hand, store them like crawled ones and classify them."""
    targets = submit_targets(urls, browser)
    sessions = open_database()
    report = run_crawl(targets)
    console.print(report_table(report, title="Submitted posts"))
    if report.failed:
        console.print(f"[red]submit failed:[/red] {report.failure_message}")
        raise typer.Exit(code=1)
    if report.items_scraped == 0:
        console.print("[yellow]No post could be read from these addresses.[/yellow]")
        raise typer.Exit(code=1)
    if not classify:
        return
    # The classifier loads its model only when asked to classify (``--no-classify`` skips it).
    from crawler.commands.classify import classify_waiting
    from crawler.commands.models import open_classifier

    classifier = open_classifier()
    classify_waiting(sessions, classifier)
    wanted = set(urls) | {canonicalize_url(u) for u in urls}
    flagged = _flagged_rows(sessions, classifier.version, wanted)
    table = Table(title=f"Verdicts ({classifier.version})")
    for column in ("URL", "flagged", "score", "why"):
        table.add_column(column, overflow="fold")
    for url in dict.fromkeys(urls):
        row = flagged.get(url) or flagged.get(canonicalize_url(url))
        if row is None:
            table.add_row(url, "no", "-", "below the threshold, or already decided")
        else:
            reasons = "; ".join(row.reasons[:4])
            table.add_row(url, "[bold red]yes[/bold red]", f"{row.score:.2f}", reasons)
    console.print(table)
