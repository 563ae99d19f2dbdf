"""What a product noun does in its sentence: the thing on offer, or something else.

Pet-supply, toy and craft words lower the score because most posts that use them sell the
product. In a post that offers an animal or its parts the same words play other roles: the
goods' purpose ("escamas pra artesanato", "dried fins for restaurant"), the material an object
is made of ("escultura de marfim", "artesanía en concha de tortuga"), or the kit and diet of
the animal ("con jaula y juguetes", "Cage and toys incl.", "ya come semillas"). A generic good
named as payment ("cambio guacamaya por carro o moto") is barter, a sale signal.
"""

from __future__ import annotations

from collections.abc import Sequence

from classifiers.attachment import LIST_WORDS, fold_keys, joined

ITEM = "item"
PURPOSE = "purpose"  # what offered goods are for: "escamas pra artesanato", "fins for restaurant"
MATERIAL = "material"  # made of the animal: "escultura de marfim", "artesanía en concha de tortuga"
UPKEEP = "upkeep"  # an offered animal's kit or diet: "con jaula y juguetes", "comiendo semillas"
UPKEEP_KIND = "animal_upkeep"
UPKEEP_KINDS = frozenset({"pet_supplies", "toy"})
# Objects that can be made of an animal: "escultura de marfim", "botas de piel de cocodrilo".
OBJECT_KINDS = frozenset(
    {"toy", "figurine", "costume", "art_print", "colour_material", "brand_vehicle"}
)

_PURPOSE_PREP = fold_keys("para pra for")
_PURPOSE_VERB = fold_keys("hacer fazer making make uso use el la los las o a os as the")
# Between a made object and its material: "escultura de marfim africano", "made of real ivory".
_MATERIAL_LINKS = fold_keys(
    "de del da do dos das em en in of from made hecho hecha feito feita tallado tallada "
    "entalhado esculpido carved genuine real natural autentico autentica legitimo legitima "
    "verdadeiro verdadeira el la o a the"
)
_OF = fold_keys("de del da do dos das em en in of from")
# "con jaula y juguetes", "com gaiola grande", "with his cage", "plus toys", "sin jaula".
_WITH = fold_keys(
    "con com with incluye inclui includes including plus acompanha acompanham junto together "
    "sin sem without"
)
# Where a kept animal is: "cantando en la jaula", "bravo na gaiola", "2 weeks in cage".
_IN = fold_keys("en na no in em")
_IN_ARTICLES = fold_keys("la el a the his her its my su mi minha sua seu")
# Toy words that name an audience, not a toy: "great with kids".
_NOT_KIT = frozenset({"kids", "children", "infantil", "nursery"})
_INCLUDED = fold_keys(
    "incl included incluido incluida incluidos incluidas incluso inclusa inclusos inclusas"
)
_KIT_LINKS = LIST_WORDS | fold_keys(
    "su sus seu sua seus suas his her its their el la los las o a os as the um uma un una "
    "grande big large nueva nuevo nova novo new propia propio própria próprio all todo toda"
)
_EATS = fold_keys(
    "come comen comiendo comendo comem aceita acepta eats eat eating feeding feeds fed "
    "alimentado alimentada"
)
_EATS_FILLER = fold_keys("ya ja solo só bien bem de on already well")
_KIT_REACH = 6  # words back from a kit noun to "con"/"with", over list words and other kit


def product_role(
    text: str,
    words: Sequence[tuple[int, int, str]],
    keys: Sequence[str],
    product: tuple[int, int, str],
    materials: Sequence[tuple[int, int]],
    kit: frozenset[int],
    item_before: bool,
) -> str:
    """The role of one product cue ``(i, j, kind)``: ITEM, PURPOSE, MATERIAL or UPKEEP.

    ``materials`` are the word spans of product taxa (ivory, shell, feathers); ``item_before``
    says whether a product on offer was named earlier in the post, which makes a later
    "con comedero" that product's accessory rather than an animal's; ``kit`` holds the word
    indices of every pet-supply and toy cue.
    """
    i, j, kind = product
    if _purpose(text, words, keys, i):
        return PURPOSE
    if kind in OBJECT_KINDS and _made_of(text, words, keys, i, j, materials):
        return MATERIAL
    if kind in UPKEEP_KINDS and _keeps_animal(text, words, keys, i, j, kit, item_before):
        return UPKEEP
    return ITEM


