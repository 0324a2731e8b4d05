"""IPTC NITF (News Industry Text Format) documents as `Article`s.

Read: `head/docdata` (`doc-id`, `date.issue`), `head/pubdata` (`ex-ref` URL),
`body.head` (`hedline/hl1`, `byline`, `distributor`, `dateline`), the `body.content`
paragraphs (`p`, `hl2`, `block`), and `body.end/tagline` (often the agency credit).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from lxml import etree

from kilde.article import Article
from kilde.ingest.base import ReadResult, read_document_bytes
from kilde.ingest.fields import build_article, split_bylines
from kilde.ingest.xmltools import element_text, paragraphs, parse_xml


def read_nitf(source: str, stream: BinaryIO) -> Iterator[ReadResult]:
    """One article from one NITF document."""
    root = parse_xml(read_document_bytes(stream))
    if root.tag != "nitf":
        raise ValueError(f"not a NITF document (root element <{root.tag}>)")
    yield nitf_to_article(root, source)


def nitf_body_paragraphs(nitf: etree._Element) -> list[str]:
    """Paragraphs of `body.content`, then the `body.end` tagline if any."""
    found = paragraphs(nitf.find("body/body.content"))
    tagline = element_text(nitf.find("body/body.end/tagline"))
    if tagline:
        found.append(tagline)
    return found


def nitf_to_article(nitf: etree._Element, path: str) -> Article:
    """Map a NITF root element (namespaces stripped); raises ValueError without body text."""
    body = nitf_body_paragraphs(nitf)
    if not body:
        raise ValueError("NITF document has no paragraphs in body.content")
    head = nitf.find("body/body.head")
    doc_id = nitf.find("head/docdata/doc-id")
    issued = nitf.find("head/docdata/date.issue")
    story_date = nitf.find("body/body.head/dateline/story.date")
    ex_ref = nitf.find("head/pubdata")
    url = ex_ref.get("ex-ref") if ex_ref is not None else None
    date = None
    for element in (issued, story_date):
        if element is not None and (element.get("norm") or element_text(element)):
            date = element.get("norm") or element_text(element)
            break
    dateline = None
    if head is not None:
        location = head.find("dateline/location")
        dateline = element_text(location) or element_text(head.find("dateline"))
    return build_article(
        "\n\n".join(body),
        path=path,
        id=doc_id.get("id-string") if doc_id is not None else None,
        url=url if url and url.startswith("http") else None,
        outlet=element_text(head.find("distributor")) if head is not None else None,
        title=(
            element_text(nitf.find("body/body.head/hedline/hl1"))
            or element_text(nitf.find("head/title"))
        ),
        date=date,
        bylines=_authors(head),
        dateline=dateline,
    )


def _authors(head: etree._Element | None) -> list[str]:
    if head is None:
        return []
    names: list[str] = []
    for byline in head.findall("byline"):
        persons = [element_text(p) for p in byline.findall(".//person")]
        names += [p for p in persons if p] or split_bylines(element_text(byline))
    return names
