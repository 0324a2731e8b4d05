"""HTML pages: the article body, title, date, author, URL and outlet, via trafilatura.

trafilatura drops boilerplate (navigation, footers, cookie banners, related links). The URL
comes from the canonical link or og:url, the outlet from og:site_name or else the URL host.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import BinaryIO

from kilde.ingest.base import ReadResult, read_document_bytes
from kilde.ingest.fields import build_article, outlet_from_url, split_bylines
from kilde.ingest.xmltools import paragraphs

#: Pages whose extracted body is shorter than this hold no article (error pages, indexes).
MIN_ARTICLE_WORDS = 5

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def read_html(source: str, stream: BinaryIO) -> Iterator[ReadResult]:
    """One article from one HTML page; raises ValueError when no article body is found."""
    import trafilatura

    data = read_document_bytes(stream)
    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None or document.body is None:
        raise ValueError("no article text found in the HTML page")
    found = paragraphs(document.body)
    if found and document.title and found[0].strip() == document.title.strip():
        found = found[1:]  # the page's <h1> repeats the title
    words = sum(len(p.split()) for p in found)
    if words < MIN_ARTICLE_WORDS:
        raise ValueError(f"no article text found in the HTML page (only {words} word(s))")
    yield build_article(
        "\n\n".join(found),
        path=source,
        url=document.url,
        outlet=document.sitename or outlet_from_url(document.url) or document.hostname,
        title=document.title,
        date=document.date,
        bylines=split_bylines(document.author),
    )