def _purpose(text: str, words: Sequence[tuple[int, int, str]], keys: Sequence[str], i: int) -> bool:
    """Whether the word at ``i`` is what goods are for: "pra artesanato", "para hacer
    artesanías", "pra decoração e aquário"."""
    back: list[str] = []  # up to three words before ``i`` in its sentence, nearest last
    k = i - 1
    while k >= 0 and len(back) < 3 and joined(text, words[k][1], words[k + 1][0]):
        back.insert(0, keys[k])
        k -= 1
    if not back:
        return False
    if back[-1] in _PURPOSE_PREP:
        return True
    if len(back) >= 2 and back[-2] in _PURPOSE_PREP and back[-1] in _PURPOSE_VERB:
        return True
    return len(back) == 3 and back[0] in _PURPOSE_PREP and back[-1] in LIST_WORDS


def _made_of(
    text: str,
    words: Sequence[tuple[int, int, str]],
    keys: Sequence[str],
    i: int,
    j: int,
    materials: Sequence[tuple[int, int]],
) -> bool:
    for m_i, m_j in materials:
        if j <= m_i:  # "estatuillas de marfil", "artesanía en concha de tortuga"
            gap, left, right = keys[j:m_i], words[j - 1][1], words[m_i][0]
            linked = 0 < len(gap) <= 4 and any(k in _OF for k in gap)  # not "resin ivory"
            if linked and all(k in _MATERIAL_LINKS for k in gap) and joined(text, left, right):
                return True
        elif m_j == i and joined(text, words[m_j - 1][1], words[i][0]):
            return True  # "ivory carving", "tortoiseshell comb" (not "ivory style figurines")
    return False


def eaten(keys: Sequence[str], i: int) -> bool:
    """Whether the word at ``i`` is what an animal eats ("ya come semillas", "eating pellets")."""
    for back in range(1, 4):
        if i - back < 0:
            return False
        if keys[i - back] in _EATS:
            return True
        if keys[i - back] not in _EATS_FILLER:
            return False
    return False


def _keeps_animal(
    text: str,
    words: Sequence[tuple[int, int, str]],
    keys: Sequence[str],
    i: int,
    j: int,
    kit: frozenset[int],
    item_before: bool,
) -> bool:
    """Whether a pet-supply or toy word is an offered animal's kit, home or food."""
    if " ".join(w for _, _, w in words[i:j]).lower() in _NOT_KIT:
        return False
    if eaten(keys, i):
        return True
    return not item_before and (_kit(text, words, keys, i, j, kit) or _inside(keys, i))


def _inside(keys: Sequence[str], i: int) -> bool:
    """Whether the word at ``i`` follows "en la", "na", "in" ("ya cantando en la jaula")."""
    k = i - 1
    if k >= 0 and keys[k] in _IN_ARTICLES:
        k -= 1
    return k >= 0 and keys[k] in _IN


def _kit(
    text: str,
    words: Sequence[tuple[int, int, str]],
    keys: Sequence[str],
    i: int,
    j: int,
    kit: frozenset[int],
) -> bool:
    """Whether a kit noun comes with something: "con jaula y juguetes", "Cage and toys incl.".

    The walk crosses list words, other kit nouns (word indices in ``kit``) and at most one other
    word ("con papeles y jaula"), never a sentence break; a "+" also joins kit to an offer.
    """
    k, other = i - 1, 0
    while k >= 0 and i - k <= _KIT_REACH:
        if "+" in text[words[k][1] : words[k + 1][0]]:
            return True  # "lora real + jaula grande + comida"
        if not joined(text, words[k][1], words[k + 1][0]):
            break
        if keys[k] in _WITH:
            return True
        if k not in kit and keys[k] not in _KIT_LINKS:
            other += 1
            if other > 1:
                return False
        k -= 1
    k = j
    while k < len(keys) and k - j < _KIT_REACH and joined(text, words[k - 1][1], words[k][0]):
        if keys[k] in _INCLUDED:
            return True
        if k not in kit and keys[k] not in _KIT_LINKS:
            return False
        k += 1
    return False


# Barter verbs: "cambio guacamaya por carro", "aceito carro como parte do pagamento".
_BARTER = fold_keys(
    "cambio cambia cambiaria permuto permuta intercambio troco troca aceito acepto recibo "
    "trade trades swap accept"
)
_BARTER_REACH = 10  # words back from the goods to the barter verb, within the sentence


def bartered(text: str, words: Sequence[tuple[int, int, str]], keys: Sequence[str], i: int) -> bool:
    """Whether the goods named at word ``i`` are offered or asked as payment in kind."""
    k = i - 1
    while k >= 0 and i - k <= _BARTER_REACH and joined(text, words[k][1], words[k + 1][0]):
        if keys[k] in _BARTER:
            return True
        k -= 1
    return False
