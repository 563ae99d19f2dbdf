"""Shared classifier fixtures: the built static model and a loaded classifier per mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from classifiers.embedders import build_static_model, default_assets_dir
from classifiers.pipeline import Classifier, load_classifier

SAMPLE = Path(__file__).with_name("sample.jsonl")


@pytest.fixture(scope="session")
def assets_dir() -> Path:
    """The model folder with the static model built (a no-op when already built)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    assets = default_assets_dir()
    build_static_model(assets)
    return assets


@pytest.fixture(scope="session")
def static_classifier(assets_dir: Path) -> Classifier:
    """The shipped artefact in its fast mode (static embedder only)."""
    return load_classifier(embedder="static", assets_dir=assets_dir)


@pytest.fixture(scope="session")
def lexicon_classifier() -> Classifier:
    """The shipped artefact without embeddings."""
    return load_classifier(embedder="lexicon")
