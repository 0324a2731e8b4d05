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
  headlines and bylines that end without a full stop; not after a lower-case function
  word, where it begins a name (`leder af Den alternative Kosmetologskole`);
* headlines in capitals: no sentence starts inside a run of words in capitals (`MØDES TO
  GANGE`), and a run of headline size (two or more words, eight or more letters) ends a
  sentence when an ordinary capitalised word, a number or an opening quote follows;
* the word after an initial (`C. V. Jørgensen`, `Jesper D. Jensen`) does not start a
  sentence unless it is a capitalised function word (`København K. Derfor …`);
* a list marker (`2)`, `b)`) after a sentence end starts the sentence, so the word after
  it does not.

The conventions were checked against the DDT training split (gold boundaries) before they
were written down as rules: a word after a run of capitals starts a sentence in 35 of 37
cases, no sentence starts inside one in 107 of 108, the word after an initial does not
start one in 27 of 32 (the others are postal districts such as `København K.`).
"""

from __future__ import annotations

import re
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
HEADLINE_LETTERS = 8  # a run of capitals this long (and two words or more) is a headline
HEADLINE_LONG_WORD = 4  # … and has a word of at least this many letters
INITIAL = re.compile(r"^[A-ZÆØÅ]\.$")
LIST_MARKER = re.compile(r"^(\d{1,2}|[a-z])$")


@cache
def function_words() -> frozenset[str]:
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

    def after_line_break(self, i: int) -> bool:
        """The first word after a line break (in the whitespace or a whitespace token)."""
        before = self.texts[i - 1]
        return "\n" in self.spaces[i - 1] or (before.isspace() and "\n" in before)

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
        if not text.istitle() or text.lower() not in function_words():
            return False
        if not self.texts[i - 1][-1:].isalnum():
            return False
        if self.texts[i - 1] in function_words():
            return False  # `leder af Den …`: a name after a preposition
        return i + 1 >= len(self.texts) or not self.texts[i + 1][:1].isupper()

    def is_capitals(self, i: int) -> bool:
        """A word in capitals (`MØDES`, `EU`, `I`)."""
        text = self.texts[i]
        return text.isalpha() and text.isupper()

    def inside_capitals(self, i: int) -> bool:
        """A word of two or more capitals right after a word in capitals (the middle of
        `MØDES TO GANGE`; a lone `I` may also begin a sentence after an acronym)."""
        return len(self.texts[i]) > 1 and self.is_capitals(i) and self.is_capitals(i - 1)

    def after_headline(self, i: int) -> bool:
        """The word after a headline in capitals: capitalised (not in capitals), a number or
        an opening quote."""
        text = self.texts[i]
        if self.is_capitals(i) or not (
            text[:1].isupper() or text[:1].isdigit() or self.is_opener(i)
        ):
            return False
        start = i - 1
        while start >= 0 and self.is_capitals(start):
            start -= 1
        run = self.texts[start + 1 : i]
        return (
            len(run) > 1
            and sum(len(word) for word in run) >= HEADLINE_LETTERS
            and max(len(word) for word in run) >= HEADLINE_LONG_WORD
        )

    def after_initial(self, i: int) -> bool:
        """A capitalised word after an initial (`C. V. Jørgensen`), not a function word."""
        return (
            bool(INITIAL.match(self.texts[i - 1])) and self.texts[i].lower() not in function_words()
        )

    def list_marker_at(self, i: int) -> bool:
        """`2` or `b` followed by `)`, after a sentence end (or at the start)."""
        return (
            i + 1 < len(self.texts)
            and self.texts[i + 1] == ")"
            and bool(LIST_MARKER.match(self.texts[i]))
            and (i == 0 or self.texts[i - 1] in SENTENCE_END)
        )


@Language.component(SENTENCE_HINTS)
def sentence_hints(doc: Doc) -> Doc:
    """Set sentence-start hints from line breaks, quotes, brackets and punctuation."""
    words = _Words(doc)
    texts = words.texts
    # 1 start, -1 no start, 0 left to the parser
    starts = doc.to_array([SENT_START]).astype("int64")
    for i in range(1, len(texts)):
        if texts[i].isspace():
            starts[i] = -1  # whitespace stays with the sentence before it
        elif words.after_line_break(i) or words.list_marker_at(i):
            starts[i] = 1
        elif (
            words.never_starts(i)
            or words.inside_capitals(i)
            or words.after_initial(i)
            or (i > 1 and texts[i - 1] == ")" and words.list_marker_at(i - 2))
        ):
            starts[i] = -1
        elif (
            words.opens_quoted_sentence(i)
            or words.is_capitalised_function_word(i)
            or words.after_headline(i)
        ):
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
