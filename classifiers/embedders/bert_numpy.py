"""A BERT sentence encoder in numpy: a sentence-transformers folder run without torch.

Reads ``config.json``, ``modules.json``, ``1_Pooling/config.json``, ``tokenizer.json`` and
``model.safetensors`` of a sentence-transformers model folder and computes the same vectors
as ``SentenceTransformer(folder)`` (post-LayerNorm BERT, pooled over the real tokens); the
caller normalises them, as :meth:`Embedder.embed` does.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

from classifiers.embedders.bert_ops import ACTIVATIONS, layer_norm_

_REQUIRED_FILES = ("config.json", "tokenizer.json", "model.safetensors")
_QKV = ("query", "key", "value")
_POOLING_MODES = ("mean_tokens", "cls_token", "max_tokens", "mean_sqrt_len_tokens")
# Texts attend together while the longest is at most this many times the shortest.
_WIDTH_SLACK = 1.25


class UnsupportedModel(ValueError):
    """The folder holds a model this encoder does not implement (named in the message)."""


@dataclass(frozen=True)
class BertConfig:
    """The fields of a Hugging Face BERT ``config.json`` that the forward pass needs."""

    num_layers: int
    num_heads: int
    hidden_size: int
    layer_norm_eps: float
    activation: str
    max_positions: int

    @classmethod
    def from_file(cls, path: Path) -> BertConfig:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("model_type") != "bert":
            raise UnsupportedModel(f"{path}: model_type {raw.get('model_type')!r}, expected 'bert'")
        if raw.get("position_embedding_type", "absolute") != "absolute":
            raise UnsupportedModel(f"{path}: only absolute position embeddings are implemented")
        if raw["hidden_act"] not in ACTIVATIONS:
            raise UnsupportedModel(f"{path}: activation {raw['hidden_act']!r} is not implemented")
        return cls(
            num_layers=int(raw["num_hidden_layers"]),
            num_heads=int(raw["num_attention_heads"]),
            hidden_size=int(raw["hidden_size"]),
            layer_norm_eps=float(raw["layer_norm_eps"]),
            activation=str(raw["hidden_act"]),
            max_positions=int(raw["max_position_embeddings"]),
        )


@dataclass(frozen=True)
class _Layer:
    """One encoder layer, weights laid out for ``x @ w`` (query, key and value fused)."""

    qkv_w: np.ndarray
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    ffn_in_w: np.ndarray
    ffn_in_b: np.ndarray
    ffn_out_w: np.ndarray
    ffn_out_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


@dataclass(frozen=True)
class _AttentionGroup:
    """Texts of similar length that attend in one padded (texts, width) grid.

    ``start:stop`` is their run of packed tokens; ``slots`` places those tokens in the grid.
    """

    start: int
    stop: int
    texts: int
    width: int
    slots: np.ndarray
    key_bias: np.ndarray

    @classmethod
    def split(cls, lengths: np.ndarray) -> list[_AttentionGroup]:
        """Cut ascending ``lengths`` where the width would grow past ``_WIDTH_SLACK`` times."""
        groups: list[_AttentionGroup] = []
        first = 0
        offset = 0
        for i in range(1, len(lengths) + 1):
            if i < len(lengths) and lengths[i] <= lengths[first] * _WIDTH_SLACK:
                continue
            group = lengths[first:i]
            width = int(group[-1])
            mask = np.arange(width) < group[:, None]
            # Padding keys get a large negative score, as transformers does (finfo.min there).
            key_bias = np.where(mask, np.float32(0.0), np.float32(-1e9))[:, None, None, :]
            stop = offset + int(group.sum())
            groups.append(cls(offset, stop, len(group), width, np.flatnonzero(mask), key_bias))
            first, offset = i, stop
        return groups


def _read_pooling(folder: Path) -> str:
    """The pooling mode named by the Pooling module of ``modules.json`` (mean if none)."""
    modules_file = folder / "modules.json"
    if not modules_file.is_file():
        return "mean_tokens"
    modules = json.loads(modules_file.read_text(encoding="utf-8"))
    pooling = [m for m in modules if m["type"].endswith(".Pooling")]
    others = [
        m["type"]
        for m in modules
        if not m["type"].endswith((".Transformer", ".Pooling", ".Normalize"))
    ]
    if others:
        raise UnsupportedModel(f"{folder}: modules {others} are not implemented")
    if not pooling:
        return "mean_tokens"
    raw = json.loads((folder / pooling[0]["path"] / "config.json").read_text(encoding="utf-8"))
    chosen = [
        key.removeprefix("pooling_mode_")
        for key, on in raw.items()
        if key.startswith("pooling_mode_") and on is True
    ]
    if len(chosen) != 1 or chosen[0] not in _POOLING_MODES:
        raise UnsupportedModel(f"{folder}: pooling {chosen}; expected one of {_POOLING_MODES}")
    return chosen[0]


class BertSentenceEncoder:
    """Token ids to pooled sentence vectors with the weights of a sentence-transformers folder.

    Texts are cut at ``max_seq_length`` word pieces (special tokens included) and batched by
    length so that a batch pads little.
    """

    def __init__(self, folder: Path, max_seq_length: int, batch_size: int = 64) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        missing = [name for name in _REQUIRED_FILES if not (folder / name).is_file()]
        if missing:
            raise FileNotFoundError(f"{folder} lacks {', '.join(missing)}")
        self.config = BertConfig.from_file(folder / "config.json")
        if not 2 < max_seq_length <= self.config.max_positions:
            raise ValueError(
                f"max_seq_length {max_seq_length} not in 3..{self.config.max_positions}"
            )
        self.pooling = _read_pooling(folder)
        self.batch_size = batch_size
        self._act = ACTIVATIONS[self.config.activation]
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # the file pads every text to 128; batches pad themselves
        self.tokenizer.enable_truncation(max_length=max_seq_length)

        weights = load_file(str(folder / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""

        def w(name: str) -> np.ndarray:
            return np.asarray(weights[prefix + name], dtype=np.float32)

        def t(name: str) -> np.ndarray:
            return np.ascontiguousarray(w(name).T)

        # Token type is always 0 for single sentences: fold its row into the positions.
        self.word_emb = w("embeddings.word_embeddings.weight")
        self.pos_emb = (
            w("embeddings.position_embeddings.weight")
            + w("embeddings.token_type_embeddings.weight")[0]
        )
        self.emb_ln = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        # Attention divides query-key products by sqrt(head_dim): scale the query weights once.
        head_dim = self.config.hidden_size // self.config.num_heads
        scales = (np.float32(1.0 / math.sqrt(head_dim)), np.float32(1.0), np.float32(1.0))
        self.layers = []
        for i in range(self.config.num_layers):
            p = f"encoder.layer.{i}."
            att = p + "attention."
            self.layers.append(
                _Layer(
                    qkv_w=np.concatenate(
                        [t(f"{att}self.{n}.weight") * s for n, s in zip(_QKV, scales, strict=True)],
                        axis=1,
                    ),
                    qkv_b=np.concatenate(
                        [w(f"{att}self.{n}.bias") * s for n, s in zip(_QKV, scales, strict=True)]
                    ),
                    out_w=t(att + "output.dense.weight"),
                    out_b=w(att + "output.dense.bias"),
                    ln1_w=w(att + "output.LayerNorm.weight"),
                    ln1_b=w(att + "output.LayerNorm.bias"),
                    ffn_in_w=t(p + "intermediate.dense.weight"),
                    ffn_in_b=w(p + "intermediate.dense.bias"),
                    ffn_out_w=t(p + "output.dense.weight"),
                    ffn_out_b=w(p + "output.dense.bias"),
                    ln2_w=w(p + "output.LayerNorm.weight"),
                    ln2_b=w(p + "output.LayerNorm.bias"),
                )
            )

    def encode(self, texts: list[str]) -> np.ndarray:
        """One pooled float32 row per text, in the order given (not normalised)."""
        out = np.zeros((len(texts), self.config.hidden_size), dtype=np.float32)
        ids = [enc.ids for enc in self.tokenizer.encode_batch(texts, add_special_tokens=True)]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._encode_ids([ids[i] for i in chunk])
        return out

    def _encode_ids(self, sequences: list[list[int]]) -> np.ndarray:
        """Pooled rows for token-id sequences in ascending length (each has [CLS] and [SEP]).

        The tokens are packed: the dense layers run on real tokens only, and attention runs
        on groups of similar length, each padded to its own longest text.
        """
        lengths = np.array([len(seq) for seq in sequences], dtype=np.intp)
        token_ids = np.fromiter(chain.from_iterable(sequences), dtype=np.intp, count=lengths.sum())
        positions = np.concatenate([np.arange(n) for n in lengths])
        tokens = self._forward(token_ids, positions, _AttentionGroup.split(lengths))
        return self._pool(tokens, lengths)

    def _forward(
        self, token_ids: np.ndarray, positions: np.ndarray, groups: list[_AttentionGroup]
    ) -> np.ndarray:
        """Last hidden states (tokens, hidden) of the packed tokens."""
        eps = self.config.layer_norm_eps
        x = self.word_emb[token_ids] + self.pos_emb[positions]
        layer_norm_(x, *self.emb_ln, eps)
        for layer in self.layers:
            qkv = x @ layer.qkv_w  # queries come pre-scaled by 1/sqrt(head_dim)
            qkv += layer.qkv_b
            context = np.concatenate([self._attend(qkv[g.start : g.stop], g) for g in groups])
            attended = context @ layer.out_w
            attended += layer.out_b
            attended += x
            layer_norm_(attended, layer.ln1_w, layer.ln1_b, eps)
            hidden = attended @ layer.ffn_in_w
            hidden += layer.ffn_in_b
            self._act(hidden)
            x = hidden @ layer.ffn_out_w
            x += layer.ffn_out_b
            x += attended
            layer_norm_(x, layer.ln2_w, layer.ln2_b, eps)
        return x

    def _attend(self, qkv: np.ndarray, group: _AttentionGroup) -> np.ndarray:
        """Self-attention of one group: packed (tokens, 3 * hidden) to (tokens, hidden)."""
        hidden, heads = self.config.hidden_size, self.config.num_heads
        grid = np.zeros((group.texts * group.width, 3 * hidden), dtype=np.float32)
        grid[group.slots] = qkv  # padding rows stay zero; their keys are masked out
        split = grid.reshape(group.texts, group.width, 3, heads, hidden // heads)
        q, k, v = (np.ascontiguousarray(m) for m in split.transpose(2, 0, 3, 1, 4))
        scores = q @ k.transpose(0, 1, 3, 2)  # (texts, heads, width, width)
        scores += group.key_bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(group.texts * group.width, hidden)
        return context[group.slots]

    def _pool(self, tokens: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """One row per sequence from its packed tokens, as the Pooling module does."""
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        if self.pooling == "cls_token":
            return tokens[starts]
        if self.pooling == "max_tokens":
            return np.maximum.reduceat(tokens, starts, axis=0)
        summed = np.add.reduceat(tokens, starts, axis=0)
        counts = lengths.astype(np.float32)[:, None]
        if self.pooling == "mean_sqrt_len_tokens":
            return summed / np.sqrt(counts)
        return summed / counts
