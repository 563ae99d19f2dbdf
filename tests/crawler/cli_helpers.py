"""Run the ``wildwatch`` command in a subprocess, as a user does, with settings of the test's own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "data" / "models"  # built by ``make models``
COMMAND = [sys.executable, "-m", "crawler.cli"]


def wildwatch_env(**settings: str) -> dict[str, str]:
    """The environment without the caller's ``WILDWATCH_*``, plus ``settings``: a wide terminal
    (Rich tables on one line), the built models, one classify process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WILDWATCH_")}
    env.update(
        COLUMNS="200",
        HF_HUB_OFFLINE="1",
        WILDWATCH_MODEL_DIR=str(MODELS),
        WILDWATCH_CLASSIFY_WORKERS="1",
        **settings,
    )
    return env


def run_wildwatch(
    *args: str, stdin: str | None = None, timeout: float = 120, **settings: str
) -> subprocess.CompletedProcess[str]:
    """``wildwatch ARGS`` to its end, from the repository folder."""
    return subprocess.run(
        [*COMMAND, *args],
        cwd=ROOT,
        env=wildwatch_env(**settings),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def table_rows(output: str) -> list[list[str]]:
    """The body rows of the Rich tables in ``output``, as lists of stripped cells."""
    return [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in output.splitlines()
        if line.startswith("│")
    ]


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
