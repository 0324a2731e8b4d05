"""The data contract: `Article` (what ingest reads) and `Analysis` (what kilde reports).

Every output of kilde — CLI, store, API, batch — is an `Analysis`; there is no second
dict format. Offsets always refer to `Analysis.text`: `text[start:end] == span.text`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SpeakerType = Literal["person", "organization", "anonymous", "document", "unknown"]
QuoteKind = Literal["direct", "indirect"]
EntityLabel = Literal["PER", "ORG", "LOC", "MISC"]


def content_id(text: str) -> str:
    """Stable article id: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Article(BaseModel):
    """One input document, after decoding and cleaning, before analysis."""

    model_config = ConfigDict(extra="forbid")

    text: str
    path: str | None = None
    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    bylines: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def resolved_id(self) -> str:
        """The given id, or a content hash of the text."""
        return self.id or content_id(self.text)


class Span(BaseModel):
    """A piece of the article text with its character offsets."""

    text: str
    start: int
    end: int


class Speaker(BaseModel):
    """Who a quote is attributed to, as far as the text settles it."""

    name: str | None = None
    type: SpeakerType = "unknown"
    role: str | None = None
    gender: Literal["f", "m"] | None = None
    mention: Span | None = None


class Quote(Span):
    """A direct or indirect quote with its attribution."""

    kind: QuoteKind
    speaker: Speaker = Field(default_factory=Speaker)
    cue: str | None = None
    medium: str | None = None
    via: str | None = None
    confidence: float = 0.0


class Entity(Span):
    """A named entity mention."""

    label: EntityLabel


class Analysis(BaseModel):
    """What kilde reports for one article (the JSON contract)."""

    path: str | None = None
    id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    bylines: list[str] = Field(default_factory=list)
    language: str | None = None
    text: str
    quotes: list[Quote] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json(self, indent: int | None = None) -> str:
        """Serialise as JSON (UTF-8 text, Danish letters kept as they are)."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def analysis_json_schema() -> dict:
    """The JSON Schema of `Analysis`, for validating kilde's output elsewhere."""
    return Analysis.model_json_schema()
