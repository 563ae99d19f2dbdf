"""``wildwatch demo``: the whole monitor on the local demo world, then the review queue."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from crawler.commands.classify import classify_waiting, queue_table
from crawler.commands.crawl import report_table
from crawler.commands.models import open_classifier
from crawler.commands.serve import serve_review
from crawler.config import get_settings
from crawler.database import open_database
from crawler.progress import console, crawl_progress
from crawler.runner import run_crawl
from demo.server import DemoWorld
from demo.targets import demo_targets
from demo.truth import flag_figures
from storage.queue import flagged_queue

#: The demo world is on this machine: no need to be gentle with it.
DEMO_CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def top_flags_table(sessions: sessionmaker[Session], limit: int = 10) -> Table:
    with sessions() as session:
        rows = flagged_queue(session, order="score", limit=limit)
    return queue_table(rows, f"Top {len(rows)} flags")


def truth_table(sessions: sessionmaker[Session], world: DemoWorld) -> Table:
    """Flags per demo site against the demo world's own labels (it knows which posts trade)."""
    with sessions() as session:
        flagged_urls = [
            row.source_url for row in flagged_queue(session, order="score", limit=1_000_000)
        ]
    table = Table(title="Flags against the demo world's ground truth")
    for column in (
        "site",
        "posts",
        "trade posts",
        "flagged",
        "correct flags",
        "precision",
        "recall",
    ):
        table.add_column(column, justify="right")
    for site, f in flag_figures(world.truth(), flagged_urls).items():
        table.add_row(
            site,
            str(f.posts),
            str(f.positives),
            str(f.flagged),
            str(f.correct),
            f"{f.precision:.2f}" if f.flagged else "-",
            f"{f.recall:.2f}" if f.positives else "-",
        )
    return table


def demo(
    serve: Annotated[bool, typer.Option(help="Serve the review queue when done.")] = True,
    port: Annotated[int | None, typer.Option(help="First port of the demo world.")] = None,
) -> None:
    """Start the demo world, crawl every source, classify, summarise, serve the flagged queue."""
    settings = get_settings()
    sessions = open_database()
    with DemoWorld(
        host=settings.demo_host, base_port=settings.demo_port if port is None else port
    ) as world:
        for name, url in world.urls.items():
            console.print(f"demo site [bold]{name}[/bold] on {url}")
        with crawl_progress() as progress:
            report = run_crawl(
                demo_targets(world.urls), settings_overrides=DEMO_CRAWL_SETTINGS, progress=progress
            )
        console.print(report_table(report, title="Crawl of the demo world"))
        if report.failed:
            console.print(f"[red]crawl failed:[/red] {report.failure_message}")
            raise typer.Exit(code=1)

        classifier = open_classifier()
        classify_waiting(sessions, classifier)
        console.print(truth_table(sessions, world))
        console.print(top_flags_table(sessions))
        if serve:
            serve_review(sessions, settings.review_host, settings.review_port)
