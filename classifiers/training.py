"""Train the heads: seeded split, cross-validated regularisation, calibration, thresholds.

Reproducible: the split, the folds and the solver are seeded, so the same data and seed give
the same weights. Each part of the split has one job: hyperparameters and the cascade band come
from the training folds, every threshold from the validation split, and the reported figures
from the test split, which is scored once, here, and chooses nothing.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from classifiers.artefact import CascadeConfig, ModelArtefact
from classifiers.dataset import Example, data_hash, load_examples, split_examples, split_tag
from classifiers.embedders.base import default_assets_dir, get_embedder
from classifiers.evaluation import choose_threshold, score_report
from classifiers.features import FeatureBuilder, spec_hash
from classifiers.head import LinearHead, fit_head, fit_platt
from classifiers.intent import NEVER_FLAGGED, read_intent
from classifiers.matcher import default_matcher
from classifiers.ngrams import ngram_matrix

MODES: dict[str, tuple[str, ...]] = {
    "cascade": ("lexicon", "static", "minilm", "e5"),
    "static": ("lexicon", "static"),
    "minilm": ("lexicon", "minilm"),
    "e5": ("lexicon", "e5"),
    "lexicon": ("lexicon",),
}
C_GRID: tuple[float, ...] = (10.0, 30.0)
SCALE_GRID: tuple[float, ...] = (1.0,)
DENSE_SCALE = 0.02  # weight of the standardised dense block next to the L2-normed n-grams
FOLDS = 5
BAND_SHARE = 0.08  # share of training posts, nearest the threshold, that the band holds
# Share of a batch the second stage may re-score: enough to cover the band in an ordinary batch,
# a cap for a batch that is all doubt. MiniLM in numpy on every core re-scores about 180 posts/s,
# so 10 % of a batch keeps classify-file well above 1,000 posts/s (see BENCHMARKS.md).
MAX_ESCALATION = 0.10


@dataclass
class TrainReport:
    """What ``train`` did, with the validation and test figures of every mode it trained."""

    version: str
    model_dir: Path
    n_train: int
    n_validation: int
    n_test: int
    seed: int
    target_precision: float
    thresholds: dict[str, float]
    validation: dict[str, dict[str, Any]]
    test: dict[str, dict[str, Any]]
    cascade: dict[str, Any] | None
    seconds: float
    notes: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        lines = [
            f"model {self.version} -> {self.model_dir}",
            f"train {self.n_train} / validation {self.n_validation} / test {self.n_test} posts, "
            f"seed {self.seed}, target precision {self.target_precision:.2f} (on validation), "
            f"{self.seconds:.0f} s",
        ]
        for part, figures_by_mode in (("validation", self.validation), ("test", self.test)):
            lines.append(
                "validation (chose the thresholds):"
                if part == "validation"
                else "test (chose nothing; the reported figures):"
            )
            for mode, figures in figures_by_mode.items():
                langs = ", ".join(
                    f"{lang} F1 {c['f1']:.3f}" for lang, c in sorted(figures["by_language"].items())
                )
                o = figures["overall"]
                lines.append(
                    f"  {mode:8} threshold {self.thresholds[mode]:.3f}  P {o['precision']:.3f} "
                    f"R {o['recall']:.3f} F1 {o['f1']:.3f}  ({langs})"
                )
        if self.cascade:
            lines.append(f"  cascade: {self.cascade}")
        lines.extend(self.notes)
        return "\n".join(lines)


def _folds(labels: np.ndarray, seed: int) -> list[np.ndarray]:
    """Stratified fold index per row."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(labels), dtype=int)
    for value in (0, 1):
        rows = np.flatnonzero(labels == value)
        rng.shuffle(rows)
        fold[rows] = np.arange(len(rows)) % FOLDS
    return [np.flatnonzero(fold == k) for k in range(FOLDS)]


def _oof_margins(
    lex: np.ndarray,
    emb: np.ndarray | None,
    grams: sparse.csr_matrix,
    y: np.ndarray,
    c: float,
    scale: float,
    seed: int,
    names: list[str],
) -> np.ndarray:
    out = np.zeros(len(y))
    for held in _folds(y, seed):
        keep = np.setdiff1d(np.arange(len(y)), held)
        head = fit_head(
            lex[keep],
            None if emb is None else emb[keep],
            y[keep],
            embedder=None,
            feature_names=names,
            c=c,
            embedding_scale=scale,
            seed=seed,
            ngrams=grams[keep],
            dense_scale=DENSE_SCALE,
        )
        out[held] = head.margin(lex[held], None if emb is None else emb[held], grams[held])
    return out


