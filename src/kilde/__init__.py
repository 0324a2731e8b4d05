"""kilde: who said what in Danish news — quotes, speakers, sources and facts, offline."""

from __future__ import annotations

from kilde.analyze import analyze, analyze_many, load
from kilde.article import Analysis, Article

__version__ = "0.1.0"
__all__ = ["Analysis", "Article", "analyze", "analyze_many", "load", "__version__"]
