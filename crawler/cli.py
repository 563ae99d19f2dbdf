"""The ``wildwatch`` command: a thin Typer adapter around storage, the crawl and classifiers."""

from __future__ import annotations

import typer

from crawler.commands import classify, crawl, db, demo, models, serve, sites, submit

app = typer.Typer(
    name="wildwatch",
    help="Watch online marketplaces and social media for illegal wildlife trade.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

app.command("demo")(demo.demo)
app.command("crawl")(crawl.crawl)
app.command("classify")(classify.classify)
app.command("classify-file")(classify.classify_file)
app.command("flagged")(classify.flagged)
app.command("train")(models.train)
app.command("eval")(models.evaluate)
app.command("serve")(serve.serve)
app.command("submit")(submit.submit)
app.add_typer(db.app, name="db", help="Database schema: create and upgrade.")
app.add_typer(models.app, name="models", help="Build the offline embedding models.")
app.add_typer(sites.app, name="sites", help="Site profiles: check what a profile extracts.")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
