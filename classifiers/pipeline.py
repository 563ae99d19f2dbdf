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

A chunk is classified in two passes: :meth:`Classifier.first_pass` does the per-post work
(matching, features, language, n-grams, the first head) on any run of posts, so a chunk may be
cut in parts (when :attr:`Classifier.per_post`) and done in other processes;
:meth:`Classifier.second_pass` joins the parts of one chunk and escalates its uncertain posts,
so the verdicts do not depend on how it was cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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

__all__ = [
    "ClassifyInput",
    "Classifier",
    "Escalation",
    "FirstPass",
    "ModelNotFound",
    "languages_detected",
    "load_classifier",
    "Uncertain",
]

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


# lingua's thread pool does not survive fork(): a process that has detected languages must not
# fork workers that will (they would wait forever on threads that were not copied).
_detected = False


def _detect(texts: list[str]) -> list[str | None]:
    global _detected
    _detected = True
    return detect_languages(texts)


def languages_detected() -> bool:
    """Whether this process has run language detection (then forked classify workers would hang)."""
    return _detected


@dataclass
class Uncertain:
    """A post of the cascade's uncertain band: what its second head needs to re-score it."""

    text: str
    score: float
    matches: Matches
    lexicon: np.ndarray
    grams: sparse.csr_matrix | None
    language: str | None


@dataclass
class FirstPass:
    """The first pass over a run of posts: one Verdict per input from the head that scores every
    post, and, in cascade mode, the posts of the uncertain band by input index. Picklable."""

    verdicts: list[Verdict]
    n_good: int
    uncertain: dict[int, Uncertain] = field(default_factory=dict)


@dataclass
class Escalation:
    """A chunk's first-pass verdicts and, by index, the posts its second head must re-score."""

    verdicts: list[Verdict]
    posts: list[tuple[int, Uncertain]]

    def settle(self, rescored: Sequence[Verdict]) -> list[Verdict]:
        """The chunk's verdicts with the second head's verdicts (of ``posts``, in order) in place."""
        for (i, _), verdict in zip(self.posts, rescored, strict=True):
            self.verdicts[i] = verdict
        return self.verdicts


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

    @property
    def per_post(self) -> bool:
        """Whether the first pass scores each post on its own, bit for bit, so a chunk may be cut
        in parts: a transformer pads a batch to its longest post, which moves the last digits."""
        return self.artefact.heads[self._stage1 or self.mode].embedder in (None, "static")

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
            out.extend(self.second_pass([self.first_pass(chunk)]))
            if progress is not None:
                progress(len(chunk))
        return out

    def first_pass(self, posts: Sequence[ClassifyInput]) -> FirstPass:
        """Per-post work on a run of posts (see :attr:`per_post` for cutting a chunk in parts)."""
        if self.mode == "cascade" and self._stage1 is None:
            raise ArtefactError("this artefact has no cascade settings")
        head = self._stage1 or self.mode
        texts: list[str | None] = []
        errors: dict[int, str] = {}
        for i, item in enumerate(posts):
            try:
                texts.append(_prepare(item))
            except (TypeError, ValueError) as exc:
                texts.append(None)
                errors[i] = f"bad input: {exc}"
        good = [i for i, t in enumerate(texts) if t is not None]
        good_texts = [texts[i] or "" for i in good]
        matches = [self.matcher.match(t) for t in good_texts]
        lexicon = self.features.matrix(matches)
        languages = _detect(good_texts)
        grams = ngram_matrix(good_texts) if self._reads_ngrams else None
        scores, contributions = self._score_with(head, good_texts, lexicon, grams)
        done = FirstPass(
            [
                Verdict(score=0.0, flagged=False, model_version=self.version, error=errors.get(i))
                for i in range(len(posts))
            ],
            len(good),
        )
        cascade = self.artefact.cascade if self._stage1 else None
        for row, i in enumerate(good):
            score = float(scores[row])
            done.verdicts[i] = self._verdict(
                score,
                head,
                good_texts[row],
                matches[row],
                contributions[row],
                languages[row],
                lexicon[row],
            )
            if cascade is not None and cascade.low <= score <= cascade.high:
                done.uncertain[i] = Uncertain(
                    good_texts[row],
                    score,
                    matches[row],
                    lexicon[row],
                    None if grams is None else grams[row],
                    languages[row],
                )
        return done

    def second_pass(self, parts: Sequence[FirstPass]) -> list[Verdict]:
        """The verdicts of one chunk from the first passes of its parts, in order."""
        escalation = self.escalate(parts)
        return escalation.settle(self.second_head([u for _, u in escalation.posts]))

    def escalate(self, parts: Sequence[FirstPass]) -> Escalation:
        """Join the parts of one chunk and pick the uncertain posts closest to the band's centre,
        at most ``max_escalation`` of the chunk's posts (none outside cascade mode)."""
        verdicts: list[Verdict] = []
        band: list[tuple[int, Uncertain]] = []
        for part in parts:
            band.extend((len(verdicts) + i, u) for i, u in sorted(part.uncertain.items()))
            verdicts.extend(part.verdicts)
        cascade = self.artefact.cascade
        if not band or cascade is None:
            return Escalation(verdicts, [])
        n_posts = sum(p.n_good for p in parts)
        chosen = cascade.escalate([u.score for _, u in band], n_posts)
        return Escalation(verdicts, [band[k] for k in chosen])

    def second_head(self, posts: Sequence[Uncertain]) -> list[Verdict]:
        """Verdicts of the cascade's second head for posts the first one was unsure of."""
        cascade = self.artefact.cascade
        if not posts or cascade is None:
            return []
        rows = [u.grams for u in posts]
        grams = None if rows[0] is None else sparse.vstack(rows, format="csr")
        lexicon = np.vstack([u.lexicon for u in posts])
        scores, parts = self._score_with(cascade.stage2, [u.text for u in posts], lexicon, grams)
        return [
            self._verdict(
                float(score), cascade.stage2, u.text, u.matches, part, u.language, u.lexicon
            )
            for score, part, u in zip(scores, parts, posts, strict=True)
        ]

    def _verdict(
        self,
        score: float,
        head: str,
        text: str,
        matches: Matches,
        contributions: np.ndarray,
        language: str | None,
        values: np.ndarray,
    ) -> Verdict:
        return build_verdict(
            score=score,
            threshold=self.threshold,
            model_version=self.version,
            text=text,
            matches=matches,
            contributions=contributions,
            feature_names=self.artefact.feature_names,
            embedder=self.artefact.heads[head].embedder,
            language=language,
            details=_details(matches, head, self._stage1, self.threshold),
            values=values,
        )

    def _score_with(
        self,
        head_name: str,
        texts: list[str],
        lexicon: np.ndarray,
        grams: sparse.csr_matrix | None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Calibrated scores of every row by one head, and per-feature contributions."""
        head = self.artefact.heads[head_name]
        embedding = None
        if head.embedder is not None:
            embedding = self.embedders[head.embedder].embed(texts)
        scores = head.predict(lexicon, embedding, grams)
        return scores, list(head.contributions(lexicon, embedding, grams))


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
