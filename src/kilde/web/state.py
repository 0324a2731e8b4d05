"""What every request handler needs: the archive, the analyser, and the ingest settings."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request

from kilde.article import Analysis, Article
from kilde.store import Archive
from kilde.web.archives import ArchivePool

Analyzer = Callable[[Article], Analysis]
T = TypeVar("T")


def pipeline_analyzer(article: Article) -> Analysis:
    """The real kilde pipeline (loaded on first use)."""
    from kilde.pipeline import analyze

    return analyze(article)


@dataclass
class WebState:
    """Shared, per-app state (set on `app.state.kilde`)."""

    archives: ArchivePool
    allow_ingest: bool = False
    token: str | None = None
    max_body_bytes: int = 1_000_000
    analyzer: Analyzer = pipeline_analyzer
    cache_seconds: float = 60.0
    _analyze_lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: dict[str, tuple[float, Any]] = field(default_factory=dict)

    def archive(self) -> Archive:
        """This thread's archive connection."""
        return self.archives.get()

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, remembered for `cache_seconds` (archive-wide numbers such as statistics)."""
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit is not None and now - hit[0] < self.cache_seconds:
            return hit[1]
        value = compute()
        self._cache[key] = (now, value)
        return value

    def forget(self) -> None:
        """Drop cached numbers (after this server stored an article)."""
        self._cache.clear()

    def analyze(self, article: Article) -> Analysis:
        """Run the analyser, one article at a time (the pipeline is CPU-bound)."""
        with self._analyze_lock:
            return self.analyzer(article)


def get_state(request: Request) -> WebState:
    """The app's WebState."""
    return request.app.state.kilde
