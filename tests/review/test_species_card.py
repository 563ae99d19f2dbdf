"""The species line of a queued listing: what is offered, and a zoonotic-risk badge."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from classifiers.types import CueDirection, CueHit, Product, SpeciesHit, Verdict, ZoonoticRisk
from review.app import create_app
from storage.listings import store_listings
from storage.models import VerdictRow
from storage.verdicts import save_verdicts, unclassified_snapshots
from tests.fixtures.factories import make_record

TEXT = "Vendo sagui filhote e colmillo de jaguar, bexiga de totoaba"
HOSTILE = "<script>alert(1)</script>"


def _hit(
    name: str, sci: str, words: str, product: Product | None, risk: ZoonoticRisk | None
) -> SpeciesHit:
    start = TEXT.index(words)
    return SpeciesHit(
        name, sci, "I", words, start, start + len(words), product=product, zoonotic_risk=risk
    )


SPECIES = (
    _hit("common marmoset", "Callithrix jacchus", "sagui", Product.LIVE, ZoonoticRisk.PRIMATE),
    _hit("jaguar", "Panthera onca", "colmillo de jaguar", Product.FANG, None),
    _hit("totoaba", "Totoaba macdonaldi", "bexiga de totoaba", Product.SWIM_BLADDER, None),
)


def _queue(sessions: sessionmaker[Session], species: tuple[SpeciesHit, ...]) -> TestClient:
    with sessions.begin() as session:
        store_listings(session, [make_record(platform_id="1", title=None, text=TEXT)], run_id=None)
        (snap,) = unclassified_snapshots(session, "test-1", 10)
        offer = CueHit("vendo", "offer", CueDirection.RAISES, 0.5, "Vendo", 0, 5)
        verdict = Verdict(0.97, True, "test-1", species=species, cues=(offer,), language="pt")
        save_verdicts(session, [(snap.snapshot_id, verdict)])
    return TestClient(create_app(sessions))


@pytest.fixture
def page(sessions: sessionmaker[Session]) -> Iterator[str]:
    with _queue(sessions, SPECIES) as client:
        yield client.get("/").text


def _species_lines(page: str) -> list[str]:
    """The text of each species line, tags removed."""
    block = page[page.index('<ul class="species">') :]
    block = block[: block.index("</ul>")]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", block)]


@pytest.mark.parametrize(
    "line",
    [
        "Callithrix jacchus (common marmoset) · CITES I · live animal zoonotic risk: primate",
        "Panthera onca (jaguar) · CITES I · fang",
        "Totoaba macdonaldi (totoaba) · CITES I · swim bladder",
    ],
)
def test_the_species_line_names_the_product_and_the_risk(page: str, line: str) -> None:
    assert line in _species_lines(page)


def test_the_first_reason_is_the_species_and_its_product(page: str) -> None:
    reasons = re.findall(r"<li>(.*?)</li>", page[page.index("<details>") :])
    assert reasons[:2] == [
        "names common marmoset (Callithrix jacchus, CITES I): live animal, zoonotic risk (primate)",
        "names jaguar (Panthera onca, CITES I): fang",
    ]
    assert 'title="jaguar · CITES I · fang">colmillo de jaguar</mark>' in page


def test_a_verdict_from_before_products_shows_no_product(
    sessions: sessionmaker[Session],
) -> None:
    old = (_hit("jaguar", "Panthera onca", "colmillo de jaguar", None, None),)
    with _queue(sessions, old) as client:
        page = client.get("/").text
    assert _species_lines(page) == ["Panthera onca (jaguar) · CITES I"]
    assert "zoonotic" not in page


def test_stored_product_and_risk_values_are_escaped(sessions: sessionmaker[Session]) -> None:
    with _queue(sessions, SPECIES[:1]) as client:
        with sessions.begin() as session:
            (row,) = session.query(VerdictRow).all()
            stored = [{**row.species[0], "product": HOSTILE, "zoonotic_risk": HOSTILE}]
            session.execute(update(VerdictRow).values(species=stored))
        page = client.get("/").text
        api = client.get("/api/queue").json()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert api["rows"][0]["species"][0]["zoonotic_risk"] == HOSTILE  # JSON, not HTML
