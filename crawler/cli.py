"""The ``wildwatch`` command: a thin Typer adapter around storage, the crawl and classifiers.

A command's module is imported only when that command runs (or when help lists them all):
``classify-file`` should not wait for the web app, Scrapy and the database to import.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

#: Command name -> "module:function".
COMMANDS: dict[str, str] = {
    "demo": "crawler.commands.demo:demo",
    "crawl": "crawler.commands.crawl:crawl",
    "classify": "crawler.commands.classify:classify",
    "classify-file": "crawler.commands.classify:classify_file",
    "flagged": "crawler.commands.classify:flagged",
    "train": "crawler.commands.models:train",
    "eval": "crawler.commands.models:evaluate",
    "serve": "crawler.commands.serve:serve",
    "submit": "crawler.commands.submit:submit",
}
#: Group name -> ("module:Typer app", help).
GROUPS: dict[str, tuple[str, str]] = {
    "db": ("crawler.commands.db:app", "Database schema: create and upgrade."),
    "models": ("crawler.commands.models:app", "Build the offline embedding models."),
    "sites": ("crawler.commands.sites:app", "Site profiles: check what a profile extracts."),
}


def _load(target: str) -> Any:
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


class LazyCommands(TyperGroup):
    """The top-level group: builds a command from its module the first time it is asked for."""

    # ``Any``: the Click classes live in ``click`` or, in newer Typer, in a private copy of it.
    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *GROUPS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and (cmd_name in COMMANDS or cmd_name in GROUPS):
            one = typer.Typer(pretty_exceptions_enable=False)
            if cmd_name in COMMANDS:
                one.command(cmd_name)(_load(COMMANDS[cmd_name]))
            else:
                target, help_text = GROUPS[cmd_name]
                one.add_typer(_load(target), name=cmd_name, help=help_text)
            self.commands[cmd_name] = typer.main.get_group(one).commands[cmd_name]
        return self.commands.get(cmd_name)


app = typer.Typer(
    name="wildwatch",
    help="Watch online marketplaces and social media for illegal wildlife trade.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=LazyCommands,
)


@app.callback()
def _root() -> None:
    """Watch online marketplaces and social media for illegal wildlife trade."""


def main() -> None:
    app()


if __name__ == "__main__":
    main()
