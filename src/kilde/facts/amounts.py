"""Danish amounts: counts of things, money, ages, percentages, vague quantities.

`650 amerikanske soldater` → count 650, noun `soldat`, nationality US; `hundredvis af andre`
→ vague, at least 100; `2,5 mio. kr.` → money 2500000 DKK; `55-årige` → age 55;
`12,5 procent` → percent 12.5; `syv år` → a duration of 7 (unit `år`).

Numbers inside calendar dates and clock times (found first by the dates rules) are skipped.
The counted noun is the first noun after the number, skipping adjectives: with a tagger
(POS) the tags decide, without one a small heuristic does; its lemma comes from the model's
lemmatiser when there is one, else from a small Danish plural rule set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from spacy.lang.da.stop_words import STOP_WORDS

from kilde.facts.gazetteer import gazetteer
from kilde.facts.numbers import (
    DIGITS,
    NUMBER_WORD_FORMS,
    NUMBER_WORDS,
    NUMBER_WORDS_STRICT,
    SCALE,
    parse_number,
    scaled,
)
from kilde.facts.scan import AnchorSet, matches_in_windows

CURRENCIES = {
    "kr.": "DKK", "kr": "DKK", "kroner": "DKK", "krone": "DKK", "dkk": "DKK",
    "danske kroner": "DKK", "svenske kroner": "SEK", "norske kroner": "NOK", "sek": "SEK",
    "nok": "NOK", "euro": "EUR", "eur": "EUR", "€": "EUR", "dollar": "USD", "dollars": "USD",
    "usd": "USD", "$": "USD", "pund": "GBP", "gbp": "GBP", "£": "GBP", "rubler": "RUB",
    "yuan": "CNY", "yen": "JPY", "schweizerfranc": "CHF",
}  # fmt: skip
_CURRENCY = (
    r"(?:danske kroner|svenske kroner|norske kroner|schweizerfranc|kroner|krone|kr\.|kr|dkk|"
    r"euro|eur|€|dollars|dollar|usd|\$|pund|gbp|£|rubler|yuan|yen|sek|nok)(?!\w)"
)
_APPROX = (
    r"næsten|knap|knapt|cirka|ca\.|omkring|over|mere end|flere end|mindst|godt|små|op mod|"
    r"op til|under|mindre end|omtrent|lidt over|lidt under|i alt|sammenlagt|hele|mellem|"
    r"blot|kun|yderligere|endnu"
)
_LOWER_BOUND = {"over", "mere end", "flere end", "mindst", "godt", "lidt over"}
_UPPER_BOUND = {"under", "mindre end", "op til", "knap", "knapt", "op mod", "lidt under", "små"}
_APPROXIMATE = {"næsten", "cirka", "ca.", "omkring", "omtrent", "op mod", "knap", "knapt", "små"}
VAGUE = {
    "snesevis": 20, "dusinvis": 12, "hundredvis": 100, "tusindvis": 1_000,
    "titusindvis": 10_000, "hundredtusindvis": 100_000, "millionvis": 1_000_000,
    "hundreder": 100, "tusinder": 1_000, "titusinder": 10_000, "hundredtusinder": 100_000,
}  # fmt: skip
_VAGUE_SCALE = {"hundrede": 100, "tusinde": 1_000, "tusind": 1_000, "millioner": 1_000_000}
_TIME_UNITS = {
    "år", "måned", "måneder", "uge", "uger", "dag", "dage", "døgn", "time", "timer",
    "minut", "minutter", "sekund", "sekunder", "årti", "årtier",
}  # fmt: skip
_TIME_WORDS = {
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", "januar", "februar",
    "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
    "december", "klokken", "kl",
}  # fmt: skip
_NOT_NOUNS = STOP_WORDS | {
    "blev", "bliver", "sagde", "siger", "skriver", "mistede", "døde", "er", "var", "procent",
    "pct", "gange", "ud", "af", "dræbt", "såret", "sårede", "anholdt", "evakueret", "smittet",
    "omkommet", "arresteret", "fængslet", "reddet",
}  # fmt: skip
# Adjectives without a telling ending (for the no-tagger heuristic).
_UNINFLECTED_ADJECTIVES = {"ekstra", "små", "nye", "unge", "gamle", "gode", "øvrige"}
# Danish plurals whose singular the suffix rules below get wrong.
_IRREGULAR_LEMMAS = {
    "mænd": "mand", "mændene": "mand", "kvinder": "kvinde", "kvinderne": "kvinde",
    "børn": "barn", "børnene": "barn", "personer": "person", "mennesker": "menneske",
    "menneskene": "menneske", "kroner": "krone", "gange": "gang", "lande": "land",
    "landene": "land", "huse": "hus", "måneder": "måned", "timer": "time", "uger": "uge",
    "civile": "civil", "dræbte": "dræbt", "sårede": "såret", "ansatte": "ansat",
    "smittede": "smittet", "døde": "død", "familier": "familie", "stemmer": "stemme",
    "sæder": "sæde", "øjne": "øje", "øer": "ø", "køer": "ko", "fødder": "fod",
    "tænder": "tand", "hænder": "hånd", "nætter": "nat", "byer": "by", "lærere": "lærer",
    "borgere": "borger", "flygtninge": "flygtning", "unge": "ung", "ældre": "ældre",
    "andre": "anden", "politifolk": "politibetjent", "folk": "folk", "år": "år", "fly": "fly",
    "tilfælde": "tilfælde", "soldaterne": "soldat", "dage": "dag", "mandater": "mandat",
    "elever": "elev", "patienter": "patient", "biler": "bil", "skibe": "skib",
    "boliger": "bolig", "arbejdspladser": "arbejdsplads", "demonstranter": "demonstrant",
    "familierne": "familie", "doser": "dosis", "minutter": "minut", "sekunder": "sekund",
    "kilometer": "kilometer", "kilometers": "kilometer", "meter": "meter", "liter": "liter",
    "centimeter": "centimeter", "grader": "grad", "ministre": "minister", "timers": "time",
    "dages": "dag", "ugers": "uge", "års": "år", "procent": "procent",
}  # fmt: skip


def lemma_heuristic(word: str) -> str:
    """A Danish noun's singular (`soldater` → soldat), used when the model has no lemmatiser."""
    lowered = word.lower()
    if lowered in _IRREGULAR_LEMMAS:
        return _IRREGULAR_LEMMAS[lowered]
    for suffix in ("erne", "ene", "ere", "er", "e"):
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            stem = lowered[: -len(suffix)]
            if suffix == "ere":
                stem += "er"
            if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiouyæøå":
                stem = stem[:-1]  # minutter → minut
            return stem
    return lowered


