"""Labelled examples: reading JSONL, a seeded stratified train/validation/test split, a hash.

A line is ``{"text", "label": 0|1, "lang", "kind", "topic"}`` (``title`` optional). Exact
duplicate texts are kept once, so the same post cannot sit on two sides of the split.
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


#: Shares of each (language, label) stratum held out for choosing and for reporting.
VALIDATION_FRACTION = 0.15
TEST_FRACTION = 0.15


@dataclass(frozen=True)
class Split:
    """The three parts of the labelled data, each with its one job.

    ``train`` fits the heads (and, by cross-validation, their regularisation and the cascade's
    band); ``validation`` chooses every threshold; ``test`` chooses nothing and is scored once
    per model version, when it is trained, for the figures that are reported.
    """

    train: list[Example]
    validation: list[Example]
    test: list[Example]


def split_examples(
    examples: list[Example],
    seed: int,
    validation_fraction: float = VALIDATION_FRACTION,
    test_fraction: float = TEST_FRACTION,
) -> Split:
    """Seeded split, stratified by (language, label) into train, validation and test.

    Within a stratum the posts are ordered by a seeded hash of their text: the first
    ``test_fraction`` go to test, the next ``validation_fraction`` to validation, the rest to
    train. A post's side therefore depends on its own text, not on what else is in the files:
    adding labelled posts moves only the few posts at the cuts, so the test set stays the test
    set as the data grows (a shuffle would redraw it every time).
    """
    if validation_fraction <= 0 or test_fraction <= 0 or validation_fraction + test_fraction >= 1:
        raise ValueError("validation and test fractions must be positive and leave a train part")
    strata: dict[tuple[str, int], list[Example]] = {}
    for example in examples:
        strata.setdefault((example.lang, example.label), []).append(example)

    def rank(example: Example) -> str:
        return hashlib.sha256(f"{seed}\t{example.full_text}".encode()).hexdigest()

    split = Split([], [], [])
    for key in sorted(strata):
        group = sorted(strata[key], key=rank)
        n_test = round(len(group) * test_fraction)
        n_validation = round(len(group) * validation_fraction)
        split.test.extend(group[:n_test])
        split.validation.extend(group[n_test : n_test + n_validation])
        split.train.extend(group[n_test + n_validation :])
    return split


def split_tag(
    validation_fraction: float = VALIDATION_FRACTION, test_fraction: float = TEST_FRACTION
) -> str:
    """A short name of the split scheme, part of a model's version (``v15t15``)."""
    return f"v{round(validation_fraction * 100)}t{round(test_fraction * 100)}"


def data_hash(examples: Iterable[Example]) -> str:
    """SHA-256 over the texts and labels, recorded in the model artefact."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.label}\t{example.lang}\t{example.full_text}\n".encode())
    return digest.hexdigest()
