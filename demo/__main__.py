"""``python -m demo [--host H] [--base-port P] [--seed S]``: serve the demo world until Ctrl-C."""

from __future__ import annotations

import argparse
import threading
from collections import Counter

from demo.server import DEFAULT_SEED, DemoWorld


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--base-port", type=int, default=8710, help="first port; 0 = any free")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    with DemoWorld(args.host, args.base_port, args.seed) as world:
        per_site = Counter(p.site for p in world.posts)
        positives = Counter(p.site for p in world.posts if p.label)
        for name, url in world.urls.items():
            print(f"{name:<11} {url}/  ({per_site[name]} posts, {positives[name]} wildlife trade)")
        print("Serving the demo world; press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping")


if __name__ == "__main__":
    main()
