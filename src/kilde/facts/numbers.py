"""Danish numbers: digits with Danish separators and number words, as regex pieces and values.

`1.250` is 1250 and `2,5` is 2.5 (Danish thousands dot, decimal comma). Number words
(`syv`, `fireogtyve`, `to hundrede og halvtreds`) are parsed with text2num's Danish
grammar, with kilde's own fallbacks for what it lacks (`halvandet`, `en halv`).
"""

from __future__ import annotations

import re
from functools import lru_cache

_UNITS = "en|et|én|ét|to|tre|fire|fem|seks|syv|otte|ni"
_TEENS = "ti|elleve|tolv|tretten|fjorten|femten|seksten|sytten|atten|nitten"
_TENS = (
    "tyve|tredive|fyrretyve|fyrre|halvtredsindstyve|halvtreds|tresindstyve|tres|"
    "halvfjerdsindstyve|halvfjerds|firsindstyve|firs|halvfemsindstyve|halvfems"
)
_SCALES = "hundrede|hundred|tusinde|tusind|millioner|million|milliarder|milliard"
_UNITS_NO_ARTICLE = "to|tre|fire|fem|seks|syv|otte|ni"

# One number word; compounds like `fireogtyve` are one word.
_WORD = rf"(?:(?:{_UNITS})og(?:{_TENS})|{_TENS}|{_TEENS}|{_SCALES}|halvandet|halvanden|{_UNITS})"
_WORD_NO_ARTICLE = (
    rf"(?:(?:{_UNITS})og(?:{_TENS})|{_TENS}|{_TEENS}|{_SCALES}|halvandet|halvanden|"
    rf"{_UNITS_NO_ARTICLE})"
)
# A phrase of number words: `to hundrede og halvtreds`, `tre millioner`.
NUMBER_WORDS = rf"(?:{_WORD}(?:\s+(?:og\s+)?{_WORD})*)"
# The same, but never starting with the article `en`/`et` (which is usually not a number),
# unless a scale word follows (`en million`, `et hundrede`).
NUMBER_WORDS_STRICT = (
    rf"(?:{_WORD_NO_ARTICLE}(?:\s+(?:og\s+)?{_WORD})*|(?:en|et)\s+(?:halvt?\s+)?(?:{_SCALES})"
    rf"(?:\s+(?:og\s+)?{_WORD})*)"
)
DIGITS = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"


def _number_word_forms() -> frozenset[str]:
    units = _UNITS.split("|")
    tens = _TENS.split("|")
    words = set(_UNITS_NO_ARTICLE.split("|")) | set(_TEENS.split("|")) | set(tens)
    words |= set(_SCALES.split("|")) | {"halvandet", "halvanden", "mio", "mia", "mrd"}
    words |= {f"{unit}og{ten}" for unit in units for ten in tens}
    return frozenset(words)


# Every number word except the article-like `en`/`et` (anchors for the amount patterns).
NUMBER_WORD_FORMS = _number_word_forms()

_FALLBACK = {"halvandet": 1.5, "halvanden": 1.5, "én": 1, "ét": 1, "en": 1, "et": 1}


def parse_digits(text: str) -> int | float:
    """`1.250` → 1250, `2,5` → 2.5, `12` → 12."""
    cleaned = text.replace(".", "").replace(",", ".")
    value = float(cleaned)
    return int(value) if value.is_integer() and "," not in text else value


@lru_cache(maxsize=4096)
def parse_number_words(text: str) -> int | float | None:
    """Value of a Danish number-word phrase, or None if it is not one."""
    words = " ".join(text.lower().split())
    if words in _FALLBACK:
        return _FALLBACK[words]
    words = words.replace("én", "en").replace("ét", "et")
    if words.startswith(("en halv ", "et halvt ")):  # `en halv million` → 500000
        rest = parse_number_words(words.split(" ", 2)[2])
        if rest is None:
            return None
        return rest // 2 if rest % 2 == 0 else rest / 2
    from text_to_num import text2num

    try:
        return text2num(words, "da")
    except ValueError:
        pass
    # `et hundrede og halvtreds` etc. that text2num rejects: try without a leading article.
    if words.startswith(("en ", "et ")):
        try:
            return text2num(words[3:], "da")
        except ValueError:
            return None
    return None


def parse_number(text: str) -> int | float | None:
    """Value of digits or number words."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        try:
            return parse_digits(text)
        except ValueError:
            return None
    return parse_number_words(text)


SCALE_WORDS = {
    "hundrede": 100,
    "tusind": 1_000,
    "tusinde": 1_000,
    "t.": 1_000,
    "mio.": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "millioner": 1_000_000,
    "mia.": 1_000_000_000,
    "mia": 1_000_000_000,
    "milliard": 1_000_000_000,
    "milliarder": 1_000_000_000,
    "mrd.": 1_000_000_000,
}
SCALE = r"(?:mio\.|mia\.|mrd\.|millioner|million|milliarder|milliard|tusinde|tusind|mio|mia)(?!\w)"


def scaled(value: int | float, scale_word: str | None) -> int | float:
    """Multiply by a scale word (`2,5 mio.` → 2500000), keeping integers integral."""
    if not scale_word:
        return value
    result = value * SCALE_WORDS[scale_word.lower()]
    return int(result) if float(result).is_integer() else result


NUMBER_RE = re.compile(rf"(?<![\w.,]){DIGITS}(?![\w])|\b{NUMBER_WORDS}\b", re.IGNORECASE)
