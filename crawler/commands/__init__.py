"""Typer sub-commands of the ``wildwatch`` CLI, one module per area; ``crawler.cli`` mounts them."""
