"""`kilde_sentence_hints`: rule hints for the parser's sentence boundaries.

Runs before the parser, which respects preset boundaries (`is_sent_start` True forces a
boundary, False forbids one):

* the first word after a line break starts a sentence (paragraphs never share a sentence),
  and whitespace tokens stay with the sentence before them;
* a closing quote or bracket (`"` glued to the word before it, `«`, `)`, `]`) never starts
  a sentence, so it stays with the sentence it closes;
* the word after an opening quote or bracket (`»`, `(`, `"` glued to the next word) never
  starts a sentence: the quote opens the sentence, it does not end the one before;
* stray punctuation (`.`, `..`, `,`, `;`, `?` …) never starts a sentence, and neither does a
  word in lower case (`det 43. minut`, `4-cyl. og`, `… ja`) or the word after a comma or
  semicolon;
* after a sentence-final `.`, `?` or `!`, a quote dash or opening quote in front of a
  capitalised word starts a sentence (`… senere? »De øvrige …`, `… dollar. - Får du …`);
* a capitalised function word after a word (`… hos Søren Men det …`) starts a sentence,
  unless a capitalised word follows it (`Det Radikale Venstre`); the pronoun `I` and the
  polite `De`, `Dem`, `Deres` are capitalised anywhere and are not counted. These catch
  headlines and bylines that end without a full stop.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from kilde.lexicons import load_lexicon

SENTENCE_HINTS = "kilde_sentence_hints"
CLOSERS = {")", "]", "«"}
OPENERS = {"(", "[", "»", "“", "„"}
STRAIGHT_QUOTES = {'"', "”", "'"}
NEVER_FIRST = {".", "..", "...", "…", ",", ";", ":", "!", "?", "!?", "?!"}
CLAUSE_JOINERS = {",", ";"}
SENTENCE_END = {".", "?", "!", "...", "…", "?!", "!?"}
DASHES = {"-", "–", "—"}
POLITE_AND_PLURAL_YOU = {"i", "de", "dem", "deres"}


@cache
def _function_words() -> frozenset[str]:
    """Lowercase Danish function words (kilde's stopword lexicon) that are written with a
    capital only at the start of a sentence (not `I`, nor the polite `De`/`Dem`/`Deres`)."""
    return frozenset(word.lower() for word in load_lexicon("stopwords")) - POLITE_AND_PLURAL_YOU


def _is_capitalised_function_word(doc: Doc, i: int) -> bool:
    """`Men`, `Det`, `Når` … after a word, not followed by another capitalised word."""
    token, previous = doc[i], doc[i - 1]
    if not token.is_title or token.lower_ not in _function_words():
        return False
    if not previous.text[-1:].isalnum():
        return False
    following = doc[i + 1] if i + 1 < len(doc) else None
    return following is None or not following.text[:1].isupper()


def _is_closing_quote(doc: Doc, i: int) -> bool:
    """A straight quote glued to the preceding word (`slut."`) closes a quotation."""
    return i > 0 and doc[i].text in STRAIGHT_QUOTES and not doc[i - 1].whitespace_


def _is_opener(doc: Doc, i: int) -> bool:
    """An opening bracket or quote: `(`, `»`, or a straight quote glued to the next word."""
    token = doc[i]
    if token.text in OPENERS:
        return True
    return (
        token.text in STRAIGHT_QUOTES
        and not token.whitespace_
        and (i == 0 or bool(doc[i - 1].whitespace_))
    )


def _never_starts(doc: Doc, i: int) -> bool:
    """Closers, stray punctuation, lower-case words, and words after an opener or comma."""
    text, previous = doc[i].text, doc[i - 1].text
    return (
        text in CLOSERS
        or text in NEVER_FIRST
        or text[:1].islower()
        or _is_closing_quote(doc, i)
        or _is_opener(doc, i - 1)
        or previous in CLAUSE_JOINERS
    )


def _opens_quoted_sentence(doc: Doc, i: int) -> bool:
    """A dash or opening quote after `.`/`?`/`!` and before a capitalised word."""
    if doc[i - 1].text not in SENTENCE_END or i + 1 >= len(doc):
        return False
    return (doc[i].text in DASHES or _is_opener(doc, i)) and doc[i + 1].text[:1].isupper()


@Language.component(SENTENCE_HINTS)
def sentence_hints(doc: Doc) -> Doc:
    """Set sentence-start hints from line breaks, quotes, brackets and punctuation."""
    for i in range(1, len(doc)):
        token = doc[i]
        if token.is_space:
            token.is_sent_start = False  # whitespace stays with the sentence before it
            continue
        previous = doc[i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
        elif _never_starts(doc, i):
            token.is_sent_start = False
        elif _opens_quoted_sentence(doc, i) or _is_capitalised_function_word(doc, i):
            token.is_sent_start = True
    return doc


def with_sentence_hints(nlp: Language) -> Language:
    """Add `kilde_sentence_hints` before the parser (if there is one and it is missing)."""
    if "parser" in nlp.pipe_names and SENTENCE_HINTS not in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_HINTS, before="parser")
    return nlp
