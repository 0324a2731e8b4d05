"""What the archive's Python API returns: plain dataclasses (easy to turn into JSON).

The web API uses QuoteHit, SpeakerSummary, SpeakerDetail and ArticleSummary as its
response models too: the `Field` descriptions in `Annotated` and `with_config` are read
only by pydantic (for the OpenAPI schema); the classes stay plain dataclasses.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Annotated, Any, Generic, TypeVar

from pydantic import Field, with_config

from kilde.article import Analysis

# In JSON Schemas of responses, fields with defaults are still always present (required).
RESPONSE_CONFIG = with_config(json_schema_serialization_defaults_required=True)

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of results: `items`, where it starts, and whether more follow."""

    items: list[T]
    offset: int
    limit: int
    has_more: bool
    total: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (items included) for JSON."""
        return asdict(self)


@dataclass
@RESPONSE_CONFIG
class QuoteHit:
    """A stored quote with its speaker and the article it is from."""

    id: int
    article_id: str
    kind: str
    text: str
    start: int
    end: int
    cue: str | None
    medium: str | None
    via: str | None
    confidence: float
    speaker_id: int | None
    speaker: Annotated[str | None, Field(description="The archive's name for the speaker")]
    speaker_as_written: Annotated[
        str | None, Field(description="The name as this article gives it")
    ]
    speaker_type: str
    speaker_role: str | None
    gender: str | None
    outlet: str | None
    date: str | None
    title: str | None
    url: str | None
    path: str | None


@dataclass
@RESPONSE_CONFIG
class SpeakerSummary:
    """A person or organisation in the archive, with how often they are quoted."""

    id: int
    name: str
    type: str
    gender: str | None
    quotes: int
    articles: int
    first_date: str | None
    last_date: str | None
    roles: Annotated[list[str], Field(description="Roles seen, most frequent first")] = field(
        default_factory=list
    )


@dataclass
class SpeakerDetail(SpeakerSummary):
    """One speaker in full: every name they appeared under, roles and outlets with counts."""

    aliases: Annotated[list[str], Field(description="Every name seen, most frequent first")] = (
        field(default_factory=list)
    )
    role_counts: Annotated[dict[str, int], Field(description="How often each role was seen")] = (
        field(default_factory=dict)
    )
    outlets: Annotated[dict[str, int], Field(description="Quotes per outlet")] = field(
        default_factory=dict
    )


@dataclass
@RESPONSE_CONFIG
class ArticleSummary:
    """An article's metadata, for lists."""

    id: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    path: str | None
    bylines: list[str]
    wire: bool
    quotes: int
    words: int
    ingested_at: str


@dataclass
class StoredArticle:
    """A stored article: its `Analysis` and the archive speaker id of each quote (same order)."""

    analysis: Analysis
    speaker_ids: list[int | None]
    wire: bool
    ingested_at: str

    def to_dict(self) -> dict[str, Any]:
        """The Analysis JSON, each quote's speaker carrying its archive `id` too."""
        data = self.analysis.model_dump(mode="json")
        for quote, speaker_id in zip(data["quotes"], self.speaker_ids, strict=False):
            quote["speaker"]["id"] = speaker_id
        data["wire"] = self.wire
        data["ingested_at"] = self.ingested_at
        return data


@dataclass
class IngestError:
    """A source that could not be ingested, and why."""

    source: str
    reason: str
    failed_at: str
