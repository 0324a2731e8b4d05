"""IPTC NewsML-G2 text items (`newsItem`, alone or in a `newsMessage`) as `Article`s.

Read per item: `guid`, `itemMeta/provider`, `contentMeta` (`headline`, `by`, `creator`,
`dateline`, `located`, `contentCreated`, `language`), the item's `link` (its URL), and the
body from `contentSet` — `inlineXML` holding NITF or XHTML, or `inlineData` plain text.
Items that are not text (pictures, packages) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from kilde.article import Article
from kilde.ingest.base import IngestFailure, ReadResult, read_document_bytes
from kilde.ingest.fields import build_article, split_bylines
from kilde.ingest.nitf import nitf_body_paragraphs
from kilde.ingest.xmltools import element_text, paragraphs, parse_xml


def read_newsml(source: str, stream: BinaryIO) -> Iterator[ReadResult]:
    """Each text `newsItem` of the document; an item without text is an `IngestFailure`."""
    root = parse_xml(read_document_bytes(stream))
    if root.tag not in ("newsItem", "newsMessage"):
        raise ValueError(f"not a NewsML-G2 document (root element <{root.tag}>)")
    items = [root] if root.tag == "newsItem" else root.findall(".//newsItem")
    if not items:
        raise ValueError("NewsML-G2 message contains no newsItem")
    for number, item in enumerate(items, start=1):
        where = source if len(items) == 1 else f"{source}#{number}"
        item_class = item.find("itemMeta/itemClass")
        qcode = item_class.get("qcode", "") if item_class is not None else "ninat:text"
        if not qcode.endswith(":text"):
            continue
        try:
            yield newsitem_to_article(item, where)
        except ValueError as error:
            yield IngestFailure(where, str(error))


def newsitem_to_article(item: etree._Element, path: str) -> Article:
    """Map one NewsML-G2 `newsItem` element (namespaces stripped)."""
    meta = item.find("contentMeta")
    if meta is None:
        raise ValueError("newsItem has no contentMeta")
    body = _body_paragraphs(item.find("contentSet"))
    if not body:
        raise ValueError("newsItem has no text in contentSet (inlineXML or inlineData)")
    provider = item.find("itemMeta/provider")
    authors = split_bylines(element_text(meta.find("by")))
    if not authors:
        authors = [n for c in meta.findall("creator") if (n := _name(c))]
    link = item.find("itemMeta/link")
    url = link.get("href") if link is not None else None
    return build_article(
        "\n\n".join(body),
        path=path,
        id=item.get("guid"),
        url=url if url and url.startswith("http") else None,
        outlet=_name(provider),
        title=element_text(meta.find("headline")),
        date=(
            element_text(meta.find("contentCreated"))
            or element_text(item.find("itemMeta/firstCreated"))
            or element_text(item.find("itemMeta/versionCreated"))
        ),
        bylines=authors,
        dateline=element_text(meta.find("dateline")) or _name(meta.find("located")),
    )


def _name(element: etree._Element | None) -> str | None:
    """A concept's `<name>`, else its literal / qcode code (`nprov:RITZAU` → `RITZAU`)."""
    if element is None:
        return None
    name = element_text(element.find("name"))
    if name:
        return name
    code = element.get("literal") or element.get("qcode") or element.get("uri")
    return code.split(":")[-1] if code else None


def _body_paragraphs(content_set: etree._Element | None) -> list[str]:
    if content_set is None:
        return []
    for inline in content_set.findall("inlineXML"):
        for child in inline:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "nitf":
                return nitf_body_paragraphs(child)
            body = child.find(".//body") if child.tag == "html" else child
            found = paragraphs(body)
            if found:
                return found
    for inline in content_set.findall("inlineData"):
        text = inline.text or ""
        found = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        if found:
            return found
    return []
