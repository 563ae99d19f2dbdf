"""Rich progress bars and the shared console for every long task of the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from crawler.runner_report import CrawlProgress

#: Messages and progress go to stderr so that ``--output -`` keeps stdout clean JSONL.
console = Console(stderr=True)


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Progress]:
    """A progress bar on stderr; yields the Progress whose single task is ``0``."""
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )
    with bar:
        bar.add_task(description, total=total, rate="")
        yield bar


def advance(bar: Progress, amount: int) -> None:
    """Advance the bar's task and show its rate in items per second."""
    task = bar.tasks[0]
    bar.advance(task.id, amount)
    elapsed = task.elapsed or 0.0
    if elapsed > 0:
        bar.update(task.id, rate=f"{task.completed / elapsed:,.0f}/s")


@contextmanager
def crawl_progress() -> Iterator[Callable[[CrawlProgress], None]]:
    """One live line per spider of a crawl (items and pages so far); yields the callback."""
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} items · {task.fields[pages]} pages"),
        TimeElapsedColumn(),
        console=console,
    )
    tasks: dict[str, TaskID] = {}

    def update(tick: CrawlProgress) -> None:
        if tick.label not in tasks:
            tasks[tick.label] = bar.add_task(tick.label[:70], total=None, pages=0)
        task = tasks[tick.label]
        bar.update(task, completed=tick.items_scraped, pages=tick.pages)
        if tick.finished:
            bar.update(task, total=max(tick.items_scraped, 1), completed=max(tick.items_scraped, 1))

    with bar:
        yield update
