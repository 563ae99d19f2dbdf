"""The committed artefact scores a fresh clone's test split as its report says it does.

The test split chose nothing: thresholds come from the validation split, hyperparameters from
the training folds. Training scored the test split once and recorded the figures; these tests
recompute them from the labelled files and the committed weights, so a broken matcher, head or
feature change shows up as a figure that no longer matches, or falls through a floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.artefact import ModelArtefact, default_model_dir
from classifiers.dataset import Example, data_hash, load_examples, split_examples
from classifiers.evaluation import EvalReport, evaluate
from classifiers.pipeline import Classifier, load_classifier

LABELLED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "labelled"
# Floors below the recorded test figures: a regression falls through them, noise does not.
FLOOR_F1 = 0.90
FLOOR_PRECISION = 0.90


@pytest.fixture(scope="module")
def shipped() -> ModelArtefact:
    directory = default_model_dir()
    assert directory is not None, "no artefact committed under classifiers/models/"
    return ModelArtefact.load(directory)


@pytest.fixture(scope="module")
def test_split(shipped: ModelArtefact) -> list[Example]:
    examples = load_examples(LABELLED)
    if data_hash(examples) != shipped.data_hash:
        pytest.fail("the labelled data changed since the shipped model: run `wildwatch train`")
    split = split_examples(examples, shipped.seed)
    assert len(split.test) == shipped.metrics["n_test"]
    assert len(split.validation) == shipped.metrics["n_validation"]
    return split.test


def test_artefact_is_small_and_names_its_provenance(shipped: ModelArtefact) -> None:
    directory = default_model_dir()
    assert directory is not None
    assert (directory / "model.json").stat().st_size < 3_000_000
    assert (directory / "ngrams.npz").stat().st_size < 1_000_000
    assert len(shipped.data_hash) == 64
    assert shipped.target_precision >= 0.95
    assert {"cascade", "static", "lexicon"} <= set(shipped.thresholds)
    # Validation chose the thresholds; test figures are recorded apart from them.
    assert {"validation", "test", "train_cv"} <= set(shipped.metrics)


def test_the_splits_do_not_share_a_post(shipped: ModelArtefact) -> None:
    split = split_examples(load_examples(LABELLED), shipped.seed)
    sides = [{e.full_text for e in part} for part in (split.train, split.validation, split.test)]
    assert not sides[0] & sides[1] and not sides[0] & sides[2] and not sides[1] & sides[2]


@pytest.fixture(scope="module")
def static_test_report(static_classifier: Classifier, test_split: list[Example]) -> EvalReport:
    return evaluate(static_classifier, test_split)


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_static_head_on_the_test_split(
    static_test_report: EvalReport, shipped: ModelArtefact, language: str
) -> None:
    f1 = static_test_report.by_language[language].f1
    assert f1 >= FLOOR_F1
    recorded = shipped.metrics["test"]["static"]["by_language"][language]["f1"]
    assert f1 == pytest.approx(recorded, abs=0.01)


@pytest.fixture(scope="module")
def cascade_test_report(assets_dir: Path, test_split: list[Example]) -> EvalReport:
    return evaluate(load_classifier(assets_dir=assets_dir), test_split)


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_cascade_on_the_test_split_matches_its_report(
    cascade_test_report: EvalReport, shipped: ModelArtefact, language: str
) -> None:
    f1 = cascade_test_report.by_language[language].f1
    assert f1 >= FLOOR_F1
    assert cascade_test_report.overall.precision >= FLOOR_PRECISION
    recorded = shipped.metrics["test"]["cascade"]["by_language"][language]["f1"]
    # The cascade in batches may escalate slightly other posts than training's one pass.
    assert f1 == pytest.approx(recorded, abs=0.015)
