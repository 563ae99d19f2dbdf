"""Search queries from the species lexicon and the sellers' cues, per language and country."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from classifiers.lexicon import load_lexicon
from crawler.search_terms import queries_for, resolve_queries, seller_phrases, split_queries
from tests.spiders.formats.fake_mercadolibre import mercadolibre
from tests.spiders.formats.harness import run_spider
from tests.spiders.formats.server import LocalServer

MARKETS = [("es", "MX"), ("pt", "BR"), ("es", "CO"), ("es", "PE"), ("en", None), ("es", None)]


@pytest.mark.parametrize(("language", "country"), MARKETS)
@pytest.mark.parametrize("budget", [1, 5, 20, 60])
def test_budget_respected_and_queries_distinct(
    language: str, country: str | None, budget: int
) -> None:
    queries = queries_for(language, country, budget)
    assert 1 <= len(queries) <= budget
    assert len({q.casefold() for q in queries}) == len(queries)
    assert all(q == q.strip() and q for q in queries)


@pytest.mark.parametrize(("language", "country"), MARKETS)
def test_queries_mix_species_and_cues_of_the_market(language: str, country: str | None) -> None:
    queries = queries_for(language, country, 20)
    species = {t.casefold() for t in load_lexicon().search_terms(language, 20)}
    cues = {c.casefold() for c in seller_phrases(language, country)}
    assert all(q.casefold() in species | cues for q in queries)
    assert sum(q.casefold() in species for q in queries) >= 12
    assert sum(q.casefold() in cues for q in queries) >= 3


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [
        ("es", "MX", "linaje cerrado"),
        ("pt", "BR", "filhote exótico"),
        ("es", "PE", "charapa"),
        ("es", "VE", "morrocoy"),
        ("en", None, "wild caught"),
    ],
)
def test_country_phrases_come_first(language: str, country: str | None, expected: str) -> None:
    assert expected in queries_for(language, country, 10)


def test_languages_get_their_own_names() -> None:
    es, pt = set(queries_for("es", "MX", 30)), set(queries_for("pt", "BR", 30))
    assert "papagaio" in pt and "papagaio" not in es


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("loro, tucán,,loro ", ["loro", "tucán"]),
        (["a", "A", " b "], ["a", "b"]),
        (None, []),
        ("", []),
    ],
)
def test_split_queries(raw: str | list[str] | None, expected: list[str]) -> None:
    assert split_queries(raw) == expected


def test_explicit_queries_win_and_zero_budget_gives_nothing() -> None:
    assert resolve_queries("guacamaya", "es", "MX", 20) == ["guacamaya"]
    assert resolve_queries(None, "es", "MX", 4) == queries_for("es", "MX", 4)
    assert queries_for("es", "MX", 0) == []


@pytest.fixture(scope="module")
def ml_server() -> Iterator[LocalServer]:
    with LocalServer(mercadolibre) as server:
        yield server


def test_spider_without_queries_searches_the_lexicon_terms_of_each_site(
    ml_server: LocalServer,
) -> None:
    run_spider("mercadolibre_search", {"sites": "MLM,MLB", "budget": "4", "api_url": ml_server.url})
    for site, language, country in (("MLM", "es", "MX"), ("MLB", "pt", "BR")):
        asked = [r.arg("q") for r in ml_server.requests if r.path == f"/sites/{site}/search"]
        assert sorted(asked) == sorted(queries_for(language, country, 4))
