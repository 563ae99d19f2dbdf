"""Distil the MiniLM sentence-transformer into a model2vec static model (run in .venv-distill).

This file runs under the separate distillation virtualenv, whose ``model2vec[distill]``
extra pins an older ``transformers``; it therefore imports nothing from wildwatch.
Usage: ``python distill_script.py SOURCE_MODEL_DIR OUT_DIR [PCA_DIMS]``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Distil ``argv[0]`` into ``argv[1]``; return a process exit code."""
    if len(argv) < 2:
        print("usage: distill_script.py SOURCE_MODEL_DIR OUT_DIR [PCA_DIMS]", file=sys.stderr)
        return 2
    from model2vec.distill import distill

    source, out = Path(argv[0]), Path(argv[1])
    pca_dims = int(argv[2]) if len(argv) > 2 else 256
    model = distill(model_name=str(source), pca_dims=pca_dims, device="cpu")
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    print(f"static model written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
