"""Indirect quotes: `X siger, at …`, `…, siger X.`, `Det siger X.`, `ifølge X`, `lyder det fra`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from kilde.attribution.clauses import (
    Attribution,
    attribution_after,
    opens_with_fronted_adverbial,
    plausible_description,
    subject_before,
)
from kilde.attribution.lexicon import Lexicons, word_class
from kilde.attribution.phrases import (
    PRONOUNS,
    TIME_WORDS,
    Phrase,
    analyse_phrase,
    medium_after,
    phrase_after,
)
from kilde.attribution.records import QuoteRecord
from kilde.attribution.text import trim_quote

AT_PREPOSITIONS = word_class("at_prepositions")
FINITE_VERBS = word_class("finite_verbs")
NP_DETERMINERS = word_class("np_determiners")
SUBJECT_STARTS = word_class("subject_starts")
SHORT_INFINITIVES = word_class("short_infinitives")
REPORT_NOUNS = word_class("report_nouns")


@dataclass
class Sentence:
    """A sentence with the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int


def is_infinitive_at(text: str, position: int, comma: bool, doc: Doc | None) -> bool:
    """`afviser at træde tilbage`: `at` + infinitive is not a content clause.

    `, at` (comma first) always opens a content clause."""
    if comma or not text[position : position + 1].isalpha():
        return False
    if doc is not None and doc.has_annotation("POS"):
        span = doc.char_span(position, min(len(text), position + 40), alignment_mode="expand")
        if span is not None and len(span):
            token = span[0]
            if token.pos_ in {"VERB", "AUX"} and "Inf" in token.morph.get("VerbForm"):
                return True
            return token.pos_ in {"VERB", "AUX"} and not token.morph.get("Tense")
    word = re.match(r"[\w-]+", text[position : position + 40])
    if not word or comma:
        return False
    low = word.group(0)
    if not low.islower() or low in SUBJECT_STARTS:
        return False
    return low.endswith("e") or low in SHORT_INFINITIVES


@lru_cache(maxsize=4)
def _at_clause_regex(speech_pattern: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-])(?P<cue>{speech_pattern})(?![\w-])(?P<neg>\s+ikke)?"
        rf"(?P<mid>[^.!?»«\"”:;]{{0,90}}?),?\s+at\s+",
        re.IGNORECASE,
    )


