"""What every request handler needs: the archive, the analyser, and the ingest settings."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request

from kilde.article import Analysis, Article
from kilde.store import Archive
from kilde.web.archives import ArchivePool

Analyzer = Callable[[Article], Analysis]


def pipeline_analyzer(article: Article) -> Analysis:
    """The real kilde pipeline (loaded on first use)."""
    from kilde.analyze import analyze

    return analyze(article)


@dataclass
class WebState:
    """Shared, per-app state (set on `app.state.kilde`)."""

    archives: ArchivePool
    allow_ingest: bool = False
    token: str | None = None
    max_body_bytes: int = 1_000_000
    analyzer: Analyzer = pipeline_analyzer
    _analyze_lock: threading.Lock = field(default_factory=threading.Lock)

    def archive(self) -> Archive:
        """This thread's archive connection."""
        return self.archives.get()

    def analyze(self, article: Article) -> Analysis:
        """Run the analyser, one article at a time (the pipeline is CPU-bound)."""
        with self._analyze_lock:
            return self.analyzer(article)


def get_state(request: Request) -> WebState:
    """The app's WebState."""
    return request.app.state.kilde
