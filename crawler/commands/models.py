"""``wildwatch train``, ``eval`` and ``models build``: the classifier's models, offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from classifiers.artefact import ARTEFACT_FILE, ModelArtefact
from classifiers.dataset import DatasetError, load_examples
from classifiers.embedders import ModelNotFound, build_static_model
from classifiers.evaluation import evaluate as evaluate_examples
from classifiers.pipeline import Classifier, load_classifier
from classifiers.training import MODES as TRAINING_MODES
from classifiers.training import train as train_model
from crawler.config import get_settings
from crawler.progress import console

app = typer.Typer(no_args_is_help=True)

LABELLED = Path("classifiers/data/labelled")
SHIPPED = Path("classifiers/models")
MODES = "cascade, static, minilm, e5 or lexicon"


def open_classifier(embedder: str | None = None) -> Classifier:
    """The configured classifier (``WILDWATCH_CLASSIFIER_DIR``, else the shipped one), or exit
    with the command that builds what is missing."""
    settings = get_settings()
    try:
        return load_classifier(
            model_dir=settings.classifier_dir,
            embedder=embedder or _own_mode(settings.classifier_dir),
            assets_dir=settings.model_dir,
        )
    except ModelNotFound as exc:
        console.print(f"[red]Classifier not ready:[/red] {exc}")
        raise typer.Exit(code=2) from exc


def _own_mode(model_dir: Path | None) -> str | None:
    """The mode ``model_dir`` was trained for (``train --embedder``): the cascade when it has
    one, else its embedding head, else its lexicon head. None: no model there."""
    if model_dir is None or not (model_dir / ARTEFACT_FILE).is_file():
        return None  # load_classifier says what is missing
    modes = ModelArtefact.load(model_dir).modes
    return next((mode for mode in TRAINING_MODES if mode in modes), None)


@app.command("build")
def build(
    force: Annotated[bool, typer.Option(help="Rebuild even when the model is there.")] = False,
) -> None:
    """Distil the static (model2vec) embedder from the bundled MiniLM into WILDWATCH_MODEL_DIR."""
    target = get_settings().model_dir
    with console.status(f"building the static embedding model in {target} ..."):
        path = build_static_model(target, force=force)
    console.print(f"static model ready: {path}")


def train(
    data: Annotated[Path, typer.Option(help="Labelled JSONL file or folder.")] = LABELLED,
    out: Annotated[Path, typer.Option(help="Where the versioned artefact is written.")] = SHIPPED,
    seed: Annotated[int, typer.Option(help="Seed of the split and of training.")] = 13,
    embedder: Annotated[str, typer.Option(help=f"Mode to train: {MODES}.")] = "cascade",
    target_precision: Annotated[
        float,
        typer.Option(
            min=0.5, max=1.0, help="Thresholds chosen on the validation split for this precision."
        ),
    ] = 0.95,
) -> None:
    """Train the classifier reproducibly and write a small versioned model artefact."""
    if embedder not in TRAINING_MODES:
        console.print(
            f"[red]Cannot train:[/red] --embedder must be one of {MODES}, not {embedder!r}"
        )
        raise typer.Exit(code=2)
    try:
        with console.status("training (embedding the labelled set, fitting the heads) ..."):
            report = train_model(
                data_dir=data,
                out_dir=out,
                seed=seed,
                embedder=embedder,
                target_precision=target_precision,
                assets_dir=get_settings().model_dir,
            )
    except (DatasetError, ModelNotFound) as exc:
        console.print(f"[red]Cannot train:[/red] {exc}")
        raise typer.Exit(code=2) from exc
    console.print(report.to_text())


def evaluate(
    path: Annotated[Path, typer.Argument(help="Labelled JSONL: {text, label, lang?, title?}.")],
    embedder: Annotated[str | None, typer.Option(help=f"Mode: {MODES}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per language and overall, confusions, precision at k."""
    try:
        examples = load_examples(path)
    except (DatasetError, OSError) as exc:
        console.print(f"[red]Cannot read {path}:[/red] {exc}")
        raise typer.Exit(code=2) from exc
    if not examples:  # figures of nothing would read as a perfect score
        console.print(f"[red]Cannot evaluate:[/red] no labelled posts in {path}")
        raise typer.Exit(code=2)
    report = evaluate_examples(open_classifier(embedder), examples)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(report.to_text())
