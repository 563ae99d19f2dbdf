"""The fast path: a model2vec static model distilled from MiniLM (about 10,000 posts/s)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from classifiers.embedders.base import Embedder, ModelNotFound
from classifiers.embedders.build import STATIC_MODEL_NAME


class StaticEmbedder(Embedder):
    """Token-embedding lookup and mean pooling; no transformer runs at classify time."""

    name = "static"

    def __init__(self, assets_dir: Path) -> None:
        from model2vec import StaticModel

        path = assets_dir / STATIC_MODEL_NAME
        if not (path / "config.json").is_file():
            raise ModelNotFound(
                f"the static embedding model is missing at {path}; build it with "
                f"`wildwatch models build` (or `make models`), which distils it from MiniLM"
            )
        self.model = StaticModel.from_pretrained(str(path))
        self.dim = int(self.model.dim)

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.model.encode(texts, max_length=256, batch_size=1024))
