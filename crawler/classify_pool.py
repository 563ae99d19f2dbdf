"""Classify on every core: worker processes do the work, the parent keeps them fed and in order.

Workers are forked from the parent once its classifier is loaded, so nothing is loaded twice
and the models stay shared copy-on-write. Each chunk of a batch (``CHUNK`` posts, as the
single-process path cuts it) is split in one part per worker for the first pass (matching,
features, n-grams, the fast head), or sent whole when :attr:`Classifier.per_post` is false.
When all parts of a chunk are back, the parent picks its uncertain posts
(:meth:`Classifier.escalate`) and sends them to a worker for the cascade's costly head.
Verdicts are those of :meth:`Classifier.classify`, in input order. With one worker everything
runs in the calling process."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from types import TracebackType
from typing import Any, Generic, TypeVar

from threadpoolctl import threadpool_limits

from classifiers.pipeline import (
    CHUNK,
    Classifier,
    ClassifyInput,
    Escalation,
    FirstPass,
    Uncertain,
    languages_detected,
)
from classifiers.types import Verdict

__all__ = ["BrokenProcessPool", "ClassifyPool", "worker_count"]

T = TypeVar("T")

#: Fewest posts a worker is sent at once: smaller parts cost more in transfer than they save.
MIN_PART = 64

_worker_classifier: Classifier | None = None


def worker_count(setting: int) -> int:
    """Workers for a ``WILDWATCH_CLASSIFY_WORKERS`` / ``--workers`` value: 0 means one per core."""
    return setting if setting > 0 else max(1, os.cpu_count() or 1)


def _start_worker(classifier: Classifier, threads: int) -> None:
    global _worker_classifier
    _worker_classifier = classifier
    # Each worker gets its share of the cores: BLAS and the Rust thread pools (lingua,
    # tokenizers) would otherwise each start one thread per core in every worker.
    threadpool_limits(threads)
    os.environ["RAYON_NUM_THREADS"] = str(threads)
    # Ctrl-C reaches the whole process group; the parent alone decides how the run stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _classifier() -> Classifier:
    if _worker_classifier is None:
        raise RuntimeError("classify worker started without a classifier")
    return _worker_classifier


def _first_pass(posts: Sequence[ClassifyInput]) -> FirstPass:
    return _classifier().first_pass(posts)


def _second_head(posts: Sequence[Uncertain]) -> list[Verdict]:
    return _classifier().second_head(posts)


def _ready() -> None:
    """A no-op task: submitting it makes the executor fork its workers."""


@dataclass
class _Chunk:
    """One chunk in flight: its first-pass parts, then its escalation and second-head verdicts."""

    parts: list[Future[FirstPass]]
    escalation: Escalation | None = None
    rescored: Future[list[Verdict]] | None = None

    def running(self) -> list[Future[Any]]:
        """The chunk's tasks still queued or running."""
        if self.escalation is None:
            return [f for f in self.parts if not f.done()]
        return [self.rescored] if self.rescored and not self.rescored.done() else []

    def finished(self) -> bool:
        return self.escalation is not None and not self.running()

    def verdicts(self) -> list[Verdict]:
        assert self.escalation is not None
        if self.rescored is None:
            return self.escalation.verdicts
        return self.escalation.settle(self.rescored.result())


@dataclass
class _Batch(Generic[T]):
    tag: T
    chunks: list[_Chunk] = field(default_factory=list)


class ClassifyPool:
    """A classifier spread over ``workers`` processes; use as a context manager around a run.

    Create it before this process classifies anything: the language detector's threads do not
    survive fork, so a pool refuses to fork after :func:`languages_detected`.
    """

    def __init__(self, classifier: Classifier, workers: int) -> None:
        self.classifier = classifier
        self.version = classifier.version
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> ClassifyPool:
        if self.workers > 1:
            if languages_detected():
                raise RuntimeError(
                    "this process has already classified posts; create the ClassifyPool first "
                    "(forked workers would hang on the language detector's threads)"
                )
            threads = max(1, (os.cpu_count() or 1) // self.workers)
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=get_context("fork"),
                initializer=_start_worker,
                initargs=(self.classifier, threads),
            )
            # Fork now, before the caller starts threads (progress bars) a fork would copy.
            self._executor.submit(_ready).result()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def classify(self, posts: Sequence[ClassifyInput]) -> list[Verdict]:
        """One Verdict per post, in order (as :meth:`Classifier.classify`)."""
        return next(self.classify_batches([(None, posts)]))[1]

    def classify_batches(
        self, batches: Iterable[tuple[T, Sequence[ClassifyInput]]]
    ) -> Iterator[tuple[T, list[Verdict]]]:
        """``(tag, verdicts)`` for each ``(tag, posts)`` batch, in order, the tag passed through.

        Finished batches are handed on first; then the next batch is read while fewer than two
        tasks per worker are queued or running, so workers do not wait for the reader.
        """
        if self._executor is None:
            for tag, posts in batches:
                yield tag, self.classifier.classify(posts)
            return
        source = iter(batches)
        queued: deque[_Batch[T]] = deque()
        more = True
        while True:
            self._escalate(queued)
            while queued and all(c.finished() for c in queued[0].chunks):
                done = queued.popleft()
                yield done.tag, [v for c in done.chunks for v in c.verdicts()]
            running = self._running(queued)
            if more and len(running) < 2 * self.workers:
                batch = next(source, None)
                if batch is None:
                    more = False
                else:
                    queued.append(self._submit(*batch))
            elif running:
                wait(running, return_when=FIRST_COMPLETED)
            elif not queued:
                return

    @staticmethod
    def _running(queued: Iterable[_Batch[T]]) -> list[Future[Any]]:
        return [f for batch in queued for chunk in batch.chunks for f in chunk.running()]

    def _submit(self, tag: T, posts: Sequence[ClassifyInput]) -> _Batch[T]:
        assert self._executor is not None
        batch = _Batch(tag)
        for begin in range(0, len(posts), CHUNK):
            chunk = posts[begin : begin + CHUNK]
            size = max(MIN_PART, -(-len(chunk) // self.workers))
            if not self.classifier.per_post:
                size = len(chunk)  # whole chunks: each still goes to a worker of its own
            parts = [chunk[k : k + size] for k in range(0, len(chunk), size)]
            batch.chunks.append(_Chunk([self._executor.submit(_first_pass, p) for p in parts]))
        return batch

    def _escalate(self, queued: Iterable[_Batch[T]]) -> None:
        """Escalate every chunk whose first pass is back; its second head goes to a worker."""
        assert self._executor is not None
        for batch in queued:
            for chunk in batch.chunks:
                if chunk.escalation is None and all(f.done() for f in chunk.parts):
                    chunk.escalation = self.classifier.escalate([f.result() for f in chunk.parts])
                    posts = [u for _, u in chunk.escalation.posts]
                    if posts:
                        chunk.rescored = self._executor.submit(_second_head, posts)
