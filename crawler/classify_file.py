"""JSONL in, JSONL out: the ``wildwatch classify-file`` contract.

Input lines are ``{"id": ..., "text": ..., "title": optional}``; each input line gives exactly
one output line, in the same order: ``{"id", "score", "flagged", "species": [{"name",
"scientific_name", "cites_appendix", "taxon_id", "product", "zoonotic_risk"}], "reasons":
[...]}`` plus ``"error"`` when the line could not be classified (then score 0.0 and flagged
false, so a consumer never loses a line). ``product`` is what the post offers of the species
("live", "fang", "skin"...: :class:`classifiers.types.Product`), ``zoonotic_risk`` the
spill-over group of a species offered live or as meat ("primate", "bird"...) or null.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from classifiers.pipeline import ClassifyInput
from classifiers.types import Verdict, distinct_species
from crawler.classify_pool import ClassifyPool

#: Longest input line we parse; longer lines are answered with an error, never read whole.
MAX_LINE_CHARS = 4_000_000


@dataclass
class ParsedLine:
    """One input line: either something to classify or the reason it cannot be."""

    line_no: int
    record_id: Any
    item: ClassifyInput | None
    error: str | None = None


def parse_line(line_no: int, raw: str) -> ParsedLine:
    """Parse one JSONL line into a ClassifyInput, or explain why not."""
    if len(raw) > MAX_LINE_CHARS:
        return ParsedLine(
            line_no, None, None, f"line {line_no}: longer than {MAX_LINE_CHARS} characters"
        )
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return ParsedLine(line_no, None, None, f"line {line_no}: not valid JSON ({exc.msg})")
    if not isinstance(data, dict):
        return ParsedLine(line_no, None, None, f"line {line_no}: expected a JSON object")
    record_id = data.get("id", line_no)
    text, title = data.get("text"), data.get("title")
    if text is None and title is None:
        return ParsedLine(line_no, record_id, None, f"line {line_no}: no 'text' field")
    if not isinstance(text, str | None) or not isinstance(title, str | None):
        return ParsedLine(
            line_no, record_id, None, f"line {line_no}: 'text' and 'title' must be strings"
        )
    item = ClassifyInput(id=str(record_id), text=text or "", title=title or None)
    return ParsedLine(line_no, record_id, item)


#: What an output line says of each species, after its ``name`` (the animal's common name).
SPECIES_FIELDS = ("scientific_name", "cites_appendix", "taxon_id", "product", "zoonotic_risk")


def verdict_record(
    record_id: Any, verdict: Verdict | None, error: str | None = None
) -> dict[str, Any]:
    """The output line for one input, in the contract's shape."""
    if verdict is None:
        return {
            "id": record_id,
            "score": 0.0,
            "flagged": False,
            "species": [],
            "reasons": [],
            "intent": None,
            "error": error,
        }
    # A line names each species once per product ("un tigrillo vivo y una piel de tigrillo"
    # twice), and each reason once, however often the post repeats them.
    species = [
        {
            "name": s["taxon"],
            **{k: s[k] for k in SPECIES_FIELDS},
        }
        for s in distinct_species(s.to_dict() for s in verdict.species)
    ]
    out: dict[str, Any] = {
        "id": record_id,
        "score": round(verdict.score, 6),
        "flagged": verdict.flagged,
        "species": species,
        "reasons": list(dict.fromkeys(verdict.reasons)),
        "intent": verdict.intent.value if verdict.intent else None,
        "model_version": verdict.model_version,
    }
    if verdict.language:
        out["language"] = verdict.language
    if verdict.error:
        out["error"] = verdict.error
    return out


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[ParsedLine]]:
    chunk: list[ParsedLine] = []
    for line_no, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        chunk.append(parse_line(line_no, raw))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def classify_stream(
    pool: ClassifyPool,
    source: IO[str],
    sink: IO[str],
    batch_size: int = 512,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Classify every line of ``source`` into ``sink``; returns (lines written, lines with errors).

    Blank lines are skipped; every other line gets exactly one output line, in input order.
    """
    written = errors = 0
    batches = (
        (chunk, [p.item for p in chunk if p.item is not None])
        for chunk in _chunks(source, batch_size)
    )
    for chunk, verdicts in pool.classify_batches(batches):
        done = iter(verdicts)
        lines = []
        for parsed in chunk:
            if parsed.item is None:
                record = verdict_record(parsed.record_id, None, parsed.error)
            else:
                record = verdict_record(parsed.record_id, next(done))
            errors += record.get("error") is not None
            lines.append(json.dumps(record, ensure_ascii=False))
        sink.write("\n".join(lines) + "\n")
        sink.flush()
        written += len(chunk)
        if progress:
            progress(len(chunk))
    return written, errors
