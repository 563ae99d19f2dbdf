"""The trained head: a logistic regression over lexicon features and an embedding, calibrated.

Inputs are standardised with the training means and deviations; the embedding block is scaled
by ``embedding_scale`` (a smaller scale is a stronger penalty on it, so the lexicon features,
which carry real knowledge, are not drowned by 384 dimensions that can memorise phrasing).
A head may also read hashed character n-grams (:mod:`classifiers.ngrams`), weighted by the
inverse document frequency of the training posts and L2-normalised; the dense block is then
scaled down by ``dense_scale`` while fitting so the thousands of n-gram weights and the few
lexicon weights share one penalty sensibly (the scale is folded into the stored weights).
Platt scaling, fitted on out-of-fold scores, turns the margin into a calibrated probability.
The dense part is saved as JSON inside the model artefact, the n-gram weights in a side file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

MIN_DF = 2  # an n-gram bucket must occur in this many training posts to get a weight


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
    ngram_coef: np.ndarray | None = None
    ngram_idf: np.ndarray | None = None

    def _ngram_margin(self, ngrams: sparse.csr_matrix | None, rows: int) -> np.ndarray:
        if self.ngram_coef is None or self.ngram_idf is None:
            return np.zeros(rows)
        if ngrams is None:
            raise ValueError("this head reads character n-grams; pass the n-gram matrix")
        return np.asarray(weigh_ngrams(ngrams, self.ngram_idf) @ self.ngram_coef, dtype=np.float64)

    def _design(self, lexicon: np.ndarray, embedding: np.ndarray | None) -> np.ndarray:
        if embedding is not None and embedding.shape[1]:
            full = np.hstack([lexicon, embedding]).astype(np.float64)
        else:
            full = lexicon.astype(np.float64)
        z = (full - self.mean) / self.std
        z[:, self.n_lexicon :] *= self.embedding_scale
        return z

    def margin(
        self,
        lexicon: np.ndarray,
        embedding: np.ndarray | None,
        ngrams: sparse.csr_matrix | None = None,
    ) -> np.ndarray:
        """The uncalibrated linear score of each row."""
        dense = self._design(lexicon, embedding) @ self.coef + self.intercept
        return np.asarray(dense + self._ngram_margin(ngrams, len(lexicon)))

    def calibrate(self, margin: np.ndarray) -> np.ndarray:
        """Platt scaling: margin to probability."""
        return np.asarray(1.0 / (1.0 + np.exp(-(self.platt_a * margin + self.platt_b))))

    def predict(
        self,
        lexicon: np.ndarray,
        embedding: np.ndarray | None,
        ngrams: sparse.csr_matrix | None = None,
    ) -> np.ndarray:
        """Calibrated probability of trafficking for each row."""
        return self.calibrate(self.margin(lexicon, embedding, ngrams))

    def contributions(
        self,
        lexicon: np.ndarray,
        embedding: np.ndarray | None,
        ngrams: sparse.csr_matrix | None = None,
    ) -> np.ndarray:
        """Per-feature share of the margin: lexicon columns, the embedding, the n-grams."""
        terms = self._design(lexicon, embedding) * self.coef
        lex = terms[:, : self.n_lexicon]
        emb = terms[:, self.n_lexicon :].sum(axis=1, keepdims=True)
        grams = self._ngram_margin(ngrams, len(lexicon)).reshape(-1, 1)
        return np.asarray(np.hstack([lex, emb, grams]))

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


def weigh_ngrams(ngrams: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Scale n-gram columns by their inverse document frequency and L2-normalise each row."""
    weighted = sparse.csr_matrix(ngrams @ sparse.diags(idf.astype(np.float32)))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)


def ngram_idf(ngrams: sparse.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency of every n-gram bucket in the training rows.

    Buckets seen in fewer than ``MIN_DF`` training posts count as unseen (the rarest weight):
    they carry no learnt weight, which keeps the head small and stops it memorising one post.
    The values are rounded to float16, as stored.
    """
    df = np.asarray((ngrams > 0).sum(axis=0)).ravel()
    df[df < MIN_DF] = 0
    idf = np.log((1 + ngrams.shape[0]) / (1 + df)) + 1.0
    return np.asarray(idf.astype(np.float16), dtype=np.float32)


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
    ngrams: sparse.csr_matrix | None = None,
    dense_scale: float = 1.0,
) -> LinearHead:
    """Fit standardisation and logistic weights (calibration and threshold are set later).

    With ``ngrams`` (raw rows of :func:`classifiers.ngrams.ngram_matrix`) the head also learns
    one weight per n-gram bucket; the dense block is multiplied by ``dense_scale`` while fitting.
    """
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
    model = LogisticRegression(C=c, max_iter=3000, random_state=seed, class_weight="balanced")
    if ngrams is None:
        model.fit(design, labels)
        head.coef = model.coef_[0].astype(np.float64)
    else:
        idf = ngram_idf(ngrams)
        unseen = float(np.float16(np.log(1 + ngrams.shape[0]) + 1.0))
        rare = idf >= unseen
        grams = sparse.csr_matrix(weigh_ngrams(ngrams, idf) @ sparse.diags((~rare).astype(float)))
        model.fit(sparse.hstack([grams, sparse.csr_matrix(design * dense_scale)]).tocsr(), labels)
        weights = model.coef_[0].astype(np.float64)
        width = grams.shape[1]
        head.coef = weights[width:] * dense_scale
        grams_coef = weights[:width].astype(np.float16).astype(np.float32)
        grams_coef[rare] = 0.0
        head.ngram_coef = grams_coef
        head.ngram_idf = idf
    head.intercept = float(model.intercept_[0])
    return head


def fit_platt(margins: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Platt scaling parameters (a, b) fitted on out-of-fold margins."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e4, max_iter=1000)
    model.fit(margins.reshape(-1, 1), labels)
    return float(model.coef_[0][0]), float(model.intercept_[0])
