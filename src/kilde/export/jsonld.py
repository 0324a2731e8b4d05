"""`--format jsonld`: schema.org JSON-LD — a `NewsArticle` with its `Quotation`s.

Each quote is a `Quotation` that `isPartOf` the article, with its speaker as `creator`
(a `Person`, `Organization` or, for documents, `CreativeWork`; persons are also
`spokenByCharacter`). Persons, organisations and places the article names are its
`mentions`. What schema.org has no term for (quote kind, cue, medium, offsets) uses the
`kilde:` prefix, declared in the context.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from kilde.article import Analysis, Place, Quote, Speaker

SCHEMA_ORG = "https://schema.org"
KILDE_VOCAB = "urn:kilde:vocab:"
CONTEXT: list[Any] = [SCHEMA_ORG, {"kilde": KILDE_VOCAB}]

_ENTITY_TYPES = {"PER": "Person", "ORG": "Organization", "LOC": "Place"}
_SPEAKER_TYPES = {
    "person": "Person",
    "anonymous": "Person",
    "organization": "Organization",
    "document": "CreativeWork",
    "unknown": "Thing",
}
_GENDERS = {"f": "https://schema.org/Female", "m": "https://schema.org/Male"}


def article_iri(analysis: Analysis) -> str:
    """The article's `@id`: its URL, else a URN from its kilde id."""
    return analysis.url or f"urn:kilde:article:{analysis.id}"


def to_jsonld(analysis: Analysis, with_context: bool = True) -> dict[str, Any]:
    """One analysis as a schema.org `NewsArticle` node."""
    iri = article_iri(analysis)
    node: dict[str, Any] = {"@context": CONTEXT} if with_context else {}
    node |= {"@type": "NewsArticle", "@id": iri, "identifier": analysis.id}
    optional = {
        "url": analysis.url,
        "headline": analysis.title,
        "datePublished": analysis.date,
        "inLanguage": analysis.language,
        "creditText": "/".join(analysis.bylines) or None,
    }
    if analysis.outlet:
        optional["publisher"] = {"@type": "Organization", "name": analysis.outlet}
    node |= {key: value for key, value in optional.items() if value}
    node["articleBody"] = analysis.text
    node["hasPart"] = [
        _quotation(quote, iri, index) for index, quote in enumerate(analysis.quotes, start=1)
    ]
    node["mentions"] = _mentions(analysis)
    return node


def write_jsonld(analyses: Iterable[Analysis], stream: TextIO) -> int:
    """One `NewsArticle` document, or an `@graph` of them for several; return the count."""
    nodes = [to_jsonld(analysis, with_context=False) for analysis in analyses]
    if len(nodes) == 1:
        document: dict[str, Any] = {"@context": CONTEXT, **nodes[0]}
    else:
        document = {"@context": CONTEXT, "@graph": nodes}
    stream.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return len(nodes)


def _quotation(quote: Quote, article: str, index: int) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "Quotation",
        "@id": f"{article}#quote-{index}",
        "text": quote.text,
        "isPartOf": {"@id": article},
        "kilde:kind": quote.kind,
        "kilde:start": quote.start,
        "kilde:end": quote.end,
        "kilde:confidence": quote.confidence,
    }
    for key, value in (
        ("kilde:cue", quote.cue),
        ("kilde:medium", quote.medium),
        ("kilde:via", quote.via),
    ):
        if value:
            node[key] = value
    speaker = _speaker(quote.speaker)
    if speaker:
        node["creator"] = speaker
        if speaker["@type"] == "Person":
            node["spokenByCharacter"] = speaker
    return node


def _speaker(speaker: Speaker) -> dict[str, Any] | None:
    if not speaker.name:
        return None
    node: dict[str, Any] = {"@type": _SPEAKER_TYPES[speaker.type], "name": speaker.name}
    if speaker.role:
        node["jobTitle" if node["@type"] == "Person" else "description"] = speaker.role
    if speaker.gender and node["@type"] == "Person":
        node["gender"] = _GENDERS[speaker.gender]
    if speaker.type == "anonymous":
        node["kilde:anonymous"] = True
    return node


def _mentions(analysis: Analysis) -> list[dict[str, Any]]:
    places = {place.name.lower(): place for place in getattr(analysis, "places", []) or []}
    places |= {place.text.lower(): place for place in getattr(analysis, "places", []) or []}
    seen: set[tuple[str, str]] = set()
    mentions = []
    for entity in analysis.entities:
        kind = _ENTITY_TYPES.get(entity.label)
        if not kind or (kind, entity.text.lower()) in seen:
            continue
        seen.add((kind, entity.text.lower()))
        node: dict[str, Any] = {"@type": kind, "name": entity.text}
        if kind == "Place" and entity.text.lower() in places:
            node |= _place_details(places[entity.text.lower()])
        mentions.append(node)
    return mentions


def _place_details(place: Place) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if place.lat is not None and place.lon is not None:
        details["geo"] = {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
    if place.geonames_id:
        details["sameAs"] = f"https://sws.geonames.org/{place.geonames_id}/"
    if place.country:
        details["address"] = {"@type": "PostalAddress", "addressCountry": place.country}
    return details
