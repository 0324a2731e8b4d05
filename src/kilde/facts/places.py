"""Place mentions linked to countries and GeoNames entries.

A mention is linked only when something says it is a place:
- the NER labels it LOC (or GPE), and the name (or its genitive-less / compound head form:
  `Kabuls` → Kabul, `Kabul-lufthavnen` → Kabul) is in the gazetteer — or, not found, it is
  kept as an unlinked place;
- it is a country, a Danish exonym or a region in kilde's own table (`Afghanistan`,
  `Rusland`, `Parwan`): these names are places wherever they are capitalised, unless the NER
  puts them inside a person or organisation name;
- a context cue precedes it (`i`, `fra`, `til`, `provinsen`, `hovedstaden`, …) and the
  capitalised name is a city in GeoNames (`i Kabul`).
Function words (`Det`), weekdays, months and agency names are never linked.
Lowercase nationality words (`tyske`, `amerikanerne`) become `demonym` places with the country.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from kilde.facts.gazetteer import PlaceEntry, gazetteer, is_never_place

PLACE_LABELS = {"LOC", "GPE"}
BLOCKING_LABELS = {"PER", "ORG", "PERSON"}
_CAPITALISED = re.compile(r"[A-ZÆØÅ][\w'.-]*\w|[A-ZÆØÅ]")
_NAME_SEQUENCE = re.compile(r"[A-ZÆØÅ][\w'-]*(?:\.(?=\s[A-ZÆØÅ]))?(?:\s+[A-ZÆØÅ][\w'-]*)*")
_CUE = re.compile(
    r"\b(?:i|fra|til|mod|ved|nær|omkring|gennem|over|via|uden for|udenfor|(?:nord|syd|øst|vest)"
    r"(?:øst|vest)?\s+for|provinsen|byen|hovedstaden|regionen|landsbyen|distriktet|delstaten|"
    r"området|landet|øen|havnebyen|storbyen|grænsebyen|kommune)\s+$",
    re.IGNORECASE,  # `Fra Kabul …` after a quote mark, say
)
_SENTENCE_INITIAL_CUES = {"i", "fra", "til", "ved", "nær", "omkring", "gennem", "via"}
_DEMONYM_WORD = re.compile(r"\b[A-ZÆØÅ]?[a-zæøå]+\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:»«\"–-]\s*|\n\s*)$")
_NEXT_WORD = re.compile(r"\s+(\S)")


def _sentence_initial_common_word(text: str, match: re.Match[str]) -> bool:
    """A capitalised word that starts a sentence and is not followed by another capitalised one."""
    if not _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
        return False
    following = _NEXT_WORD.match(text, match.end())
    return not (following and following.group(1).isupper())


_MAX_NAME_WORDS = 4


def _place(
    text: str, start: int, end: int, entry: PlaceEntry | None, source: str
) -> dict[str, Any]:
    return {
        "text": text[start:end],
        "start": start,
        "end": end,
        "name": entry.name if entry else text[start:end],
        "kind": entry.kind if entry else "place",
        "country": entry.country if entry else None,
        "geonames_id": entry.geonames_id if entry else None,
        "lat": entry.lat if entry else None,
        "lon": entry.lon if entry else None,
        "source": source,
    }


def _variants(name: str) -> list[str]:
    """`Kabuls` → Kabul, `Kabul-lufthavnen` → Kabul, `USA's` → USA."""
    variants = [name]
    if name.endswith("-"):
        return []  # `Syd-` (from `Syd- og Sønderjylland`) names nothing by itself
    if name.endswith("'s"):
        variants.append(name[:-2])
    elif name.endswith(("s", "'")) and len(name) > 3:
        variants.append(name[:-1])
    if "-" in name:
        head = name.split("-")[0]
        if len(head) >= 3 and head[0].isupper():
            variants.append(head)
    return variants


_LOCATIVE = re.compile(
    r"\b(?:i|på|fra|til|ved|nær|omkring|gennem|uden for|udenfor|(?:nord|syd|øst|vest)"
    r"(?:øst|vest)?\s+for|byen|landsbyen|området|bydelen|kommune)\s+$",
    re.IGNORECASE,
)


_ORGANISATION_ENDINGS = (
    "styrelsen", "foreningen", "institutionen", "kommissionen", "ligaen", "linjen",
    "ministeriet", "rådet", "udvalget", "partiet", "selskabet", "fonden", "banken", "tilsynet",
    "forbundet", "organisationen", "watch", "avisen", "posten", "tidende", "gruppen",
)  # fmt: skip


def _plausible_unlinked_place(text: str, start: int, name: str) -> bool:
    """A LOC entity the gazetteer does not know is kept only after a locative word
    (`i Rødekro`, `på Amalienborg`) and when it looks like a name (no digits, no acronym)."""
    if any(char.isdigit() for char in name) or name.endswith("-"):
        return False
    if name.replace(".", "").isupper() or is_never_place(name):
        return False
    if name.lower().rstrip("s").endswith(_ORGANISATION_ENDINGS):
        return False  # `i Miljøstyrelsen`, `i Superligaen`: an organisation, not a place
    return bool(_LOCATIVE.search(text[max(0, start - 24) : start]))


def _lookup(name: str, *, ner: bool, countries: frozenset[str]) -> PlaceEntry | None:
    registry = gazetteer()
    for variant in _variants(name):
        entry = registry.lookup(
            variant, allow_cities=True, allow_alternates=ner, context_countries=countries
        )
        if entry is not None:
            return entry
    return None


def find_places(doc: Doc, text: str | None = None) -> list[dict[str, Any]]:
    """Place mentions in the Doc (text order), each linked as far as the gazetteer allows.

    `text` is `doc.text`, when the caller already has it."""
    text = doc.text if text is None else text
    registry = gazetteer()
    entities = list(doc.ents)
    blocked = [(ent.start_char, ent.end_char) for ent in entities if ent.label_ in BLOCKING_LABELS]
    found: list[dict[str, Any]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in [(p["start"], p["end"]) for p in found])

    def inside_blocked(start: int, end: int) -> bool:
        """Part of a longer person/organisation name (`Team Danmark`); an entity that is
        exactly a known place name is more likely a tagging slip than a person."""
        return any(s <= start and end <= e and (s, e) != (start, end) for s, e in blocked)

    sequences = list(_NAME_SEQUENCE.finditer(text))
    # 1. Countries, exonyms and table regions: safe names, capitalised, anywhere.
    for sequence in sequences:
        words = list(_CAPITALISED.finditer(sequence.group()))
        offset = sequence.start()
        index = 0
        while index < len(words):
            for stop in range(min(len(words), index + _MAX_NAME_WORDS), index, -1):
                start, end = offset + words[index].start(), offset + words[stop - 1].end()
                name = text[start:end]
                entry = None
                for variant in _variants(name):
                    if variant in registry.safe and not is_never_place(variant):
                        entry = registry.safe[variant][0]
                        break
                if entry is not None and not inside_blocked(start, end):
                    found.append(_place(text, start, end, entry, "gazetteer"))
                    index = stop
                    break
            else:
                index += 1
    countries = frozenset(p["country"] for p in found if p["country"])

    # 2. NER place entities.
    for ent in entities:
        if ent.label_ not in PLACE_LABELS or not free(ent.start_char, ent.end_char):
            continue
        if is_never_place(ent.text):
            continue
        entry = _lookup(ent.text, ner=True, countries=countries)
        if entry is None and not _plausible_unlinked_place(text, ent.start_char, ent.text):
            continue
        found.append(_place(text, ent.start_char, ent.end_char, entry, "ner"))

    # 3. Context cues: `i Kabul`, `provinsen Parwan`.
    for sequence in sequences:
        words = list(_CAPITALISED.finditer(sequence.group()))
        if len(words) > 1 and words[0].group().lower() in _SENTENCE_INITIAL_CUES:
            words = words[1:]  # `I Kabul …`: the cue opens the sentence
        elif not _CUE.search(text[max(0, sequence.start() - 24) : sequence.start()]):
            continue
        for stop in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
            start = sequence.start() + words[0].start()
            end = sequence.start() + words[stop - 1].end()
            if not free(start, end) or inside_blocked(start, end):
                break
            entry = _lookup(text[start:end], ner=False, countries=countries)
            if entry is not None:
                found.append(_place(text, start, end, entry, "context"))
                break

    # 4. Nationality words: `tyske soldater`, `amerikanerne`.
    for match in _DEMONYM_WORD.finditer(text):
        country = registry.demonym(match.group())
        if country is None or not free(match.start(), match.end()):
            continue
        if match.group()[0].isupper() and not _sentence_initial_common_word(text, match):
            continue  # `Dansk Folkeparti`: part of a name
        entry = registry.countries.get(country)
        place = _place(text, match.start(), match.end(), entry, "demonym")
        place.update(kind="demonym", lat=None, lon=None, geonames_id=None)
        found.append(place)
    return sorted(found, key=lambda p: p["start"])