def at_clauses(
    text: str, sentence: Sentence, lex: Lexicons, doc: Doc | None = None
) -> list[QuoteRecord]:
    """`X siger, at …` and `siger X, at …`: the at-clause up to the end of the sentence."""
    records = []
    pattern = _at_clause_regex(lex.speech_pattern)
    position = sentence.start
    while True:
        match = pattern.search(text, position, sentence.end)
        if not match:
            break
        position = match.end("cue")  # on rejection, retry from the next word
        cue_word = match.group("cue")
        low = cue_word.lower()
        if low not in lex.speech_forms or cue_word[0].isupper() and match.start() != sentence.start:
            continue
        mid = match.group("mid")
        if re.search(r"\bat\b", mid):
            continue
        if any(w.lower() in lex.speech_forms for w in re.findall(r"[\w-]+", mid)) and "," in mid:
            continue  # "svarede X, selv om det fremgår, at": the later cue owns the at-clause
        before_at = text[max(sentence.start, match.end() - 10) : match.end()].split()
        word_before_at = before_at[-2].strip(",").lower() if len(before_at) >= 2 else ""
        phrasal = " " in lex.speech_forms.get(low, "") or low.endswith(("på", "for"))
        particle = mid.strip().lower() in {"for", "på", "om"}
        reported = re.fullmatch(r"\s*(?:\w+\s+)?(\w+)\s+om", mid)
        claim = bool(reported and reported.group(1).lower() in REPORT_NOUNS)
        # claim: "afviser rygter om, at …" reports the content clause of the claim
        if word_before_at in AT_PREPOSITIONS and not (phrasal or particle or claim):
            continue
        if low in {"lyder", "lød"} and not re.match(r"\s+det\s+(?:fra|hos)\s", mid):
            continue
        comma = "," in text[match.end("mid") : match.end()]
        if is_infinitive_at(text, match.end(), comma, doc):
            continue
        mid_start = match.start("mid")
        mid_end = match.end("mid")
        phrase = _inverted_subject(text, mid_start, mid_end, lex)
        if low.startswith("fremg"):  # "det fremgår af rapporten, at": the source follows `af`
            phrase = _source_after_af(text, sentence.start, match.end("mid"), lex)
        if phrase is None:
            phrase = subject_before(text, sentence.start, match.start("cue"), lex)
        if phrase is None and opens_with_fronted_adverbial(
            text, sentence.start, match.start("cue")
        ):
            # "I byen frygter folk, at …": after a fronted adverbial the cue's subject follows
            phrase = _inverted_subject(text, mid_start, mid_end, lex, plausible=False)
        if phrase is None or phrase.text.lower() in {"det", "der", "man"}:
            continue
        medium, _ = medium_after(
            text, phrase.end if phrase.end > mid_start else mid_start, mid_end, lex
        )
        clause_end = _main_clause_resumes(text, sentence, match.end())
        start, end = trim_quote(text, match.end(), clause_end)
        if end - start < 8:
            continue
        kind = "indirect"
        opening = text[match.end() : match.end() + 1]
        if (
            opening in '»“"”'
            and text[end - 1 : end] in '«”"'
            and not re.search(r"[«”\"]", text[start : end - 1])
        ):
            kind, end = "direct", end - 1  # everything reported is inside the marks (Decision 9)
        negation = match.group("neg") or (" ikke" if re.search(r"\bikke\b", mid) else "")
        cue = cue_word + (" " + mid.strip() if particle else "") + negation
        record = QuoteRecord(
            start,
            end,
            kind,
            "at_clause",
            phrase,
            cue.strip(),
            match.start("cue"),
            medium,
            paragraph=sentence.paragraph,
        )
        relay = re.search(r"\b(?:ifølge|i følge)\s+", mid, re.IGNORECASE)
        if relay:
            relay_phrase = phrase_after(text, mid_start + relay.end(), mid_end, lex)
            if relay_phrase is not None and relay_phrase.kind != "pronoun":
                record.relay = relay_phrase  # resolved with the speaker
        records.append(record)
        break
    return records


SUBORDINATE_OPENERS = re.compile(
    r"(?:Da|Når|Hvis|Mens|Fordi|Selvom|Selv om|Efter at|Inden|Før|Siden)\s", re.IGNORECASE
)


def _main_clause_resumes(text: str, sentence: Sentence, clause_start: int) -> int:
    """End of an at-clause inside a fronted subordinate clause (`Da X meddelte, at Y, var der …`):
    the comma before the main clause's finite verb; else the sentence end."""
    if not SUBORDINATE_OPENERS.match(text, sentence.start):
        return sentence.end
    for comma in re.finditer(r",\s+(\w+)", text[clause_start : sentence.end]):
        if comma.group(1).lower() in FINITE_VERBS:
            return clause_start + comma.start()
    return sentence.end


def _source_after_af(text: str, start: int, end: int, lex: Lexicons) -> Phrase | None:
    """The `af X` phrase of `fremgår af X` (before or after the verb), as a document source."""
    sources = list(re.finditer(r"(?<!\w)af\s+", text[start:end]))
    if not sources:
        return None
    begin = start + sources[-1].end()
    stop = begin
    for word in re.finditer(r"[\w'-]+", text[begin:end]):
        if word.group(0).lower() in {"fremgår", "fremgik", "det", "at"} or word.group(0) in ",":
            break
        stop = begin + word.end()
    return analyse_phrase(text, begin, stop, lex) if stop > begin else None


