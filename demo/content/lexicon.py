"""A language's vocabulary for the demo world, read from ``data/<language>.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from demo.content.model import Label, Place, Theme

DATA_DIR = Path(__file__).with_name("data")
LANGUAGES = ("es", "pt", "en")


@dataclass(frozen=True)
class Lexicon:
    """Names, places, seller phrases and post themes of one language."""

    language: str
    places: tuple[Place, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    shops: tuple[str, ...]  # the few recurrent sellers who post most of the trade
    ages: tuple[str, ...]
    cues: tuple[str, ...]
    closings: tuple[str, ...]
    neutral_closings: tuple[str, ...]
    price_on_request: tuple[str, ...]
    telegram_channels: dict[str, Label]
    themes: tuple[Theme, ...]


def _label(value: str) -> Label:
    return Label.POSITIVE if value == "positive" else Label.NEGATIVE


def _theme(raw: dict[str, Any]) -> Theme:
    price = raw.get("price_usd")
    return Theme(
        name=raw["name"],
        label=_label(raw["label"]),
        titles=tuple(raw["titles"]),
        sentences=tuple(raw["sentences"]),
        slots={key: tuple(values) for key, values in raw["slots"].items()},
        price=(int(price[0]), int(price[1])) if price else None,
        market=raw.get("market"),
        tags=tuple(raw["tags"]),
        weight=float(raw.get("weight", 1.0)),
    )


@cache
def load_lexicon(language: str) -> Lexicon:
    """The lexicon of ``language`` (one of :data:`LANGUAGES`)."""
    raw = yaml.safe_load((DATA_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    return Lexicon(
        language=raw["language"],
        places=tuple(Place(*row) for row in raw["places"]),
        first_names=tuple(raw["first_names"]),
        last_names=tuple(raw["last_names"]),
        shops=tuple(raw["shops"]),
        ages=tuple(raw["ages"]),
        cues=tuple(raw["cues"]),
        closings=tuple(raw["closings"]),
        neutral_closings=tuple(raw["neutral_closings"]),
        price_on_request=tuple(raw["price_on_request"]),
        telegram_channels={k: _label(v) for k, v in raw["telegram_channels"].items()},
        themes=tuple(_theme(t) for t in raw["themes"]),
    )
