"""kilde: who said what in Danish news — quotes, speakers, sources and facts, offline.

```python
import kilde
result = kilde.analyze(text)   # an Analysis: quotes, speakers, entities, facts
nlp = kilde.load()             # the full spaCy pipeline
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Analysis", "Article", "analyze", "analyze_many", "load", "__version__"]

if TYPE_CHECKING:
    from kilde.article import Analysis, Article
    from kilde.pipeline import analyze, analyze_many, load

_LAZY = {
    "analyze": "kilde.pipeline",
    "analyze_many": "kilde.pipeline",
    "load": "kilde.pipeline",
    "Analysis": "kilde.article",
    "Article": "kilde.article",
}


def __getattr__(name: str) -> Any:
    """Import the pipeline (and spaCy) only when it is first used: the CLI starts fast."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kilde' has no attribute {name!r}")
