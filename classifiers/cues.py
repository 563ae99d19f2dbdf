"""Trade cues: phrase lists from ``data/cues.yaml`` and the patterns for prices and contacts.

A cue is evidence about intent, not about species: "vendo", "chama no zap" and a phone number
raise the score; "peluche", "color marfil" and "rescatan" lower it. Phrases are matched by the
matcher on folded tokens; the patterns here run on the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from classifiers.folding import strip_accents, within_one_edit
from classifiers.types import CueDirection

CUES_FILE = Path(__file__).parent / "data" / "cues.yaml"


@dataclass(frozen=True)
class CueKind:
    """A family of cue phrases (e.g. ``shipping``) and which way it pushes the score.

    ``attached_only`` phrases (generic goods and colours: "carro", "size", "color") count only
    when a species name is attached to them ("camioneta Jaguar", "color marfil").
    """

    name: str
    direction: CueDirection
    phrases: dict[str, list[str]]
    attached_only: bool = False


@dataclass(frozen=True)
class CueBook:
    """Every phrase cue kind, in file order (raising kinds first, attached-only ones last)."""

    kinds: list[CueKind]

    def names(self, direction: CueDirection | None = None) -> list[str]:
        """Kind names (each once), optionally only those pushing in ``direction``."""
        names = [k.name for k in self.kinds if direction is None or k.direction is direction]
        return list(dict.fromkeys(names))


_SECTIONS = (
    ("raises", CueDirection.RAISES, False),
    ("lowers", CueDirection.LOWERS, False),
    ("attached_only", CueDirection.LOWERS, True),
)


def load_cue_book_from(path: Path) -> CueBook:
    """Parse a cues YAML file: ``raises:``, ``lowers:`` and ``attached_only:`` maps of
    kind -> language -> phrases (an attached-only kind must also be a lowering kind)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kinds: list[CueKind] = []
    for section, direction, attached_only in _SECTIONS:
        for name, by_lang in (data.get(section) or {}).items():
            if not isinstance(by_lang, dict):
                raise ValueError(f"{path.name}: {section}.{name} must map languages to lists")
            if attached_only and name not in (data.get("lowers") or {}):
                raise ValueError(f"{path.name}: attached_only.{name} is not a lowering kind")
            phrases = {str(lang): [str(p) for p in items or []] for lang, items in by_lang.items()}
            kinds.append(CueKind(str(name), direction, phrases, attached_only))
    return CueBook(kinds=kinds)


@lru_cache(maxsize=1)
def load_cue_book() -> CueBook:
    """The shipped cue book, read once per process."""
    return load_cue_book_from(CUES_FILE)


@dataclass(frozen=True)
class PatternCue:
    """A regular expression that finds one kind of textual evidence (price, phone...)."""

    name: str
    kind: str
    direction: CueDirection
    pattern: re.Pattern[str]


_CURRENCY = r"(?:R\$|US\$|MX\$|S/\.?|\$|€|£|¥|USD|MXN|BRL|COP|ARS|CLP|PEN|EUR|Bs\.?)"
_NUMBER = r"\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT_WORDS = r"(?:pesos|reais|real|soles|d[oó]lares|dollars|bucks|mil|lucas|luca|conto|contos|k)"

PATTERN_CUES: tuple[PatternCue, ...] = (
    PatternCue(
        "phone number",
        "contact",
        CueDirection.RAISES,
        re.compile(r"(?<![\w.])\+?\(?\d{2,4}\)?(?:[\s.-]?\d{2,5}){2,4}(?![\w.])"),
    ),
    PatternCue(
        "price amount",
        "price",
        CueDirection.RAISES,
        re.compile(
            rf"{_CURRENCY}\s?(?:{_NUMBER})|(?:{_NUMBER})\s?(?:{_CURRENCY}|{_AMOUNT_WORDS}\b)",
            re.IGNORECASE,
        ),
    ),
    PatternCue(
        "e-mail address",
        "contact",
        CueDirection.RAISES,
        re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    ),
    PatternCue(
        "chat link",
        "contact",
        CueDirection.RAISES,
        re.compile(r"(?:wa\.me|api\.whatsapp\.com|t\.me|chat\.whatsapp\.com)/\S+", re.IGNORECASE),
    ),
    PatternCue(
        "handle",
        "contact",
        CueDirection.RAISES,
        re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{3,30}\b"),
    ),
    PatternCue(
        "weight",
        "quantity_weight",
        CueDirection.RAISES,
        re.compile(
            r"\b\d+(?:[.,]\d+)?\s?(?:kg|kilos?|quilos?|g|gr|grs|gramos|gramas|lbs?|oz)\b", re.I
        ),
    ),
)


_KARAT = re.compile(r"(?:9|10|14|18|22|24)\s?k", re.IGNORECASE)
_PRECIOUS = re.compile(r"\b(?:oro|ouro|gold|plata|prata|silver|quilates?|kilates?)\b", re.I)


def _karat(text: str, match: re.Match[str]) -> bool:
    """Whether a "18k" beside gold or silver is a fineness, not a price ("ouro 18k")."""
    if not _KARAT.fullmatch(match.group()):
        return False
    start, end = match.span()
    return _PRECIOUS.search(text[max(0, start - 12) : end + 12]) is not None