_WORD = re.compile(r"\s*([A-Za-zÆØÅæøåÉéÜüÖöÄä][\w-]*)")


class TokenLookup(Protocol):
    """Maps a character offset to the spaCy token starting there (a dict works)."""

    def get(self, offset: int, default: Any = None) -> Any: ...


def _noun_phrase(
    text: str, position: int, tokens: TokenLookup, *, allow_stop: bool = False
) -> tuple[int, str | None, str | None, str | None]:
    """After `position`: (end, noun text, noun lemma, nationality) of the counted noun phrase."""
    nationality = None
    words: list[re.Match[str]] = []
    pos = position
    for _ in range(4):
        match = _WORD.match(text, pos)
        if not match:
            break
        words.append(match)
        pos = match.end()
    for index, match in enumerate(words):
        word = match.group(1)
        lowered = word.lower()
        token = tokens.get(match.start(1))
        tag = token.pos_ if token is not None else ""
        country = gazetteer().demonym(lowered)
        if word[0].isupper() and (index > 0 or tag != "NOUN"):
            break  # a name (`fire Europa-…`, `57-årige Petra`), not a counted noun
        if lowered in _TIME_WORDS:
            break  # `klokken lidt over 22 søndag`
        next_word = words[index + 1].group(1) if index + 1 < len(words) else None
        next_is_word = next_word is not None and next_word.lower() not in _NOT_NOUNS
        if lowered in ("andre", "øvrige") and next_is_word:
            continue  # `fire andre lande`
        if lowered in _NOT_NOUNS and not (allow_stop and index == 0):
            break
        next_token = tokens.get(words[index + 1].start(1)) if index + 1 < len(words) else None
        is_adjective = (
            (tag == "ADJ" and next_is_word and next_token is not None
             and next_token.pos_ in ("NOUN", "PROPN", "ADJ"))
            or (not tag and country is not None and lowered.endswith(("e", "sk")) and next_is_word)
            or (not tag and next_is_word and not next_word[0].isupper()
                and (lowered.endswith(("ske", "ige", "lige", "ede", "ne", "re", "te"))
                     or lowered in _UNINFLECTED_ADJECTIVES))
        )  # fmt: skip
        if country and is_adjective:
            nationality = country
        if is_adjective and index < len(words) - 1:
            continue
        nominal = tag in ("NOUN", "PROPN", "ADJ", "PRON", "X", "NUM")
        if tag and not nominal and lowered not in _IRREGULAR_LEMMAS:
            break  # a verb, not a counted noun (but `ansatte`, `sårede` are nouns here)
        lemma = _IRREGULAR_LEMMAS.get(lowered)
        if lemma is None and token is not None and token.lemma_ and tag in ("NOUN", "PROPN"):
            lemma = token.lemma_.lower()
            if lemma == lowered and "Plur" in token.morph.get("Number"):
                lemma = None  # the lemmatiser left a plural as it was: try our rules
        if country and not is_adjective:
            nationality = country
        return match.end(1), word, lemma or lemma_heuristic(word), nationality
    return position, None, None, nationality


