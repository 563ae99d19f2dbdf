"""The batch classify stage: stored listings without a verdict -> classifier -> verdict rows.

Runs outside the crawl reactor. Each batch is claimed, classified and saved in one
transaction, so several workers can share the work on PostgreSQL (SKIP LOCKED) and a killed
worker loses at most the batch in flight, which the next run picks up again. Given a
:class:`~crawler.classify_pool.ClassifyPool`, each batch is classified on every core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from classifiers.pipeline import Classifier, ClassifyInput
from crawler.classify_pool import ClassifyPool
from storage.verdicts import count_unclassified, save_verdicts, unclassified_snapshots


class ClassifyInterrupted(RuntimeError):
    """The database went away mid-run; every batch saved before stays saved."""

    def __init__(self, report: ClassifyReport, cause: BaseException) -> None:
        reason = str(getattr(cause, "orig", None) or cause).strip().splitlines()[:1]
        super().__init__(
            f"the database stopped answering after {report.classified} listings were classified "
            f"and saved ({reason[0] if reason else type(cause).__name__}); the rest wait for "
            "the next `wildwatch classify`"
        )
        self.report = report


@dataclass
class ClassifyReport:
    """What one classify run did."""

    model_version: str
    classified: int = 0
    flagged: int = 0
    errors: int = 0


def pending_count(sessions: sessionmaker[Session], model_version: str, rescore: bool) -> int:
    with sessions() as session:
        return count_unclassified(session, model_version, any_version=not rescore)


def classify_pending(
    sessions: sessionmaker[Session],
    classifier: Classifier | ClassifyPool,
    batch_size: int,
    rescore: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ClassifyReport:
    """Classify every listing still waiting; ``rescore`` also re-scores those judged by older models.

    Without ``rescore`` a listing that has a verdict of any model version is left alone (the
    nightly job); with it, every listing lacking a verdict of this version gets one, and the
    older verdicts stay.
    """
    report = ClassifyReport(classifier.version)
    try:
        _classify_batches(sessions, classifier, batch_size, rescore, progress, report)
    except OperationalError as exc:
        raise ClassifyInterrupted(report, exc) from exc
    return report


def _classify_batches(
    sessions: sessionmaker[Session],
    classifier: Classifier | ClassifyPool,
    batch_size: int,
    rescore: bool,
    progress: Callable[[int], None] | None,
    report: ClassifyReport,
) -> None:
    while True:
        with sessions.begin() as session:
            batch = unclassified_snapshots(
                session, classifier.version, batch_size, claim=True, any_version=not rescore
            )
            if not batch:
                return
            inputs = [
                ClassifyInput(id=str(s.snapshot_id), text=s.text or "", title=s.title)
                for s in batch
            ]
            verdicts = classifier.classify(inputs)
            save_verdicts(
                session, [(s.snapshot_id, v) for s, v in zip(batch, verdicts, strict=True)]
            )
        report.classified += len(batch)
        report.flagged += sum(v.flagged for v in verdicts)
        report.errors += sum(v.error is not None for v in verdicts)
        if progress:
            progress(len(batch))
