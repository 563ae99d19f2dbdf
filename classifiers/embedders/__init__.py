"""Pluggable text embedders: a static model2vec model (fast path), MiniLM and multilingual E5.

Every embedder maps texts to L2-normalised float32 rows; :func:`get_embedder` builds one by name.
"""

from classifiers.embedders.base import (
    EMBEDDER_NAMES,
    Embedder,
    ModelNotFound,
    default_assets_dir,
    get_embedder,
)
from classifiers.embedders.build import STATIC_MODEL_NAME, build_static_model

__all__ = [
    "EMBEDDER_NAMES",
    "STATIC_MODEL_NAME",
    "Embedder",
    "ModelNotFound",
    "build_static_model",
    "default_assets_dir",
    "get_embedder",
]
