"""Training-data augmentation for modern Danish news punctuation.

DDT (1990s text) writes quotes as `"…"` and quote/parenthetical dashes as `-`. Today's
Danish news mostly uses `»…«` and `–`. `kilde.news_punct_augmenter.v1` rewrites a share of
the training documents that way (the annotation is unchanged apart from the forms and
lemmas), so the pipeline tags, parses and sentence-splits both styles alike.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.training import Example
from spacy.util import registry

OPEN_QUOTE = "»"
CLOSE_QUOTE = "«"
EN_DASH = "–"


def modern_punctuation(words: list[str]) -> list[str]:
    """`"a"` → `»a«` (alternating open/close) and a stand-alone `-` → `–`."""
    out: list[str] = []
    quote_open = False
    for word in words:
        if word == '"':
            out.append(CLOSE_QUOTE if quote_open else OPEN_QUOTE)
            quote_open = not quote_open
        elif word == "-":
            out.append(EN_DASH)
        else:
            out.append(word)
    return out


def _text(words: list[str], spaces: list[bool]) -> str:
    """Text of words joined by their trailing-space flags."""
    return "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True))


def augment_example(nlp: Language, example: Example) -> Example | None:
    """The example with modern punctuation, or None if it has no `"` or `-` token."""
    annotation = example.to_dict()
    tokens = annotation["token_annotation"]
    words = tokens["ORTH"]
    new_words = modern_punctuation(words)
    if new_words == words:
        return None
    changed = [i for i, (a, b) in enumerate(zip(words, new_words, strict=True)) if a != b]
    tokens["ORTH"] = new_words
    lemmas = tokens.get("LEMMA")
    if lemmas:
        for i in changed:
            lemmas[i] = new_words[i]
    doc = nlp.make_doc(_text(new_words, tokens["SPACY"]))
    return Example.from_dict(doc, annotation)


@registry.augmenters("kilde.news_punct_augmenter.v1")
def create_news_punct_augmenter(
    level: float = 0.5,
) -> Callable[[Language, Example], Iterator[Example]]:
    """Corpus augmenter: with probability `level` a document gets modern punctuation."""

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        if random.random() < level:
            varied = augment_example(nlp, example)
            if varied is not None:
                yield varied
                return
        yield example

    return augment
