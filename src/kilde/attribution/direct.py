"""Direct quotes: dash paragraphs and text inside »…«, “…”, ”…”, "…" or '…' used as speech."""

from __future__ import annotations

import re

from kilde.attribution.clauses import (
    Attribution,
    attribution_after,
    attribution_before,
    plausible_description,
    subject_before,
)
from kilde.attribution.lexicon import Lexicons
from kilde.attribution.phrases import Phrase, analyse_phrase, is_name_word
from kilde.attribution.records import QuoteRecord
from kilde.attribution.text import Block, opens_unclosed_quote, starts_with_dash, trim_quote

CAPTION = re.compile(r"\b(?:Foto|Arkivfoto|Billede|Grafik)\s*:", re.IGNORECASE)
MIN_UNATTRIBUTED_WORDS = 6


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def is_subheading(text: str) -> bool:
    """A short line with no final punctuation works as a subheading, not a quote."""
    stripped = text.rstrip()
    return (
        not stripped.endswith((".", "!", "?", "«", '"', "”", "…", ":"))
        and _word_count(stripped) <= 14
    )


def find_attribution_in(
    text: str, start: int, end: int, lex: Lexicons
) -> tuple[int, Attribution] | None:
    """The first `, siger X` clause inside text[start:end]: (end of quoted words, attribution)."""
    for match in re.finditer(r"[,?!]\s*[«”\"]?\s+|\s[-–—]\s+", text[start:end]):
        clause_start = start + match.end()
        attribution = attribution_after(text, clause_start, end, lex)
        if attribution is not None:
            quote_end = start + match.start() + (1 if text[start + match.start()] in "?!" else 0)
            return quote_end, attribution
    return None


def dash_quotes(text: str, paras: list[Block], lex: Lexicons) -> list[QuoteRecord]:
    """One quote per dash paragraph (two when words follow the attribution clause)."""
    records: list[QuoteRecord] = []
    for index, para in enumerate(paras):
        content_start = starts_with_dash(text, para)
        if content_start is None:
            unclosed = opens_unclosed_quote(text, para)
            found = find_attribution_in(text, unclosed, para.end, lex) if unclosed else None
            if found is not None:  # a quote mark opened but never closed: `'A. B, skriver X.`
                start, end = trim_quote(text, unclosed, found[0])
                if end > start:
                    records.append(_attributed(start, end, "marked_attributed", found[1], index))
            continue
        body = text[content_start : para.end]
        if is_subheading(body) or CAPTION.search(body):
            continue
        found = find_attribution_in(text, content_start, para.end, lex)
        if found is None:
            if body.rstrip().endswith("?"):
                continue  # an interviewer's question
            start, end = trim_quote(text, content_start, para.end)
            if end > start:
                records.append(QuoteRecord(start, end, "direct", "dash_run", paragraph=index))
            continue
        quote_end, attribution = found
        start, end = trim_quote(text, content_start, quote_end)
        if end > start:
            records.append(_attributed(start, end, "dash_attributed", attribution, index))
        rest_start, rest_end = trim_quote(text, attribution.end, para.end)
        rest = text[rest_start:rest_end]
        if _word_count(rest) >= 2 and rest_start < rest_end:
            if rest[:1] in "-–—":
                rest_start, rest_end = trim_quote(text, rest_start + 1, rest_end)
            records.append(_attributed(rest_start, rest_end, "dash_attributed", attribution, index))
    return records


def _attributed(
    start: int, end: int, construction: str, attribution: Attribution, paragraph: int
) -> QuoteRecord:
    return QuoteRecord(
        start,
        end,
        "direct",
        construction,
        attribution.phrase,
        attribution.cue,
        attribution.cue_start,
        attribution.medium,
        paragraph=paragraph,
    )


