"""``wildwatch sites``: write a site profile in minutes by seeing what each selector finds.

``wildwatch sites check PROFILE`` validates the profile (clear messages for bad YAML, unknown
keys, broken selectors), fetches one result page (search, browse or ``--url``) through the same
Scrapy settings as a crawl (robots.txt, User-Agent, the browser when the profile says so), then
the first few detail pages, and prints a table: selector, how much it found, the first values.
Missing required selectors are shown in red and make the command exit with status 1.
Nothing is stored. ``wildwatch sites list`` validates every bundled profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from crawler.progress import console
from spiders.site_profile import PROFILES_DIR, ProfileError, SiteProfile, load_profile

app = typer.Typer(no_args_is_help=True, help="Site profiles: check what a profile extracts.")

REQUIRED = {("results", "item"), ("results", "link"), ("detail", "title"), ("detail", "text")}
SHOWN_VALUES = 3
VALUE_WIDTH = 60
# A dry run: no storing, no cache, no job directory; a failed page is reported, not retried long.
CHECK_SETTINGS: dict[str, Any] = {
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {},
    "HTTPCACHE_ENABLED": False,
    "JOBDIR": None,
    "RETRY_TIMES": 1,
    "LOG_LEVEL": "ERROR",
}


@dataclass
class Finding:
    """What one selector found: on the result page, or over the detail pages fetched."""

    section: str
    name: str
    selector: str
    count: int = 0
    pages_found: int = 0
    first: list[str] = field(default_factory=list)

    @property
    def required(self) -> bool:
        return (self.section, self.name) in REQUIRED

    def add(self, values: list[str]) -> None:
        self.count += len(values)
        self.pages_found += bool(values)
        if not self.first:
            self.first = values[:SHOWN_VALUES]


@dataclass
class CheckResult:
    """Everything ``sites check`` learnt from one result page and its first detail pages."""

    start_url: str
    findings: list[Finding] = field(default_factory=list)
    detail_pages: int = 0
    no_results: bool = False
    problems: list[str] = field(default_factory=list)

    def finding(self, section: str, name: str) -> Finding | None:
        return next((f for f in self.findings if (f.section, f.name) == (section, name)), None)

    @property
    def missing_required(self) -> list[str]:
        missing = [f"{f.section}.{f.name}" for f in self.findings if f.required and f.count == 0]
        if self.detail_pages == 0:
            missing = [m for m in missing if not m.startswith("detail.")]
        return missing

    @property
    def ok(self) -> bool:
        return not self.problems and not self.missing_required and self.detail_pages > 0


def start_url(profile: SiteProfile, url: str | None, query: str | None) -> str:
    """The result page to check: ``--url``, else a search for ``--query``, else browse page 1."""
    if url:
        return url
    if query:
        return profile.search(query)
    browse = profile.browse(page=1)
    if browse:
        return browse[0]
    raise typer.BadParameter(f"profile {profile.name!r} has no browse_urls: give --query or --url")


def run_check(profile: SiteProfile, url: str, details: int) -> CheckResult:
    """Fetch ``url`` and up to ``details`` detail pages with Scrapy; once per process."""
    import os

    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.commands.sites_check_spider import ProfileCheckSpider

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()  # never the shared Redis frontier: a check marks nothing seen
    settings.setdict(CHECK_SETTINGS, priority="cmdline")
    result = CheckResult(start_url=url)
    process = CrawlerProcess(settings)
    process.crawl(ProfileCheckSpider, profile=profile, url=url, details=details, result=result)
    process.start()
    return result


def findings_table(profile: SiteProfile, result: CheckResult) -> Table:
    """The Rich table of selectors, counts and first values; required misses in red."""
    table = Table(title=escape(f"{profile.name}: {result.start_url}"))
    for column in ("section", "field", "selector", "found", "first values"):
        table.add_column(column, overflow="fold")
    for f in result.findings:
        unchecked = f.section == "detail" and result.detail_pages == 0
        if f.section == "detail":
            found = f"{f.count} on {f.pages_found}/{result.detail_pages} pages"
        else:
            found = str(f.count)
        values = " | ".join(escape(v[:VALUE_WIDTH]) for v in f.first)
        style = None
        if unchecked:
            style, values = "dim", "not checked: no detail page was read"
        elif f.count == 0 and f.required:
            style, values = "bold red", "MISSING (required)"
        elif f.count == 0:
            style, values = "yellow", "none"
        table.add_row(f.section, f.name, escape(f.selector), found, values, style=style)
    return table


@app.command()
def check(
    profile: Annotated[
        str, typer.Argument(help="Profile name (spiders/profiles/NAME.yaml) or path.")
    ],
    query: Annotated[str | None, typer.Option("--query", "-q", help="Search for this.")] = None,
    url: Annotated[str | None, typer.Option(help="Check this result page instead.")] = None,
    base_url: Annotated[str | None, typer.Option(help="Override the profile's base_url.")] = None,
    details: Annotated[int, typer.Option(min=1, help="Detail pages to read.")] = 3,
) -> None:
    """Crawl one result page of PROFILE and show what each selector found."""
    try:
        loaded = load_profile(profile)
        if base_url:
            loaded = loaded.with_base_url(base_url)
    except (ProfileError, ValueError) as exc:
        console.print(f"[bold red]Invalid profile:[/bold red] {escape(str(exc))}")
        raise typer.Exit(code=2) from exc
    result = run_check(loaded, start_url(loaded, url, query), details)
    console.print(findings_table(loaded, result))
    for problem in result.problems:
        console.print(f"[red]{escape(problem)}[/red]")
    if result.no_results:
        console.print("[yellow]The page says it has no results: try another --query.[/yellow]")
    if result.missing_required:
        console.print(
            f"[bold red]Required selectors found nothing:[/bold red] {', '.join(result.missing_required)}"
        )
    if not result.ok:
        raise typer.Exit(code=1)
    console.print(f"[green]{loaded.name}: every required selector found something.[/green]")


@app.command("list")
def list_profiles() -> None:
    """Validate every bundled profile and show its platform, language and modes."""
    table = Table(title=f"Site profiles in {PROFILES_DIR}")
    for column in (
        "profile",
        "platform",
        "language",
        "country",
        "search",
        "browse",
        "browser",
        "valid",
    ):
        table.add_column(column, overflow="fold")
    bad = 0
    for path in sorted(PROFILES_DIR.glob("*.yaml")):
        try:
            p = load_profile(path)
        except ProfileError as exc:
            bad += 1
            table.add_row(path.stem, "", "", "", "", "", "", f"[red]{escape(str(exc))}[/red]")
            continue
        table.add_row(
            p.name,
            p.platform,
            p.language or "-",
            p.country or "-",
            "yes" if p.search_url else "no",
            str(len(p.browse_urls)),
            "yes" if p.browser else "no",
            "[green]yes[/green]",
        )
    console.print(table)
    if bad:
        raise typer.Exit(code=1)


if __name__ == "__main__":
    app()
