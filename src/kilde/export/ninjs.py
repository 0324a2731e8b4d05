"""`--format ninjs`: IPTC ninjs (1.x property names) with kilde's findings as an extension.

Standard properties carry the article (`uri`, `headline`, `byline`, `body_text`,
`language`, `versioncreated` when the date is a full date) and its named entities
(`person`, `organisation`, `place`; quoted persons get `rel: "quoted"`). Quotes and the
speakers' details go under the extension key `kilde` (`EXTENSION_KEY`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from kilde.article import Analysis

EXTENSION_KEY = "kilde"
_ENTITY_KEYS = {"PER": "person", "ORG": "organisation", "LOC": "place"}
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_ninjs(analysis: Analysis) -> dict[str, Any]:
    """One analysis as a ninjs text item."""
    item: dict[str, Any] = {
        "uri": analysis.url or f"urn:kilde:article:{analysis.id}",
        "type": "text",
        "representationtype": "complete",
    }
    if analysis.title:
        item["headline"] = analysis.title
    if analysis.bylines:
        item["byline"] = "/".join(analysis.bylines)
    if analysis.language:
        item["language"] = analysis.language
    if analysis.date and _FULL_DATE.match(analysis.date):
        item["versioncreated"] = f"{analysis.date}T00:00:00Z"
    if analysis.outlet:
        item["copyrightholder"] = analysis.outlet
    item["body_text"] = analysis.text
    item |= _entities(analysis)
    item[EXTENSION_KEY] = {
        "id": analysis.id,
        "path": analysis.path,
        "date": analysis.date,
        "bylines": analysis.bylines,
        "quotes": [quote.model_dump(mode="json") for quote in analysis.quotes],
        "persons": _persons(analysis),
    }
    return item


def write_ninjs(analyses: Iterable[Analysis], stream: TextIO) -> int:
    """One ninjs item per line (JSON Lines); return the number written."""
    count = 0
    for analysis in analyses:
        stream.write(json.dumps(to_ninjs(analysis), ensure_ascii=False) + "\n")
        count += 1
    return count


def _entities(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    quoted = {q.speaker.name for q in analysis.quotes if q.speaker.type == "person"}
    found: dict[str, list[dict[str, Any]]] = {}
    for entity in analysis.entities:
        key = _ENTITY_KEYS.get(entity.label)
        if not key or any(e["name"] == entity.text for e in found.get(key, [])):
            continue
        node: dict[str, Any] = {"name": entity.text}
        if key == "person" and entity.text in quoted:
            node["rel"] = "quoted"
        found.setdefault(key, []).append(node)
    for name in sorted(n for n in quoted if n):
        if not any(p["name"] == name for p in found.get("person", [])):
            found.setdefault("person", []).append({"name": name, "rel": "quoted"})
    return found


def _persons(analysis: Analysis) -> list[dict[str, Any]]:
    """Each distinct speaker once, with type, role, gender and how many quotes."""
    speakers: dict[str, dict[str, Any]] = {}
    for quote in analysis.quotes:
        speaker = quote.speaker
        if not speaker.name:
            continue
        entry = speakers.setdefault(
            speaker.name,
            {
                "name": speaker.name,
                "type": speaker.type,
                "role": speaker.role,
                "gender": speaker.gender,
                "quotes": 0,
            },
        )
        entry["quotes"] += 1
        entry["role"] = entry["role"] or speaker.role
        entry["gender"] = entry["gender"] or speaker.gender
    return list(speakers.values())
