"""Safe XML parsing with lxml, and paragraph text out of XML/XHTML/HTML bodies."""

from __future__ import annotations

from lxml import etree, html

from kilde.ingest.fields import clean_paragraph

#: Elements whose text forms a paragraph of its own (NITF, XHTML, HTML, trafilatura XML).
BLOCK_TAGS = frozenset(
    {
        "p",
        "hl1",
        "hl2",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "li",
        "item",
        "blockquote",
        "quote",
        "pre",
        "tagline",
        "bq",
        "td",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "figure", "figcaption", "media", "table"})


def parse_xml(data: bytes) -> etree._Element:
    """Parse XML without DTDs, entities or network access; raise ValueError with line/column."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise ValueError(f"line {line}, column {column}: invalid XML: {error.msg}") from error
    if root is None:
        raise ValueError("empty XML document")
    strip_namespaces(root)
    return root


def strip_namespaces(root: etree._Element) -> None:
    """Drop namespaces from tag names in place, so paths read `newsItem/itemMeta`."""
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(root)


def element_text(element: etree._Element | None) -> str | None:
    """All text inside an element on one line, or None when absent or empty."""
    if element is None:
        return None
    return clean_paragraph("".join(element.itertext())) or None


def paragraphs(container: etree._Element | None) -> list[str]:
    """The paragraphs of a body: each block element (not nested in another) is one."""
    if container is None:
        return []
    found: list[str] = []

    def visit(element: etree._Element) -> None:
        for child in element:
            if not isinstance(child.tag, str) or child.tag.lower() in _SKIP_TAGS:
                continue
            tag = child.tag.lower()
            if tag in BLOCK_TAGS and not _has_block_child(child):
                text = element_text(child)
                if text:
                    found.append(text)
            else:
                visit(child)

    visit(container)
    if not found:
        text = element_text(container)
        return [text] if text else []
    return found


def _has_block_child(element: etree._Element) -> bool:
    return any(
        isinstance(d.tag, str) and d.tag.lower() in BLOCK_TAGS for d in element.iterdescendants()
    )


def html_fragment_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment such as ninjs `body_html`."""
    if not markup.strip():
        return []
    root = html.fragment_fromstring(markup, create_parent="div")
    return paragraphs(root)