def _log_loss(margins: np.ndarray, y: np.ndarray) -> float:
    a, b = fit_platt(margins, y)
    p = np.clip(1 / (1 + np.exp(-(a * margins + b))), 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def train_head(
    name: str,
    lex: np.ndarray,
    emb: np.ndarray | None,
    grams: sparse.csr_matrix,
    y: np.ndarray,
    seed: int,
    names: list[str],
) -> tuple[LinearHead, np.ndarray]:
    """Pick C (and the embedding scale) by cross-validated log loss; return head and OOF scores."""
    scales = SCALE_GRID if emb is not None else (1.0,)
    best: tuple[float, float, float, np.ndarray] | None = None
    for c in C_GRID:
        for scale in scales:
            margins = _oof_margins(lex, emb, grams, y, c, scale, seed, names)
            loss = _log_loss(margins, y)
            if best is None or loss < best[0]:
                best = (loss, c, scale, margins)
    assert best is not None
    _, c, scale, margins = best
    head = fit_head(
        lex,
        emb,
        y,
        embedder=None if name == "lexicon" else name,
        feature_names=names,
        c=c,
        embedding_scale=scale,
        seed=seed,
        ngrams=grams,
        dense_scale=DENSE_SCALE,
    )
    head.platt_a, head.platt_b = fit_platt(margins, y)
    return head, head.calibrate(margins)


def _embed_cached(name: str, texts: Sequence[str], assets_dir: Path) -> np.ndarray:
    """Embed ``texts``, reusing vectors of texts embedded before (cache keyed by text hash)."""
    tag = {"minilm": "minilm-64"}.get(name, name)  # the cut changes the vectors
    cache = assets_dir / "embedding-cache" / f"{tag}.npz"
    known: dict[str, np.ndarray] = {}
    if cache.is_file():
        with np.load(cache) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [hashlib.sha256(t.encode("utf-8", "replace")).hexdigest()[:24] for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        vectors = get_embedder(name, assets_dir).embed([t for _, t in missing])
        known.update({k: v for (k, _), v in zip(missing, vectors, strict=True)})
        cache.parent.mkdir(parents=True, exist_ok=True)
        ordered = sorted(known)
        tmp = cache.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.asarray(ordered), vectors=np.stack([known[k] for k in ordered]))
        tmp.replace(cache)
    return np.stack([known[k] for k in keys]).astype(np.float32)


def _cascade_scores(
    p1: np.ndarray, p2: np.ndarray, cascade: CascadeConfig
) -> tuple[np.ndarray, float]:
    """Scores the cascade would give (with the escalation cap) and the share escalated."""
    out = p1.copy()
    chosen = cascade.escalate(p1.tolist(), len(p1))
    out[chosen] = p2[chosen]
    return out, len(chosen) / max(1, len(p1))


def train(
    data_dir: Path,
    out_dir: Path,
    seed: int = 13,
    embedder: str = "cascade",
    target_precision: float = 0.95,
    assets_dir: Path | None = None,
    stage2: str = "minilm",
) -> TrainReport:
    """Train on ``data_dir`` (a JSONL file or a folder of them) and write the artefact.

    The artefact goes to ``out_dir/<version>/model.json``, version ``ww1-<data hash>-f<feature spec hash>-s<seed>``.
    ``embedder`` is the mode to train ("cascade" trains the lexicon, static, MiniLM and E5
    heads); ``assets_dir`` holds the built static model and the embedding cache.
    """
    if embedder not in MODES:
        raise ValueError(f"embedder must be one of {', '.join(MODES)}, got {embedder!r}")
    started = time.monotonic()
    assets = assets_dir or default_assets_dir()
    examples = load_examples(data_dir)
    split = split_examples(examples, seed)
    parts = {"validation": split.validation, "test": split.test}
    digest = data_hash(examples)
    version = f"ww1-{digest[:10]}-f{spec_hash()[:8]}-{split_tag()}-s{seed}"
    builder = FeatureBuilder()
    matcher = default_matcher()
    names = builder.names

    def texts(items: list[Example]) -> list[str]:
        return [e.full_text for e in items]

    def read(items: list[Example]) -> tuple[np.ndarray, np.ndarray]:
        """Lexicon features, and whether each post may be flagged (it is no report or talk)."""
        found = [matcher.match(e.full_text) for e in items]
        intents = [read_intent(e.full_text, m).intent for e, m in zip(items, found, strict=True)]
        return builder.matrix(found), np.asarray([i not in NEVER_FLAGGED for i in intents])

    lex_train, allow_train = read(split.train)
    grams_train = ngram_matrix(texts(split.train))
    lex, allow = {}, {}
    for part, items in parts.items():
        lex[part], allow[part] = read(items)

    def gated(part: str, values: np.ndarray) -> np.ndarray:
        """Scores as flagging sees them: a report or talk is never flagged, whatever its score."""
        return np.where(allow_train if part == "train" else allow[part], values, 0.0)

    grams = {part: ngram_matrix(texts(items)) for part, items in parts.items()}
    y_train = np.asarray([e.label for e in split.train])
    y_validation = np.asarray([e.label for e in split.validation])
    heads: dict[str, LinearHead] = {}
    oof: dict[str, np.ndarray] = {}
    scores: dict[str, dict[str, np.ndarray]] = {part: {} for part in parts}
    for head_name in MODES[embedder]:
        emb_train = None
        emb: dict[str, np.ndarray | None] = {part: None for part in parts}
        if head_name != "lexicon":
            emb_train = _embed_cached(head_name, texts(split.train), assets)
            emb = {p: _embed_cached(head_name, texts(items), assets) for p, items in parts.items()}
        head, oof[head_name] = train_head(
            head_name, lex_train, emb_train, grams_train, y_train, seed, names
        )
        for part in parts:
            scores[part][head_name] = head.predict(lex[part], emb[part], grams[part])
        head.threshold = choose_threshold(
            y_validation, gated("validation", scores["validation"][head_name]), target_precision
        )
        heads[head_name] = head
    thresholds = {name: head.threshold for name, head in heads.items()}
    cascade = None
    notes: list[str] = []
    if embedder == "cascade":
        t1 = choose_threshold(y_train, gated("train", oof["static"]), target_precision)
        distance = np.abs(oof["static"] - t1)
        width = float(np.quantile(distance, BAND_SHARE))
        cascade = CascadeConfig(
            "static", stage2, max(0.0, t1 - width), min(1.0, t1 + width), MAX_ESCALATION
        )
        for part in parts:
            scores[part]["cascade"], share = _cascade_scores(
                scores[part]["static"], scores[part][stage2], cascade
            )
            notes.append(f"  cascade escalated {share:.1%} of {part} posts to {stage2}")
        thresholds["cascade"] = choose_threshold(
            y_validation, gated("validation", scores["validation"]["cascade"]), target_precision
        )
        oof["cascade"], _ = _cascade_scores(oof["static"], oof[stage2], cascade)
    train_cv: dict[str, dict[str, float]] = {}
    for name, raw in oof.items():
        margins = gated("train", raw)
        t = choose_threshold(y_train, margins, target_precision)
        cv = score_report(split.train, margins, t, name).overall
        train_cv[name] = {
            "precision": round(cv.precision, 4),
            "recall": round(cv.recall, 4),
            "f1": round(cv.f1, 4),
        }
        notes.append(
            f"  {name:8} train 5-fold CV at P>={target_precision:.2f}: P {cv.precision:.3f} "
            f"R {cv.recall:.3f} F1 {cv.f1:.3f}"
        )
    # The test split is scored here, once per model version, at thresholds it did not choose.
    figures = {
        part: {
            mode: score_report(
                items, gated(part, scores[part][mode]), thresholds[mode], f"{version}+{mode}"
            ).to_dict()
            for mode in thresholds
        }
        for part, items in parts.items()
    }
    artefact = ModelArtefact(
        version=version,
        heads=heads,
        thresholds=thresholds,
        cascade=cascade,
        data_hash=digest,
        seed=seed,
        target_precision=target_precision,
        feature_names=names,
        metrics={
            "train_cv": train_cv,
            "n_train": len(split.train),
            "n_validation": len(split.validation),
            "n_test": len(split.test),
            **{
                part: {
                    m: {"overall": f["overall"], "by_language": f["by_language"]}
                    for m, f in by_mode.items()
                }
                for part, by_mode in figures.items()
            },
        },
    )
    model_dir = out_dir / version
    artefact.save(model_dir)
    report = TrainReport(
        version=version,
        model_dir=model_dir,
        n_train=len(split.train),
        n_validation=len(split.validation),
        n_test=len(split.test),
        seed=seed,
        target_precision=target_precision,
        thresholds=thresholds,
        validation=figures["validation"],
        test=figures["test"],
        cascade=cascade.to_dict() if cascade else None,
        seconds=time.monotonic() - started,
        notes=notes,
    )
    (model_dir / "report.txt").write_text(report.to_text() + "\n", encoding="utf-8")
    return report