def _inverted_subject(
    text: str, start: int, end: int, lex: Lexicons, plausible: bool = True
) -> Phrase | None:
    """The subject standing after the cue (`sagde regionens guvernør X, at`), if any.

    `plausible=False` accepts any short description (the word order already makes it the
    subject)."""
    segment = text[start:end]
    lead = re.match(
        r"(?:\s+(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|også|dog|nu"
        r"|tidligere|senere|igen|i dag|i går))*",
        segment,
    )
    if lead and lead.end():
        start += lead.end()
        segment = text[start:end]
    if re.match(r"\s*(?:ifølge|i følge)\b", segment, re.IGNORECASE):
        return None
    det = re.match(r"\s+det\s+(?:fra|hos)\s+|\s+det\s+af\s+|\s+af\s+", segment)
    offset = start + det.end() if det else start
    if not text[offset:end].strip():
        return None
    phrase = phrase_after(text, offset, end, lex)
    if phrase is None:
        return None
    if phrase.kind == "description" and not (
        plausible_description(phrase, lex) if plausible else len(phrase.text.split()) <= 4
    ):
        return None
    if phrase.kind == "pronoun" and phrase.text.lower() not in PRONOUNS:
        return None
    return phrase


SPEAKERLESS_TRAILER = re.compile(r",\s+(?P<cue>lyder|lød)\s+det\s*[.!]?$")


def trailing_attribution(text: str, sentence: Sentence, lex: Lexicons) -> QuoteRecord | None:
    """`Content, siger X til Y.` at the end of a sentence without quote marks.

    `Content, lyder det.` names no speaker: the speaker is inherited from the quote before."""
    bare = SPEAKERLESS_TRAILER.search(text[sentence.start : sentence.end])
    if bare:
        start, end = trim_quote(text, sentence.start, sentence.start + bare.start())
        if len(re.findall(r"\w+", text[start:end])) >= 3:
            return QuoteRecord(
                start,
                end,
                "indirect",
                "trailing",
                None,
                bare.group("cue"),
                sentence.start + bare.start("cue"),
                None,
                paragraph=sentence.paragraph,
            )
    for match in re.finditer(r",\s+", text[sentence.start : sentence.end]):
        clause_start = sentence.start + match.end()
        attribution = attribution_after(text, clause_start, sentence.end, lex, manner_ok=False)
        if attribution is None:
            continue
        if (
            text[attribution.end : sentence.end].strip(" .!?")
            and attribution.end < sentence.end - 1
        ):
            continue
        start, end = trim_quote(text, sentence.start, sentence.start + match.start())
        if len(re.findall(r"\w+", text[start:end])) < 3:
            return None
        return _record(start, end, "trailing", attribution, sentence)
    return None


def _record(
    start: int, end: int, construction: str, attribution: Attribution, sentence: Sentence
) -> QuoteRecord:
    return QuoteRecord(
        start,
        end,
        "indirect",
        construction,
        attribution.phrase,
        attribution.cue,
        attribution.cue_start,
        attribution.medium,
        paragraph=sentence.paragraph,
    )


DET_SIGER = re.compile(r"^(?:Det|Dette|Dét|Sådan|Så|Det\s+her)\s+", re.IGNORECASE)


def det_siger(text: str, sentence: Sentence, lex: Lexicons) -> Attribution | None:
    """`Det siger X.` opening a sentence: the attribution for the sentence before it."""
    head = DET_SIGER.match(text[sentence.start : sentence.end])
    if not head:
        return None
    attribution = attribution_after(
        text, sentence.start + head.end(), sentence.end, lex, manner_ok=False
    )
    if attribution is None or attribution.phrase is None:
        return None
    return attribution


