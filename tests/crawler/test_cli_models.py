"""``wildwatch eval`` and ``wildwatch train`` run as a user runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawler.cli import app
from tests.classifiers.conftest import SAMPLE
from tests.crawler.cli_helpers import run_wildwatch

TRADE = "Vendo guacamaya roja bebé, mansita, entrega inmediata. Solo interesados, inbox"
ORDINARY = "Vendo bicicleta de montaña rodada 29, frenos de disco, poco uso"

#: (language, label, text): plain trade (1) and plain ordinary posts (0), and a few labelled the
#: other way round, so the classifier's right answers count as errors against these labels.
LABELLED = [
    ("es", 1, "Vendo guacamaya roja bebé, mansita, entrega inmediata, inbox"),
    ("es", 1, "Se venden monitos capuchinos, ya comen solos, solo interesados al privado"),
    ("es", 0, ORDINARY),
    ("es", 0, "Receta de pastel de zanahoria con nuez, fácil y rápida"),
    ("es", 0, "Tengo tucanes pico iris, papilleros, envíos a toda la república, WhatsApp"),
    ("es", 1, "Se renta departamento de dos recámaras en Coyoacán, amueblado"),
    ("pt", 1, "Filhote de sagui manso, chama no zap, entrego em SP"),
    (
        "pt",
        1,
        "Vendo filhote de papagaio verdadeiro, manso, envio para todo o Brasil, chama no zap",
    ),
    ("pt", 0, "Vendo geladeira Brastemp frost free, funcionando perfeitamente"),
    ("pt", 0, "Receita de bolo de cenoura com cobertura de chocolate"),
    ("pt", 1, "Aluga-se apartamento de dois quartos no centro, mobiliado"),
    ("en", 1, "Baby capuchin monkey for sale, diaper trained, shipping available, text me"),
    ("en", 1, "Blue and gold macaw 8 months old hand fed very tame. £1800 ono"),
    ("en", 0, "Selling my mountain bike, 29 inch wheels, disc brakes, barely used"),
    ("en", 0, "Best banana bread recipe with walnuts"),
]
#: What eval must print for LABELLED: name -> (n, precision, recall, F1).
FIGURES = {
    "en": (4, 1.0, 1.0, 1.0),  # 2 true positives, 2 true negatives
    "es": (6, 0.667, 0.667, 0.667),  # one flag on a post labelled 0, one miss labelled 1
    "pt": (5, 1.0, 0.667, 0.8),  # one miss labelled 1
    "overall": (15, 0.857, 0.75, 0.8),  # tp 6, fp 1, fn 2, tn 6
}
ROW = re.compile(r"(\w+) +(\d+) +([\d.]+) +([\d.]+) +([\d.]+)")


@pytest.fixture(scope="module")
def labelled_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "labelled.jsonl"
    rows = [{"text": text, "label": label, "lang": lang} for lang, label, text in LABELLED]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


def test_eval_prints_precision_recall_f1_per_language(labelled_file: Path) -> None:
    done = run_wildwatch("eval", str(labelled_file))
    assert done.returncode == 0, done.stderr
    shown = {
        m[1]: (int(m[2]), float(m[3]), float(m[4]), float(m[5]))
        for m in map(ROW.fullmatch, done.stdout.splitlines())
        if m
    }
    assert shown == FIGURES
    assert "top of the queue: P@10 " in done.stdout
    assert "false positives (flagged, labelled negative): 1 shown" in done.stdout
    assert "Tengo tucanes pico iris" in done.stdout
    assert "false negatives (missed, labelled positive): 2 shown" in done.stdout


def test_eval_json_counts_add_up(labelled_file: Path) -> None:
    done = run_wildwatch("eval", str(labelled_file), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["overall"] | {"precision": 0, "recall": 0, "f1": 0} == {
        "n": 15,
        "tp": 6,
        "fp": 1,
        "fn": 2,
        "tn": 6,
        "precision": 0,
        "recall": 0,
        "f1": 0,
    }
    for name, counts in [*report["by_language"].items(), ("overall", report["overall"])]:
        n, precision, recall, f1 = FIGURES[name]
        assert counts["tp"] + counts["fp"] + counts["fn"] + counts["tn"] == n
        assert (counts["precision"], counts["recall"], counts["f1"]) == pytest.approx(
            (precision, recall, f1), abs=5e-4
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Cannot read"),
        ("", "no labelled posts"),
        ("{not json\n", "labelled.jsonl:1"),
        ('{"text": "loro", "label": 3}\n', "label must be 0 or 1, got 3"),
        ('{"label": 1}\n', "labelled.jsonl:1"),
    ],
    ids=["missing", "empty", "not-json", "bad-label", "no-text"],
)
def test_eval_refuses_a_file_it_cannot_score(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "labelled.jsonl"
    if content is not None:
        path.write_text(content)
    done = run_wildwatch("eval", str(path))
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and "F1" not in done.stdout


def test_train_writes_a_model_that_classify_file_loads(
    tmp_path: Path, quick_training: None
) -> None:
    out = tmp_path / "models"
    args = ["train", "--data", str(SAMPLE), "--out", str(out), "--embedder", "lexicon"]
    result = CliRunner().invoke(app, [*args, "--seed", "1"])
    assert result.exit_code == 0, result.output
    (model_dir,) = (path.parent for path in out.glob("*/model.json"))
    assert f"model {model_dir.name} ->" in result.output
    assert (model_dir / "report.txt").is_file()

    lines = [{"id": "trade", "text": TRADE}, {"id": "ordinary", "text": ORDINARY}]
    done = run_wildwatch(
        "classify-file",
        "-i",
        "-",
        "-o",
        "-",
        stdin="".join(json.dumps(line) + "\n" for line in lines),
        WILDWATCH_CLASSIFIER_DIR=str(model_dir),
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["model_version"] for r in rows] == [f"{model_dir.name}+lexicon"] * 2
    assert [(r["id"], r["flagged"]) for r in rows] == [("trade", True), ("ordinary", False)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--embedder", "bert"], "--embedder must be one of"),
        (["--data", "no-such-folder"], "no .jsonl files"),
        (["--target-precision", "0.2"], "Invalid value for '--target-precision'"),
    ],
    ids=["unknown-embedder", "no-data", "precision-out-of-range"],
)
def test_train_refuses_bad_options_clearly(
    tmp_path: Path, options: list[str], message: str
) -> None:
    args = ["train", "--data", str(SAMPLE), "--out", str(tmp_path), "--embedder", "lexicon"]
    result = CliRunner().invoke(app, [*args, *options])
    assert result.exit_code == 2
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not list(tmp_path.iterdir())  # nothing written
