"""Classifying: hostile inputs never break a batch, and every verdict explains itself."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from classifiers.pipeline import Classifier, ClassifyInput, ModelNotFound, load_classifier
from classifiers.types import CueDirection
from tests.classifiers.conftest import SAMPLE

GARBAGE = bytes(range(256)).decode("latin-1") + b"\xff\xfe\x00\x01".decode(
    "utf-8", "surrogateescape"
)

HOSTILE = [
    pytest.param("", id="empty"),
    pytest.param("   \n\t ", id="whitespace"),
    pytest.param("🦜🐒🐢🔥💰" * 20, id="emoji-only"),
    pytest.param(GARBAGE * 40, id="binary-garbage"),
    pytest.param("vendo loro " + "x" * 1_000_000, id="huge-1MB"),
    pytest.param("Vendo filhote de sagui, price $300, envío a todo México 🐒", id="mixed-language"),
    pytest.param("\x00\x00\x00", id="nul-bytes"),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_texts_get_a_verdict(static_classifier: Classifier, text: str) -> None:
    verdict = static_classifier.classify_text(text)
    assert verdict.error is None
    assert 0.0 <= verdict.score <= 1.0
    assert verdict.model_version == static_classifier.version


def test_bad_inputs_get_an_error_and_the_batch_goes_on(static_classifier: Classifier) -> None:
    inputs = [
        ClassifyInput("a", "Vendo guacamaya roja bebé, inbox"),
        ClassifyInput("b", None),  # type: ignore[arg-type]
        ClassifyInput("c", b"bytes are not text"),  # type: ignore[arg-type]
        ClassifyInput("d", "Peluche de guacamaya para niños"),
    ]
    done: list[int] = []
    verdicts = static_classifier.classify(inputs, progress=done.append)
    assert len(verdicts) == 4 and sum(done) == 4
    assert verdicts[0].error is None and verdicts[3].error is None
    assert verdicts[1].error and "string" in verdicts[1].error
    assert verdicts[2].error and "string" in verdicts[2].error
    assert verdicts[0].score > verdicts[3].score


def test_a_flag_names_species_cites_cues_and_version(static_classifier: Classifier) -> None:
    title = "GUACAMAYAS ROJAS"
    text = "Vendo guacamayas rojas bebés, mansitas, $8,500 c/u, envíos, respondo por inbox"
    verdict = static_classifier.classify_text(text, title=title)
    assert verdict.flagged
    full = f"{title}\n{text}"
    assert verdict.species[0].taxon == "scarlet macaw"
    assert verdict.species[0].taxon_id == "ara-macao"
    assert verdict.species[0].cites_appendix == "I"
    raising = [c for c in verdict.cues if c.direction is CueDirection.RAISES and c.start >= 0]
    assert {"offer", "private_channel"} <= {c.kind for c in raising}
    assert "price" in {c.kind for c in verdict.cues}  # a price is evidence either way
    spans = [(s.start, s.end, s.matched) for s in verdict.species]
    spans += [(c.start, c.end, c.matched) for c in verdict.cues if c.start >= 0]
    for start, end, matched in spans:
        assert full[start:end] == matched
    assert verdict.reasons[0] == (
        "names scarlet macaw (Ara macao, CITES I): live animal, zoonotic risk (bird)"
    )
    assert verdict.model_version.endswith("+static")


def test_negative_context_lowers_the_score(static_classifier: Classifier) -> None:
    sale = static_classifier.classify_text("Vendo tucán bebé, envíos, inbox")
    toy = static_classifier.classify_text("Vendo tucán de peluche para niños, envíos, inbox")
    assert toy.score < sale.score
    lowering = [c for c in toy.cues if c.direction is CueDirection.LOWERS]
    assert "toy" in {c.kind for c in lowering}


def test_order_is_kept_across_chunks(lexicon_classifier: Classifier) -> None:
    inputs = [
        ClassifyInput(str(i), "Vendo mono araña bebé, whatsapp" if i % 2 else "Receta de pan")
        for i in range(1200)
    ]
    verdicts = lexicon_classifier.classify(inputs)
    assert len(verdicts) == 1200
    assert all((v.score > 0.5) == bool(i % 2) for i, v in enumerate(verdicts))


def test_missing_model_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="wildwatch train"):
        load_classifier(model_dir=tmp_path)


def test_missing_static_model_names_the_build_command(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound, match="wildwatch models build"):
        load_classifier(embedder="static", assets_dir=tmp_path)


def test_cascade_escalates_only_uncertain_posts(assets_dir: Path) -> None:
    classifier = load_classifier(assets_dir=assets_dir)
    assert classifier.version.endswith("+cascade")
    texts = ["Receta de pan de elote"] * 60 + ["Vendo tucán bebé, muy manso, inbox"] * 2
    verdicts = classifier.classify([ClassifyInput(str(i), t) for i, t in enumerate(texts)])
    escalated = [v for v in verdicts if v.details.get("escalated")]
    assert len(escalated) <= 0.05 * len(texts) + 1
    assert all("escalated" in v.details for v in verdicts)
    assert verdicts[0].score < verdicts[-1].score


@pytest.fixture(scope="module")
def strict_cascade(assets_dir: Path) -> Classifier:
    """The cascade with a wide uncertain band and an escalation cap of 1 %: more posts are
    uncertain than it may escalate, whatever the shipped model's band."""
    loaded = load_classifier(assets_dir=assets_dir)
    assert loaded.artefact.cascade is not None
    cascade = replace(loaded.artefact.cascade, low=0.02, high=0.98, max_escalation=0.01)
    artefact = replace(loaded.artefact, cascade=cascade)
    return Classifier(artefact, "cascade", loaded.embedders, loaded.matcher)


def test_a_chunk_cut_in_parts_gets_the_verdicts_of_the_whole(strict_cascade: Classifier) -> None:
    texts = [json.loads(line)["text"] for line in SAMPLE.read_text().splitlines()]
    posts = [ClassifyInput(str(i), f"{text} ({i})") for i, text in enumerate(texts * 6)]
    posts.insert(100, ClassifyInput("bad", None))  # type: ignore[arg-type]
    whole = strict_cascade.classify(posts)
    cuts = ((0, 100), (100, 101), (101, 250), (250, len(posts)))
    parts = [strict_cascade.first_pass(posts[a:b]) for a, b in cuts]
    assert [v.to_dict() for v in strict_cascade.second_pass(parts)] == [v.to_dict() for v in whole]
    escalated = sum(bool(v.details.get("escalated")) for v in whole)
    assert 0 < escalated < sum(len(p.uncertain) for p in parts)
    assert whole[100].error and all(v.error is None for i, v in enumerate(whole) if i != 100)
