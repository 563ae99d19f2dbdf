"""The review queue page: what analysts see, and that hostile listing text stays inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from classifiers.types import CueDirection, CueHit, SpeciesHit, Verdict
from review.app import create_app
from storage.decisions import record_decision
from storage.listings import store_listings
from storage.queue import flagged_queue
from storage.verdicts import save_verdicts, unclassified_snapshots
from tests.fixtures.factories import make_record, seed_queue

HOSTILE_TITLE = '<script>alert("x")</script>Loro'
HOSTILE_TEXT = 'vendo loro <img src=x onerror=alert(1)> "entrega" inmediata'


def _verdict(score: float, text: str) -> Verdict:
    start, offer = text.index("loro"), text.find("vendo")
    cues = (CueHit("offer", "sale", CueDirection.RAISES, 0.5, "vendo", offer, offer + 5),)
    return Verdict(
        score=score,
        flagged=score >= 0.5,
        model_version="test-1",
        species=(SpeciesHit("amazon parrot", "Amazona spp.", "II", "loro", start, start + 4),),
        cues=cues if offer >= 0 else (),
        language="es",
    )


@pytest.fixture
def client(sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    records = [
        make_record(
            platform_id="1",
            title=HOSTILE_TITLE,
            text=HOSTILE_TEXT,
            source_url="javascript:alert(1)",
            canonical_url="javascript:alert(1)",
        ),
        make_record(
            platform_id="2",
            title="Guacamaya",
            text="vendo loro real, inbox",
            source_url="https://example.org/a/2",
            canonical_url="https://example.org/a/2",
        ),
        make_record(
            platform_id="3",
            title="Peluche",
            text="peluche de loro",
            source_url="https://example.org/a/3",
            canonical_url="https://example.org/a/3",
        ),
    ]
    with sessions.begin() as session:
        store_listings(session, records, run_id=None)
        snaps = unclassified_snapshots(session, "test-1", 10)
        scores = {"1": 0.91, "2": 0.87, "3": 0.10}
        pairs = []
        for snap in snaps:
            pid = next(r["platform_id"] for r in records if r["title"] == snap.title)
            pairs.append((snap.snapshot_id, _verdict(scores[pid], f"{snap.title}\n{snap.text}")))
        save_verdicts(session, pairs)
    with TestClient(create_app(sessions)) as test_client:
        yield test_client


def test_queue_lists_flagged_listings_highest_first(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    body = page.text
    assert body.index("0.91") < body.index("0.87")
    assert "Peluche" not in body  # not flagged
    assert '<mark class="species" title="amazon parrot · CITES II">loro</mark>' in body
    assert "Amazona spp." in body


def test_hostile_listing_text_is_escaped_and_links_are_safe(client: TestClient) -> None:
    page = client.get("/")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "<img src=x" not in page.text
    assert 'href="javascript:' not in page.text
    assert 'href="https://example.org/a/2"' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"


def test_decided_listing_leaves_the_queue(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as session:
        top = flagged_queue(session, limit=1)[0]
        record_decision(session, top.verdict_id, "confirmed_trafficking", "analyst-1")
    data = client.get("/api/queue").json()
    assert [row["score"] for row in data["rows"]] == [0.87]
    assert data["rows"][0]["link"] == "https://example.org/a/2"


@pytest.mark.parametrize("query", ["?order=drop%20table", "?page=0", "?page=abc"])
def test_bad_query_parameters_get_a_clear_error(client: TestClient, query: str) -> None:
    assert client.get("/" + query).status_code == 422


def test_a_page_past_the_end_says_the_queue_is_empty(client: TestClient) -> None:
    assert "No flagged listings" in client.get("/?page=5").text


#: (title, score, day of January 2025 it was fetched): score order and newest order differ.
ORDERED = [("Tucán", 0.95, 1), ("Mono araña", 0.70, 3), ("Perezoso", 0.80, 2), ("Peluche", 0.2, 4)]


@pytest.fixture
def ordered_client(sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    """A queue of three flagged listings and a newer one that is not flagged."""
    scored = [
        (
            make_record(
                platform_id=str(n),
                title=title,
                fetched_at=datetime(2025, 1, day, 12, 0, tzinfo=UTC),
                posted_at=datetime(2024, 12, day, 9, 0, tzinfo=UTC),
            ),
            score,
        )
        for n, (title, score, day) in enumerate(ORDERED)
    ]
    with sessions.begin() as session:
        seed_queue(session, scored)
    with TestClient(create_app(sessions)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("order", "titles", "scores", "times"),
    [
        (
            "score",
            ["Tucán", "Perezoso", "Mono araña"],
            ["0.95", "0.80", "0.70"],
            ["2025-01-01 12:00", "2025-01-02 12:00", "2025-01-03 12:00"],
        ),
        (
            "newest",
            ["Mono araña", "Perezoso", "Tucán"],
            ["0.70", "0.80", "0.95"],
            ["2025-01-03 12:00", "2025-01-02 12:00", "2025-01-01 12:00"],
        ),
    ],
)
def test_queue_order(
    ordered_client: TestClient, order: str, titles: list[str], scores: list[str], times: list[str]
) -> None:
    data = ordered_client.get("/api/queue", params={"order": order}).json()
    assert [row["title"] for row in data["rows"]] == titles
    assert [row["fetched_at"][:16].replace("T", " ") for row in data["rows"]] == times
    page = ordered_client.get("/", params={"order": order}).text
    assert re.findall(r'<span class="score">([^<]*)</span>', page) == scores
    assert re.findall(r"<time>([^<]*) UTC</time>", page) == times
    assert f"<strong>{'newest' if order == 'newest' else 'highest score'}</strong>" in page
