"""``wildwatch classify-file``: the JSONL contract, hostile lines, stdin/stdout, progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TRADE = (
    "Vendo guacamaya roja bebé, mansita, entrega inmediata. Solo interesados, inbox 55 1234 5678"
)
TOY = "Peluche de perezoso 30 cm, nuevo, ideal para regalo"

LINES: list[str] = [
    json.dumps({"id": "a", "text": TRADE}),
    json.dumps({"id": 7, "title": "Filhote de sagui", "text": "chama no zap, entrego"}),
    json.dumps({"id": "toy", "text": TOY}),
    "{not json",
    json.dumps({"id": "no-text", "title": None}),
    json.dumps(["a", "list"]),
    json.dumps({"id": "num", "text": 12345}),
    json.dumps({"id": "empty", "text": ""}),
    json.dumps({"id": "emoji", "text": "🦜🦜🦜🔥💰"}),
    json.dumps({"id": "huge", "text": "loro " * 220_000}),
    json.dumps({"id": "garbage", "text": "\x00\x01\ufffd\udcff" * 50}, ensure_ascii=True),
    json.dumps({"id": "mixed", "text": "Selling baby sloth, vendo perezoso, vendo bicho-preguiça"}),
]


def _run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "classify-file", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, object]], str]:
    folder = tmp_path_factory.mktemp("classify_file")
    source, out = folder / "in.jsonl", folder / "out.jsonl"
    # A blank line is skipped; a line of broken UTF-8 is read with replacement characters.
    source.write_bytes(
        ("\n".join(LINES) + "\n\n").encode() + b'{"id": "bad-utf8", "text": "loro \xff\xfe"}\n'
    )
    done = _run(["--input", str(source), "--output", str(out)])
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in out.read_text().splitlines()], done.stderr


def test_one_output_line_per_input_line_in_order(
    results: tuple[list[dict[str, object]], str],
) -> None:
    rows, _ = results
    assert [r["id"] for r in rows] == [
        "a",
        7,
        "toy",
        None,
        "no-text",
        None,
        "num",
        "empty",
        "emoji",
        "huge",
        "garbage",
        "mixed",
        "bad-utf8",
    ]
    for row in rows:
        assert {"id", "score", "flagged", "species", "reasons"} <= row.keys()
        assert 0.0 <= float(row["score"]) <= 1.0  # type: ignore[arg-type]


def test_trade_is_flagged_and_explained_toy_is_not(
    results: tuple[list[dict[str, object]], str],
) -> None:
    rows = {str(r["id"]): r for r in results[0]}
    trade = rows["a"]
    assert trade["flagged"] is True
    species = trade["species"]
    assert isinstance(species, list) and species
    assert all({"name", "scientific_name", "cites_appendix"} <= s.keys() for s in species)
    assert any(s["scientific_name"].startswith("Ara") for s in species)
    assert trade["reasons"]
    assert rows["toy"]["flagged"] is False


@pytest.mark.parametrize("record_id", ["None-3", "no-text", "None-5", "num"])
def test_bad_lines_get_a_clear_error_and_no_flag(
    results: tuple[list[dict[str, object]], str], record_id: str
) -> None:
    rows = results[0]
    row = {"None-3": rows[3], "None-5": rows[5]}.get(record_id) or next(
        r for r in rows if r["id"] == record_id
    )
    assert row["flagged"] is False
    assert isinstance(row["error"], str) and "line" in row["error"]


@pytest.mark.parametrize("record_id", ["empty", "emoji", "huge", "garbage", "mixed", "bad-utf8"])
def test_hostile_texts_still_get_a_verdict(
    results: tuple[list[dict[str, object]], str], record_id: str
) -> None:
    row = next(r for r in results[0] if r["id"] == record_id)
    assert isinstance(row["score"], float)


def test_progress_is_reported(results: tuple[list[dict[str, object]], str]) -> None:
    assert "13/13" in results[1]
    assert "wrote 13 verdicts" in results[1]


def test_stdin_to_stdout() -> None:
    done = _run(["-i", "-", "-o", "-"], stdin=LINES[0] + "\n" + LINES[2] + "\n")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "toy"]
    assert [r["flagged"] for r in rows] == [True, False]


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    done = _run(["-i", str(tmp_path / "nope.jsonl"), "-o", "-"])
    assert done.returncode == 2
    assert "No such input file" in done.stderr
