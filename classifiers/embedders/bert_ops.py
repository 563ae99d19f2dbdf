"""In-place numpy kernels of a BERT layer: the activations of ``config.json`` and LayerNorm.

They overwrite their input. The exact GELU, the largest element-wise cost of the forward
pass, works in blocks of rows so that its many passes stay in cache.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

# Rows of the feed-forward activation handled at a time (32 x 1536 floats: 192 KB).
BLOCK_ROWS = 32

# erf as a rational function on [-4, 4] (Eigen's float erf; |error| < 1e-6, and erf = +-1 beyond):
# numpy has no erf, and scipy.special would add its import time to every load.
_ERF_NUM = tuple(
    np.float32(c)
    for c in (
        -2.72614225801306e-10,
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    )
)
_ERF_DEN = tuple(
    np.float32(c)
    for c in (
        -1.45660718464996e-05,
        -2.13374055278905e-04,
        -1.68282697438203e-03,
        -7.37332916720468e-03,
        -1.42647390514189e-02,
    )
)


def gelu_erf_(h: np.ndarray) -> None:
    """x * (1 + erf(x / sqrt 2)) / 2, in place, block by block."""
    half, sqrt_half = np.float32(0.5), np.float32(1.0 / math.sqrt(2.0))
    scratch = np.empty((3, min(BLOCK_ROWS, len(h)), h.shape[1]), dtype=np.float32)
    for start in range(0, len(h), BLOCK_ROWS):
        x = h[start : start + BLOCK_ROWS]
        z, z2, num = scratch[:, : len(x)]
        np.multiply(x, sqrt_half, out=z)
        np.clip(z, np.float32(-4.0), np.float32(4.0), out=z)
        np.multiply(z, z, out=z2)
        np.multiply(z2, _ERF_NUM[0], out=num)  # Horner's rule in z**2
        num += _ERF_NUM[1]
        for c in _ERF_NUM[2:]:
            num *= z2
            num += c
        num *= z  # the odd numerator; z is free for the denominator from here
        np.multiply(z2, _ERF_DEN[0], out=z)
        z += _ERF_DEN[1]
        for c in _ERF_DEN[2:]:
            z *= z2
            z += c
        num /= z  # erf(x / sqrt 2)
        num *= half
        num += half
        x *= num


def gelu_tanh_(h: np.ndarray) -> None:
    """The tanh approximation of GELU, in place."""
    inner = h * h
    inner *= np.float32(0.044715)
    inner += np.float32(1.0)
    inner *= h
    inner *= np.float32(math.sqrt(2.0 / math.pi))
    np.tanh(inner, out=inner)
    inner += np.float32(1.0)
    inner *= np.float32(0.5)
    h *= inner


def relu_(h: np.ndarray) -> None:
    """max(x, 0), in place."""
    np.maximum(h, np.float32(0.0), out=h)


# The names of transformers' ACT2FN that a BERT config uses; each works in place.
ACTIVATIONS: dict[str, Callable[[np.ndarray], None]] = {
    "gelu": gelu_erf_,
    "gelu_new": gelu_tanh_,
    "gelu_pytorch_tanh": gelu_tanh_,
    "relu": relu_,
}


def layer_norm_(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> None:
    """LayerNorm over the last axis of a 2-d array, in place."""
    x -= x.mean(axis=1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)
    var /= np.float32(x.shape[1])
    var += np.float32(eps)
    x *= (np.float32(1.0) / np.sqrt(var))[:, None]
    x *= weight
    x += bias