def ifolge_quotes(
    text: str, sentence: Sentence, lex: Lexicons, doc: Doc | None
) -> list[QuoteRecord]:
    """`Ifølge X …` / `… ifølge X.` / a mid-sentence `ifølge X` (Decision 6)."""
    records = []
    body = text[sentence.start : sentence.end].rstrip()
    if body.endswith(":") or re.search(r"\bfølgende\b", body):
        return records  # the sentence introduces a quote that follows it
    for match in re.finditer(
        r"(?<!\w)(?P<cue>[Ii]\s?følge)\s+", text[sentence.start : sentence.end]
    ):
        cue_start = sentence.start + match.start()
        np_start = sentence.start + match.end()
        np_end = _noun_phrase_end(text, np_start, sentence.end, lex, doc)
        if np_end <= np_start:
            continue
        phrase = analyse_phrase(text, np_start, np_end, lex)
        if phrase is None:
            continue
        before = text[sentence.start : cue_start].strip(" ,")
        after = text[np_end : sentence.end].strip(" ,.!?")
        if not before:
            start, end = trim_quote(text, np_end, sentence.end)
            while start < end and text[start] in ", ":
                start += 1
        elif not after:
            start, end = trim_quote(text, sentence.start, cue_start)
        else:
            start, end = trim_quote(text, sentence.start, sentence.end)
        if len(re.findall(r"\w+", text[start:end])) < 3:
            continue
        records.append(
            QuoteRecord(
                start,
                end,
                "indirect",
                "ifolge",
                phrase,
                match.group("cue"),
                cue_start,
                None,
                paragraph=sentence.paragraph,
            )
        )
    return records


def _noun_phrase_end(text: str, start: int, limit: int, lex: Lexicons, doc: Doc | None) -> int:
    """Where the noun phrase after `ifølge` ends (POS tags when the model has them)."""
    if doc is not None and doc.has_annotation("POS"):
        span = doc.char_span(start, limit, alignment_mode="expand")
        if span is not None:
            end = start
            seen_noun = False
            previous_pos = None
            for token in span:
                if token.idx < start:
                    continue
                low = token.text.lower()
                pos = token.pos_
                source_noun = lex.head_in(low, lex.anonymous_heads) or lex.head_in(
                    low, lex.document_heads
                )
                if source_noun:
                    pos = "NOUN"  # the lexicons outvote a tagger's VERB for "kilder"
                if low in FINITE_VERBS:
                    break
                if pos == "NOUN" and previous_pos == "NOUN" and not source_noun:
                    break  # a second common noun starts the clause ("kilder overvejer")
                if (
                    pos in {"DET", "ADJ", "NUM"}
                    and not seen_noun
                    or pos in {"NOUN", "PROPN"}
                    and not (
                        seen_noun
                        and previous_pos == "NOUN"
                        and pos == "PROPN"
                        and token.text[:1].islower()
                    )
                    or token.text in {"'s", "’s", "-"}
                ):
                    seen_noun = seen_noun or pos in {"NOUN", "PROPN"}
                    end = token.idx + len(token.text)
                    previous_pos = pos
                    continue
                if (
                    token.pos_ == "ADP"
                    and token.text.lower() in {"i", "fra", "med", "hos"}
                    and seen_noun
                    and _capital_after(text, token.idx + len(token.text))
                ):
                    end = token.idx + len(token.text)
                    previous_pos = "ADP"
                    continue
                break
            if end > start:
                return end
    words = [
        (m.group(0), start + m.start(), start + m.end())
        for m in re.finditer(r"[\w’'.-]+|[,.;:!?()]", text[start:limit])
    ]
    end = start
    seen_head = False
    for index, (word, _, w_end) in enumerate(words):
        low = word.lower()
        if word in ",.;:!?":
            break
        if word.startswith("("):
            if seen_head:
                end = w_end
                continue
            break
        if (
            low in FINITE_VERBS
            or low in TIME_WORDS
            and seen_head
            or low in {"og", "at", "som", "der", "men"}
            and seen_head
        ):
            break
        if word[:1].isupper():
            end = w_end
            seen_head = True
            continue
        if seen_head:
            following = words[index + 1][0] if index + 1 < len(words) else ""
            if (
                low in {"i", "fra", "hos"}
                and following[:1].isupper()
                and following.lower() not in lex.stopwords
            ):
                end = w_end
                continue
            break
        end = w_end
        if (
            low in NP_DETERMINERS
            or re.fullmatch(r"\d+", low)
            or (
                low.endswith(("e", "ske", "ige"))
                and index + 1 < len(words)
                and words[index + 1][0][:1].islower()
                and words[index + 1][0].lower() not in FINITE_VERBS
            )
        ):
            continue
        seen_head = True
    return end


def _capital_after(text: str, position: int) -> bool:
    rest = text[position : position + 3].lstrip()
    return rest[:1].isupper()
