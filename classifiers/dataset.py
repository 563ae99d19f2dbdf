"""Labelled examples: reading JSONL, a seeded stratified train/dev split, and a data hash.

A line is ``{"text", "label": 0|1, "lang", "kind", "topic"}`` (``title`` optional). Exact
duplicate texts are kept once, so the same post cannot sit in both train and dev.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class DatasetError(ValueError):
    """A labelled file has a line wildwatch cannot use (the message names file and line)."""


@dataclass(frozen=True)
class Example:
    """One labelled post."""

    text: str
    label: int
    lang: str
    kind: str = ""
    topic: str = ""
    title: str | None = None

    @property
    def full_text(self) -> str:
        """Title and text joined the way the classifier sees them."""
        return f"{self.title}\n{self.text}" if self.title else self.text


def read_jsonl(path: Path) -> list[Example]:
    """Examples of one JSONL file; blank lines are skipped, malformed ones raise."""
    out: list[Example] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                label = int(row["label"])
                text = str(row["text"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise DatasetError(f"{path.name}:{number}: {exc}") from exc
            if label not in (0, 1):
                raise DatasetError(f"{path.name}:{number}: label must be 0 or 1, got {label}")
            out.append(
                Example(
                    text=text,
                    label=label,
                    lang=str(row.get("lang") or "und"),
                    kind=str(row.get("kind") or ""),
                    topic=str(row.get("topic") or ""),
                    title=row.get("title"),
                )
            )
    return out


def load_examples(source: Path) -> list[Example]:
    """All examples of a JSONL file or of every ``*.jsonl`` in a folder, deduplicated by text."""
    paths = [source] if source.is_file() else sorted(source.glob("*.jsonl"))
    if not paths:
        raise DatasetError(f"no .jsonl files in {source}")
    seen: set[str] = set()
    out: list[Example] = []
    for path in paths:
        for example in read_jsonl(path):
            key = " ".join(example.full_text.lower().split())
            if key in seen:
                continue
            seen.add(key)
            out.append(example)
    return out


def split_train_dev(
    examples: list[Example], seed: int, dev_fraction: float = 0.25
) -> tuple[list[Example], list[Example]]:
    """Seeded split, stratified by (language, label): each stratum gives ``dev_fraction`` to dev.

    Within a stratum the posts are ordered by a seeded hash of their text, and the first
    ``dev_fraction`` go to dev. A post's side therefore depends on its own text, not on what
    else is in the files: adding labelled posts moves only the few posts at the cut, so the
    dev set stays the dev set as the data grows (a shuffle would redraw it every time).
    """
    strata: dict[tuple[str, int], list[Example]] = {}
    for example in examples:
        strata.setdefault((example.lang, example.label), []).append(example)

    def rank(example: Example) -> str:
        return hashlib.sha256(f"{seed}\t{example.full_text}".encode()).hexdigest()

    train: list[Example] = []
    dev: list[Example] = []
    for key in sorted(strata):
        group = sorted(strata[key], key=rank)
        n_dev = round(len(group) * dev_fraction)
        dev.extend(group[:n_dev])
        train.extend(group[n_dev:])
    return train, dev


def data_hash(examples: Iterable[Example]) -> str:
    """SHA-256 over the texts and labels, recorded in the model artefact."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.label}\t{example.lang}\t{example.full_text}\n".encode())
    return digest.hexdigest()