def marked_spans(text: str, paras: list[Block]) -> list[tuple[int, int, int, int]]:
    """(open mark, content start, content end, close mark end) for »…«, “…”, "…" and '…'."""
    spans = []
    # »…«, possibly over several paragraphs (each continuing paragraph reopens with »)
    index = 0
    while True:
        open_at = text.find("»", index)
        if open_at < 0:
            break
        close_at = text.find("«", open_at + 1)
        if close_at < 0:
            break
        inner_open = text.find("»", open_at + 1, close_at)
        while (
            inner_open >= 0 and text[text.rfind("\n", 0, inner_open) + 1 : inner_open].strip() == ""
        ):
            inner_open = text.find("»", inner_open + 1, close_at)
        if inner_open >= 0:
            index = inner_open
            continue
        spans.append((open_at, open_at + 1, close_at, close_at + 1))
        index = close_at + 1
    for para in paras:
        segment = text[para.start : para.end]
        for pattern in (
            r"“([^“”\"\n]+)[”“]",
            r"”([^”\"\n]+)”",
            r"(?<![\w])\"([^\"\n]+)\"",
            r"(?<![\w'])'(?=\S)([^'\n]{3,}?)(?<=\S)'(?![\w])",
        ):
            for match in re.finditer(pattern, segment):
                spans.append(
                    (
                        para.start + match.start(),
                        para.start + match.start(1),
                        para.start + match.end(1),
                        para.start + match.end(),
                    )
                )
    spans.sort()
    kept: list[tuple[int, int, int, int]] = []
    for span in spans:
        if kept and span[0] < kept[-1][3]:
            continue
        kept.append(span)
    return kept


def marked_quotes(
    text: str, paras: list[Block], lex: Lexicons, taken: list[QuoteRecord]
) -> list[QuoteRecord]:
    """Quotes inside marks attributed after or before them, or standing as a whole paragraph."""
    records: list[QuoteRecord] = []
    para_starts = [p.start for p in paras]
    previous: tuple[Attribution, int] | None = None  # last attribution and where its clause ends
    for open_at, start, end, close_end in marked_spans(text, paras):
        if any(r.start <= start and end <= r.end + 2 for r in taken):
            continue
        para_index = _paragraph_of(para_starts, open_at)
        para = paras[para_index]
        close_para = paras[_paragraph_of(para_starts, close_end - 1)]
        if CAPTION.search(text[para.start : close_para.end]):
            continue
        q_start, q_end = trim_quote(text, start, end)
        if q_end <= q_start:
            continue
        inner = text[q_start:q_end]
        # attribution after the closing mark: »…«, siger X.
        after = re.match(r"\s*[,]?\s+", text[close_end : close_para.end + 1])
        attribution = None
        if after:
            attribution = attribution_after(text, close_end + after.end(), close_para.end, lex)
        construction = "marked_attributed"
        if attribution is None:
            attribution = as_speaker_says(text, close_end, close_para.end, lex)
        if attribution is None:
            attribution = _introduced_by(text, paras, para_index, open_at, lex)
        if attribution is None:
            attribution = _called(text, para.start, open_at, lex)
        if attribution is None and previous is not None:
            # »A«, siger X, »B«.  /  »A«, siger X. »B«  -> B is X's too
            gap = text[previous[1] : open_at]
            if len(gap) < 40 and "\n" not in gap and previous[1] <= open_at:
                attribution = previous[0]
        if attribution is None:
            at_paragraph_start = text[para.start : open_at].strip() == ""
            ends_sentence = re.search(r"[.!?…]\s*$", text[start:end]) or text[
                close_end : close_para.end
            ].strip() in {"", "."}
            question = inner.rstrip().endswith("?")
            if (
                at_paragraph_start
                and ends_sentence
                and not question
                and _word_count(inner) >= MIN_UNATTRIBUTED_WORDS
            ):
                records.append(
                    QuoteRecord(q_start, q_end, "direct", "marked_layout", paragraph=para_index)
                )
            continue
        if _word_count(inner) < 3 and attribution.phrase is None:
            continue
        records.append(_attributed(q_start, q_end, construction, attribution, para_index))
        clause_end = (
            attribution.phrase.end
            if attribution.cue_start > close_end and attribution.phrase is not None
            else close_end
        )
        previous = (attribution, _clause_stop(text, clause_end, close_para.end))
    return records