def _bounds(modifier: str | None, value: float | int | None) -> dict[str, Any]:
    modifier = (modifier or "").lower()
    return {
        "min_value": value if modifier in _LOWER_BOUND else None,
        "max_value": value if modifier in _UPPER_BOUND else None,
        "approximate": modifier in _APPROXIMATE or modifier in _LOWER_BOUND | _UPPER_BOUND,
    }


def _amount(text: str, start: int, end: int, kind: str, **fields: Any) -> dict[str, Any]:
    base = {
        "text": text[start:end], "start": start, "end": end, "kind": kind, "value": None,
        "min_value": None, "max_value": None, "unit": None, "noun": None, "noun_text": None,
        "nationality": None, "vague": False, "approximate": False,
    }  # fmt: skip
    base.update(fields)
    return base


Rule = Callable[[re.Match[str], dict[int, Any]], "dict[str, Any] | None"]
_RULES: list[tuple[re.Pattern[str], Rule]] = []


def rule(pattern: str) -> Callable[[Rule], Rule]:
    """Register a handler for a (case-insensitive) pattern."""

    def register(handler: Rule) -> Rule:
        _RULES.append((re.compile(pattern, re.IGNORECASE), handler))
        return handler

    return register


_NUMBER = rf"(?P<num>{DIGITS}|{NUMBER_WORDS_STRICT})"
_NUMBER_ANY = rf"(?P<num>{DIGITS}|{NUMBER_WORDS})"
_START = r"(?<![\w.,])"


@rule(
    rf"{_START}(?:(?P<mod>{_APPROX})\s+)?(?:(?P<flere>flere|mange|adskillige)\s+)?"
    rf"(?P<vague>{'|'.join(VAGUE)})(?:\s+af)?(?!\w)"
)
def _vague(match: re.Match[str], tokens: TokenLookup) -> dict[str, Any] | None:
    """`hundredvis af andre`, `flere tusindvis af mennesker`."""
    least = VAGUE[match.group("vague").lower()]
    end, noun_text, noun, nationality = _noun_phrase(match.string, match.end(), tokens,
                                                     allow_stop=True)  # fmt: skip
    return _amount(match.string, match.start(), end, "count", value=least, min_value=least,
                   noun=noun, noun_text=noun_text, nationality=nationality, vague=True,
                   approximate=True)  # fmt: skip


@rule(
    rf"{_START}(?:(?P<mod>{_APPROX})\s+)?(?P<q>flere|mange|adskillige|nogle|et par|få)\s+"
    r"(?P<scale>hundrede|tusinde|tusind|millioner)(?!\w)"
)
def _vague_scale(match: re.Match[str], tokens: TokenLookup) -> dict[str, Any] | None:
    """`flere hundrede`, `mange tusinde`, `et par hundrede`."""
    scale = _VAGUE_SCALE[match.group("scale").lower()]
    end, noun_text, noun, nationality = _noun_phrase(match.string, match.end(), tokens)
    least = 2 * scale
    return _amount(match.string, match.start(), end, "count", value=least, min_value=least,
                   noun=noun, noun_text=noun_text, nationality=nationality, vague=True,
                   approximate=True)  # fmt: skip


@rule(
    rf"{_START}(?:(?P<mod>{_APPROX})\s+)?(?:(?P<pre>\$|€|£)\s*{_NUMBER}(?:\s+(?P<scale1>{SCALE}))?"
    rf"|{_NUMBER_ANY.replace('num', 'num2')}(?:\s*(?P<scale2>{SCALE}))?\s*(?P<cur>{_CURRENCY}))"
)
def _money(match: re.Match[str], tokens: TokenLookup) -> dict[str, Any] | None:
    """`2,5 mio. kr.`, `50 milliarder dollar`, `$ 3 millioner`, `tre millioner euro`."""
    number = match.group("num") or match.group("num2")
    value = parse_number(number)
    if value is None:
        return None
    value = scaled(value, match.group("scale1") or match.group("scale2"))
    currency = CURRENCIES[(match.group("pre") or match.group("cur")).lower()]
    return _amount(match.string, match.start(), match.end(), "money", value=value,
                   unit=currency, **_bounds(match.group("mod"), value))  # fmt: skip


