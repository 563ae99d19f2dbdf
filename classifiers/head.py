"""The trained head: a logistic regression over lexicon features and an embedding, calibrated.

Inputs are standardised with the training means and deviations; the embedding block is scaled
by ``embedding_scale`` (a smaller scale is a stronger penalty on it, so the lexicon features,
which carry real knowledge, are not drowned by 384 dimensions that can memorise phrasing).
Platt scaling, fitted on out-of-fold scores, turns the margin into a calibrated probability.
The whole head is plain numbers, saved as JSON inside the model artefact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class LinearHead:
    """Weights, scaling, calibration and threshold of one head (one embedder)."""

    embedder: str | None
    feature_names: list[str]
    mean: np.ndarray
    std: np.ndarray
    coef: np.ndarray
    intercept: float
    embedding_scale: float
    platt_a: float
    platt_b: float
    threshold: float
    n_lexicon: int

    def _design(self, lexicon: np.ndarray, embedding: np.ndarray | None) -> np.ndarray:
        if embedding is not None and embedding.shape[1]:
            full = np.hstack([lexicon, embedding]).astype(np.float64)
        else:
            full = lexicon.astype(np.float64)
        z = (full - self.mean) / self.std
        z[:, self.n_lexicon :] *= self.embedding_scale
        return z

    def margin(self, lexicon: np.ndarray, embedding: np.ndarray | None) -> np.ndarray:
        """The uncalibrated linear score of each row."""
        return np.asarray(self._design(lexicon, embedding) @ self.coef + self.intercept)

    def calibrate(self, margin: np.ndarray) -> np.ndarray:
        """Platt scaling: margin to probability."""
        return np.asarray(1.0 / (1.0 + np.exp(-(self.platt_a * margin + self.platt_b))))

    def predict(self, lexicon: np.ndarray, embedding: np.ndarray | None) -> np.ndarray:
        """Calibrated probability of trafficking for each row."""
        return self.calibrate(self.margin(lexicon, embedding))

    def contributions(self, lexicon: np.ndarray, embedding: np.ndarray | None) -> np.ndarray:
        """Per-feature share of the margin (lexicon columns, then one column for the embedding)."""
        terms = self._design(lexicon, embedding) * self.coef
        lex = terms[:, : self.n_lexicon]
        emb = terms[:, self.n_lexicon :].sum(axis=1, keepdims=True)
        return np.asarray(np.hstack([lex, emb]))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (floats rounded to 7 significant digits)."""

        def arr(a: np.ndarray) -> list[float]:
            return [float(f"{v:.7g}") for v in a.tolist()]

        return {
            "embedder": self.embedder,
            "feature_names": self.feature_names,
            "n_lexicon": self.n_lexicon,
            "mean": arr(self.mean),
            "std": arr(self.std),
            "coef": arr(self.coef),
            "intercept": self.intercept,
            "embedding_scale": self.embedding_scale,
            "platt_a": self.platt_a,
            "platt_b": self.platt_b,
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearHead:
        """Inverse of :meth:`to_dict`."""
        return cls(
            embedder=data["embedder"],
            feature_names=list(data["feature_names"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            std=np.asarray(data["std"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            embedding_scale=float(data["embedding_scale"]),
            platt_a=float(data["platt_a"]),
            platt_b=float(data["platt_b"]),
            threshold=float(data["threshold"]),
            n_lexicon=int(data["n_lexicon"]),
        )


def fit_head(
    lexicon: np.ndarray,
    embedding: np.ndarray | None,
    labels: np.ndarray,
    *,
    embedder: str | None,
    feature_names: list[str],
    c: float,
    embedding_scale: float,
    seed: int,
) -> LinearHead:
    """Fit standardisation and logistic weights (calibration and threshold are set later)."""
    from sklearn.linear_model import LogisticRegression

    full = lexicon if embedding is None else np.hstack([lexicon, embedding])
    full = full.astype(np.float64)
    mean = full.mean(axis=0)
    std = full.std(axis=0)
    std[std < 1e-6] = 1.0
    head = LinearHead(
        embedder=embedder,
        feature_names=feature_names,
        mean=mean,
        std=std,
        coef=np.zeros(full.shape[1]),
        intercept=0.0,
        embedding_scale=embedding_scale,
        platt_a=1.0,
        platt_b=0.0,
        threshold=0.5,
        n_lexicon=lexicon.shape[1],
    )
    design = head._design(lexicon, embedding)
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed, class_weight="balanced")
    model.fit(design, labels)
    head.coef = model.coef_[0].astype(np.float64)
    head.intercept = float(model.intercept_[0])
    return head


def fit_platt(margins: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Platt scaling parameters (a, b) fitted on out-of-fold margins."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e4, max_iter=1000)
    model.fit(margins.reshape(-1, 1), labels)
    return float(model.coef_[0][0]), float(model.intercept_[0])
