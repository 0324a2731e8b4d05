"""Response and request models of the REST API (they make the OpenAPI schema at /docs).

Archive results are the store's own dataclasses (kilde.store.models: QuoteHit,
ArticleSummary, SpeakerSummary, SpeakerDetail); this module adds only what the API
shapes differently: paging, stored articles, a speaker with their quotes, statistics,
the analyze request and result, and errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from kilde.article import Analysis, Quote, Speaker
from kilde.store.models import ArticleSummary, QuoteHit, SpeakerDetail, SpeakerSummary


class ErrorResponse(BaseModel):
    """Every error: a human message, and details for validation errors."""

    message: str
    detail: Any = None


class Paging(BaseModel):
    """Where a page of results is: 1-based page number, page size, and whether more follow."""

    page: int
    per_page: int
    has_more: bool
    total: int | None = None


class QuotePage(Paging):
    """One page of quotes."""

    items: list[QuoteHit]


class ArticlePage(Paging):
    """One page of articles."""

    items: list[ArticleSummary]


class SpeakerPage(Paging):
    """One page of speakers."""

    items: list[SpeakerSummary]


class StoredSpeaker(Speaker):
    """A quote's speaker as the article names it, plus the archive speaker id."""

    id: int | None = None


class StoredQuote(Quote):
    """A quote of a stored article."""

    speaker: StoredSpeaker


class ArticleResult(Analysis):
    """A stored article: the analyze JSON contract, speakers with archive ids, wire flag."""

    quotes: list[StoredQuote] = Field(default_factory=list)
    wire: bool
    ingested_at: str


@dataclass(kw_only=True)
class SpeakerResult(SpeakerDetail):
    """One speaker in full, with the first page of their quotes (newest first)."""

    quotes_per_month: Annotated[dict[str, int], Field(description="Quotes per month YYYY-MM")]
    recent_quotes: QuotePage


class TopSpeaker(BaseModel):
    """A most-quoted speaker within a statistics group."""

    id: int
    name: str
    quotes: int


class StatsRow(BaseModel):
    """Source-diversity numbers for one group (outlet and/or month; shares are 0–1 or null)."""

    model_config = ConfigDict(extra="allow")

    outlet: str | None = None
    month: str | None = None
    year: str | None = None
    articles: int
    words: int
    wire_articles: int
    wire_share: float | None
    quotes: int
    speakers: int
    women: int
    men: int
    unknown_gender: int
    women_share: float | None
    men_share: float | None
    unknown_gender_share: float | None
    anonymous: int
    anonymous_share: float | None
    top_women: list[TopSpeaker]
    top_men: list[TopSpeaker]


class StatsResult(BaseModel):
    """Statistics grouped as asked."""

    by: list[str]
    rows: list[StatsRow]


class AnalyzeRequest(BaseModel):
    """Text to analyse: plain text or the crawled-page form (` date YYYY-MM` header, byline)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article, plain or in the page form")
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    store: bool = Field(
        default=False,
        description="Store the analysis in the archive (needs --allow-ingest and the token)",
    )


class AnalyzeResult(Analysis):
    """The analyze JSON, and whether it was stored in the archive."""

    stored: bool = False
