"""The word lists attribution uses, read once from `kilde/lexicons/*.txt` into fast lookups."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kilde.lexicons import load_lexicon, load_table

UPPER = "A-ZÆØÅÄÖÜÉÈÁÓÍŠČŽ"
CAPITAL_WORD = rf"[{UPPER}][\w’'.-]*\w|[{UPPER}]|\d+[{UPPER}][\w-]*"


def _alternation(phrases: set[str]) -> str:
    """A regex alternation, longest phrases first, spaces matching any whitespace."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@dataclass(frozen=True)
class Lexicons:
    """All lexicons attribution needs, with compiled patterns."""

    speech_forms: dict[str, str]  # inflected form (lowercase) -> lemma
    manner_forms: frozenset[str]
    titles: dict[str, str | None]  # title -> gender or None
    anonymous_heads: frozenset[str]
    document_heads: frozenset[str]
    outlets: frozenset[str]
    channels: frozenset[str]
    medium_nouns: frozenset[str]
    first_names: dict[str, str]
    stopwords: frozenset[str]
    org_names: frozenset[str]
    org_descriptions: frozenset[str]
    org_suffixes: tuple[str, ...]
    speech_pattern: str
    cue_pattern: str
    outlet_pattern: str

    def is_speech_form(self, word: str) -> bool:
        """Is `word` (any case) an inflected form of a speech verb?"""
        return word.lower() in self.speech_forms

    def title_of(self, word: str) -> tuple[str, str | None] | None:
        """(title, gender) when `word` is a title or a compound ending in one, else None."""
        low = word.lower()
        if low in self.titles:
            return low, self.titles[low]
        for base in (low[:-2], low[:-1]):  # definite forms: ministeren, direktøren
            if base in self.titles and low.endswith(("en", "n")):
                return base, self.titles[base]
        for size in range(min(len(low) - 3, 20), 2, -1):
            tail = low[-size:]
            if tail in self.titles and self.titles[tail] is None:
                return low, None
        return None

    def head_in(self, word: str, heads: frozenset[str]) -> bool:
        """Is `word` one of `heads`, or a compound ending in one (`konsulentrapport`)?"""
        low = word.lower()
        if low in heads:
            return True
        return any(low.endswith(h) and len(low) - len(h) >= 3 for h in heads if len(h) >= 4)

    def first_name_gender(self, name: str) -> str | None:
        """Gender of an unambiguous first name, else None."""
        first = name.split()[0] if name.split() else ""
        return self.first_names.get(first) or self.first_names.get(first.split("-")[0])

    def is_organization_name(self, name: str) -> bool:
        """Does the name look like an organisation (known body, outlet, org-like ending)?"""
        if name in self.org_names or name in self.outlets or name.upper() == name and len(name) > 1:
            return True
        if re.fullmatch(r"[\w-]+\.(?:dk|com|no|se|de|org|net|eu|uk|fr|nu|io)", name, re.IGNORECASE):
            return True
        first = name.split()[0].lower() if name.split() else ""
        if first in self.medium_nouns or first in self.org_descriptions:
            return True  # "Avisen Fyn", "Rederiet Nord"
        last = name.split()[-1].lower() if name.split() else ""
        return any(last.endswith(s) for s in self.org_suffixes)


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """The loaded lexicons (cached)."""
    speech: dict[str, str] = {}
    for lemma, fields in load_table("speech_verbs").items():
        forms_field = fields[0] if fields else lemma
        forms = forms_field.split("|") if "|" in forms_field else forms_field.split()
        for form in forms:
            speech[form.strip().lower()] = lemma
    manner = frozenset(w.lower() for w in load_lexicon("manner_verbs"))
    titles = {k.lower(): (v[0] if v and v[0] else None) for k, v in load_table("titles").items()}
    media = load_table("media")
    outlets = frozenset(k for k, v in media.items() if v and v[0] == "outlet")
    channels = frozenset(k for k, v in media.items() if v and v[0] == "channel")
    nouns = frozenset(k for k, v in media.items() if v and v[0] == "noun")
    orgs = load_table("organizations")
    cue_forms = set(speech) | set(manner)
    return Lexicons(
        speech_forms=speech,
        manner_forms=manner,
        titles=titles,
        anonymous_heads=frozenset(w.lower() for w in load_lexicon("anonymous_sources")),
        document_heads=frozenset(w.lower() for w in load_lexicon("documents")),
        outlets=outlets,
        channels=channels,
        medium_nouns=nouns,
        first_names={k: v[0] for k, v in load_table("first_names").items() if v},
        stopwords=frozenset(w.lower() for w in load_lexicon("stopwords")),
        org_names=frozenset(k for k, v in orgs.items() if v and v[0] == "name"),
        org_descriptions=frozenset(w.lower() for w in load_lexicon("org_descriptions")),
        org_suffixes=tuple(k.lower() for k, v in orgs.items() if v and v[0] == "suffix"),
        speech_pattern=_alternation(set(speech)),
        cue_pattern=_alternation(cue_forms),
        outlet_pattern=_alternation(set(outlets) | set(channels)),
    )


@cache
def word_class(name: str) -> frozenset[str]:
    """The Danish function words of one grammatical class (`lexicons/function_words.txt`)."""
    fields = load_table("function_words").get(name)
    if fields is None:
        raise KeyError(f"no word class {name!r} in function_words.txt")
    return frozenset(fields[0].split())
