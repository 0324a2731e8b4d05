"""IPTC ninjs (News in JSON), versions 1.x and 2.x, as an `Article`.

1.x: `uri`, `headline`, `byline`, `body_text` / `body_html`, `versioncreated`, `located`.
2.x: `headlines[]`, `by`, `bodies[]` (`contenttype` text/plain or text/html), `located`.
"""

from __future__ import annotations

from typing import Any

from kilde.article import Article
from kilde.ingest.fields import build_article, split_bylines
from kilde.ingest.xmltools import html_fragment_paragraphs

NINJS_KEYS = frozenset(
    {
        "uri",
        "versioncreated",
        "firstcreated",
        "body_text",
        "body_html",
        "bodies",
        "headlines",
        "headline",
        "byline",
        "by",
        "located",
        "pubstatus",
        "urgency",
    }
)


def looks_like_ninjs(record: dict[str, Any]) -> bool:
    """A ninjs item has a `uri` or ninjs-only keys, and no kilde `text` field."""
    return "text" not in record and bool(NINJS_KEYS & record.keys())


def ninjs_to_article(record: dict[str, Any], path: str) -> Article:
    """Map one ninjs item; raises ValueError when it carries no text body."""
    kind = record.get("type", "text")
    if kind not in ("text", "composite"):
        raise ValueError(f"ninjs item of type {kind!r} carries no article text")
    body = _body(record)
    if not body:
        raise ValueError("ninjs item has no body_text, body_html or text body")
    located = record.get("located")
    if isinstance(located, dict):
        located = located.get("name")
    url = record.get("uri") if str(record.get("uri", "")).startswith("http") else None
    return build_article(
        body,
        path=path,
        id=_identifier(record),
        url=url,
        outlet=_outlet(record),
        title=_headline(record),
        date=record.get("versioncreated") or record.get("firstcreated"),
        bylines=split_bylines(record.get("byline") or record.get("by")),
        dateline=located if isinstance(located, str) else None,
    )


def _identifier(record: dict[str, Any]) -> str | None:
    value = record.get("guid") or record.get("uri")
    return str(value) if value else None


def _headline(record: dict[str, Any]) -> str | None:
    if record.get("headline"):
        return str(record["headline"])
    for headline in record.get("headlines") or []:
        if not isinstance(headline, dict) or not headline.get("value"):
            continue
        if headline.get("role", "main") == "main":
            return str(headline["value"])
    return None


def _body(record: dict[str, Any]) -> str:
    if isinstance(record.get("body_text"), str) and record["body_text"].strip():
        return record["body_text"]
    if isinstance(record.get("body_html"), str):
        return "\n\n".join(html_fragment_paragraphs(record["body_html"]))
    bodies = [b for b in record.get("bodies") or [] if isinstance(b, dict) and b.get("value")]
    bodies.sort(key=lambda b: b.get("role", "main") != "main")
    for body in bodies:
        if "html" in str(body.get("contenttype", "")):
            return "\n\n".join(html_fragment_paragraphs(str(body["value"])))
        return str(body["value"])
    return ""


def _outlet(record: dict[str, Any]) -> str | None:
    for key in ("copyrightholder", "provider", "source"):
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
