"""The attribution pipeline over one Doc: find quotes, reconcile overlaps, resolve speakers."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from kilde.attribution.clauses import attribution_before
from kilde.attribution.direct import dash_quotes, marked_quotes, signed_quotes, vox_pop_quotes
from kilde.attribution.indirect import (
    Sentence,
    at_clauses,
    det_siger,
    ifolge_quotes,
    trailing_attribution,
)
from kilde.attribution.lexicon import Lexicons, lexicons
from kilde.attribution.phrases import Phrase
from kilde.attribution.records import QuoteRecord, SpanIndex
from kilde.attribution.speakers import EntityRegistry, SpeakerResolver
from kilde.attribution.text import paragraphs, sentences, starts_with_dash, trim_quote


def find_quotes(doc: Doc) -> list[QuoteRecord]:
    """All quotes of the Doc, attributed, in text order, never overlapping."""
    text = doc.text
    lex = lexicons()
    paras = paragraphs(text)
    sents = [Sentence(s.start, s.end, i) for i, p in enumerate(paras) for s in sentences(text, p)]
    direct = dash_quotes(text, paras, lex)
    direct += marked_quotes(text, paras, lex, direct)
    direct += vox_pop_quotes(text, paras, direct)
    direct += signed_quotes(text, paras, direct)
    indirect: list[QuoteRecord] = []
    pointing_back = []
    for index, sentence in enumerate(sents):
        attribution = det_siger(text, sentence, lex)
        if attribution is not None:
            pointing_back.append((index, attribution))
            # the sentence may hold an at-clause too: "Det siger X, der tilføjer, at"
            indirect += at_clauses(text, sentence, lex, doc)
            continue
        found = at_clauses(text, sentence, lex, doc)
        if not found:
            trailing = trailing_attribution(text, sentence, lex)
            found = [trailing] if trailing else []
        found += ifolge_quotes(text, sentence, lex, doc)
        indirect += found
    direct, indirect = _reconcile(direct, indirect)
    quotes = direct + indirect
    for index, attribution in pointing_back:
        _attach_pointing_back(text, sents, index, attribution, quotes, lex)
    quotes = _merge_relays(quotes, lex)
    quotes = _drop_duplicates(text, quotes)
    quotes.sort(key=lambda q: q.start)
    _resolve(text, doc, paras, quotes, lex)
    return [q for q in quotes if q.end > q.start]


def _reconcile(
    direct: list[QuoteRecord], indirect: list[QuoteRecord]
) -> tuple[list[QuoteRecord], list[QuoteRecord]]:
    """Partial quotes in an at-clause stay indirect; reported speech inside direct quotes goes.

    Runs in O(n log n): the deduplicated indirect quotes are sorted and disjoint, so the one
    that may host a marked quote is found by bisection.
    """
    indirect = _dedupe_indirect(indirect)
    starts = [r.start for r in indirect]
    absorbed: set[int] = set()
    kept_direct = []
    for quote in direct:
        slot = bisect_right(starts, quote.start) - 1
        host = indirect[slot] if slot >= 0 and quote.construction.startswith("marked") else None
        if host is None or id(host) in absorbed or quote.end > host.end + 1:
            kept_direct.append(quote)
            continue
        if (quote.end - quote.start) >= 0.9 * (host.end - host.start):
            if quote.phrase is None:
                quote.phrase, quote.cue, quote.cue_start, quote.medium = (
                    host.phrase,
                    host.cue,
                    host.cue_start,
                    host.medium,
                )
                quote.construction = "marked_attributed"
            quote.relay = quote.relay or host.relay
            absorbed.add(id(host))
            kept_direct.append(quote)
    direct_spans = SpanIndex(kept_direct)
    kept_indirect = []
    for quote in indirect:
        if id(quote) in absorbed:
            continue
        anchor = quote.cue_start if quote.cue_start is not None else quote.start
        if not (direct_spans.covers(anchor) or direct_spans.overlaps(quote.start, quote.end)):
            kept_indirect.append(quote)
    return kept_direct, kept_indirect


def _dedupe_indirect(quotes: list[QuoteRecord]) -> list[QuoteRecord]:
    """Overlapping indirect quotes: an `ifølge X` inside a cued clause becomes its relay
    (`X mener ifølge mediet, at …`); otherwise the earlier, longer quote stays.

    Returns disjoint quotes sorted by start (kept so, the checks are by bisection).
    """
    cued = [q for q in quotes if q.construction != "ifolge"]
    relays = [q for q in quotes if q.construction == "ifolge"]
    kept: list[QuoteRecord] = []
    for quote in sorted(cued, key=lambda q: (q.start, -(q.end - q.start))):
        # kept is disjoint and sorted, so only its last quote can reach this far
        if not kept or not kept[-1].overlaps(quote):
            kept.append(quote)
    starts = [k.start for k in kept]
    for relay in relays:
        slot = bisect_right(starts, relay.start)
        neighbours = [kept[i] for i in (slot - 1, slot) if 0 <= i < len(kept)]
        host = next((k for k in neighbours if k.overlaps(relay)), None)
        if host is None:
            kept.insert(slot, relay)
            starts.insert(slot, relay.start)
        else:
            host.relay = relay  # settled in _merge_relays
    return kept


def _attach_pointing_back(
    text: str,
    sents: list[Sentence],
    index: int,
    attribution,
    quotes: list[QuoteRecord],
    lex: Lexicons,
) -> None:
    """`Det siger X.`: attribute the sentence before (a new quote or an unattributed one)."""
    if index == 0:
        return
    target = sents[index - 1]
    if sents[index].paragraph - target.paragraph > 1:
        return
    holders = [q for q in quotes if q.start < target.end and target.start < q.end]
    if holders:
        for quote in holders:
            if quote.phrase is None:
                quote.phrase, quote.cue, quote.cue_start, quote.medium = (
                    attribution.phrase,
                    attribution.cue,
                    attribution.cue_start,
                    attribution.medium,
                )
                quote.construction = "det_siger" if quote.kind == "indirect" else "dash_attributed"
                _spread_to_run(quotes, quote)
            elif _is_medium(attribution.phrase, lex) and not _is_outlet(quote.phrase, lex):
                quote.relay = attribution.phrase
        return
    start, end = trim_quote(text, target.start, target.end)
    if len(re.findall(r"\w+", text[start:end])) < 3:
        return
    quotes.append(
        QuoteRecord(
            start,
            end,
            "indirect",
            "det_siger",
            attribution.phrase,
            attribution.cue,
            attribution.cue_start,
            attribution.medium,
            paragraph=target.paragraph,
        )
    )


def _spread_to_run(quotes: list[QuoteRecord], attributed: QuoteRecord) -> None:
    """Dash paragraphs before an attribution given once share it (run of one speaker)."""
    if attributed.kind != "direct":
        return
    run = sorted(
        (
            q
            for q in quotes
            if q.kind == "direct" and q.construction == "dash_run" and q.phrase is None
        ),
        key=lambda q: q.paragraph,
    )
    paragraph = attributed.paragraph
    for quote in reversed(run):
        if quote.paragraph == paragraph - 1:
            quote.phrase, quote.cue, quote.medium = (
                attributed.phrase,
                attributed.cue,
                attributed.medium,
            )
            paragraph -= 1


def _is_outlet(phrase: Phrase | None, lex: Lexicons) -> bool:
    return bool(phrase and phrase.kind == "name" and phrase.name in lex.outlets)


def _merge_relays(quotes: list[QuoteRecord], lex: Lexicons) -> list[QuoteRecord]:
    """`Ifølge myndighederne …, skriver AFP`: one quote by the original source, via the outlet."""
    for quote in quotes:
        other = quote.relay
        if not isinstance(other, QuoteRecord):
            continue
        quote.relay = None
        mine, theirs = quote.phrase, other.phrase
        if _is_outlet(mine, lex) and theirs is not None and not _is_medium(theirs, lex):
            quote.phrase, quote.cue, quote.cue_start = theirs, other.cue, other.cue_start
            quote.relay = mine
            # the reported words: without `Ifølge X` and without `, skriver Y`
            quote.start, quote.end = max(quote.start, other.start), min(quote.end, other.end)
        elif _is_medium(theirs, lex) and mine is not None and not _is_outlet(mine, lex):
            quote.relay = theirs
    return quotes


def _is_medium(phrase: Phrase | None, lex: Lexicons) -> bool:
    """An outlet name or a description of one (`mediet`, `avisen`)."""
    if _is_outlet(phrase, lex):
        return True
    return bool(
        phrase
        and phrase.kind == "description"
        and phrase.text.lower().endswith(
            ("avisen", "mediet", "stationen", "bureauet", "kanalen", "dagbladet")
        )
    )


def _drop_duplicates(text: str, quotes: list[QuoteRecord]) -> list[QuoteRecord]:
    """Unattributed repeats of words quoted elsewhere (pull quotes) are layout, not quotes."""
    kept = []
    for quote in quotes:
        if quote.phrase is None and quote.construction == "marked_layout":
            words = set(re.findall(r"\w+", text[quote.start : quote.end].lower()))
            duplicate = any(
                other is not quote
                and len(words & set(re.findall(r"\w+", text[other.start : other.end].lower())))
                >= 0.8 * len(words)
                for other in quotes
            )
            if duplicate:
                continue
        kept.append(quote)
    return kept


def _resolve(text: str, doc: Doc, paras, quotes: list[QuoteRecord], lex: Lexicons) -> None:
    """Resolve speakers in text order; quotes without attribution inherit from their run."""
    registry = EntityRegistry(text, doc, lex)
    resolver = SpeakerResolver(registry, lex)
    last: QuoteRecord | None = None
    previous_speaker: dict | None = None
    for index, quote in enumerate(quotes):
        if quote.phrase is not None and quote.phrase.text.lower() == "de":
            group = _plural_antecedent(quotes[:index])
            quote.speaker = dict(group) if group else resolver.resolve(quote.phrase)
        elif quote.phrase is not None:
            quote.speaker = resolver.resolve(quote.phrase)
        else:
            source = _run_source(text, paras, quotes, index, lex)
            if source is not None and source.phrase is not None:
                if source.speaker is None:
                    source.speaker = resolver.resolve(source.phrase)
                quote.speaker = dict(source.speaker)
                quote.cue, quote.medium = source.cue, source.medium
            else:
                attribution = _introduction(text, paras, quote, lex)
                if attribution is not None and attribution.phrase is not None:
                    quote.speaker = resolver.resolve(attribution.phrase)
                    quote.cue, quote.medium = attribution.cue, attribution.medium
                elif quote.kind == "indirect" and previous_speaker is not None:
                    quote.speaker = dict(previous_speaker)  # "…, lyder det."
                elif last is not None and last.speaker and last.speaker.get("type") == "person":
                    quote.speaker = dict(last.speaker)
                    if quote.construction == "dash_run":
                        quote.construction = "dash_fallback"
                    quote.cue, quote.medium = None, None
                else:
                    person = registry.most_mentioned_person(quote.start)
                    quote.speaker = resolver.speaker_of(person, None) if person else None
                    quote.cue, quote.medium = None, None
        if quote.speaker and quote.speaker.get("type") == "person":
            last = quote
        if quote.speaker and quote.speaker.get("name"):
            previous_speaker = quote.speaker
    registry.infer_genders([(q.start, q.end) for q in quotes if q.kind == "direct"])
    for quote in quotes:
        if isinstance(quote.relay, Phrase):
            relay = resolver.resolve(quote.relay)
            quote.via = relay.get("name") if relay.get("type") == "organization" else None
        _finalise_speaker(quote, registry)


def _plural_antecedent(earlier: list[QuoteRecord]) -> dict | None:
    """`siger de`: the group that spoke in one of the last quotes (`A og B`, `forældrene`)."""
    for quote in reversed(earlier[-3:]):
        speaker = quote.speaker or {}
        name = speaker.get("name") or ""
        plural_description = speaker.get("type") == "anonymous" and re.search(
            r"(?:erne|ene|ere|er)$", name
        )
        if " og " in name or plural_description:
            return speaker
    return None


def _run_source(
    text: str, paras, quotes: list[QuoteRecord], index: int, lex: Lexicons
) -> QuoteRecord | None:
    """The attributed dash quote of the same run of consecutive dash paragraphs."""
    quote = quotes[index]
    if quote.kind != "direct" or quote.construction not in {"dash_run", "dash_attributed"}:
        return None
    by_paragraph = {
        q.paragraph: q for q in quotes if q.kind == "direct" and q.construction.startswith("dash")
    }
    paragraph = quote.paragraph - 1
    while paragraph in by_paragraph:
        candidate = by_paragraph[paragraph]
        if candidate.phrase is not None or candidate.speaker:
            return candidate
        paragraph -= 1
    paragraph = quote.paragraph + 1
    while paragraph in by_paragraph and starts_with_dash(text, paras[paragraph]) is not None:
        candidate = by_paragraph[paragraph]
        if candidate.phrase is not None:
            return candidate
        paragraph += 1
    return None


def _introduction(text: str, paras, quote: QuoteRecord, lex: Lexicons):
    """A previous paragraph ending in `:` that introduces the quote (`Hun siger:`)."""
    if quote.paragraph <= 0:
        return None
    previous = paras[quote.paragraph - 1]
    intro = text[previous.start : previous.end].rstrip()
    if not intro.endswith(":") and not re.search(r"\bfølgende\b[^.!?]*[.!?]?$", intro):
        return None
    body = text[previous.start : previous.end]
    last_stop = max(body.rfind(". "), body.rfind("? "), body.rfind("! "))
    start = previous.start + (last_stop + 2 if last_stop >= 0 else 0)
    return attribution_before(text, start, previous.end, lex)


def _finalise_speaker(quote: QuoteRecord, registry: EntityRegistry) -> None:
    """Refresh name, gender and role from the entity (later mentions may have added evidence)."""
    speaker = quote.speaker
    if not speaker:
        quote.speaker = {
            "name": None,
            "type": "unknown",
            "role": None,
            "gender": None,
            "mention": None,
        }
        return
    if speaker.get("type") in {"person", "organization"} and speaker.get("name"):
        entity = registry.find(speaker["name"])
        if entity is not None and entity.type == speaker["type"]:
            speaker["name"] = entity.name
            if entity.type == "person":
                speaker["gender"] = entity.gender
                speaker["role"] = entity.role
