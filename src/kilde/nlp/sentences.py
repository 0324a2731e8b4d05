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

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kilde.lexicons import load_lexicon

SENTENCE_HINTS = "kilde_sentence_hints"
WHITESPACE_HEADS = "kilde_whitespace_heads"
PUNCT_LABEL = "pnct"  # the DDT relation of punctuation
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


class _Words:
    """The token texts and trailing whitespace of a Doc as plain lists (fast to index)."""

    def __init__(self, doc: Doc) -> None:
        self.texts = [token.text for token in doc]
        self.spaces = [token.whitespace_ for token in doc]

    def is_closing_quote(self, i: int) -> bool:
        """A straight quote glued to the preceding word (`slut."`) closes a quotation."""
        return i > 0 and self.texts[i] in STRAIGHT_QUOTES and not self.spaces[i - 1]

    def is_opener(self, i: int) -> bool:
        """An opening bracket or quote: `(`, `»`, or a straight quote glued to the next word."""
        text = self.texts[i]
        if text in OPENERS:
            return True
        return (
            text in STRAIGHT_QUOTES and not self.spaces[i] and (i == 0 or bool(self.spaces[i - 1]))
        )

    def never_starts(self, i: int) -> bool:
        """Closers, stray punctuation, lower-case words, and words after an opener or comma."""
        text = self.texts[i]
        return (
            text in CLOSERS
            or text in NEVER_FIRST
            or text[:1].islower()
            or self.is_closing_quote(i)
            or self.is_opener(i - 1)
            or self.texts[i - 1] in CLAUSE_JOINERS
        )

    def opens_quoted_sentence(self, i: int) -> bool:
        """A dash or opening quote after `.`/`?`/`!` and before a capitalised word."""
        if self.texts[i - 1] not in SENTENCE_END or i + 1 >= len(self.texts):
            return False
        opener = self.texts[i] in DASHES or self.is_opener(i)
        return opener and self.texts[i + 1][:1].isupper()

    def is_capitalised_function_word(self, i: int) -> bool:
        """`Men`, `Det`, `Når` … after a word, not followed by another capitalised word."""
        text = self.texts[i]
        if not text.istitle() or text.lower() not in _function_words():
            return False
        if not self.texts[i - 1][-1:].isalnum():
            return False
        return i + 1 >= len(self.texts) or not self.texts[i + 1][:1].isupper()


@Language.component(SENTENCE_HINTS)
def sentence_hints(doc: Doc) -> Doc:
    """Set sentence-start hints from line breaks, quotes, brackets and punctuation."""
    words = _Words(doc)
    texts, spaces = words.texts, words.spaces
    # 1 start, -1 no start, 0 left to the parser
    starts = doc.to_array([SENT_START]).astype("int64")
    for i in range(1, len(texts)):
        if texts[i].isspace():
            starts[i] = -1  # whitespace stays with the sentence before it
        elif "\n" in spaces[i - 1] or (texts[i - 1].isspace() and "\n" in texts[i - 1]):
            starts[i] = 1
        elif words.never_starts(i):
            starts[i] = -1
        elif words.opens_quoted_sentence(i) or words.is_capitalised_function_word(i):
            starts[i] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))  # -1 wraps as spaCy stores it
    return doc


@Language.component(WHITESPACE_HEADS)
def whitespace_heads(doc: Doc) -> Doc:
    """Whitespace never governs a word: if the parser made a paragraph break (`\\n\\n`) the
    head of words, its first verb dependent (else its first dependent) takes its place and
    the whitespace hangs from it as punctuation."""
    for token in doc:
        if not token.is_space or not token.n_lefts + token.n_rights:
            continue
        children = list(token.children)
        heir = next((c for c in children if c.pos_ in ("VERB", "AUX")), children[0])
        was_root = token.head.i == token.i
        heir.head = heir if was_root else token.head
        heir.dep_ = "ROOT" if was_root else token.dep_
        for child in children:
            if child.i != heir.i:
                child.head = heir
        token.head = heir
        token.dep_ = PUNCT_LABEL
    return doc


def with_parse_rules(nlp: Language) -> Language:
    """Add `kilde_sentence_hints` before the parser and `kilde_whitespace_heads` after it
    (if there is a parser and they are missing)."""
    if "parser" not in nlp.pipe_names:
        return nlp
    if SENTENCE_HINTS not in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_HINTS, before="parser")
    if WHITESPACE_HEADS not in nlp.pipe_names:
        nlp.add_pipe(WHITESPACE_HEADS, after="parser")
    return nlp
