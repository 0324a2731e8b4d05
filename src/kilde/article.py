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
    language: str | None = None  # ISO 639-1, detected at ingest; None = undetermined
    dateline: str | None = None  # wire dateline (NewsML-G2, NITF), e.g. "København"

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


TimeKind = Literal["date", "time", "duration"]
PartOfDay = Literal["morning", "forenoon", "noon", "afternoon", "evening", "night"]
AmountKind = Literal["count", "money", "age", "percent", "duration", "number"]
PlaceKind = Literal["country", "city", "region", "continent", "demonym", "place"]


class TimeExpression(Span):
    """A time expression, normalised against the article (or a given reference) date.

    `value` is an ISO 8601 date (`2021-06-29`), month (`2021-06`), year (`2021`), week
    (`2021-W25`), date-time (`2021-06-29T14:00`) or, for durations, a duration (`P20Y`);
    None when the text gives no way to resolve it.
    """

    kind: TimeKind
    value: str | None = None
    granularity: str | None = None
    part_of_day: PartOfDay | None = None
    relative: bool = False
    approximate: bool = False
    confidence: float = 1.0


class Amount(Span):
    """A quantity: a count of something, money, an age, a percentage or a span of time."""

    kind: AmountKind
    value: int | float | None = None
    min_value: int | float | None = None
    max_value: int | float | None = None
    unit: str | None = None
    noun: str | None = None
    noun_text: str | None = None
    nationality: str | None = None
    vague: bool = False
    approximate: bool = False


class Place(Span):
    """A place mention linked to a country (ISO 3166 alpha-2) and, when known, a GeoNames entry."""

    name: str
    kind: PlaceKind
    country: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    source: str | None = None


class Quote(Span):
    """A direct or indirect quote with its attribution."""

    kind: QuoteKind
    speaker: Speaker = Field(default_factory=Speaker)
    cue: str | None = None
    medium: str | None = None
    via: str | None = None
    confidence: float = 0.0
    places: list[Place] = Field(default_factory=list)
    dates: list[TimeExpression] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)


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
    dates: list[TimeExpression] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json(self, indent: int | None = None) -> str:
        """Serialise as JSON (UTF-8 text, Danish letters kept as they are)."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def analysis_json_schema() -> dict:
    """The JSON Schema of `Analysis`, for validating kilde's output elsewhere.

    A copy ships as `kilde/analysis.schema.json` (`kilde schema` prints it).
    """
    return Analysis.model_json_schema()
