"""displaCy-style HTML: each article's text with its quotes and speakers marked."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TextIO

from spacy import displacy

from kilde.article import Analysis

QUOTE_COLOURS = {"direct": "#ffd166", "indirect": "#a0e7e5"}
SPEAKER_COLOUR = "#cdb4db"


def displacy_data(analysis: Analysis) -> dict:
    """The article as displaCy's manual `ent` data: quotes labelled with their speaker,
    speaker mentions labelled SPEAKER (spans that would overlap an earlier one are left out)."""
    marks: list[dict] = []
    for quote in analysis.quotes:
        who = quote.speaker.name or "?"
        marks.append({"start": quote.start, "end": quote.end, "label": f"{quote.kind} · {who}"})
        mention = quote.speaker.mention
        if mention is not None:
            marks.append({"start": mention.start, "end": mention.end, "label": "SPEAKER"})
    marks.sort(key=lambda m: (m["start"], -m["end"]))
    kept: list[dict] = []
    for mark in marks:
        if mark["end"] > mark["start"] and (not kept or kept[-1]["end"] <= mark["start"]):
            kept.append(mark)
    title = html.escape(" · ".join(x for x in (analysis.path or analysis.id, analysis.date) if x))
    return {"text": analysis.text, "ents": kept, "title": title}


def render_html(analyses: Iterable[Analysis]) -> str:
    """One standalone HTML page for all the analyses (text escaped by displaCy)."""
    docs = [displacy_data(analysis) for analysis in analyses]
    colours = {"SPEAKER": SPEAKER_COLOUR}
    for doc in docs:
        for mark in doc["ents"]:
            kind = mark["label"].split(" · ", 1)[0]
            colours.setdefault(mark["label"], QUOTE_COLOURS.get(kind, SPEAKER_COLOUR))
    return displacy.render(
        docs, style="ent", manual=True, page=True, minify=True, options={"colors": colours}
    )


def write_html(analyses: Iterable[Analysis], out: TextIO) -> int:
    """Write the rendered page; return the number of articles."""
    collected = list(analyses)
    out.write(render_html(collected))
    return len(collected)
