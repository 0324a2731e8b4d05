"""Facts beyond quotes: when (dates), how many (amounts) and where (places).

spaCy components, registered by name, working on the Doc only:

- `kilde_dates`: `doc._.dates`, time expressions normalised against the reference date
  (`doc._.reference_date` if set, else `doc._.article_date`; both `YYYY-MM-DD` or `YYYY-MM`);
- `kilde_amounts`: `doc._.amounts` (counts, money, ages, percentages, durations, vague ones);
- `kilde_places`: `doc._.places`, place mentions linked to countries/GeoNames;
- `kilde_facts`: all three in order (what `kilde.pipeline.load()` adds).

Each fact is a plain dict with the fields of `kilde.article.TimeExpression`, `Amount` or
`Place` (plain data, so Docs stay serialisable); offsets are character offsets in `doc.text`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from kilde.facts.amounts import find_amounts
from kilde.facts.dates import find_time_expressions
from kilde.facts.places import find_places
from kilde.facts.reference import ReferenceDate, parse_reference

for _name in ("article_date", "reference_date", "dates", "amounts", "places"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

__all__ = [
    "DateFinder",
    "AmountFinder",
    "PlaceFinder",
    "FactFinder",
    "facts_in_span",
    "place_search_keys",
    "reference_for",
]


_SAMPLE = 8  # tokens looked at to tell whether a tagger has run


def reference_for(doc: Doc) -> ReferenceDate | None:
    """The date relative expressions in `doc` are resolved against."""
    return parse_reference(doc._.reference_date) or parse_reference(doc._.article_date)


# Present-tense reporting verbs say nothing about when the reported event happens.
_REPORTING_VERBS = {
    "sige", "oplyse", "meddele", "skrive", "fortælle", "melde", "erfare", "bekræfte", "mene",
    "vurdere", "understrege", "tilføje", "forklare", "lyde", "hedde", "fremgå",
}  # fmt: skip


# Present-tense forms that in news speak about the future (with passives like `spilles`).
_FUTURE_AUXILIARIES = {"skulle", "ville", "komme", "blive"}


# Relations that tie a verb to the auxiliary or modal above it (DDT `vobj`, UD `xcomp`).
_VERB_CHAIN_RELATIONS = {"vobj", "xcomp"}


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above `token` in the dependency tree (None without a parse)."""
    if not token.dep_:  # no parser has run
        return None
    node = token
    for _ in range(10):
        if node.pos_ in ("VERB", "AUX") and node.i != token.i:
            return node
        if node.head.i == node.i:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
    return None


def tense_teller(doc: Doc) -> Callable[[int], str | None] | None:
    """`offset → "past" | "present" | None` for the sentence there, from the morphology.

    "present" only where a present passive or future auxiliary says the sentence is about
    what is to come; a tagging slip on a plain verb then does no harm."""
    if not any(str(token.morph) for token in doc[:_SAMPLE]):
        return None

    def tense(offset: int) -> str | None:
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None:
            return None
        verb = _governing_verb(span[0])
        if verb is not None:  # the verb the expression belongs to, with its auxiliaries
            chain = [verb, *verb.children]
            while (
                verb.dep_ in _VERB_CHAIN_RELATIONS
                and verb.head.i != verb.i
                and verb.head.pos_ in ("VERB", "AUX")
            ):
                verb = verb.head  # `blev valgt`: the participle hangs below the auxiliary
                chain.append(verb)
            finite = [t for t in chain if "Fin" in t.morph.get("VerbForm")]
        else:
            try:
                finite = [t for t in span[0].sent if "Fin" in t.morph.get("VerbForm")]
            except ValueError:  # no sentence boundaries
                return None
        if any("Past" in t.morph.get("Tense") for t in finite):
            return "past"
        if any(
            "Pres" in t.morph.get("Tense")
            and ("Pass" in t.morph.get("Voice") or t.lemma_.lower() in _FUTURE_AUXILIARIES)
            and t.lemma_.lower() not in _REPORTING_VERBS
            for t in finite
        ):
            return "present"  # about what is to come: `spilles`, `skal`, `vil`, `bliver`
        return None

    return tense


class DateFinder:
    """Sets `doc._.dates`."""

    def __call__(self, doc: Doc, text: str | None = None) -> Doc:
        text = doc.text if text is None else text
        doc._.dates = find_time_expressions(text, reference_for(doc), tense_teller(doc))
        return doc


class TokenStarts:
    """`offset → the token starting there` (or None), looked up only when asked."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def get(self, offset: int, default: Any = None) -> Any:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or span[0].idx != offset:
            return default
        return span[0]


class AmountFinder:
    """Sets `doc._.amounts` (numbers inside dates and clock times are not amounts)."""

    def __call__(self, doc: Doc, text: str | None = None) -> Doc:
        text = doc.text if text is None else text  # (doc.text is rebuilt on every access)
        dates = doc._.dates
        if dates is None:
            dates = find_time_expressions(text, reference_for(doc))
        blocked = [(d["start"], d["end"]) for d in dates if d["kind"] != "duration"]
        tagged = any(token.pos for token in doc[:_SAMPLE])  # (has_annotation reads every token)
        tokens = TokenStarts(doc) if tagged else {}
        doc._.amounts = find_amounts(text, tokens, blocked)
        return doc


class PlaceFinder:
    """Sets `doc._.places`."""

    def __call__(self, doc: Doc, text: str | None = None) -> Doc:
        doc._.places = find_places(doc, text)
        return doc


class FactFinder:
    """Dates, then amounts, then places."""

    def __init__(self) -> None:
        self.steps = (DateFinder(), AmountFinder(), PlaceFinder())

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        for step in self.steps:
            doc = step(doc, text)
        return doc


@Language.factory("kilde_dates")
def make_dates(nlp: Language, name: str) -> DateFinder:
    """Factory for `kilde_dates`."""
    return DateFinder()


@Language.factory("kilde_amounts")
def make_amounts(nlp: Language, name: str) -> AmountFinder:
    """Factory for `kilde_amounts`."""
    return AmountFinder()


@Language.factory("kilde_places")
def make_places(nlp: Language, name: str) -> PlaceFinder:
    """Factory for `kilde_places`."""
    return PlaceFinder()


@Language.factory("kilde_facts")
def make_facts(nlp: Language, name: str) -> FactFinder:
    """Factory for `kilde_facts` (dates, amounts and places)."""
    return FactFinder()


def facts_in_span(facts: list[dict[str, Any]] | None, start: int, end: int) -> list[dict[str, Any]]:
    """The facts lying wholly inside the character range [start, end) (e.g. a quote)."""
    return [fact for fact in facts or () if start <= fact["start"] and fact["end"] <= end]


def place_search_keys(place: Any) -> set[str]:
    """Casefolded keys a place can be found by (`kilde search --place …`): the mention as
    written (with and without a genitive `-s`), the linked name, and the country as ISO code
    and as its Danish name. Accepts a `Place` or its dict.

    >>> sorted(place_search_keys({"text": "Kabuls", "name": "Kabul", "country": "AF"}))
    ['af', 'afghanistan', 'kabul', 'kabuls']
    """
    get = place.get if isinstance(place, dict) else lambda key: getattr(place, key, None)
    keys = set()
    for value in (get("text"), get("name")):
        if value:
            keys.add(value.casefold())
            if value.endswith("s") and len(value) > 3:
                keys.add(value[:-1].casefold())
    country = get("country")
    if country:
        keys.add(country.casefold())
        from kilde.facts.gazetteer import gazetteer

        entry = gazetteer().countries.get(country)
        if entry is not None:
            keys.add(entry.name.casefold())
    return keys
