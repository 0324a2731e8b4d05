"""What the archive's Python API returns: plain dataclasses (easy to turn into JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Generic, TypeVar

from kilde.article import Analysis

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
    speaker: str | None
    speaker_as_written: str | None
    speaker_type: str
    speaker_role: str | None
    gender: str | None
    outlet: str | None
    date: str | None
    title: str | None
    url: str | None
    path: str | None


@dataclass
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
    roles: list[str] = field(default_factory=list)


@dataclass
class SpeakerDetail(SpeakerSummary):
    """One speaker in full: every name they appeared under, roles and outlets with counts."""

    aliases: list[str] = field(default_factory=list)
    role_counts: dict[str, int] = field(default_factory=dict)
    outlets: dict[str, int] = field(default_factory=dict)


@dataclass
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
