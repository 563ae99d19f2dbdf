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
from typing import NamedTuple

import pytest

from tests.classifiers.conftest import SAMPLE

TRADE = (
    "Vendo guacamaya roja bebé, mansita, entrega inmediata. Solo interesados, inbox 55 1234 5678"
)
TOY = "Peluche de perezoso 30 cm, nuevo, ideal para regalo"


class Case(NamedTuple):
    """One input line and what its output line must say."""

    line: bytes
    id: object  # None: the line has no readable id
    flagged: bool
    species: set[str]  # every scientific name the verdict names, each once
    error: str | None  # what the error says after "line N: " (None: no error)


def _case(
    record: object,
    record_id: object,
    flagged: bool = False,
    species: frozenset[str] | set[str] = frozenset(),
    error: str | None = None,
) -> Case:
    line = record if isinstance(record, bytes) else json.dumps(record).encode()
    return Case(line, record_id, flagged, set(species), error)


CASES: list[Case] = [
    _case({"id": "a", "text": TRADE}, "a", True, {"Ara macao"}),
    _case(
        {"id": 7, "title": "Filhote de sagui", "text": "chama no zap, entrego"},
        7,
        True,
        {"Callithrix jacchus"},
    ),
    _case({"id": "toy", "text": TOY}, "toy", False, {"Bradypus variegatus"}),
    _case(b"{not json", None, error="not valid JSON"),
    _case({"id": "no-text", "title": None}, "no-text", error="no 'text' field"),
    _case(["a", "list"], None, error="expected a JSON object"),
    _case({"id": "num", "text": 12345}, "num", error="'text' and 'title' must be strings"),
    _case({"id": "empty", "text": ""}, "empty"),
    _case({"id": "emoji", "text": "🦜🦜🦜🔥💰"}, "emoji"),
    # 1.1 MB naming a parrot 220,000 times and selling nothing.
    _case({"id": "huge", "text": "loro " * 220_000}, "huge", False, {"Psittacidae"}),
    _case(
        json.dumps(
            {"id": "garbage", "text": "\x00\x01\ufffd\udcff" * 50}, ensure_ascii=True
        ).encode(),
        "garbage",
    ),
    _case(
        {"id": "mixed", "text": "Selling baby sloth, vendo perezoso, vendo bicho-preguiça"},
        "mixed",
        True,
        {"Bradypus variegatus"},
    ),
    # After a blank line (skipped): broken UTF-8 (read with replacement characters), and a line
    # too long to read at all.
    _case(b'{"id": "bad-utf8", "text": "loro \xff\xfe"}', "bad-utf8", False, {"Psittacidae"}),
    _case(
        b'{"id": "too-long", "text": "' + b"a" * 4_000_000 + b'"}',
        None,
        error="longer than 4000000 characters",
    ),
]
BLANK_AFTER = 12  # the blank line follows the first 12 cases
LINES: list[str] = [case.line.decode() for case in CASES[:BLANK_AFTER]]


def _line_no(index: int) -> int:
    """The input line number of ``CASES[index]`` (the blank line counts)."""
    return index + 1 + (index >= BLANK_AFTER)


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
    lines = [case.line for case in CASES]
    source.write_bytes(b"\n".join([*lines[:BLANK_AFTER], b"", *lines[BLANK_AFTER:]]) + b"\n")
    done = _run(["--input", str(source), "--output", str(out)])
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in out.read_text().splitlines()], done.stderr


def test_one_output_line_per_input_line_in_order(
    results: tuple[list[dict[str, object]], str],
) -> None:
    rows, _ = results
    assert [r["id"] for r in rows] == [case.id for case in CASES]
    for row in rows:
        assert {"id", "score", "flagged", "species", "reasons"} <= row.keys()


@pytest.mark.parametrize(
    "index", range(len(CASES)), ids=[f"line{_line_no(i)}-{c.id}" for i, c in enumerate(CASES)]
)
def test_every_line_gets_its_verdict(
    results: tuple[list[dict[str, object]], str], index: int
) -> None:
    case, row = CASES[index], results[0][index]
    assert row["id"] == case.id
    assert row["flagged"] is case.flagged
    names = [s["scientific_name"] for s in row["species"]]  # type: ignore[attr-defined]
    assert sorted(names) == sorted(case.species)  # each species once, however often named
    score = row["score"]
    assert isinstance(score, float) and 0.0 <= score <= 1.0
    if case.error is None:
        assert "error" not in row
        assert row["model_version"]
    else:
        assert str(row["error"]).startswith(f"line {_line_no(index)}: {case.error}")
        assert score == 0.0 and row["reasons"] == []
    if case.flagged:
        assert row["reasons"]


def test_output_lines_stay_small(results: tuple[list[dict[str, object]], str]) -> None:
    """A 1 MB post repeating a species, or a 4 MB line, is answered in a short line."""
    for row in results[0]:
        assert len(json.dumps(row, ensure_ascii=False)) < 5_000, row["id"]


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
    assert trade["intent"] == "offer"
    assert rows["toy"]["flagged"] is False


def test_progress_is_reported(results: tuple[list[dict[str, object]], str]) -> None:
    assert f"{len(CASES)}/{len(CASES)}" in results[1]
    assert (
        f"wrote {len(CASES)} verdicts ({sum(c.error is not None for c in CASES)} lines with errors)"
        in results[1]
    )


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


#: (text, one species entry of its output line: scientific name, product, zoonotic risk).
PRODUCT_LINES: list[tuple[str, tuple[str, str, str | None]]] = [
    ("Vendo colmillos de jaguar, 2.500 MXN", ("Panthera onca", "fang", None)),
    ("Filhote de papagaio verdadeiro, chama no zap", ("Amazona aestiva", "live", "bird")),
    ("Peineta de carey antigua", ("Eretmochelys imbricata", "shell", None)),
    ("Aleta de tiburón seca por kilo", ("Selachimorpha", "fin", None)),
    ("Selling baby capuchin monkey, DM", ("Sapajus apella", "live", "primate")),
    ("Ivory carving, antique, $450", ("Loxodonta africana", "ivory", None)),
    ("Carne de monte fresca, pedidos", ("Vertebrata (wild meat)", "meat", "bushmeat")),
    # One species offered two ways is named once each way.
    ("Tigrillo bebé y piel de ocelote", ("Leopardus pardalis", "live", "carnivore")),
    ("Tigrillo bebé y piel de ocelote", ("Leopardus pardalis", "skin", None)),
]


@pytest.fixture(scope="module")
def product_rows() -> dict[str, dict[str, object]]:
    texts = list(dict.fromkeys(text for text, _ in PRODUCT_LINES))
    lines = "".join(json.dumps({"id": t, "text": t}) + "\n" for t in texts)
    done = _run(["-i", "-", "-o", "-"], stdin=lines)
    assert done.returncode == 0, done.stderr
    return {row["id"]: row for row in map(json.loads, done.stdout.splitlines())}


@pytest.mark.parametrize(("text", "entry"), PRODUCT_LINES, ids=[t for t, _ in PRODUCT_LINES])
def test_each_species_says_what_is_offered_and_its_zoonotic_risk(
    product_rows: dict[str, dict[str, object]], text: str, entry: tuple[str, str, str | None]
) -> None:
    species = product_rows[text]["species"]
    assert isinstance(species, list)
    fields = {"name", "scientific_name", "cites_appendix", "taxon_id", "product", "zoonotic_risk"}
    assert all(set(s) == fields for s in species)
    assert entry in {(s["scientific_name"], s["product"], s["zoonotic_risk"]) for s in species}