@dataclass(frozen=True)
class PatternHit:
    """One match of a :class:`PatternCue` in the text."""

    cue: PatternCue
    start: int
    end: int
    matched: str


def find_patterns(text: str) -> list[PatternHit]:
    """All pattern cue matches in ``text``, earlier patterns winning overlaps (phone over price)."""
    hits: list[PatternHit] = []
    taken: list[tuple[int, int]] = []
    has_digit = any(ch.isdigit() for ch in text)
    for cue in PATTERN_CUES:
        if (
            not has_digit
            and cue.kind in ("price", "quantity_weight")
            or (cue.name == "phone number" and not has_digit)
        ):
            continue
        for match in cue.pattern.finditer(text):
            start, end = match.span()
            if cue.name == "phone number" and sum(ch.isdigit() for ch in match.group()) < 8:
                continue
            if cue.kind == "price" and _karat(text, match):
                continue
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            hits.append(PatternHit(cue, start, end, match.group()))
    return hits


# Which post words count as a listed cue word. The matcher finds cue candidates on folded keys,
# and folding, built for species names, merges far more than inflections: "care" and "cara"
# fold like "carro", "Libres" like "libro", "presa" (a fang) like "preso" (arrested), "horn"
# like "horno". A cue word counts only as itself, its plural, a diminutive, a gender form of a
# listed adjective or agent noun, or a one-letter misspelling that keeps the ending.
_MIN_ROOT = 4  # shorter roots are shared by unrelated words ("cam" of cama and caminho)
_DIMINUTIVES: tuple[tuple[str, str], ...] = tuple(
    (stem + gender + plural, repl)
    for stem, repl in (
        ("zinh", ""),
        ("quinh", "c"),
        ("guinh", "g"),
        ("inh", ""),
        ("ecit", ""),
        ("quit", "c"),
        ("guit", "g"),
        ("cit", ""),
        ("ill", ""),
        ("it", ""),
    )
    for gender in "oa"
    for plural in ("s", "")
)
# Roots whose -o/-a ending is grammatical gender: participles and adjectives (capturado/a,
# exótico/a, australiano/a, nativo/a, hermoso/a). Nouns keep theirs: presa is not preso.
_GENDERED = ("ad", "id", "ic", "an", "in", "iv", "os")


@lru_cache(maxsize=200_000)
def plain_word(token: str) -> str:
    """A post word as cue forms are compared: lowercase, without accents."""
    return strip_accents(token)


def _plurals(word: str) -> set[str]:
    """The word and what it would be without a plural ending (es/pt/en)."""
    forms = {word}
    if len(word) > 3 and word.endswith("s"):
        forms.add(word[:-1])
        if word.endswith("es") and (word[-3] in "rlndzjsx" or word.endswith(("ches", "shes"))):
            forms.add(word[:-2])  # flores, papeles, boxes (not snakes: snak is no word)
        if word.endswith("oes"):
            forms.add(word[:-3] + "ao")
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
        if word.endswith(("ais", "eis")):
            forms.add(word[:-2] + "l")
    return forms


def _roots(forms: set[str]) -> set[str]:
    """Roots of diminutive forms ("mansitos" -> "mans", "filhotinho" -> "filhot")."""
    roots = set()
    for form in forms:
        for ending, repl in _DIMINUTIVES:
            root = form[: -len(ending)] + repl
            if form.endswith(ending) and len(root) >= _MIN_ROOT:
                roots.add(root)
                break
    return roots


def _bare(forms: set[str]) -> set[str]:
    """Forms without a final vowel, the root a diminutive is built on ("manso" -> "mans")."""
    return {f[:-1] if f[-1] in "aeo" else f for f in forms if len(f) > _MIN_ROOT}


@lru_cache(maxsize=200_000)
def is_form_of(word: str, listed: str) -> bool:
    """Whether a post word (accent-stripped, lowercase) is the listed cue word or a form of it."""
    if word == listed:
        return True
    if len(word) <= 3 or len(listed) <= 3:
        return False
    mine, theirs = _plurals(word), _plurals(listed)
    if mine & theirs:
        return True
    # A diminutive of the listed word ("mansitos" of "manso"), not the other way round: a
    # listed diminutive may be a word of its own ("platillo" is a dish, "plata" silver).
    if _roots(mine) & (_bare(theirs) | _roots(theirs)):
        return True
    for form in mine:
        for other in theirs:
            stem = other[:-1]
            gendered = len(stem) >= 5 and stem.endswith(_GENDERED)
            if gendered and form[:-1] == stem and {form[-1], other[-1]} == {"o", "a"}:
                return True
            if form == other + "a" and other.endswith("or"):  # cantor, cantora
                return True
    return len(listed) >= 5 and any(_misspelt(f, g) for f in mine for g in theirs)


def _misspelt(word: str, listed: str) -> bool:
    """One letter off, the ending kept ("presio", "bendo", "whatsap"; not "presas" for "presos")."""
    if not within_one_edit(word, listed):
        return False
    if _DOUBLED.sub(r"\1", word) == _DOUBLED.sub(r"\1", listed):
        # A doubled letter written once ("whatsap"), in long words: "desert" is no "dessert".
        return len(listed) >= 8
    return word[-2:] == listed[-2:]


_DOUBLED = re.compile(r"(.)\1")
