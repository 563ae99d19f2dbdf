"""The analysts' review workspace: the flagged queue, read-only for now.

Listing text is written by traffickers, so every value is escaped by Jinja2's autoescape,
links are shown only for http(s) URLs and never followed with a referrer, seller images are
not hot-linked (that would tell the seller's host which analyst looked), and a strict
Content-Security-Policy forbids scripts and inline styles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from classifiers.types import Product, distinct_species
from review.highlight import classified_text, segments
from storage.queue import QueueRow, flagged_queue

HERE = Path(__file__).parent
PAGE_SIZE = 50
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class SecurityHeadersMiddleware(BaseHTTPMiddleware):
    """Adds the headers above to every response."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


def safe_link(url: str | None) -> str | None:
    """The URL if it is plain http(s), else None (no javascript:, data: or relative tricks)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def species_view(species: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each species of a verdict once per product offered, with the product in words."""
    return [
        {**s, "product_label": Product.label_of(s.get("product"))}
        for s in distinct_species(species)
    ]


def row_view(row: QueueRow) -> dict[str, Any]:
    """What the template and the JSON API show of one queue row."""
    full = classified_text(row.title, row.text)
    return {
        "listing_id": row.listing_id,
        "verdict_id": row.verdict_id,
        "platform": row.platform,
        "title": row.title,
        "score": row.score,
        "model_version": row.model_version,
        "species": species_view(row.species),
        "reasons": row.reasons,
        "segments": segments(full, row.species, row.cues),
        "link": safe_link(row.source_url),
        "source_url": row.source_url,
        "seller": row.seller_handle,
        "contacts": [f"{c.kind.value}: {c.value}" for c in row.contacts],
        "price": row.price,
        "currency": row.currency,
        "location": row.location,
        "fetched_at": row.fetched_at,
    }


def create_app(sessions: sessionmaker[Session]) -> FastAPI:
    """The review app on a session factory (the CLI opens the configured database)."""
    app = FastAPI(title="wildwatch review", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.autoescape = True

    def load(order: str, page: int) -> list[QueueRow]:
        with sessions() as session:
            return flagged_queue(
                session, order=order, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
            )

    @app.get("/", response_class=HTMLResponse)
    def queue_page(
        request: Request,
        order: str = Query("score", pattern="^(score|newest)$"),
        page: int = Query(1, ge=1, le=100_000),
    ) -> HTMLResponse:
        rows = [row_view(r) for r in load(order, page)]
        return templates.TemplateResponse(
            request,
            "queue.html",
            {"rows": rows, "order": order, "page": page, "has_next": len(rows) == PAGE_SIZE},
        )

    @app.get("/api/queue")
    def queue_json(
        order: str = Query("score", pattern="^(score|newest)$"),
        page: int = Query(1, ge=1, le=100_000),
    ) -> JSONResponse:
        rows = []
        for row in load(order, page):
            view = row_view(row)
            view.pop("segments")
            view["fetched_at"] = row.fetched_at.isoformat() if row.fetched_at else None
            view["price"] = float(row.price) if row.price is not None else None
            rows.append(view)
        return JSONResponse({"order": order, "page": page, "rows": rows})

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
