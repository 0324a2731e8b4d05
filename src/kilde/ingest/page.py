"""The crawled-page form: optional ` date YYYY-MM` header, paragraphs, optional byline.

```
 date 2021-06 First paragraph …

Second paragraph …

ritzau/Reuters
```
The header is removed from the reported text; bylines stay in the text (they are part of
the article) and are also listed in `Article.bylines`.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from kilde.article import Article
from kilde.lexicons import load_lexicon

HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?/?>|<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,8});")
_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "tr"}
_SKIP_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def clean_markup(text: str) -> str:
    """Remove leftover HTML tags and decode entities; block tags become paragraph breaks.

    Runs only when markup is present, so plain text passes through unchanged.
    """
    if "<" not in text and "&" not in text:
        return text
    if not (_TAG.search(text) or _ENTITY.search(text)):
        return text
    text = _SKIP_TAGS.sub("", text)

    def tag(match: re.Match[str]) -> str:
        name = (match.group(2) or "").lower()
        return "\n\n" if name in _BLOCK_TAGS else ""

    text = _TAG.sub(tag, text)
    text = html.unescape(text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


@lru_cache(maxsize=1)
def _agency_pattern() -> re.Pattern[str]:
    names = sorted(load_lexicon("agencies"), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?:{alternatives})\b", re.IGNORECASE)


_SLASHED = re.compile(r"^/?\s*([\w.-]+(?:\s*/\s*[\w.-]+)*)\s*/?\s*([\w.-]+)?$")


def parse_closing_byline(line: str) -> list[str]:
    """Agencies named by a closing line like `ritzau/Reuters`, `/ritzau/ AFP`, `(Ritzau)`."""
    line = line.strip()
    if not line or len(line) > 60:
        return []
    if line.lower().startswith("kilde:"):
        names = re.split(r"\s*(?:/|,| og )\s*", line[6:].strip())
        return [n for n in names if n]
    inner = line[1:-1].strip() if line.startswith("(") and line.endswith(")") else line
    if not re.fullmatch(r"[\w .&/,-]+", inner):
        return []
    names = [n for n in re.split(r"\s*(?:/|,|\s)\s*", inner) if n]
    agency = _agency_pattern()
    if names and all(agency.fullmatch(n) for n in names):
        return names
    return []


_TRAILING_BRACKET = re.compile(r"\(([\w /]{2,30})\)\s*$")
_OPENING_DATELINE = re.compile(
    r"^(?P<agency>[\w-]+(?:\s*/\s*[\w-]+)*)\s+(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\b|\d)",
    re.IGNORECASE,
)


def find_bylines(body: str) -> list[str]:
    """Bylines credited at the start (`Ritzau Mandag, 2. maj …`) or end of the body."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
    if not paragraphs:
        return []
    found: list[str] = []
    opening = _OPENING_DATELINE.match(paragraphs[0])
    if opening and len(paragraphs[0]) <= 80:
        found += parse_closing_byline(opening.group("agency"))
    last = paragraphs[-1]
    closing = parse_closing_byline(last.splitlines()[-1])
    if not closing:
        bracket = _TRAILING_BRACKET.search(last)
        if bracket:
            closing = parse_closing_byline(bracket.group(0))
    for name in closing:
        if name.lower() not in {f.lower() for f in found}:
            found.append(name)
    return found


def parse_page(raw: str, path: str | None = None) -> Article:
    """Read the page form into an `Article` (header date, bylines, cleaned text)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    date = None
    header = HEADER.match(text)
    if header:
        date = header.group(1)
        text = text[header.end() :]
    text = clean_markup(text).strip()
    return Article(text=text, path=path, date=date, bylines=find_bylines(text))
