"""``wildwatch serve``: the analysts' review workspace on 127.0.0.1."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from crawler.config import get_settings
from crawler.database import open_database
from crawler.progress import console
from review.app import create_app


def serve_review(sessions: sessionmaker[Session], host: str, port: int) -> None:
    """Serve the review app until interrupted (shared by ``serve`` and ``demo``)."""
    app = create_app(sessions)
    console.print(f"review queue on [bold]http://{host}:{port}/[/bold]  (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def serve(
    host: Annotated[str | None, typer.Option(help="Default: WILDWATCH_REVIEW_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: WILDWATCH_REVIEW_PORT.")] = None,
) -> None:
    """Serve the review queue for analysts."""
    settings = get_settings()
    serve_review(open_database(), host or settings.review_host, port or settings.review_port)
