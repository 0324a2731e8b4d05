"""Paragraphs and sentences of an article as character ranges (independent of the model)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kilde.attribution.lexicon import word_class

ABBREVIATIONS = word_class("abbreviations")
DASHES = "-–—"
OPEN_MARKS = '»“„"'
CLOSE_MARKS = '«”"'


@dataclass(frozen=True)
class Block:
    """A paragraph or sentence: text[start:end]."""

    start: int
    end: int

    def text(self, source: str) -> str:
        """The block's text in `source`."""
        return source[self.start : self.end]


INLINE_DASH = re.compile(r"(?<=[.!?«\"”])[ \u00a0]+(?=[-–—][ \u00a0][A-ZÆØÅ»])")


def paragraphs(text: str) -> list[Block]:
    """Non-empty lines (paragraphs) as blocks, surrounding whitespace excluded.

    Crawled text sometimes joins paragraphs: a dash quote opening after a full stop
    (`… politiet. - Vi er klar, …`) starts a paragraph of its own.
    """
    blocks = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group(0)
        if not raw.strip():
            continue
        cuts = [0, *(m.end() for m in INLINE_DASH.finditer(raw)), len(raw)]
        for left, right in zip(cuts, cuts[1:], strict=False):
            piece = raw[left:right]
            stripped = piece.strip()
            if stripped:
                start = match.start() + left + (len(piece) - len(piece.lstrip()))
                blocks.append(Block(start, start + len(stripped)))
    return blocks


def is_sentence_end(text: str, dot: int) -> bool:
    """Does the `.`, `!` or `?` at index `dot` end a sentence?"""
    after = text[dot + 1 : dot + 3]
    if after and not after[0].isspace() and after[0] not in "«”\"'":
        return False
    if text[dot] != ".":
        return True
    word = re.search(r"([\w./]+)$", text[max(0, dot - 12) : dot])
    token = word.group(1).lower() if word else ""
    if token in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha() and text[dot - 1].isupper():
        return False  # an initial: "A. P. Møller"
    if token.isdigit():
        # "2. maj", "den 3. juni": an ordinal when a lowercase word follows
        following = text[dot + 1 : dot + 12].lstrip()
        if following[:1].islower():
            return False
    return True


def sentences(text: str, block: Block) -> list[Block]:
    """Sentences inside a paragraph; never split inside »…« or “…”."""
    result = []
    start = block.start
    depth = 0
    i = block.start
    while i < block.end:
        char = text[i]
        if char in "»“":
            depth += 1
        elif char in "«”" and depth:
            depth -= 1
        elif char in ".!?" and depth == 0 and is_sentence_end(text, i):
            end = i + 1
            while end < block.end and text[end] in "«”\"'":
                end += 1
            if text[start:end].strip():
                result.append(_trimmed(text, start, end))
            start = end
            i = end
            continue
        i += 1
    if text[start : block.end].strip():
        result.append(_trimmed(text, start, block.end))
    return result


def _trimmed(text: str, start: int, end: int) -> Block:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Block(start, end)


def trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to the quoted words: no spaces, no final `.`/`,`, keep `?`/`!`."""
    while start < end and (text[start].isspace() or text[start] in OPEN_MARKS + "«”"):
        start += 1
    changed = True
    while changed and end > start:
        changed = False
        while end > start and text[end - 1].isspace():
            end -= 1
            changed = True
        if (
            end > start
            and text[end - 1] in ".,;:"
            and not text[max(0, end - 4) : end].endswith("..")
        ):
            end -= 1
            changed = True
    return start, end


def starts_with_dash(text: str, block: Block) -> int | None:
    """Index after the opening dash and space when the paragraph opens with a dash."""
    head = text[block.start : block.start + 3]
    if head[:1] in DASHES and len(head) > 1 and head[1] in " \u00a0":
        return block.start + 2
    return None


UNCLOSED_OPENERS = {"'": "'", '"': '"', "»": "«", "“": "”", "”": "”"}


def opens_unclosed_quote(text: str, block: Block) -> int | None:
    """Index after an opening quote mark never closed in the paragraph (`'A, skriver X.`)."""
    mark = text[block.start : block.start + 1]
    closing = UNCLOSED_OPENERS.get(mark)
    if closing is None or closing in text[block.start + 1 : block.end]:
        return None
    return block.start + 1
