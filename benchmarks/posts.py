"""A deterministic stream of mixed posts for benchmarks, built from the labelled data.

Each post is a labelled example perturbed the ways real posts differ (case, emoji, prices,
phone numbers, typos, a second post pasted in, a long description), plus a share of hostile
inputs (empty, emoji-only, binary junk, a 1 MB paste) so the benchmark also covers them.
"""

from __future__ import annotations

import random
from pathlib import Path

from classifiers.dataset import load_examples

LABELLED = Path(__file__).resolve().parent.parent / "classifiers" / "data" / "labelled"
_EMOJI = ["🦜", "🐒", "🐢", "🔥", "✅", "📦", "💰", "🐍", "🦥", "⭐"]
_TAILS = [
    " WhatsApp 55 {n} {m}",
    " R$ {n},00",
    " ${n} c/u",
    " envíos a todo el país",
    " chama no pv",
    " DM for price",
    " #exoticos #fauna",
    " precio {n} pesos",
]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 10:
        return text
    i = rng.randrange(len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def mixed_posts(n: int, seed: int = 7) -> list[str]:
    """``n`` posts, the same list for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    base = [e.full_text for e in load_examples(LABELLED)]
    hostile = ["", "🦜🦜🦜🔥", "\x00\x01\x02 \ufffd\ufffd junk", "vendo " + "loro " * 200_000]
    posts: list[str] = []
    for i in range(n):
        if i % 500 == 499:
            posts.append(hostile[(i // 500) % len(hostile)])
            continue
        text = rng.choice(base)
        roll = rng.random()
        if roll < 0.2:
            text = text.upper() if rng.random() < 0.5 else text.lower()
        elif roll < 0.4:
            text = _typo(rng, text)
        elif roll < 0.5:
            text = f"{text}\n\n{rng.choice(base)}"
        elif roll < 0.55:
            text = " ".join([text] * rng.randint(3, 12))
        if rng.random() < 0.3:
            text += " " + "".join(rng.choices(_EMOJI, k=rng.randint(1, 4)))
        if rng.random() < 0.3:
            text += rng.choice(_TAILS).format(n=rng.randint(100, 9999), m=rng.randint(1000, 9999))
        posts.append(text)
    return posts
