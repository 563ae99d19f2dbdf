"""Evaluate a classifier on labelled posts: P/R/F1 per language and overall, errors, P@k.

``evaluate(classifier, examples)`` runs the classifier; :func:`score_report` does the arithmetic
on scores already computed (training uses it on the validation and test splits without building
a Classifier).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from classifiers.dataset import Example

if TYPE_CHECKING:
    from classifiers.pipeline import Classifier

TOP_K: tuple[int, ...] = (10, 50, 100)
_SHOWN_ERRORS = 10


@dataclass
class Counts:
    """Confusion counts and the figures derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.tp + self.fp + self.fn + self.tn,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EvalReport:
    """Figures of one evaluation run; ``to_text()`` for terminals, ``to_dict()`` for JSON."""

    model_version: str
    threshold: float
    overall: Counts
    by_language: dict[str, Counts]
    precision_at_k: dict[int, float]
    by_source: dict[str, Counts] = field(default_factory=dict)
    false_positives: list[tuple[float, str]] = field(default_factory=list)
    false_negatives: list[tuple[float, str]] = field(default_factory=list)
    errors: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "model_version": self.model_version,
            "threshold": round(self.threshold, 4),
            "overall": self.overall.to_dict(),
            "by_language": {k: v.to_dict() for k, v in sorted(self.by_language.items())},
            "by_source": {k: v.to_dict() for k, v in sorted(self.by_source.items())},
            "precision_at_k": {str(k): round(v, 4) for k, v in self.precision_at_k.items()},
            "false_positives": [{"score": s, "text": t} for s, t in self.false_positives],
            "false_negatives": [{"score": s, "text": t} for s, t in self.false_negatives],
            "errors": self.errors,
        }

    def to_text(self) -> str:
        lines = [f"model {self.model_version}, threshold {self.threshold:.3f}"]
        lines.append(f"{'':8} {'n':>6} {'prec':>7} {'recall':>7} {'F1':>7}")
        rows = [*sorted(self.by_language.items())]
        if len(self.by_source) > 1:  # written for the project and real posts, apart
            rows += sorted(self.by_source.items())
        rows.append(("overall", self.overall))
        for name, c in rows:
            n = c.tp + c.fp + c.fn + c.tn
            lines.append(f"{name:8} {n:6d} {c.precision:7.3f} {c.recall:7.3f} {c.f1:7.3f}")
        shown = ", ".join(f"P@{k} {v:.3f}" for k, v in self.precision_at_k.items())
        lines.append(f"top of the queue: {shown}")
        if self.errors:
            lines.append(f"inputs the classifier rejected: {self.errors}")
        for title, items in (
            ("false positives (flagged, labelled negative)", self.false_positives),
            ("false negatives (missed, labelled positive)", self.false_negatives),
        ):
            lines.append(f"{title}: {len(items)} shown")
            lines.extend(f"  {score:.3f}  {text[:140]!r}" for score, text in items)
        return "\n".join(lines)


def source_of(example: Example) -> str:
    """``real`` for a post written by people for their own reasons, ``written`` for one
    written for this project (the ``kind`` field of a labelled line says which)."""
    return "real" if example.kind == "real" else "written"


def score_report(
    examples: Sequence[Example],
    scores: np.ndarray,
    threshold: float,
    model_version: str,
    errors: int = 0,
) -> EvalReport:
    """Confusion per language and overall, precision at k, and the worst errors."""
    overall = Counts()
    by_lang: dict[str, Counts] = {}
    by_source: dict[str, Counts] = {}
    fps: list[tuple[float, str]] = []
    fns: list[tuple[float, str]] = []
    for example, score in zip(examples, scores, strict=True):
        flagged = float(score) >= threshold
        bucket = by_lang.setdefault(example.lang, Counts())
        source = by_source.setdefault(source_of(example), Counts())
        for c in (overall, bucket, source):
            if flagged and example.label:
                c.tp += 1
            elif flagged:
                c.fp += 1
            elif example.label:
                c.fn += 1
            else:
                c.tn += 1
        if flagged and not example.label:
            fps.append((round(float(score), 4), example.full_text))
        elif example.label and not flagged:
            fns.append((round(float(score), 4), example.full_text))
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    labels = np.asarray([e.label for e in examples])
    p_at_k = {k: float(labels[order[:k]].mean()) for k in TOP_K if len(examples) >= k}
    fps.sort(key=lambda x: -x[0])
    fns.sort(key=lambda x: x[0])
    return EvalReport(
        model_version=model_version,
        threshold=threshold,
        overall=overall,
        by_language=by_lang,
        precision_at_k=p_at_k,
        by_source=by_source,
        false_positives=fps[:_SHOWN_ERRORS],
        false_negatives=fns[:_SHOWN_ERRORS],
        errors=errors,
    )


def evaluate(classifier: Classifier, examples: Sequence[Example]) -> EvalReport:
    """Classify ``examples`` and compare with their labels."""
    from classifiers.pipeline import ClassifyInput

    verdicts = classifier.classify(
        [ClassifyInput(id=str(i), text=e.text, title=e.title) for i, e in enumerate(examples)]
    )
    # A post the intent rule keeps out of the queue (a report, talk) counts as unflagged, with
    # the score 0 it has for the queue's order, as training counts it.
    scores = np.asarray(
        [v.score if v.flagged or v.score < classifier.threshold else 0.0 for v in verdicts],
        dtype=np.float64,
    )
    errors = sum(1 for v in verdicts if v.error)
    return score_report(examples, scores, classifier.threshold, classifier.version, errors)


def choose_threshold(labels: np.ndarray, scores: np.ndarray, target_precision: float) -> float:
    """The threshold with the best F1 among those reaching ``target_precision``.

    When no threshold reaches the target, the one with the highest precision is returned.
    """
    candidates = np.unique(np.round(scores, 6))
    best: tuple[float, float] | None = None
    fallback: tuple[float, float] = (-1.0, 0.5)
    for t in candidates:
        flagged = scores >= t
        tp = float(np.sum(flagged & (labels == 1)))
        fp = float(np.sum(flagged & (labels == 0)))
        fn = float(np.sum(~flagged & (labels == 1)))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if precision >= target_precision and (best is None or f1 > best[0]):
            best = (f1, float(t))
        if precision > fallback[0]:
            fallback = (precision, float(t))
    return best[1] if best is not None else fallback[1]
