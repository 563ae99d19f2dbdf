"""``wildwatch crawl``: run spiders (one process, one reactor) and store what they find."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from crawler.progress import console, crawl_progress
from crawler.runner import CrawlReport, run_crawl

Target = tuple[str, dict[str, str]]


def parse_spider_args(pairs: list[str]) -> dict[str, str]:
    """``-a key=value`` pairs as a dict, with a clear error for a pair without ``=``."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"spider argument {pair!r} is not key=value")
        out[key.strip()] = value
    return out


def _setting_value(raw: str) -> Any:
    """A ``-s`` value: JSON when it parses (numbers, booleans, lists), else the string."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def load_sources(path: Path) -> list[Target]:
    """A sources file: a YAML list of ``{spider: name, args: {key: value}}`` entries."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise typer.BadParameter(f"cannot read sources file {path}: {exc}") from exc
    if not isinstance(data, list):
        raise typer.BadParameter(f"{path}: expected a list of {{spider, args}} entries")
    targets: list[Target] = []
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("spider"), str):
            raise typer.BadParameter(f"{path}: entry {index} needs a 'spider' name")
        args = entry.get("args") or {}
        if not isinstance(args, dict):
            raise typer.BadParameter(f"{path}: entry {index}: 'args' must be a mapping")
        targets.append((entry["spider"], {str(k): str(v) for k, v in args.items()}))
    return targets


def short_label(spider: str, kwargs: dict[str, str], width: int = 60) -> str:
    """``spider(key=value, ...)`` cut to ``width`` characters for tables."""
    label = f"{spider}({', '.join(f'{k}={v}' for k, v in sorted(kwargs.items()))})"
    return label if len(label) <= width else label[: width - 1] + "…"


def report_table(report: CrawlReport, title: str = "Crawl") -> Table:
    """Per-spider figures of a crawl, with drops and errors explained."""
    table = Table(title=title)
    for column in (
        "spider",
        "items",
        "new listings",
        "new snapshots",
        "unchanged",
        "dropped (why)",
        "errors",
        "s",
    ):
        table.add_column(column, overflow="fold")
    for run in report.spiders:
        drops = ", ".join(f"{reason} {n}" for reason, n in sorted(run.dropped.items())) or "0"
        errors = ", ".join(f"{reason} {n}" for reason, n in sorted(run.errors.items())) or "0"
        table.add_row(
            short_label(run.spider, run.kwargs),
            str(run.items_scraped),
            str(run.new_listings),
            str(run.new_snapshots),
            str(run.unchanged),
            drops,
            errors,
            f"{run.elapsed:.1f}",
        )
    return table


def crawl(
    spiders: Annotated[
        list[str] | None, typer.Argument(help="Spider names (see `scrapy list`).")
    ] = None,
    arg: Annotated[
        list[str] | None, typer.Option("-a", help="Spider argument key=value (repeatable).")
    ] = None,
    sources: Annotated[
        Path | None, typer.Option(help="YAML list of {spider, args} to crawl.")
    ] = None,
    setting: Annotated[
        list[str] | None,
        typer.Option("-s", help="Scrapy setting NAME=VALUE for this run (repeatable)."),
    ] = None,
) -> None:
    """Crawl the named spiders (or every entry of a sources file), storing each listing once."""
    targets: list[Target] = load_sources(sources) if sources else []
    spider_args = parse_spider_args(arg or [])
    targets += [(name, dict(spider_args)) for name in spiders or []]
    if not targets:
        console.print("[red]Name at least one spider or give --sources FILE.[/red]")
        raise typer.Exit(code=2)
    overrides = {
        name: _setting_value(value) for name, value in parse_spider_args(setting or []).items()
    }
    with crawl_progress() as progress:
        report = run_crawl(targets, settings_overrides=overrides, progress=progress)
    console.print(report_table(report))
    if report.failed:
        console.print(f"[red]crawl failed:[/red] {report.failure_message}")
        raise typer.Exit(code=1)
