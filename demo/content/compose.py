"""Write one post from a theme: fill its slots, format the price and phone the local way."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.content.lexicon import Lexicon
from demo.content.model import Theme

# US dollars to the local unit, roughly; prices are rounded the way sellers round them.
_RATES = {"MX": 18.0, "CO": 4000.0, "AR": 1000.0, "BR": 5.0, "US": 1.0, "GB": 0.8}
_CURRENCY = {"MX": "MXN", "CO": "COP", "AR": "ARS", "BR": "BRL", "US": "USD", "GB": "GBP"}
_CALLING_CODE = {"MX": "52", "CO": "57", "AR": "54", "BR": "55", "US": "1", "GB": "44"}


class _Slots(dict[str, str]):
    """Template values; ``{Species}`` gives the value of ``species`` with a capital letter."""

    def __missing__(self, key: str) -> str:
        lower = key.lower()
        if key[:1].isupper() and lower in self:
            return capitalise(self[lower])
        raise KeyError(key)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _round_like_a_seller(amount: float) -> int:
    if amount < 100:
        return max(5, int(round(amount / 5.0)) * 5)
    digits = len(str(int(amount)))
    step = 10 ** max(digits - 2, 1)
    return int(round(amount / step)) * step


def _dots(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def format_price(rng: random.Random, usd: int, country: str) -> tuple[str, str]:
    """A price as a poster in ``country`` writes it, and its ISO currency."""
    amount = _round_like_a_seller(usd * _RATES[country])
    styles: dict[str, tuple[str, ...]] = {
        "MX": (
            f"$ {amount:,}",
            f"${amount:,}.00",
            f"MXN {amount:,}",
            f"{amount} pesos",
            f"$ {amount:,} MXN",
        ),
        "CO": (
            f"$ {_dots(amount)}",
            f"COP {_dots(amount)}",
            f"$ {_dots(amount)} pesos",
            f"{amount // 1000} mil" if amount >= 10_000 else f"$ {_dots(amount)}",
        ),
        "AR": (f"$ {_dots(amount)}", f"ARS {_dots(amount)}", f"$ {_dots(amount)} final"),
        "BR": (
            f"R$ {_dots(amount)},00",
            f"R$ {_dots(amount)}",
            f"{_dots(amount)} reais",
            f"R${_dots(amount)}",
        ),
        "US": (f"${amount:,}", f"USD {amount:,}", f"${amount:,} obo"),
        "GB": (f"£{amount:,}", f"£{amount} ono"),
    }
    return rng.choice(styles[country]), _CURRENCY[country]


@dataclass(frozen=True)
class Phone:
    """A phone number as shown in a post, and the digits of its wa.me link."""

    shown: str
    whatsapp_digits: str


def make_phone(rng: random.Random, country: str) -> Phone:
    """A plausible (fictional where a fictional range exists) number for ``country``."""

    def d(n: int) -> str:
        return "".join(str(rng.randint(0, 9)) for _ in range(n))

    code = _CALLING_CODE[country]
    if country == "MX":
        area = rng.choice(("55", "33", "81", "999", "993"))
        local = d(10 - len(area))
        shown = rng.choice(
            (f"{area} {local[:-4]} {local[-4:]}", f"+52 {area}-{local}", f"{area}{local}")
        )
        return Phone(shown, code + area + local)
    if country == "CO":
        number = "3" + str(rng.randint(0, 2)) + d(8)
        return Phone(
            rng.choice((f"{number[:3]} {number[3:6]} {number[6:]}", f"+57 {number}")), code + number
        )
    if country == "AR":
        area = rng.choice(("11", "351", "341", "376"))
        local = d(10 - len(area))
        return Phone(f"{area} 15-{local[:-4]}-{local[-4:]}", code + "9" + area + local)
    if country == "BR":
        ddd = rng.choice(("11", "21", "31", "71", "75", "91", "92"))
        local = "9" + d(8)
        shown = rng.choice(
            (
                f"({ddd}) {local[:5]}-{local[5:]}",
                f"{ddd} {local}",
                f"+55 {ddd} {local[:5]}-{local[5:]}",
            )
        )
        return Phone(shown, code + ddd + local)
    if country == "US":
        area = rng.choice(("305", "713", "213", "602", "404"))
        tail = "01" + d(2)
        return Phone(f"({area}) 555-{tail}", code + area + "555" + tail)
    tail = d(3)
    return Phone(f"07700 900{tail}", code + "7700900" + tail)


def fill(template: str, slots: _Slots) -> str:
    return capitalise(template.format_map(slots))


def make_slots(rng: random.Random, theme: Theme, lexicon: Lexicon, city: str, phone: str) -> _Slots:
    """Choose one value per slot so the title and every sentence speak of the same thing."""
    slots = _Slots({key: rng.choice(values) for key, values in theme.slots.items()})
    slots.update(city=city, phone=phone, age=rng.choice(lexicon.ages), cue=rng.choice(lexicon.cues))
    slots["closing"] = rng.choice(lexicon.closings).format_map(slots)
    slots["neutral"] = rng.choice(lexicon.neutral_closings).format_map(slots)
    return slots


def write_text(rng: random.Random, theme: Theme, slots: _Slots, social: bool) -> tuple[str, str]:
    """A title and a body of two to four sentences in random order."""
    title = fill(rng.choice(theme.titles), slots)
    count = min(len(theme.sentences), rng.randint(2, 4))
    chosen = rng.sample(theme.sentences, count)
    sentences = [fill(s, slots) for s in chosen]
    subject = "{species" if "species" in theme.slots else "{thing"
    names_subject = any(subject in s.lower() for s in chosen)
    if social and (not names_subject or rng.random() < 0.4):
        sentences.insert(0, title + ("!" if rng.random() < 0.3 else "."))
    if rng.random() < 0.15:
        sentences = [s.lower() for s in sentences]  # plenty of posters never capitalise
    return title, " ".join(sentences)
