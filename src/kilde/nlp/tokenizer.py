"""kilde's tokenizer: spaCy's Danish rules plus a few for Danish news text.

Registered as `kilde.news_tokenizer.v1` so a saved pipeline whose config names it loads once
`kilde.nlp` is imported. Rules added on top of spaCy's Danish defaults:

* a quote dash glued to the first word of a paragraph (`-Det`, `–Vi`) is split off;
* slash-wrapped agency bylines (`/ritzau/`, `/ritzau/Reuters/`) are split at the slashes;
* `kl. 12.` ending a sentence: the period after the hour is split off (`den 12. maj` keeps
  its ordinal period);
* `55-årige`, `USA's`, `»…«`, `(S)` and `ritzau/Reuters` keep spaCy's Danish behaviour
  (one token; split quotes; `(`, `S`, `)`; `ritzau`, `/`, `Reuters`), matching DDT.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.lang.da import Danish
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

QUOTE_DASHES = ("-", "–", "—")
LEADING_DASH = re.compile(r"^([-–—])(?=[A-ZÆØÅ0-9»\"])")
SLASHED = re.compile(r"^/?[A-Za-zÆØÅæøå]+(?:/[A-Za-zÆØÅæøå]+)*/?$")
HOUR_WITH_PERIOD = re.compile(r"^\d{1,2}\.$")
CLOCK_WORDS = {"kl.", "Kl.", "klokken", "Klokken"}
# Cheap whole-text test: only texts matching it get the (slower) token-level pass.
NEEDS_FIXES = re.compile(
    r"(?:^|\n)[ \t]*[-–—][A-ZÆØÅ0-9»\"]"  # quote dash glued to a paragraph's first word
    r"|(?:^|\s)/[A-Za-zÆØÅæøå]|[A-Za-zÆØÅæøå]/(?:\s|$)"  # /ritzau/ style bylines
    r"|[Kk]l(?:\.|okken)\s+\d{1,2}\."  # kl. 12. at a sentence end
)


class NewsTokenizer(Tokenizer):
    """spaCy's Danish tokenizer followed by context-dependent fixes for news text."""

    def __call__(self, text: str) -> Doc:  # type: ignore[override]
        doc = super().__call__(text)
        if not NEEDS_FIXES.search(text):
            return doc
        words, spaces = split_news_tokens(doc)
        if words is None:
            return doc
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts, batch_size=1000):  # type: ignore[no-untyped-def,override]
        """Tokenize a stream of texts."""
        for text in texts:
            yield self(text)


def _at_paragraph_start(doc: Doc, i: int) -> bool:
    """True if token i starts the text or follows a line break."""
    return i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_


def _ends_sentence_after(doc: Doc, i: int) -> bool:
    """True if token i is last, or the next word starts with a capital letter or a quote."""
    if i + 1 >= len(doc):
        return True
    following = doc[i + 1].text
    return following.isspace() or following[:1].isupper() or following[:1] in '»"«-–'


def split_news_tokens(doc: Doc) -> tuple[list[str] | None, list[bool]]:
    """Words and spaces after the news fixes, or (None, []) if nothing changed."""
    words: list[str] = []
    spaces: list[bool] = []
    changed = False
    for i, token in enumerate(doc):
        text = token.text
        parts: list[str] = [text]
        if text[:1] in QUOTE_DASHES and len(text) > 1 and _at_paragraph_start(doc, i):
            if LEADING_DASH.match(text):
                parts = [text[0], text[1:]]
        elif "/" in text and len(text) > 2 and SLASHED.match(text):
            parts = [p for p in re.split(r"(/)", text) if p]
        elif (
            HOUR_WITH_PERIOD.match(text)
            and i > 0
            and doc[i - 1].text in CLOCK_WORDS
            and _ends_sentence_after(doc, i)
        ):
            parts = [text[:-1], "."]
        if len(parts) > 1:
            changed = True
        words.extend(parts)
        spaces.extend([False] * (len(parts) - 1) + [bool(token.whitespace_)])
    return (words, spaces) if changed else (None, [])


@registry.tokenizers("kilde.news_tokenizer.v1")
def create_news_tokenizer() -> Callable[[Language], Tokenizer]:
    """Factory used in the pipeline config: `[nlp.tokenizer] @tokenizers = ...`."""

    def make(nlp: Language) -> Tokenizer:
        defaults = Danish.Defaults
        base = Danish().tokenizer
        return NewsTokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=base.prefix_search,
            suffix_search=base.suffix_search,
            infix_finditer=base.infix_finditer,
            token_match=base.token_match,
            url_match=base.url_match,
        )

    return make
