"""Danish text analysis for full-text search: words, lower-cased and Snowball-stemmed.

SQLite's FTS5 knows no Danish, so kilde stems in Python and indexes the stems; queries are
stemmed the same way, so `soldat` finds `soldaterne`. PostgreSQL uses its own `danish`
configuration (the same Snowball algorithm) instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of one lower-cased word."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order."""
    return _WORD.findall(text.lower())


def stems(text: str) -> list[str]:
    """The stems of the words of `text`, in order."""
    return [stem(word) for word in words(text)]


def index_text(text: str) -> str:
    """What kilde puts in the SQLite FTS index for `text`: its stems, space-separated."""
    return " ".join(stems(text))


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every stemmed query word (None if no words).

    Each stem is double-quoted, so FTS5 operators typed by a user are searched as words.
    """
    terms = stems(query)
    if not terms:
        return None
    return " ".join('"' + term.replace('"', '""') + '"' for term in dict.fromkeys(terms))
