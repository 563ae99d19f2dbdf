"""Classify posts: lexicon pass on every post, the fast head on all, the costly one where it matters.

Offsets in every SpeciesHit and CueHit index the classified text, which is
``title + "\\n" + text`` when a title is given and ``text`` alone otherwise.

Modes (``load_classifier(embedder=...)``): ``"cascade"`` (default) scores every post with the
static-embedding head and re-scores with the stage-2 head (MiniLM or E5) only posts whose
stage-1 score falls in the uncertain band around the threshold, at most ``max_escalation`` of
a batch, closest first; ``"static"``, ``"minilm"``, ``"e5"`` use one head for all posts;
``"lexicon"`` uses no embedding at all (no model files needed; a distinct model version).
Every head also reads hashed character n-grams of the post (:mod:`classifiers.ngrams`),
computed once per batch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from classifiers.artefact import ArtefactError, ModelArtefact, default_model_dir
from classifiers.embedders.base import Embedder, ModelNotFound, get_embedder
from classifiers.explain import build_verdict
from classifiers.features import FeatureBuilder
from classifiers.language import detect_languages
from classifiers.matcher import Matcher, Matches, default_matcher
from classifiers.ngrams import ngram_matrix
from classifiers.types import Verdict

__all__ = ["ClassifyInput", "Classifier", "ModelNotFound", "load_classifier"]

CHUNK = 512
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass
class ClassifyInput:
    """One post to classify; ``id`` is the caller's and is not interpreted."""

    id: str
    text: str
    title: str | None = None


def _prepare(item: ClassifyInput) -> str:
    """The text to classify, or ValueError/TypeError for input that is not text."""
    if not isinstance(item.text, str):
        raise TypeError(f"text must be a string, got {type(item.text).__name__}")
    if item.title is not None and not isinstance(item.title, str):
        raise TypeError(f"title must be a string, got {type(item.title).__name__}")
    text = f"{item.title}\n{item.text}" if item.title else item.text
    # Same length out as in, so offsets stay valid: control bytes and lone surrogates (binary
    # junk decoded with surrogateescape) become spaces.
    return _CONTROL.sub(" ", text)


