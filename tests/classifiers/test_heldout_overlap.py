"""No labelled or collected text repeats a text of the project's held-out evaluation.

The held-out texts are not in this repository: only one-way hashes of them sit beside a
checkout that has the project's shared folder (``../shared/heldout``), as in CI. Elsewhere the
check cannot run, and the test says so instead of passing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT.parent / "shared" / "heldout" / "check"


def test_no_labelled_text_repeats_a_held_out_one() -> None:
    if not CHECK.is_file():
        pytest.skip(f"{CHECK} is not beside this checkout: the held-out overlap check cannot run")
    done = subprocess.run(
        [sys.executable, str(CHECK)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert ", 0 overlaps" in done.stdout
