"""The demo content: deterministic, large enough, ~10 % trade, three languages, broken pages."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from demo import Defect, Label, generate
from demo.content import SITE_PLAN


@pytest.fixture(scope="module")
def posts():
    return generate(20261124)


def test_same_seed_same_world_other_seed_other_world(posts) -> None:
    again = generate(20261124)
    assert [(p.uid, p.title, p.text, p.label, p.defect) for p in again] == [
        (p.uid, p.title, p.text, p.label, p.defect) for p in posts
    ]
    other = generate(7)
    assert [p.text for p in other] != [p.text for p in posts]


def test_at_least_1500_posts_with_unique_ids(posts) -> None:
    assert len(posts) >= 1500
    assert len({p.uid for p in posts}) == len(posts)


@pytest.mark.parametrize(("language", "share"), [("es", 0.45), ("pt", 0.35), ("en", 0.20)])
def test_language_shares(posts, language: str, share: float) -> None:
    mine = [p for p in posts if p.language == language]
    assert abs(len(mine) / len(posts) - share) < 0.03
    positives = sum(p.label is Label.POSITIVE for p in mine)
    assert 0.08 <= positives / len(mine) <= 0.12


@pytest.mark.parametrize("site", sorted({site for site, _, _ in SITE_PLAN}))
def test_every_site_has_trade_and_look_alikes(posts, site: str) -> None:
    mine = [p for p in posts if p.site == site]
    themes = Counter(p.theme for p in mine if p.label is Label.NEGATIVE)
    assert 0.08 <= sum(p.label for p in mine) / len(mine) <= 0.12
    # Hard negatives that share the vocabulary are present on every site.
    assert {"plush_toy", "legal_pet", "pet_supplies"} <= set(themes)


def test_positives_name_their_species(posts) -> None:
    for post in posts:
        if post.label is Label.POSITIVE and post.defect is None:
            assert post.species
            assert post.species.lower() in f"{post.title} {post.text}".lower(), post.uid


def test_posts_read_differently(posts) -> None:
    texts = [p.text for p in posts if p.text]
    assert len(set(texts)) / len(texts) > 0.97
    openings = Counter(" ".join(t.split()[:3]).lower() for t in texts)
    assert openings.most_common(1)[0][1] < len(texts) * 0.03


@pytest.mark.parametrize(
    ("defect", "site"),
    [
        (Defect.MISSING_TITLE, "mercado_es feira_pt"),
        (Defect.MISSING_PRICE, "mercado_es feira_pt"),
        (Defect.BAD_ENCODING, "mercado_es"),
        (Defect.NO_CHARSET, "mercado_es"),
        (Defect.SERVER_ERROR, "mercado_es"),
        (Defect.SLOW, "mercado_es"),
        (Defect.TAG_SOUP, "mercado_es"),
        (Defect.MALFORMED_JSON, "mastodon"),
        (Defect.PHOTO_ONLY, "telegram"),
    ],
)
def test_broken_on_purpose(posts, defect: Defect, site: str) -> None:
    broken = [p for p in posts if p.defect is defect]
    assert broken and {p.site for p in broken} == set(site.split())
    if defect is Defect.PHOTO_ONLY:
        assert all(not p.text and p.images and p.label is Label.NEGATIVE for p in broken)
    if defect is Defect.MISSING_TITLE:
        assert all(not p.title for p in broken)


@pytest.mark.parametrize(
    ("country", "pattern"),
    [
        ("MX", r"\$ ?[\d,]+(\.00)?( MXN)?|MXN [\d,]+|\d+ pesos"),
        ("CO", r"\$ [\d.]+( pesos)?|COP [\d.]+|\d+ mil"),
        ("AR", r"\$ [\d.]+( final)?|ARS [\d.]+"),
        ("BR", r"R\$ ?[\d.]+(,00)?|[\d.]+ reais"),
        ("US", r"\$[\d,]+( obo)?|USD [\d,]+"),
        ("GB", r"£[\d,]+( ono)?"),
    ],
)
def test_prices_written_the_local_way(posts, country: str, pattern: str) -> None:
    prices = [p.price_raw or "" for p in posts if p.country == country and p.currency]
    assert len(prices) > 10
    assert [price for price in prices if not re.fullmatch(pattern, price)] == []
    assert len(set(prices)) > len(prices) / 3  # not one price for everything
