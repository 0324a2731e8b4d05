"""Turn the bytes of a file into text: BOMs, UTF-8, UTF-16 and old Danish 8-bit archives."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not text kilde can read (binary, or no encoding fits)."""


_DANISH_LETTERS = set("æøåÆØÅéü")
_DAMAGE = re.compile("\ufffd+")


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode `data`; return the text and any warnings (e.g. a legacy encoding was used)."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), []
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes); expected text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        if _mostly_utf8(data):  # an 8-bit guess would garble every æøå already in UTF-8
            raise DecodeError(
                f"invalid UTF-8 at byte {error.start} in otherwise UTF-8 text "
                "(mixed encodings or a damaged file); not guessing"
            ) from error
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, [f"not UTF-8; decoded as {encoding}"]
    best = from_bytes(data).best()
    if best is None or not _looks_like_text(str(best)):
        raise DecodeError("cannot decode: not UTF-8, UTF-16 or a Danish 8-bit encoding")
    return str(best), [f"not UTF-8; decoded as {best.encoding}"]


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as error:
        raise DecodeError(f"invalid {encoding} at byte {error.start}") from error


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed non-ASCII UTF-8 characters than damaged places: UTF-8 with damage
    (a stray byte, a cut character), not an 8-bit encoding such as cp1252."""
    text = data.decode("utf-8", errors="replace")
    damaged = len(_DAMAGE.findall(text))
    letters = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    return letters > damaged


def _looks_like_text(text: str) -> bool:
    """Mostly printable characters, few C1 controls (which mean a wrong 8-bit guess)."""
    if not text:
        return True
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x80 <= ord(ch) < 0xA0)
    return bad / len(text) < 0.01
