"""Search queries for spiders that search, from the species lexicon and the sellers' cues.

``queries_for(language, country, budget)`` gives at most ``budget`` distinct queries: species
names and trade code words from :meth:`classifiers.lexicon.Lexicon.search_terms` (most traded
first), interleaved with cue phrases: first those sellers of that country use (docs/labelling.md:
"linaje cerrado", "chama no zap", regional species names), then the selective multi-word cues
of the classifier's cue book for that language ("ejemplar exclusivo", "do mato", "wild caught"),
so a small budget still covers both. Single cue words ("vendo", "raro") are left out: as
marketplace queries they match everything. Spiders call
:func:`resolve_queries`, which prefers the ``queries=`` argument a user gave.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Phrases that sellers use in each country, as reported by enforcement guidance and studies
# (see docs/labelling.md); searched as they are, since marketplaces match words, not meanings.
SELLER_PHRASES: dict[str, tuple[str, ...]] = {
    "MX": ("exóticos", "linaje cerrado", "ejemplar exclusivo", "fauna exótica", "con papeles"),
    "BR": ("filhote exótico", "exóticos", "no precinho", "chama no zap", "legalizado ibama"),
    "AR": ("cardenal amarillo", "aves silvestres", "tortuga de tierra", "monito tití"),
    "CO": ("fauna silvestre", "morrocoy", "tití", "loro cabeza amarilla"),
    "PE": ("charapa", "loro amazónico", "mono choro", "fauna silvestre"),
    "VE": ("morrocoy", "guacamaya", "turpial", "fauna silvestre"),
    "CL": ("aves exóticas", "fauna exótica"),
    "US": ("exotic pet", "CB baby", "rehome exotic"),
}
# Cue kinds (classifiers/data/cues.yaml) whose multi-word phrases make selective queries.
SEARCH_CUE_KINDS = ("exclusivity", "wild_origin")
SPECIES_SHARE = 0.75


def _distinct(terms: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for term in terms:
        clean = " ".join(term.split())
        key = clean.casefold()
        if clean and key not in seen:
            seen.add(key)
            out.append(clean)
    return out


def cue_phrases(language: str) -> list[str]:
    """Multi-word phrases of the selective cue kinds in ``language``, in the cue book's order."""
    from classifiers.cues import load_cue_book

    phrases: list[str] = []
    for kind in load_cue_book().kinds:
        if kind.name in SEARCH_CUE_KINDS:
            phrases += [p for p in kind.phrases.get(language, []) if len(p.split()) > 1]
    return phrases


def seller_phrases(language: str, country: str | None) -> list[str]:
    """Cue phrases for a market: the country's own first, then the language's cue book ones."""
    country_terms = SELLER_PHRASES.get((country or "").upper(), ())
    return _distinct([*country_terms, *cue_phrases(language)])


def queries_for(language: str, country: str | None = None, budget: int = 20) -> list[str]:
    """At most ``budget`` queries for a marketplace or network in ``language`` and ``country``."""
    if budget <= 0:
        return []
    from classifiers.lexicon import load_lexicon

    cues = seller_phrases(language, country)
    species_budget = max(1, round(budget * SPECIES_SHARE)) if cues else budget
    species = _distinct(load_lexicon().search_terms(language, budget))
    # Interleave: three species terms, then one cue phrase, until the budget is spent.
    picked: list[str] = []
    s_iter, c_iter = iter(species[:species_budget]), iter(cues)
    while len(picked) < budget:
        batch = [t for t in (next(s_iter, None) for _ in range(3)) if t]
        cue = next(c_iter, None)
        if not batch and cue is None:
            break
        picked.extend(batch)
        if cue is not None:
            picked.append(cue)
    # A short cue list leaves room: fill it with the next species terms.
    picked.extend(species[species_budget:])
    return _distinct(picked)[:budget]


def split_queries(raw: str | Sequence[str] | None) -> list[str]:
    """``queries=`` as given on the command line (comma separated) or as a list."""
    if raw is None:
        return []
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    return _distinct(parts)


def resolve_queries(
    explicit: str | Sequence[str] | None, language: str, country: str | None, budget: int
) -> list[str]:
    """The user's ``queries=`` when given, else :func:`queries_for` from the lexicon."""
    return split_queries(explicit) or queries_for(language, country, budget)
