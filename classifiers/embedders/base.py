"""The embedder interface, the registry of implementations and the missing-model error."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# Texts are cut before embedding: a marketplace post says what it sells in its first lines,
# and a 1 MB paste must not cost a 1 MB tokenisation.
MAX_EMBED_CHARS = 1000
EMBEDDER_NAMES: tuple[str, ...] = ("static", "minilm", "e5")


class ModelNotFound(FileNotFoundError):
    """A model file the classifier needs is missing; the message names the command to build it."""


class Embedder(ABC):
    """Maps texts to L2-normalised float32 vectors of a fixed width."""

    name: str
    dim: int

    @abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray:
        """Raw vectors for already-cut texts."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text (empty texts give a zero row)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        cut = [t[:MAX_EMBED_CHARS] if t.strip() else " " for t in texts]
        vectors = np.asarray(self._encode(cut), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def default_assets_dir() -> Path:
    """Where built models live when the caller names no folder (``./data/models``).

    This matches the default of ``WILDWATCH_MODEL_DIR``; callers with settings pass
    ``settings.model_dir`` instead.
    """
    return (Path("data") / "models").resolve()


def get_embedder(name: str, assets_dir: Path | None = None) -> Embedder:
    """Build the embedder called ``name`` ("static", "minilm" or "e5")."""
    assets = assets_dir or default_assets_dir()
    if name == "static":
        from classifiers.embedders.static import StaticEmbedder

        return StaticEmbedder(assets)
    if name == "minilm":
        from classifiers.embedders.minilm import MiniLMEmbedder

        return MiniLMEmbedder()
    if name == "e5":
        from classifiers.embedders.e5 import E5Embedder

        return E5Embedder()
    raise ValueError(f"unknown embedder {name!r}; choose one of {', '.join(EMBEDDER_NAMES)}")
