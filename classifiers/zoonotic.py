"""Zoonotic risk: which traded species can carry disease to people, and why.

A rule over taxonomy, not hand tags: a taxon is placed in its class and order by
``data/taxonomy.yaml`` (the first word of its scientific name, else its taxa group), and the
order or class names the spill-over group (primates, bats, rodents, carnivores, birds,
pangolins). The risk applies to what the post offers: a live animal or raw meat, not a skin,
a carving or a feather.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from classifiers.lexicon import Taxon
from classifiers.types import Product, ZoonoticRisk

TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.yaml"
#: What carries the risk: live animals, and meat that reaches a kitchen raw.
RISKY_PRODUCTS = frozenset({Product.LIVE, Product.MEAT})


class TaxonomyError(ValueError):
    """``taxonomy.yaml`` is malformed (the message names the key)."""


@dataclass(frozen=True)
class Placement:
    """Where a taxon sits: its class and order when known."""

    taxon_class: str | None
    order: str | None


@dataclass(frozen=True)
class Taxonomy:
    """Class and order by taxa group and by genus, family or order name, and the risk groups."""

    groups: dict[str, Placement]
    names: dict[str, Placement]
    zoonotic: dict[str, ZoonoticRisk]

    def place(self, taxon: Taxon) -> Placement:
        """The class and order of ``taxon`` (None where the tables do not say)."""
        first = taxon.scientific_name.split()[0] if taxon.scientific_name.strip() else ""
        return self.names.get(first) or self.groups.get(taxon.group) or Placement(None, None)

    def group_of(self, taxon: Taxon) -> ZoonoticRisk | None:
        """The spill-over group of ``taxon`` whatever is offered of it, or None."""
        placement = self.place(taxon)
        first = taxon.scientific_name.split()[0] if taxon.scientific_name.strip() else ""
        for name in (placement.order, placement.taxon_class, first):
            if name and name in self.zoonotic:
                return self.zoonotic[name]
        return None

    def risk(self, taxon: Taxon, product: Product) -> ZoonoticRisk | None:
        """The zoonotic risk of ``taxon`` offered as ``product``: its group for a live animal
        or meat, None for a part that is no spill-over route (skin, ivory, feathers...)."""
        return self.group_of(taxon) if product in RISKY_PRODUCTS else None


def _placement(value: Any, where: str) -> Placement:
    if not isinstance(value, dict) or not set(value) <= {"class", "order"}:
        raise TaxonomyError(f"{where}: expected {{class: ..., order: ...}}, got {value!r}")
    return Placement(value.get("class"), value.get("order"))


def load_taxonomy_from(path: Path) -> Taxonomy:
    """Read a taxonomy file (see ``data/taxonomy.yaml`` for its layout)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not {"groups", "orders", "zoonotic"} <= set(data):
        raise TaxonomyError(f"{path.name}: expected keys 'groups', 'orders' and 'zoonotic'")
    groups = {str(g): _placement(v, f"{path.name} groups.{g}") for g, v in data["groups"].items()}
    names: dict[str, Placement] = {}
    for taxon_class, orders in data["orders"].items():
        for order, members in orders.items():
            for name in members:
                if name in names:
                    raise TaxonomyError(f"{path.name}: {name} is placed twice")
                names[str(name)] = Placement(str(taxon_class), str(order))
    try:
        zoonotic = {str(k): ZoonoticRisk(v) for k, v in data["zoonotic"].items()}
    except ValueError as exc:
        raise TaxonomyError(f"{path.name} zoonotic: {exc}") from exc
    return Taxonomy(groups, names, zoonotic)


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy, read once per process."""
    return load_taxonomy_from(TAXONOMY_FILE)
