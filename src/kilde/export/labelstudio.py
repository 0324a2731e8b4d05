"""Label Studio round trip: kilde's predictions as pre-annotated tasks, and corrected
annotations back as gold files in the format of the eval GUIDELINES.md.

A task's regions: `Quote`, `Speaker` (the mention in the text), `Cue`, `Medium`, and named
entities (`PER`, `ORG`, `LOC`), all from the `label` control. A quote's details are
per-region fields on the Quote region (`kind`, `speaker_name`, `speaker_type`,
`speaker_gender`, `speaker_role`, `via`); relations join a Quote to its Speaker, Cue and
Medium regions. `LABEL_CONFIG` is the matching labelling interface. Offsets are converted
to and from the UTF-16 code units Label Studio counts in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from kilde.article import Analysis, Quote

MODEL_VERSION = "kilde"
TEXT_CONTROL = "text"
LABEL_CONTROL = "label"
ENTITY_LABELS = ("PER", "ORG", "LOC")

LABEL_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="Quote" background="#ffd54f"/>
    <Label value="Speaker" background="#4fc3f7"/>
    <Label value="Cue" background="#aed581"/>
    <Label value="Medium" background="#ce93d8"/>
    <Label value="PER" background="#ef9a9a"/>
    <Label value="ORG" background="#90caf9"/>
    <Label value="LOC" background="#a5d6a7"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Relations>
    <Relation value="speaker"/>
    <Relation value="cue"/>
    <Relation value="medium"/>
  </Relations>
  <View visibleWhen="region-selected" whenLabelValue="Quote">
    <Choices name="kind" toName="text" perRegion="true" choice="single">
      <Choice value="direct"/><Choice value="indirect"/>
    </Choices>
    <TextArea name="speaker_name" toName="text" perRegion="true" maxSubmissions="1"
              placeholder="speaker: fullest name, or the phrase as written"/>
    <Choices name="speaker_type" toName="text" perRegion="true" choice="single">
      <Choice value="person"/><Choice value="organization"/><Choice value="anonymous"/>
      <Choice value="document"/><Choice value="unknown"/>
    </Choices>
    <Choices name="speaker_gender" toName="text" perRegion="true" choice="single">
      <Choice value="f"/><Choice value="m"/>
    </Choices>
    <TextArea name="speaker_role" toName="text" perRegion="true" maxSubmissions="1"/>
    <TextArea name="via" toName="text" perRegion="true" maxSubmissions="1"/>
  </View>
</View>
"""


def gold_id(analysis: Analysis) -> str:
    """The gold file stem for an article: its file name stem, or its id for records."""
    if analysis.path and not _is_record_path(analysis.path):
        return Path(analysis.path).stem
    return analysis.id


def _is_record_path(path: str) -> bool:
    tail = path.rsplit("/", 1)[-1]
    return any(sep in tail and tail.rsplit(sep, 1)[1].isdigit() for sep in (":", "#"))


# ---------------------------------------------------------------- export (predictions)


def to_task(analysis: Analysis) -> dict[str, Any]:
    """One analysis as a Label Studio task with kilde's predictions as pre-annotations."""
    text = analysis.text
    results: list[dict[str, Any]] = []
    for index, quote in enumerate(analysis.quotes, start=1):
        results += _quote_results(text, quote, f"q{index}")
    for index, entity in enumerate(analysis.entities, start=1):
        if entity.label in ENTITY_LABELS:
            results.append(_region(text, f"e{index}", entity.start, entity.end, entity.label))
    data = {
        "text": text,
        "id": gold_id(analysis),
        "path": analysis.path,
        "url": analysis.url,
        "outlet": analysis.outlet,
        "title": analysis.title,
        "date": analysis.date,
        "bylines": analysis.bylines,
        "language": analysis.language,
    }
    score = min((q.confidence for q in analysis.quotes), default=1.0)
    return {
        "data": data,
        "predictions": [{"model_version": MODEL_VERSION, "score": score, "result": results}],
    }


def write_labelstudio(analyses: Iterable[Analysis], stream: TextIO) -> int:
    """A JSON array of tasks, ready for Label Studio's import; return the count."""
    tasks = [to_task(analysis) for analysis in analyses]
    stream.write(json.dumps(tasks, ensure_ascii=False, indent=2) + "\n")
    return len(tasks)


def _quote_results(text: str, quote: Quote, region_id: str) -> list[dict[str, Any]]:
    results = [_region(text, region_id, quote.start, quote.end, "Quote")]
    speaker = quote.speaker
    fields = {
        "kind": ("choices", quote.kind),
        "speaker_name": ("textarea", speaker.name),
        "speaker_type": ("choices", speaker.type),
        "speaker_gender": ("choices", speaker.gender),
        "speaker_role": ("textarea", speaker.role),
        "via": ("textarea", quote.via),
    }
    for name, (kind, value) in fields.items():
        if value:
            results.append(_per_region(text, region_id, quote.start, quote.end, name, kind, value))
    linked: list[tuple[str, int, int]] = []
    if speaker.mention:
        linked.append(("Speaker", speaker.mention.start, speaker.mention.end))
    for label, needle in (("Cue", quote.cue), ("Medium", quote.medium)):
        found = _locate(text, needle, quote.start, quote.end)
        if found is not None:
            linked.append((label, found, found + len(needle or "")))
    for label, start, end in linked:
        target = f"{region_id}-{label.lower()}"
        results.append(_region(text, target, start, end, label))
        results.append(
            {
                "type": "relation",
                "from_id": region_id,
                "to_id": target,
                "direction": "right",
                "labels": [label.lower()],
            }
        )
    return results


