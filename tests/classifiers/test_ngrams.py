"""Character n-gram features: spelling variants share features, batches are cheap and stable."""

from __future__ import annotations

import time

import numpy as np
import pytest

from classifiers.ngrams import N_FEATURES, fold_text, ngram_matrix


@pytest.mark.parametrize(
    ("a", "b", "at_least"),
    [
        ("Vendo GUACAMAYA roja", "vendo guacamaya roja", 0.999),  # case does not matter
        ("tucán bebé", "tucan bebe", 0.999),  # nor accents
        ("$8,500 entrega inmediata", "$9,900 entrega inmediata", 0.999),  # nor which digits
        ("vendo guacamaya", "bendo guacamalla", 0.4),  # misspellings keep most n-grams
    ],
)
def test_variants_of_one_post_look_alike(a: str, b: str, at_least: float) -> None:
    rows = ngram_matrix([a, b])
    similarity = float(rows[0].multiply(rows[1]).sum())
    assert similarity >= at_least


def test_unrelated_posts_share_little() -> None:
    rows = ngram_matrix(["vendo guacamaya roja", "receta de pan de elote"])
    assert float(rows[0].multiply(rows[1]).sum()) < 0.2


def test_rows_are_normalised_and_empty_text_is_a_zero_row() -> None:
    rows = ngram_matrix(["vendo loro", "", "🦜🦜"])
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    assert rows.shape == (3, N_FEATURES)
    assert norms[0] == pytest.approx(1.0, abs=1e-5)
    assert norms[1] == 0.0


def test_one_post_gives_the_same_row_alone_or_in_a_batch() -> None:
    alone = ngram_matrix(["Se vende mono capuchino"])
    batch = ngram_matrix(["hola", "Se vende mono capuchino", "x" * 5000])
    assert (alone[0] != batch[1]).nnz == 0


def test_ten_thousand_posts_take_under_two_seconds() -> None:
    posts = [f"Vendo loro cabeza amarilla número {i}, entrega en CDMX 🦜" for i in range(10_000)]
    started = time.perf_counter()
    ngram_matrix(posts)
    assert time.perf_counter() - started < 2.0


def test_fold_text_pads_and_folds() -> None:
    assert fold_text("Cabeça  AMARILLA\n12") == " cabeca amarilla 00 "
