"""Helpers shared by the readers: dates, outlets, paragraphs, and building the `Article`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from kilde.article import Article
from kilde.ingest.page import find_bylines, parse_page

_ISO_DATE = re.compile(r"^(\d{4})-?(\d{2})(?:-?(\d{2}))?(?=$|[T\s+Z-]|\d{2})")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def normalise_date(value: object) -> str | None:
    """`2023-04-12T10:15:00+02:00` / `20230412T101500` → `2023-04-12`; `2021-06` stays.

    Anything that is not an ISO-like date is kept as given (stripped); empty → None.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if not match:
        return text
    year, month, day = match.groups()
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"


def outlet_from_url(url: str | None) -> str | None:
    """The host of a URL without `www.` (`https://www.dr.dk/nyheder` → `dr.dk`)."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def clean_paragraph(text: str) -> str:
    """One paragraph on one line: runs of whitespace (incl. newlines) become one space."""
    return _SPACES.sub(" ", " ".join(text.split("\n"))).strip()


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Paragraphs separated by a blank line, the layout attribution relies on."""
    return "\n\n".join(p for p in (clean_paragraph(p) for p in paragraphs) if p)


def split_bylines(value: object) -> list[str]:
    """Names from a byline field: a list, or a string like `Af Anne Holm og Per Berg`."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("value") or ""
        text = re.sub(r"^\s*(?:af|by|von|av)\s+", "", str(item), flags=re.IGNORECASE)
        for name in re.split(r"\s*(?:;|,|\bog\b|\band\b|&)\s*", text):
            if name.strip() and name.strip() not in names:
                names.append(name.strip())
    return names


def build_article(
    body: str,
    *,
    path: str,
    id: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    date: object = None,
    bylines: list[str] | None = None,
    dateline: str | None = None,
    page_form: bool = False,
) -> Article:
    """An `Article` from fields a reader found; raises ValueError when there is no text.

    With `page_form`, the body is read as the crawled-page form (header date, markup
    leftovers, closing byline); the fields given explicitly win over what it finds.
    """
    if page_form:
        parsed = parse_page(body, path=path)
        text, found_date, found_bylines = parsed.text, parsed.date, parsed.bylines
    else:
        text = body.strip()
        found_date, found_bylines = None, find_bylines(text)
    if not text.strip():
        raise ValueError("no article text")
    names = list(bylines or [])
    for name in found_bylines:
        if name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return Article(
        text=text,
        path=path,
        id=str(id) if id not in (None, "") else None,
        url=url or None,
        outlet=outlet or outlet_from_url(url),
        title=clean_paragraph(title) if title else None,
        date=normalise_date(date) or found_date,
        bylines=names,
        dateline=clean_paragraph(dateline) if dateline else None,
    )
