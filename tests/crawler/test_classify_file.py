"""``wildwatch classify-file``: the JSONL contract, hostile lines, stdin/stdout, progress,
worker processes and Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.classifiers.conftest import SAMPLE

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


ENV = {**os.environ, "COLUMNS": "120"}
COMMAND = [sys.executable, "-m", "crawler.cli", "classify-file"]


def _run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=ENV,
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


def _many_posts(path: Path, copies: int) -> Path:
    """The sample posts ``copies`` times over, each made unique, with the hostile lines mixed in."""
    texts = [json.loads(line)["text"] for line in SAMPLE.read_text().splitlines()]
    lines = [json.dumps({"id": i, "text": f"{t} ({i})"}) for i, t in enumerate(texts * copies)]
    for at, line in enumerate(LINES):
        lines.insert(at * 97, line)
    path.write_text("\n".join(lines) + "\n")
    return path


def test_two_workers_write_what_one_process_writes(tmp_path: Path) -> None:
    source = _many_posts(tmp_path / "in.jsonl", copies=25)  # 1,212 lines: batches of 2 chunks
    written = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}.jsonl"
        done = _run(
            ["-i", str(source), "-o", str(out), "--batch-size", "700", "--workers", workers]
        )
        assert done.returncode == 0, done.stderr
        written[workers] = out.read_text()
    assert written["2"] == written["1"]
    rows = [json.loads(line) for line in written["2"].splitlines()]
    assert len(rows) == 1212 and rows[-1]["id"] == 1199
    assert sum(r["flagged"] for r in rows) > 100


def test_ctrl_c_stops_every_process_and_leaves_whole_lines(tmp_path: Path) -> None:
    source = _many_posts(tmp_path / "in.jsonl", copies=200)
    out = tmp_path / "out.jsonl"
    args = ["-i", str(source), "-o", str(out), "--batch-size", "64", "--workers", "2"]
    # A session of its own: Ctrl-C in a terminal signals the whole process group.
    run = subprocess.Popen(
        [*COMMAND, *args], stderr=subprocess.PIPE, text=True, env=ENV, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while not (out.exists() and out.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode != 0
    assert "Traceback" not in stderr
    with pytest.raises(ProcessLookupError):  # no worker is left behind
        os.killpg(run.pid, 0)
    rows = [json.loads(line) for line in out.read_text().splitlines()]  # whole lines only
    assert 0 < len(rows) < 200 * 48
