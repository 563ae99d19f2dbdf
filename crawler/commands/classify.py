"""``wildwatch classify``, ``classify-file`` and ``flagged``: the batch classify stage and its views.

``classify-file`` needs no database: the storage modules are imported by the commands that use
them, so a file run starts without paying for SQLAlchemy.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from classifiers.pipeline import Classifier
from classifiers.reasons import SPECIES_REASON
from classifiers.types import Product
from crawler.classify_file import classify_stream
from crawler.classify_pool import BrokenProcessPool, ClassifyPool, worker_count
from crawler.commands.models import open_classifier
from crawler.config import get_settings
from crawler.progress import advance, console, progress_bar

if TYPE_CHECKING:
    from rich.table import Table
    from sqlalchemy.orm import Session, sessionmaker

    from crawler.classify_job import ClassifyReport
    from storage.queue import QueueRow

EmbedderOption = Annotated[
    str | None, typer.Option(help="Embedder of the cascade's model (default: the model's own).")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        help="Classify processes: 0 = one per CPU core, 1 = this process only "
        "(default: WILDWATCH_CLASSIFY_WORKERS).",
    ),
]


def _workers(option: int | None) -> int:
    return worker_count(get_settings().classify_workers if option is None else option)


def _worker_died(exc: BrokenProcessPool) -> typer.Exit:
    console.print(
        f"[red]A classify worker process died[/red] ({exc}); the lines written so far stay "
        "written. Out of memory? Try again with --workers 1."
    )
    return typer.Exit(code=2)


def classify_waiting(
    sessions: sessionmaker[Session],
    classifier: Classifier,
    rescore: bool = False,
    batch_size: int | None = None,
    workers: int = 1,
) -> ClassifyReport:
    """Classify what waits for a verdict with a progress bar; report it, or exit clearly when
    the database goes away (the batches saved so far stay saved)."""
    from crawler.classify_job import ClassifyInterrupted, classify_pending, pending_count

    total = pending_count(sessions, classifier.version, rescore)
    size = batch_size or get_settings().classify_batch_size
    try:
        with (
            ClassifyPool(classifier, workers) as pool,
            progress_bar(f"classify ({classifier.version})", total) as bar,
        ):
            report = classify_pending(
                sessions, pool, size, rescore=rescore, progress=lambda n: advance(bar, n)
            )
    except ClassifyInterrupted as exc:
        console.print(f"[red]Classify interrupted:[/red] {exc}")
        raise typer.Exit(code=2) from exc
    except BrokenProcessPool as exc:
        raise _worker_died(exc) from exc
    verb = "re-scored" if rescore else "classified"
    console.print(
        f"{verb} {report.classified} listings with {report.model_version}: "
        f"[bold]{report.flagged} flagged[/bold], {report.errors} errors."
    )
    return report


def classify(
    rescore: Annotated[
        bool,
        typer.Option(
            help="Also re-score listings judged by older model versions (keeps their verdicts)."
        ),
    ] = False,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Listings per batch.")] = None,
    embedder: EmbedderOption = None,
    workers: WorkersOption = None,
) -> None:
    """Classify every stored listing that is waiting for a verdict, in batches."""
    from crawler.database import open_database

    sessions = open_database()
    classifier = open_classifier(embedder)
    classify_waiting(
        sessions, classifier, rescore=rescore, batch_size=batch_size, workers=_workers(workers)
    )


def classify_file(
    input_path: Annotated[str, typer.Option("--input", "-i", help="JSONL input, or - for stdin.")],
    output_path: Annotated[
        str, typer.Option("--output", "-o", help="JSONL output, or - for stdout.")
    ],
    batch_size: Annotated[int, typer.Option(min=1, help="Texts per batch.")] = 512,
    embedder: EmbedderOption = None,
    workers: WorkersOption = None,
) -> None:
    """Classify a JSONL file of {"id", "text", "title"?} lines; one output line per input line."""
    classifier = open_classifier(embedder)
    total = None
    if input_path != "-":
        path = Path(input_path)
        if not path.is_file():
            console.print(f"[red]No such input file:[/red] {input_path}")
            raise typer.Exit(code=2)
        with path.open("rb") as fh:
            total = sum(1 for line in fh if line.strip())
    with ExitStack() as stack:
        pool = stack.enter_context(ClassifyPool(classifier, _workers(workers)))
        source = (
            sys.stdin
            if input_path == "-"
            else stack.enter_context(open(input_path, encoding="utf-8", errors="replace"))
        )
        sink = (
            sys.stdout
            if output_path == "-"
            else stack.enter_context(open(output_path, "w", encoding="utf-8"))
        )
        bar = stack.enter_context(progress_bar(f"classify-file ({classifier.version})", total))
        try:
            written, errors = classify_stream(
                pool, source, sink, batch_size, progress=lambda n: advance(bar, n)
            )
        except BrokenProcessPool as exc:
            raise _worker_died(exc) from exc
    console.print(f"wrote {written} verdicts ({errors} lines with errors) to {output_path}")


def _species_cell(species: dict[str, Any]) -> str:
    """A species in the terminal queue: "capuchin (II): live animal, zoonotic: primate"."""
    cell = f"{species.get('taxon')} ({species.get('cites_appendix') or '-'})"
    product = Product.label_of(species.get("product"))
    if product:
        cell += f": {product}"
    if species.get("zoonotic_risk"):
        cell += f", zoonotic: {species['zoonotic_risk']}"
    return cell


def queue_table(rows: list[QueueRow], title: str) -> Table:
    """Queue rows for the terminal: score, where, what, which species (CITES), why, when."""
    from rich.table import Table

    table = Table(title=title)
    for column in ("score", "platform", "title / text", "species (CITES)", "why", "seen"):
        table.add_column(column, overflow="fold")
    for row in rows:
        species = sorted({_species_cell(s) for s in row.species})
        table.add_row(
            f"{row.score:.2f}",
            row.platform,
            (row.title or row.text or "")[:70],
            ", ".join(species)[:60],
            "; ".join(r for r in row.reasons if not r.startswith(SPECIES_REASON))[:110],
            row.fetched_at.strftime("%Y-%m-%d %H:%M") if row.fetched_at else "",
        )
    return table


def flagged(
    order: Annotated[str, typer.Option(help="score (highest first) or newest.")] = "score",
    limit: Annotated[int, typer.Option(min=1, help="How many rows to show.")] = 20,
    model_version: Annotated[str | None, typer.Option(help="Default: the newest model.")] = None,
) -> None:
    """Show the review queue: flagged listings without an analyst's decision."""
    if order not in ("score", "newest"):
        console.print("[red]--order must be 'score' or 'newest'[/red]")
        raise typer.Exit(code=2)
    from crawler.database import open_database
    from storage.queue import flagged_queue

    sessions = open_database()
    with sessions() as session:
        rows = flagged_queue(session, model_version=model_version, order=order, limit=limit)
    console.print(queue_table(rows, f"Review queue ({len(rows)} shown, {order} first)"))