def _clause_stop(text: str, start: int, limit: int) -> int:
    """Where an attribution clause after a quote stops: before the next quote mark or at `.`."""
    for index in range(start, limit):
        if text[index] in '»“"':
            return index
        if text[index] in ",." and index > start:
            return index + 1
    return limit


NAME_AT_START = re.compile(r"[A-ZÆØÅ][\w-]+(?: [A-ZÆØÅ][\w.-]+)+")
AS_SAYS = re.compile(r"\s*,?\s*som\s+")
CALLING = re.compile(
    r"(?<![\w-])(?:kalder|kaldte|kaldt|betegner|betegnede|beskriver|beskrev)(?![\w-])"
)


def as_speaker_says(text: str, start: int, limit: int, lex: Lexicons) -> Attribution | None:
    """`”…”, som hun siger.` / `»…«, som ministeren udtrykte det.`"""
    opening = AS_SAYS.match(text, start, limit)
    if not opening:
        return None
    clause_end = min(limit, opening.end() + 120)
    cue = re.search(
        rf"(?<![\w-])(?:{lex.speech_pattern})(?![\w-])", text[opening.end() : clause_end]
    )
    if not cue or cue.group(0).lower() not in lex.speech_forms:
        return None
    cue_start = opening.end() + cue.start()
    phrase = analyse_phrase(text, opening.end(), cue_start, lex)
    if phrase is None or phrase.kind == "description" and not plausible_description(phrase, lex):
        return None
    return Attribution(cue.group(0), cue_start, phrase, None, opening.end() + cue.end())


def _called(text: str, para_start: int, open_at: int, lex: Lexicons) -> Attribution | None:
    """`X kalder situationen 'alvorlig'`: the quoted word is X's (Decision 3)."""
    stop = text.rfind(". ", para_start, open_at)
    sentence_start = stop + 2 if stop >= 0 else para_start
    cues = list(CALLING.finditer(text, sentence_start, open_at))
    if not cues or open_at - cues[-1].end() > 60:
        return None
    cue = cues[-1]
    phrase = subject_before(text, sentence_start, cue.start(), lex)
    if phrase is None:
        return None
    return Attribution(cue.group(0), cue.start(), phrase, None, open_at)


def _introduced_by(
    text: str, paras: list[Block], para_index: int, open_at: int, lex: Lexicons
) -> Attribution | None:
    """`X siger:` right before the opening mark, or a previous paragraph ending in `:`."""
    para = paras[para_index]
    before = text[para.start : open_at].rstrip()
    if before.endswith(":"):
        sentence_start = (
            max(before.rfind(". ") + 2, 0) + para.start if ". " in before else para.start
        )
        found = attribution_before(text, sentence_start, para.start + len(before), lex)
        return found or _name_label(text, sentence_start, para.start + len(before) - 1, lex)
    if not before and para_index > 0:
        previous = paras[para_index - 1]
        prev_text = text[previous.start : previous.end]
        if prev_text.endswith(":"):
            last_stop = max(prev_text.rfind(". "), prev_text.rfind("? "), prev_text.rfind("! "))
            sentence_start = previous.start + (last_stop + 2 if last_stop >= 0 else 0)
            found = attribution_before(text, sentence_start, previous.end, lex)
            return found or _name_label(text, sentence_start, previous.end - 1, lex)
    return None


def _name_label(text: str, start: int, colon: int, lex: Lexicons) -> Attribution | None:
    """`Anne Hansen, borgmester (S):` introducing a quote in a collection (Decision 2)."""
    label = text[start:colon].strip()
    if not label or len(label.split()) > 8 or not NAME_AT_START.match(label):
        return None
    offset = start + (len(text[start:colon]) - len(text[start:colon].lstrip()))
    name = NAME_AT_START.match(label).group(0)
    if not is_name_word(name.split()[0], lex):
        return None
    phrase = analyse_phrase(text, offset, offset + len(name), lex)
    if phrase is None or phrase.kind != "name":
        return None
    return Attribution(None, colon, phrase, None, colon + 1)


