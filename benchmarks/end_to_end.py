"""``python -m benchmarks.end_to_end``: the demo-world crawl and ``wildwatch classify-file``,
measured from the outside as a user runs them; the figures go into BENCHMARKS.md.

- Crawl: the demo world is served on free ports; each run crawls into a fresh data folder in
  its own process (``python -m crawler.runner``), so the SQLite store, pipelines and HTTP
  cache are all in the figure. "Without browser" crawls the three server-rendered or API
  sites, "with browser" the JavaScript marketplace rendered in Chromium.
- Demo-world flags: the whole-world crawl classified by ``wildwatch classify``, scored against
  the demo world's ground truth (precision and recall per site).
- classify-file: 10,000 mixed posts (benchmarks/posts.py) through the command line, model
  loading and JSON reading and writing included: the cascade, then each embedder's head alone
  (``--embedder``) and the lexicon head without an embedding model.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.posts import mixed_posts
from demo.server import DemoWorld
from demo.targets import demo_targets
from demo.truth import FlagFigures, flag_figures
from storage.db import make_engine, session_factory
from storage.queue import flagged_queue

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- end-to-end:begin -->", "<!-- end-to-end:end -->"
BROWSER_SITES = {"feira_pt"}
DEMO_SETTINGS = [
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=false",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
]


def _data_env(data_dir: str) -> dict[str, str]:
    env = {**os.environ, "WILDWATCH_DATA_DIR": data_dir, "WILDWATCH_LOG_LEVEL": "WARNING"}
    env.setdefault("WILDWATCH_MODEL_DIR", str(ROOT / "data" / "models"))
    env.pop("WILDWATCH_DATABASE_URL", None)
    return env


def crawl(targets: list[tuple[str, dict[str, str]]], data_dir: str) -> dict[str, float]:
    """Crawl ``targets`` into the fresh ``data_dir`` in a child process; pages/s and posts/s."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "crawler.runner", "--targets-json", json.dumps(targets)]
    for setting in DEMO_SETTINGS:
        args += ["--set", setting]
    started = time.perf_counter()
    done = subprocess.run(
        args, env=_data_env(data_dir), capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"crawl failed:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    pages = sum(s["pages"] for s in report["spiders"])
    stored = sum(s["new_listings"] for s in report["spiders"])
    return {
        "pages": pages,
        "posts": stored,
        "seconds": elapsed,
        "pages_per_s": pages / elapsed,
        "posts_per_s": stored / elapsed,
    }


def demo_world_flags(world: DemoWorld, data_dir: str) -> dict[str, FlagFigures]:
    """Classify a crawled demo world with the shipped model; flags against its ground truth."""
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "classify"],
        env=_data_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"classify failed:\n{done.stderr[-2000:]}")
    sessions = session_factory(make_engine(f"sqlite:///{Path(data_dir, 'wildwatch.db')}"))
    with sessions() as session:
        flagged = [row.source_url for row in flagged_queue(session, limit=1_000_000)]
    return flag_figures(world.truth(), flagged)


CLI_MODES: tuple[str, ...] = ("cascade", "static", "lexicon", "minilm", "e5")


def classify_file(n: int, mode: str = "cascade") -> dict[str, float]:
    """Time ``wildwatch classify-file`` on ``n`` mixed posts, end to end, in one ``mode``."""
    with tempfile.TemporaryDirectory(prefix="ww-bench-") as folder:
        source, out = Path(folder, "in.jsonl"), Path(folder, "out.jsonl")
        with source.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(mixed_posts(n)):
                fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "crawler.cli",
                "classify-file",
                "-i",
                str(source),
                "-o",
                str(out),
                *([] if mode == "cascade" else ["--embedder", mode]),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        lines = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    if done.returncode != 0 or lines != n:
        raise SystemExit(f"classify-file failed ({lines} of {n} lines):\n{done.stderr[-2000:]}")
    return {"posts": n, "seconds": elapsed, "posts_per_s": n / elapsed}


def section(
    runs: dict[str, dict[str, float]],
    cli: dict[str, dict[str, float]],
    flags: dict[str, FlagFigures],
) -> str:
    lines = [
        BEGIN,
        "## End to end (`python -m benchmarks.end_to_end`, part of `make bench`)",
        "",
        "Demo-world crawl into a fresh SQLite store (pipelines, storage and HTTP cache included),",
        "and `wildwatch classify-file` on 10,000 mixed posts including start-up and model loading",
        "(the cascade, then `--embedder` for each head alone).",
        "",
        "| run | pages | posts stored | seconds | pages/s | posts/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in runs.items():
        lines.append(
            f"| crawl, {name} | {r['pages']:.0f} | {r['posts']:.0f} | {r['seconds']:.1f} "
            f"| {r['pages_per_s']:.1f} | {r['posts_per_s']:.1f} |"
        )
    for mode, r in cli.items():
        lines.append(
            f"| classify-file, {mode} | - | {r['posts']:.0f} | {r['seconds']:.1f} | - "
            f"| {r['posts_per_s']:.0f} |"
        )
    lines += [
        "",
        "### The demo world's flags against its ground truth",
        "",
        "The whole-demo-world crawl above, classified by `wildwatch classify` with the shipped",
        "model. The demo world's posts were generated apart from the labelled set and chose",
        "nothing: this is a second out-of-sample figure beside the test split.",
        "",
        "| site | posts | trade posts | flagged | correct flags | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for site, f in flags.items():
        lines.append(
            f"| {site} | {f.posts} | {f.positives} | {f.flagged} | {f.correct} "
            f"| {f.precision:.3f} | {f.recall:.3f} |"
        )
    return "\n".join([*lines, END])


def write_section(path: Path, text: str) -> None:
    """Put ``text`` in place of the old end-to-end section, or at the end of ``path``."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        old = head + rest.split(END, 1)[1].lstrip("\n")
    path.write_text(old.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.end_to_end", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args(argv)
    with DemoWorld(base_port=0) as world, tempfile.TemporaryDirectory(prefix="ww-bench-") as tmp:
        targets = demo_targets(world.urls)
        plain = [t for t in targets if not _uses_browser(t, world.urls)]
        browser = [t for t in targets if _uses_browser(t, world.urls)]
        folders = [str(Path(tmp, name)) for name in ("plain", "browser", "whole")]
        runs = {
            "without browser (3 sites)": crawl(plain, folders[0]),
            "with browser (JS marketplace)": crawl(browser, folders[1]),
            "whole demo world": crawl(targets, folders[2]),
        }
        flags = demo_world_flags(world, folders[2])
    cli = {mode: classify_file(args.posts, mode) for mode in CLI_MODES}
    text = section(runs, cli, flags)
    write_section(args.out, text)
    print(text)
    return 0


def _uses_browser(target: tuple[str, dict[str, str]], urls: dict[str, str]) -> bool:
    base = target[1].get("base_url") or target[1].get("instance") or ""
    return any(urls[site] == base for site in BROWSER_SITES)


if __name__ == "__main__":
    raise SystemExit(main())
