"""The batch classify stage: new listings only by default, ``--rescore`` keeps old verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from classifiers.pipeline import Classifier, load_classifier
from crawler.classify_job import classify_pending, pending_count
from storage.listings import store_listings
from storage.models import VerdictRow
from tests.fixtures.factories import make_record

ASSETS = Path("data/models")


@pytest.fixture(scope="module")
def lexicon_model() -> Classifier:
    return load_classifier(embedder="lexicon", assets_dir=ASSETS)


@pytest.fixture(scope="module")
def static_model() -> Classifier:
    return load_classifier(embedder="static", assets_dir=ASSETS)


def _verdicts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        rows = session.execute(
            select(VerdictRow.model_version, func.count()).group_by(VerdictRow.model_version)
        )
        return {version: count for version, count in rows}


def _store(sessions: sessionmaker[Session], *ids: str) -> None:
    texts = {
        "1": "Vendo guacamaya roja bebé, entrega inmediata",
        "2": "Peluche de tucán, nuevo",
        "3": "filhote de sagui, chama no zap",
        "4": "Tortuga morrocoy pequeña, solo interesados",
    }
    with sessions.begin() as session:
        store_listings(session, [make_record(platform_id=i, text=texts[i]) for i in ids], None)


def test_rescore_adds_verdicts_of_the_new_model_and_keeps_the_old(
    sessions: sessionmaker[Session], lexicon_model: Classifier, static_model: Classifier
) -> None:
    assert lexicon_model.version != static_model.version
    _store(sessions, "1", "2", "3")
    first = classify_pending(sessions, lexicon_model, batch_size=2)
    assert (first.classified, first.errors) == (3, 0)
    assert first.flagged >= 1

    # The nightly job leaves listings judged by any model alone ...
    assert pending_count(sessions, static_model.version, rescore=False) == 0
    assert classify_pending(sessions, static_model, batch_size=2).classified == 0
    # ... a rescore gives each a verdict of the new model and keeps the earlier ones.
    assert pending_count(sessions, static_model.version, rescore=True) == 3
    assert classify_pending(sessions, static_model, batch_size=2, rescore=True).classified == 3
    assert _verdicts(sessions) == {lexicon_model.version: 3, static_model.version: 3}

    # A listing crawled later is classified once by the nightly job, and a rerun does nothing.
    _store(sessions, "4")
    assert classify_pending(sessions, static_model, batch_size=2).classified == 1
    assert classify_pending(sessions, static_model, batch_size=2, rescore=True).classified == 0
    assert _verdicts(sessions) == {lexicon_model.version: 3, static_model.version: 4}
