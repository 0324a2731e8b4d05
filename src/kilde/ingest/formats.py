"""Which reader a document needs, told from its first bytes (and its name as a hint)."""

from __future__ import annotations

import codecs
import re

#: Input formats `read_inputs` accepts (`--input-format`); `auto` sniffs each file.
INPUT_FORMATS = ("auto", "page", "jsonl", "json", "ninjs", "html", "newsml", "nitf")

#: File names a directory is searched for (recursively).
SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".json", ".html", ".htm", ".xml")

_XML_ROOT = re.compile(rb"<(?!\?|!)([\w.:-]+)")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def is_supported_name(name: str) -> bool:
    """Whether a file in a directory should be read (by its suffix)."""
    return name.lower().endswith(SUPPORTED_SUFFIXES)


def sniff_format(name: str, head: bytes) -> str:
    """The reader for a document starting with `head` (its first few kilobytes)."""
    text = _as_ascii_bytes(head).lstrip()
    lower_name = name.lower()
    if text.startswith(b"<"):
        if _HTML_START.match(text):
            return "html"
        root = _root_element(text)
        if root in (b"newsItem", b"newsMessage"):
            return "newsml"
        if root == b"nitf":
            return "nitf"
        if root == b"html" or lower_name.endswith((".html", ".htm")):
            return "html"
        if text.startswith(b"<?xml") or lower_name.endswith(".xml"):
            return "xml-unknown"
        return "page"
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):
        first_line = text.split(b"\n", 1)[0].strip()
        if lower_name.endswith(".json"):
            return "json"
        if lower_name.endswith((".jsonl", ".jsonl.gz")) or _is_complete_object(first_line):
            return "jsonl"
        return "json"
    if lower_name.endswith((".html", ".htm")):
        return "html"
    return "page"


def _as_ascii_bytes(head: bytes) -> bytes:
    """Drop a BOM; UTF-16 heads are narrowed to their ASCII bytes for sniffing."""
    if head.startswith(codecs.BOM_UTF8):
        return head[3:]
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            body = head[2:]
            body = body[: len(body) - len(body) % 2]
            return body.decode(encoding, "ignore").encode("ascii", "ignore")
    return head


def _root_element(text: bytes) -> bytes | None:
    """Name of the first element (prefix dropped), skipping declarations and comments."""
    text = re.sub(rb"<!--.*?-->", b"", text, flags=re.S)
    match = _XML_ROOT.search(text)
    return match.group(1).split(b":")[-1] if match else None


def _is_complete_object(line: bytes) -> bool:
    import json

    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
