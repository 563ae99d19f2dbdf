"""Hashed character n-grams: cheap, multilingual features robust to misspellings and inflection.

Each post is folded (lower case, accents removed, runs of non-letters collapsed to one space),
cut to its first ``MAX_CHARS`` characters, and every character 2- to 5-gram is hashed into one
of ``N_FEATURES`` buckets. The hashing runs over the whole batch at once in numpy (a rolling
polynomial hash over the code points), so 10,000 posts take a fraction of a second, and it
needs no vocabulary: the head stores one weight per bucket. Counts are log-scaled and every
row is L2-normalised, so long posts do not outweigh short ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from scipy import sparse

N_FEATURES = 2**18
MIN_N = 2
MAX_N = 5
MAX_CHARS = 1000
_MULT = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(1_000_003)
_SPACES = re.compile(r" {2,}")


class _FoldTable(dict[int, str]):
    """``str.translate`` table built lazily: a code point to its lower-case unaccented form."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isdigit():
            folded = "0"
        elif char.isspace():
            folded = " "
        else:
            decomposed = unicodedata.normalize("NFKD", char.lower())
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_text(text: str) -> str:
    """Lower case, no accents, digits as ``0``, whitespace runs as one space, space-padded.

    A text with nothing but whitespace folds to the empty string (a row of zeros).
    """
    folded = _SPACES.sub(" ", text[:MAX_CHARS].translate(_FOLD)).strip()
    return f" {folded} " if folded else ""


def ngram_matrix(texts: Sequence[str], n_features: int = N_FEATURES) -> sparse.csr_matrix:
    """One row per text: log(1 + count) of each hashed n-gram bucket, rows L2-normalised."""
    n_docs = len(texts)
    if n_docs == 0:
        return sparse.csr_matrix((0, n_features), dtype=np.float32)
    folded = [fold_text(t) for t in texts]
    lengths = np.fromiter((len(f) for f in folded), dtype=np.int64, count=n_docs)
    codes = np.frombuffer("".join(folded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    doc = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    # spaces[i] = number of spaces in codes[:i]; an n-gram may hold a space only at its ends,
    # so n-grams stay inside one space-padded word (like scikit-learn's ``char_wb``)
    spaces = np.concatenate([[0], np.cumsum(codes == 32)])
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    rolling = codes.copy()
    with np.errstate(over="ignore"):
        for n in range(2, MAX_N + 1):
            size = len(codes) - n + 1
            if size <= 0:
                break
            rolling = rolling[:size] * _PRIME + codes[n - 1 : n - 1 + size] + np.uint64(n)
            if n < MIN_N:
                continue
            inside = doc[:size] == doc[n - 1 : n - 1 + size]
            if n > 2:
                inside &= spaces[n - 1 : n - 1 + size] == spaces[1 : 1 + size]
            mixed = (rolling[inside] * _MULT) >> np.uint64(40)
            rows.append(doc[:size][inside])
            cols.append((mixed % np.uint64(n_features)).astype(np.int64))
    if not rows:
        return sparse.csr_matrix((n_docs, n_features), dtype=np.float32)
    row = np.concatenate(rows)
    col = np.concatenate(cols)
    data = np.ones(len(row), dtype=np.float32)
    matrix = sparse.csr_matrix((data, (row, col)), shape=(n_docs, n_features), dtype=np.float32)
    matrix.sum_duplicates()
    matrix.data = np.log1p(matrix.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms).astype(np.float32) @ matrix)