def _region(text: str, region_id: str, start: int, end: int, label: str) -> dict[str, Any]:
    return {
        "id": region_id,
        "from_name": LABEL_CONTROL,
        "to_name": TEXT_CONTROL,
        "type": "labels",
        "value": {
            "start": to_utf16(text, start),
            "end": to_utf16(text, end),
            "text": text[start:end],
            "labels": [label],
        },
    }


def _per_region(
    text: str, region_id: str, start: int, end: int, name: str, kind: str, value: str
) -> dict[str, Any]:
    key = "choices" if kind == "choices" else "text"
    return {
        "id": region_id,
        "from_name": name,
        "to_name": TEXT_CONTROL,
        "type": kind,
        "value": {"start": to_utf16(text, start), "end": to_utf16(text, end), key: [value]},
    }


def _locate(text: str, needle: str | None, start: int, end: int) -> int | None:
    """Start of the occurrence of `needle` nearest the quote, preferring ones outside it."""
    if not needle:
        return None
    hits, position = [], text.find(needle)
    while position != -1:
        hits.append(position)
        position = text.find(needle, position + 1)
    if not hits:
        return None

    def distance(hit: int) -> tuple[bool, int]:
        inside = start <= hit < end
        return inside, min(abs(hit - end), abs(hit + len(needle) - start))

    return min(hits, key=distance)


def to_utf16(text: str, offset: int) -> int:
    """A Python string offset as a UTF-16 (JavaScript) offset."""
    return offset + sum(1 for ch in text[:offset] if ord(ch) > 0xFFFF)


def from_utf16(text: str, offset: int) -> int:
    """A UTF-16 (JavaScript) offset as a Python string offset."""
    if text.isascii() or all(ord(ch) <= 0xFFFF for ch in text):
        return offset
    units = 0
    for index, ch in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


# ---------------------------------------------------------------- import (gold)


def task_to_gold(task: dict[str, Any]) -> dict[str, Any]:
    """A Label Studio export task's latest annotation as a gold record (GUIDELINES.md).

    Raises ValueError when the task has no (non-cancelled) annotation.
    """
    data = task.get("data") or {}
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not annotations:
        raise ValueError(f"task {task.get('id')} has no annotation")
    results = annotations[-1].get("result") or []
    text = str(data.get("text") or "")
    regions = {r["id"]: r for r in results if r.get("type") == "labels" and "id" in r}
    fields: dict[str, dict[str, Any]] = {}
    for result in results:
        if result.get("type") in ("choices", "textarea") and "id" in result:
            value = result.get("value") or {}
            items = value.get("choices") or value.get("text") or []
            if items:
                fields.setdefault(result["id"], {})[result.get("from_name")] = items[0]
    links: dict[str, dict[str, str]] = {}
    for relation in (r for r in results if r.get("type") == "relation"):
        ends = [regions.get(relation.get("from_id")), regions.get(relation.get("to_id"))]
        if None in ends:
            continue
        quote = next((e for e in ends if _label(e) == "Quote"), None)
        other = next((e for e in ends if _label(e) != "Quote"), None)
        if quote and other:
            links.setdefault(quote["id"], {})[_label(other)] = _region_text(text, other)
    quotes, entities = [], {label: [] for label in ENTITY_LABELS}
    for region in sorted(regions.values(), key=lambda r: r["value"].get("start", 0)):
        label = _label(region)
        if label == "Quote":
            quotes.append(
                _gold_quote(text, region, fields.get(region["id"], {}), links.get(region["id"], {}))
            )
        elif label in entities:
            name = _region_text(text, region)
            if name not in entities[label]:
                entities[label].append(name)
    return {
        "id": str(data.get("id") or task.get("id")),
        "url": data.get("url"),
        "outlet": data.get("outlet"),
        "date": data.get("date"),
        "bylines": list(data.get("bylines") or []),
        "quotes": quotes,
        "entities": entities,
    }


def _label(region: dict[str, Any]) -> str:
    labels = (region.get("value") or {}).get("labels") or [""]
    return str(labels[0])


def _region_text(text: str, region: dict[str, Any]) -> str:
    value = region.get("value") or {}
    if isinstance(value.get("text"), str):
        return value["text"]
    return text[from_utf16(text, value.get("start", 0)) : from_utf16(text, value.get("end", 0))]


def _gold_quote(
    text: str, region: dict[str, Any], fields: dict[str, Any], links: dict[str, str]
) -> dict[str, Any]:
    speaker = fields.get("speaker_name") or links.get("Speaker")
    quote = {
        "kind": fields.get("kind", "direct"),
        "text": _region_text(text, region),
        "speaker": speaker,
        "speaker_type": fields.get("speaker_type", "person" if speaker else "unknown"),
        "speaker_role": fields.get("speaker_role"),
        "speaker_gender": fields.get("speaker_gender"),
        "cue": links.get("Cue"),
        "medium": links.get("Medium"),
    }
    if fields.get("via"):
        quote["via"] = fields["via"]
    return quote


def import_export_file(export_path: str | Path, gold_dir: str | Path) -> tuple[int, list[str]]:
    """Write one `<id>.json` gold file per annotated task; return (written, problems)."""
    tasks = json.loads(Path(export_path).read_text(encoding="utf-8"))
    if isinstance(tasks, dict):
        tasks = [tasks]
    out = Path(gold_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, problems = 0, []
    for number, task in enumerate(tasks, start=1):
        try:
            gold = task_to_gold(task)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            problems.append(f"task #{number}: {error}")
            continue
        target = out / f"{Path(gold['id']).name}.json"
        target.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written += 1
    return written, problems
