"""The batch classify stage: new listings only by default, ``--rescore`` keeps old verdicts,
the same verdicts from worker processes, and a pool that refuses to fork when it would hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from classifiers.artefact import default_model_dir
from classifiers.pipeline import Classifier, ClassifyInput, load_classifier
from classifiers.types import Verdict
from crawler.classify_job import ClassifyInterrupted, classify_pending, pending_count
from crawler.classify_pool import ClassifyPool
from storage.db import make_engine, session_factory, upgrade
from storage.listings import store_listings
from storage.models import VerdictRow
from tests.classifiers.conftest import SAMPLE
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


class _DatabaseDiesOnSecondBatch:
    """Wraps a classifier; during the second batch the PostgreSQL server drops our session."""

    def __init__(self, inner: Classifier, url: str) -> None:
        self.inner, self.url, self.calls = inner, url, 0
        self.version = inner.version

    def classify(self, inputs: Sequence[ClassifyInput]) -> list[Verdict]:
        self.calls += 1
        if self.calls == 2:
            admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE pid <> pg_backend_pid() AND application_name = 'ww-dying'"
                    )
                )
            admin.dispose()
        return self.inner.classify(inputs)


@pytest.mark.postgres
def test_database_going_away_loses_no_saved_batch(
    postgres_url: str, lexicon_model: Classifier
) -> None:
    upgrade(postgres_url)
    dying_url = postgres_url + "&application_name=ww-dying"
    sessions = session_factory(make_engine(dying_url))
    _store(sessions, "1", "2", "3", "4")
    dying = _DatabaseDiesOnSecondBatch(lexicon_model, postgres_url)
    with pytest.raises(ClassifyInterrupted) as caught:
        classify_pending(sessions, dying, batch_size=2)  # type: ignore[arg-type]
    assert caught.value.report.classified == 2
    assert "next `wildwatch classify`" in str(caught.value)
    # The first batch is saved; the next run (the server answers again) does the rest.
    fresh = session_factory(make_engine(postgres_url))
    assert _verdicts(fresh) == {lexicon_model.version: 2}
    assert classify_pending(fresh, lexicon_model, batch_size=2).classified == 2
    assert _verdicts(fresh) == {lexicon_model.version: 4}


def _wide_band_model(folder: Path) -> Path:
    """The shipped model with a wide uncertain band, so the sample posts reach stage 2."""
    shipped = default_model_dir()
    assert shipped is not None
    target = folder / shipped.name
    shutil.copytree(shipped, target)
    data = json.loads((target / "model.json").read_text(encoding="utf-8"))
    data["cascade"].update(low=0.02, high=0.98)
    (target / "model.json").write_text(json.dumps(data), encoding="utf-8")
    return target


def _classify_command(url: str, workers: int, model: Path) -> list[tuple[Any, ...]]:
    """Run ``wildwatch classify`` on ``url``; the verdicts it saved, by listing."""
    env = {
        **os.environ,
        "WILDWATCH_DATABASE_URL": url,
        "WILDWATCH_CLASSIFIER_DIR": str(model),
        "COLUMNS": "120",
    }
    command = [sys.executable, "-m", "crawler.cli", "classify", "--batch-size", "300"]
    done = subprocess.run(
        [*command, "--workers", str(workers)], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "classified 600 listings" in done.stderr
    with session_factory(make_engine(url))() as session:
        rows = session.scalars(select(VerdictRow).order_by(VerdictRow.listing_id))
        return [(r.listing_id, r.score, r.flagged, r.species, r.cues, r.details) for r in rows]


def test_two_workers_save_the_verdicts_of_one_process(tmp_path: Path) -> None:
    texts = [json.loads(line)["text"] for line in SAMPLE.read_text().splitlines()]
    records = [
        make_record(platform_id=str(i), title=None, text=f"{t} ({i})")
        for i, t in enumerate(texts * 13)
    ][:600]
    saved = {}
    model = _wide_band_model(tmp_path)
    for workers in (1, 2):
        url = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        upgrade(url)
        with session_factory(make_engine(url)).begin() as session:
            store_listings(session, records, None)
        saved[workers] = _classify_command(url, workers, model)
    assert len(saved[2]) == 600
    assert saved[2] == saved[1]
    assert any(details.get("escalated") for *_, details in saved[2])


def test_a_pool_will_not_fork_once_this_process_has_classified(static_model: Classifier) -> None:
    static_model.classify_text("Vendo guacamaya roja bebé")
    with (
        pytest.raises(RuntimeError, match="create the ClassifyPool first"),
        ClassifyPool(static_model, 2),
    ):
        pass
    with ClassifyPool(static_model, 1) as pool:  # one worker is this process: always fine
        assert pool.classify([ClassifyInput("a", "Peluche de tucán")])[0].flagged is False