class Classifier:
    """A loaded model: call :meth:`classify` with batches, reuse for the whole run."""

    def __init__(
        self,
        artefact: ModelArtefact,
        mode: str,
        embedders: dict[str, Embedder],
        matcher: Matcher | None = None,
    ) -> None:
        self.artefact = artefact
        self.mode = mode
        self.embedders = embedders
        self.matcher = matcher or default_matcher()
        self.features = FeatureBuilder()
        if self.features.names != artefact.feature_names:
            raise ArtefactError(
                "the model artefact was trained on a different feature list; retrain it with "
                "`wildwatch train`"
            )
        self.version = f"{artefact.version}+{mode}"
        self.threshold = artefact.thresholds[mode]
        self._stage1 = artefact.cascade.stage1 if mode == "cascade" and artefact.cascade else None
        self._reads_ngrams = any(h.ngram_coef is not None for h in artefact.heads.values())

    def classify_text(self, text: str, title: str | None = None) -> Verdict:
        """Classify one text (convenience for tests and the review page)."""
        return self.classify([ClassifyInput(id="-", text=text, title=title)])[0]

    def classify(
        self,
        inputs: Sequence[ClassifyInput],
        progress: Callable[[int], None] | None = None,
    ) -> list[Verdict]:
        """One Verdict per input, in order; ``progress(n)`` is called as each n posts finish.

        A bad input (not text) yields a Verdict with ``error`` set; it never fails the batch.
        """
        out: list[Verdict] = []
        for begin in range(0, len(inputs), CHUNK):
            chunk = inputs[begin : begin + CHUNK]
            out.extend(self._classify_chunk(chunk))
            if progress is not None:
                progress(len(chunk))
        return out

    def _classify_chunk(self, chunk: Sequence[ClassifyInput]) -> list[Verdict]:
        texts: list[str | None] = []
        errors: dict[int, str] = {}
        for i, item in enumerate(chunk):
            try:
                texts.append(_prepare(item))
            except (TypeError, ValueError) as exc:
                texts.append(None)
                errors[i] = f"bad input: {exc}"
        good = [i for i, t in enumerate(texts) if t is not None]
        good_texts = [texts[i] or "" for i in good]
        matches = [self.matcher.match(t) for t in good_texts]
        lexicon = self.features.matrix(matches)
        languages = detect_languages(good_texts)
        grams = ngram_matrix(good_texts) if self._reads_ngrams else None
        scores, stages, contributions = self._score(good_texts, lexicon, grams)
        verdicts: list[Verdict] = [
            Verdict(score=0.0, flagged=False, model_version=self.version, error=errors.get(i))
            for i in range(len(chunk))
        ]
        for row, i in enumerate(good):
            stage = stages[row]
            verdicts[i] = build_verdict(
                score=float(scores[row]),
                threshold=self.threshold,
                model_version=self.version,
                matches=matches[row],
                contributions=contributions[row],
                feature_names=self.artefact.feature_names,
                embedder=self.artefact.heads[stage].embedder,
                language=languages[row],
                details=_details(matches[row], stage, self._stage1, self.threshold),
                values=lexicon[row],
            )
        return verdicts

    def _score(
        self, texts: list[str], lexicon: np.ndarray, grams: sparse.csr_matrix | None
    ) -> tuple[np.ndarray, list[str], list[np.ndarray]]:
        """Calibrated scores, the head that gave each, and per-feature contributions."""
        if self.mode != "cascade":
            return self._score_with(self.mode, texts, lexicon, grams, list(range(len(texts))))
        cascade = self.artefact.cascade
        if cascade is None:
            raise ArtefactError("this artefact has no cascade settings")
        scores, stages, contributions = self._score_with(
            cascade.stage1, texts, lexicon, grams, list(range(len(texts)))
        )
        band = [i for i, s in enumerate(scores) if cascade.low <= s <= cascade.high]
        centre = (cascade.low + cascade.high) / 2
        band.sort(key=lambda i: abs(scores[i] - centre))
        limit = max(1, int(np.ceil(cascade.max_escalation * len(texts))))
        chosen = sorted(band[:limit])
        if chosen:
            s2, st2, c2 = self._score_with(cascade.stage2, texts, lexicon, grams, chosen)
            for k, i in enumerate(chosen):
                scores[i], stages[i], contributions[i] = s2[k], st2[k], c2[k]
        return scores, stages, contributions

    def _score_with(
        self,
        head_name: str,
        texts: list[str],
        lexicon: np.ndarray,
        grams: sparse.csr_matrix | None,
        rows: list[int],
    ) -> tuple[np.ndarray, list[str], list[np.ndarray]]:
        head = self.artefact.heads[head_name]
        lex = lexicon[rows] if rows else np.zeros((0, lexicon.shape[1]), dtype=np.float32)
        embedding = None
        if head.embedder is not None:
            embedding = self.embedders[head.embedder].embed([texts[i] for i in rows])
        sub = None if grams is None else sparse.csr_matrix(grams[rows])
        scores = head.predict(lex, embedding, sub)
        contributions = list(head.contributions(lex, embedding, sub))
        return scores, [head_name] * len(rows), contributions


def _details(
    matches: Matches, stage: str, stage1: str | None, threshold: float
) -> dict[str, object]:
    details: dict[str, object] = {"head": stage, "threshold": round(threshold, 4)}
    if stage1 is not None:
        details["escalated"] = stage != stage1
    if matches.truncated:
        details["truncated"] = True
    return details


def load_classifier(
    model_dir: Path | None = None,
    embedder: str | None = None,
    assets_dir: Path | None = None,
) -> Classifier:
    """Load the trained artefact (default: the one shipped in ``classifiers/models/``).

    ``embedder`` picks the mode ("cascade", "static", "minilm", "e5" or "lexicon"; default
    "cascade"). ``assets_dir`` is where built models live (pass ``settings.model_dir``; default
    ``./data/models``). Raises :class:`ModelNotFound` naming the command that builds what is
    missing.
    """
    directory = model_dir or default_model_dir()
    if directory is None or not (directory / "model.json").is_file():
        raise ModelNotFound(
            f"no trained classifier at {directory or 'classifiers/models/'}; train one with "
            "`wildwatch train` (it writes classifiers/models/<version>/model.json)"
        )
    artefact = ModelArtefact.load(directory)
    mode = embedder or "cascade"
    if mode not in artefact.thresholds:
        raise ModelNotFound(
            f"the model in {directory} has no {mode!r} head (it has: "
            f"{', '.join(artefact.modes)}); train it with `wildwatch train --embedder {mode}`"
        )
    heads = (
        [artefact.cascade.stage1, artefact.cascade.stage2]
        if mode == "cascade" and artefact.cascade
        else [mode]
    )
    needed = {artefact.heads[h].embedder for h in heads} - {None}
    embedders = {name: get_embedder(name, assets_dir) for name in sorted(n for n in needed if n)}
    return Classifier(artefact, mode, embedders)