@rule(
    rf"{_START}(?:(?P<mod>{_APPROX})\s+)?{_NUMBER_ANY}\s*(?P<unit>%|procentpoint|procent|pct\.?)"
    r"(?!\w)"
)
def _percent(match: re.Match[str], tokens: TokenLookup) -> dict[str, Any] | None:
    """`12,5 procent`, `40 pct.`, `3 %`, `to procentpoint`."""
    value = parse_number(match.group("num"))
    if value is None:
        return None
    unit = "procentpoint" if match.group("unit").lower() == "procentpoint" else "%"
    return _amount(match.string, match.start(), match.end(), "percent", value=value, unit=unit,
                   **_bounds(match.group("mod"), value))  # fmt: skip


@rule(
    rf"{_START}(?P<num>\d{{1,3}}|{NUMBER_WORDS})-årig(?P<suffix>e|es)?(?!\w)"
    rf"|{_START}(?P<num2>\d{{1,3}}|{NUMBER_WORDS_STRICT})\s+år\s+(?:gammel|gamle)(?!\w)"
)
def _age(match: re.Match[str], tokens: TokenLookup) -> dict[str, Any] | None:
    """`55-årige`, `en 55-årig mand`, `55 år gammel`."""
    value = parse_number(match.group("num") or match.group("num2"))
    if value is None:
        return None
    end, noun_text, noun = match.end(), None, None
    if match.group("num"):
        end, noun_text, noun, _ = _noun_phrase(match.string, match.end(), tokens)
        if noun_text is None:
            end = match.end()
        else:
            noun = noun_text.lower()  # singular after an age (`55-årige politiker`)
    return _amount(match.string, match.start(), end, "age", value=value, unit="år",
                   noun=noun, noun_text=noun_text)  # fmt: skip


@rule(
    rf"{_START}(?:(?P<mod>{_APPROX})\s+)?(?P<num>{DIGITS})\s*(?:-|–|til)\s*(?P<num2>{DIGITS})"
    r"(?![\w%-])"
)
def _range(match: re.Match[str], tokens: TokenLookup) -> dict[str, Any] | None:
    """`20-30 demonstranter`, `20 til 30 demonstranter` (digits only)."""
    low, high = parse_number(match.group("num")), parse_number(match.group("num2"))
    if low is None or high is None or high <= low:
        return None
    end, noun_text, noun, nationality = _noun_phrase(match.string, match.end(), tokens)
    if noun_text is None:
        return None
    return _amount(match.string, match.start(), end, "count", value=low, min_value=low,
                   max_value=high, noun=noun, noun_text=noun_text, nationality=nationality,
                   approximate=True)  # fmt: skip


@rule(
    rf"{_START}(?:(?P<mod>{_APPROX})\s+)?{_NUMBER}(?:\s*(?P<scale>{SCALE}))?"
    r"(?P<ordinal>\.(?=\s+[a-zæøå]))?(?![\w,]|\.\d)"
)
def _count(match: re.Match[str], tokens: TokenLookup) -> dict[str, Any] | None:
    """`650 amerikanske soldater`, `1.250 tyske soldater`, `syv år`, `tre millioner danskere`."""
    if match.group("ordinal"):
        return None  # `2. verdenskrig`
    value = parse_number(match.group("num"))
    if value is None:
        return None
    value = scaled(value, match.group("scale"))
    end, noun_text, noun, nationality = _noun_phrase(match.string, match.end(), tokens)
    if noun_text is None:
        return None
    kind = "duration" if noun_text.lower() in _TIME_UNITS else "count"
    unit = noun if kind == "duration" else None
    return _amount(match.string, match.start(), end, kind, value=value, unit=unit, noun=noun,
                   noun_text=noun_text, nationality=nationality,
                   **_bounds(match.group("mod"), value))  # fmt: skip


ANCHORS = AnchorSet(
    words=[*NUMBER_WORD_FORMS, *VAGUE, "tusinde", "procent", "pct", "procentpoint"],
    symbols="$€£%",
)


def find_amounts(
    text: str, tokens: TokenLookup | None = None, blocked: Sequence[tuple[int, int]] = ()
) -> list[dict[str, Any]]:
    """All amounts in `text`, skipping matches that overlap a `blocked` span (dates, times).

    `tokens` maps a token's start offset to the spaCy token there (for POS and lemmas).
    """
    tokens = tokens or {}
    candidates: list[tuple[int, int, dict[str, Any]]] = []
    windows = ANCHORS.windows(text)
    for order, (pattern, handler) in enumerate(_RULES):
        for match in matches_in_windows(pattern, text, windows):
            if any(match.start() < end and start < match.end() for start, end in blocked):
                continue
            result = handler(match, tokens)
            if result is not None:
                candidates.append((result["end"] - result["start"], order, result))
    chosen: list[dict[str, Any]] = []
    for _, _, result in sorted(candidates, key=lambda c: (c[1], -c[0])):
        if any(result["start"] < c["end"] and c["start"] < result["end"] for c in chosen):
            continue
        chosen.append(result)
    return sorted(chosen, key=lambda r: r["start"])
