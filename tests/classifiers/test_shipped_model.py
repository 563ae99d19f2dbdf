"""The committed artefact classifies a fresh clone's dev set as well as it says it does."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.artefact import ModelArtefact, default_model_dir
from classifiers.dataset import data_hash, load_examples, split_train_dev
from classifiers.evaluation import evaluate
from classifiers.pipeline import Classifier, load_classifier

LABELLED = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "labelled"
FLOOR_F1 = 0.9  # below the recorded figures: a broken matcher or head falls through it
TARGET = 0.95  # the detection target: F1 per language and precision, cascade, dev set


@pytest.fixture(scope="module")
def shipped() -> ModelArtefact:
    directory = default_model_dir()
    assert directory is not None, "no artefact committed under classifiers/models/"
    return ModelArtefact.load(directory)


def test_artefact_is_small_and_names_its_provenance(shipped: ModelArtefact) -> None:
    directory = default_model_dir()
    assert directory is not None
    assert (directory / "model.json").stat().st_size < 3_000_000
    assert (directory / "ngrams.npz").stat().st_size < 1_000_000
    assert len(shipped.data_hash) == 64
    assert shipped.target_precision >= 0.95
    assert {"cascade", "static", "lexicon"} <= set(shipped.thresholds)


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_dev_set_f1_per_language(
    static_classifier: Classifier, shipped: ModelArtefact, language: str
) -> None:
    examples = load_examples(LABELLED)
    _, dev = split_train_dev(examples, shipped.seed)
    report = evaluate(static_classifier, [e for e in dev if e.lang == language])
    f1 = report.by_language[language].f1
    assert f1 >= FLOOR_F1
    if data_hash(examples) == shipped.data_hash:
        recorded = shipped.metrics["dev"]["static"]["by_language"][language]["f1"]
        assert f1 == pytest.approx(recorded, abs=0.01)
        assert report.overall.precision >= 0.9


@pytest.fixture(scope="module")
def dev_report(assets_dir: Path, shipped: ModelArtefact) -> dict[str, float]:
    examples = load_examples(LABELLED)
    if data_hash(examples) != shipped.data_hash:
        pytest.fail("the labelled data changed since the shipped model: run `wildwatch train`")
    _, dev = split_train_dev(examples, shipped.seed)
    report = evaluate(load_classifier(assets_dir=assets_dir), dev)
    figures = {lang: counts.f1 for lang, counts in report.by_language.items()}
    return {**figures, "precision": report.overall.precision}


@pytest.mark.parametrize("language", ["es", "pt", "en"])
def test_cascade_reaches_the_target_on_the_dev_set(
    dev_report: dict[str, float], language: str
) -> None:
    assert dev_report[language] >= TARGET
    assert dev_report["precision"] >= TARGET
