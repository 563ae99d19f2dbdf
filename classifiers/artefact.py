"""The versioned model artefact: heads, cascade settings and provenance in one small JSON file.

Layout: ``classifiers/models/<version>/model.json`` (committed, a few hundred KB) plus a
``report.txt`` with the validation and test figures and, when heads read character n-grams,
``ngrams.npz`` (the weight and IDF of every n-gram bucket seen in training, float16). The
artefact names the embedders its heads need; the static model itself is built by
``wildwatch models build`` and never committed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.head import LinearHead
from classifiers.ngrams import N_FEATURES

MODELS_DIR = Path(__file__).parent / "models"
ARTEFACT_FILE = "model.json"
NGRAM_FILE = "ngrams.npz"
FORMAT = 1


class ArtefactError(ValueError):
    """A model folder exists but its model.json is unusable (the message says why)."""


@dataclass
class CascadeConfig:
    """Stage 1 scores everything; stage 2 re-scores posts whose stage-1 score is in the band."""

    stage1: str
    stage2: str
    low: float
    high: float
    max_escalation: float = 0.05

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def escalate(self, scores: Sequence[float], n_posts: int) -> list[int]:
        """Positions in ``scores`` (stage-1 scores of a batch of ``n_posts`` posts) that stage 2
        re-scores: those in the band, closest to its centre first, at most ``max_escalation`` of
        the batch; in position order."""
        centre = (self.low + self.high) / 2
        band = [i for i, score in enumerate(scores) if self.low <= score <= self.high]
        band.sort(key=lambda i: abs(scores[i] - centre))
        limit = max(1, int(np.ceil(self.max_escalation * n_posts)))
        return sorted(band[:limit])


@dataclass
class ModelArtefact:
    """Everything ``load_classifier`` needs, and where it came from."""

    version: str
    heads: dict[str, LinearHead]
    thresholds: dict[str, float]
    cascade: CascadeConfig | None
    data_hash: str
    seed: int
    target_precision: float
    feature_names: list[str]
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def modes(self) -> list[str]:
        """Modes this artefact can classify in ("cascade", "static", "lexicon"...)."""
        return sorted(self.thresholds)

    def save(self, out_dir: Path) -> Path:
        """Write ``model.json`` into ``out_dir``; return its path."""
        out_dir.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "version": self.version,
            "data_hash": self.data_hash,
            "seed": self.seed,
            "target_precision": self.target_precision,
            "feature_names": self.feature_names,
            "thresholds": self.thresholds,
            "cascade": self.cascade.to_dict() if self.cascade else None,
            "metrics": self.metrics,
            "heads": {name: head.to_dict() for name, head in self.heads.items()},
        }
        path = out_dir / ARTEFACT_FILE
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        arrays: dict[str, np.ndarray] = {}
        for name, head in self.heads.items():
            if head.ngram_coef is None or head.ngram_idf is None:
                continue
            unseen = head.ngram_idf.max()
            index = np.flatnonzero(head.ngram_idf < unseen).astype(np.uint32)
            arrays[f"{name}.index_delta"] = np.diff(index, prepend=np.uint32(0)).astype(np.uint32)
            arrays[f"{name}.coef"] = head.ngram_coef[index].astype(np.float16)
            arrays[f"{name}.idf"] = head.ngram_idf[index].astype(np.float16)
            arrays[f"{name}.idf_unseen"] = np.asarray([unseen], dtype=np.float32)
        grams = out_dir / NGRAM_FILE
        if arrays:
            np.savez_compressed(grams, **arrays)  # type: ignore[arg-type]
        elif grams.exists():
            grams.unlink()
        return path

    @classmethod
    def load(cls, model_dir: Path) -> ModelArtefact:
        """Read ``model_dir/model.json``."""
        path = model_dir / ARTEFACT_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ArtefactError(f"{path} is not valid JSON: {exc}") from exc
        if data.get("format") != FORMAT:
            raise ArtefactError(f"{path}: unsupported format {data.get('format')!r}")
        cascade = data.get("cascade")
        heads = {k: LinearHead.from_dict(v) for k, v in data["heads"].items()}
        grams = model_dir / NGRAM_FILE
        if grams.is_file():
            with np.load(grams) as stored:
                for name, head in heads.items():
                    if f"{name}.coef" not in stored:
                        continue
                    index = np.cumsum(stored[f"{name}.index_delta"].astype(np.int64))
                    head.ngram_coef = np.zeros(N_FEATURES, dtype=np.float32)
                    head.ngram_coef[index] = stored[f"{name}.coef"]
                    head.ngram_idf = np.full(
                        N_FEATURES, float(stored[f"{name}.idf_unseen"][0]), dtype=np.float32
                    )
                    head.ngram_idf[index] = stored[f"{name}.idf"]
        return cls(
            version=str(data["version"]),
            heads=heads,
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            cascade=CascadeConfig(**cascade) if cascade else None,
            data_hash=str(data["data_hash"]),
            seed=int(data["seed"]),
            target_precision=float(data["target_precision"]),
            feature_names=list(data["feature_names"]),
            metrics=dict(data.get("metrics") or {}),
        )


def default_model_dir() -> Path | None:
    """The shipped artefact: the last ``classifiers/models/<version>/`` holding a model.json."""
    found = sorted(p.parent for p in MODELS_DIR.glob(f"*/{ARTEFACT_FILE}"))
    return found[-1] if found else None