def _paragraph_of(starts: list[int], position: int) -> int:
    """Index of the paragraph holding `position`."""
    low, high = 0, len(starts) - 1
    result = 0
    while low <= high:
        mid = (low + high) // 2
        if starts[mid] <= position:
            result = mid
            low = mid + 1
        else:
            high = mid - 1
    return result


VOX_POP_HEADER = re.compile(
    r"^(?P<name>[A-ZÆØÅ][\w-]+(?: [A-ZÆØÅ][\w-]+)+), (?:\d{1,3} år|\d{1,3}-årig)\b"
)
FIRST_PERSON = re.compile(r"\b(?:jeg|vi|mig|os|min|mit|mine|vores)\b", re.IGNORECASE)


def vox_pop_quotes(text: str, paras: list[Block], taken: list[QuoteRecord]) -> list[QuoteRecord]:
    """Vox pops: paragraphs in the first person under a `Name, 22 år, …` line (Decision 2)."""
    records: list[QuoteRecord] = []
    speaker_name = None
    for index, para in enumerate(paras):
        body = text[para.start : para.end]
        header = VOX_POP_HEADER.match(body)
        if header and not body.rstrip().endswith((".", "!", "?")):
            speaker_name = (header.group("name"), para.start + header.start("name"))
            continue
        if speaker_name is None:
            continue
        if (
            any(q.start < para.end and para.start < q.end for q in taken)
            or starts_with_dash(text, para) is not None
        ):
            continue
        if not FIRST_PERSON.search(body) or _word_count(body) < MIN_UNATTRIBUTED_WORDS:
            speaker_name = None if _word_count(body) > 3 else speaker_name
            continue
        start, end = trim_quote(text, para.start, para.end)
        record = QuoteRecord(start, end, "direct", "marked_layout", paragraph=index)
        name, name_start = speaker_name
        record.phrase = Phrase(name, name_start, name_start + len(name), "name", name, name_start)
        records.append(record)
    return records


SIGNATURE = re.compile(
    r"^(?P<name>[A-ZÆØÅ][\w-]+(?: [A-ZÆØÅ][\w.-]+)+),\s+[\w -]+(?:,\s*[\w ().-]+)?$"
)
TRAILING_SIGNATURE = re.compile(
    r"(?<=[a-zæøå.!?])\s+(?P<name>[A-ZÆØÅ][\w-]+(?: [A-ZÆØÅ][\w-]+)+),"
    r"\s+[a-zæøå][\w -]*(?:\s*\([A-ZÆØÅ]{1,2}\))?$"
)


def signed_quotes(text: str, paras: list[Block], taken: list[QuoteRecord]) -> list[QuoteRecord]:
    """Quote-collection items: a first-person paragraph signed `Name, role[, party]`
    on the next line or at its own end, without final punctuation (Decision 2)."""
    records: list[QuoteRecord] = []
    for index, para in enumerate(paras):
        body = text[para.start : para.end]
        if any(q.start < para.end and para.start < q.end for q in taken):
            continue
        if not FIRST_PERSON.search(body) or _word_count(body) < MIN_UNATTRIBUTED_WORDS:
            continue
        name = None
        end = para.end
        following = paras[index + 1] if index + 1 < len(paras) else None
        signature = SIGNATURE.match(text[following.start : following.end]) if following else None
        if signature and not text[following.start : following.end].endswith((".", "!", "?")):
            name = (signature.group("name"), following.start)
        else:
            trailing = TRAILING_SIGNATURE.search(body)
            if trailing and trailing.start() > 0:
                name = (trailing.group("name"), para.start + trailing.start("name"))
                end = para.start + trailing.start()
        if name is None:
            continue
        start, stop = trim_quote(text, para.start, end)
        if stop <= start:
            continue
        record = QuoteRecord(start, stop, "direct", "marked_layout", paragraph=index)
        record.phrase = Phrase(name[0], name[1], name[1] + len(name[0]), "name", name[0], name[1])
        records.append(record)
    return records
