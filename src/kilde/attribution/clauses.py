"""Attribution clauses: `, siger hun.` after a quote, `X siger:` before one, subjects of cues."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kilde.attribution.lexicon import Lexicons, word_class
from kilde.attribution.phrases import (
    NAME_RE,
    Phrase,
    analyse_phrase,
    is_name_word,
    medium_after,
    phrase_after,
    words_with_offsets,
)
from kilde.attribution.text import is_sentence_end

LEADING_ADVERBS = word_class("leading_adverbs")
AUXILIARIES = word_class("auxiliaries")
FRONTED_PREPOSITIONS = word_class("fronted_prepositions")
FINITE_AUXILIARIES = word_class("finite_auxiliaries")
PHRASE_PREPOSITIONS = word_class("phrase_prepositions")
SUBORDINATORS = word_class("subordinators")
CLAUSE_OPENERS = word_class("clause_openers")
GROUP_QUANTIFIERS = word_class("group_quantifiers")


@dataclass
class Attribution:
    """A cue with its speaker phrase and medium, and where the clause ends."""

    cue: str | None
    cue_start: int
    phrase: Phrase | None
    medium: str | None
    end: int


@lru_cache(maxsize=4)
def _cue_word_regex(speech_pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{speech_pattern})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4)
def _cue_with_negation_regex(speech_pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?P<cue>{speech_pattern})\b(?P<neg>\s+ikke)?", re.IGNORECASE)


@lru_cache(maxsize=4)
def _after_pattern(cue_pattern: str) -> re.Pattern[str]:
    return re.compile(
        rf"\s*(?P<cue>(?:{cue_pattern}))(?P<neg>\s+ikke)?(?P<det>\s+det(?P<between>(?:\s+[\wæøå-]+){{0,6}}?)\s+(?:fra|hos))?(?=\s)",
        re.IGNORECASE,
    )


def attribution_after(
    text: str, start: int, limit: int, lex: Lexicons, manner_ok: bool = True
) -> Attribution | None:
    """The inverted attribution clause at `start` (`siger hun til DR.`), if there is one."""
    match = _after_pattern(lex.cue_pattern).match(text, start, limit)
    if not match:
        return None
    cue_word = match.group("cue")
    low = cue_word.lower()
    if low in {"lyder", "lød"} and not match.group("det"):
        return None
    if not manner_ok and low not in lex.speech_forms:
        return None
    if low not in lex.speech_forms and low not in lex.manner_forms:
        return None
    phrase = phrase_after(text, match.end(), limit, lex)
    if phrase is None:
        return None
    if phrase.kind == "description" and not plausible_description(phrase, lex):
        return None
    if low in lex.manner_forms and low not in lex.speech_forms and phrase.kind == "description":
        return None
    medium, medium_end = medium_after(text, phrase.end, limit, lex)
    if medium is None and match.group("det") and match.group("between").strip():
        medium, _ = medium_after(text, match.start("between"), match.end("between"), lex)
    cue = cue_word + (match.group("neg") or "")
    clause_end = clause_end_after(text, max(phrase.end, medium_end), limit)
    return Attribution(cue.strip(), match.start("cue"), phrase, medium, clause_end)


def plausible_description(phrase: Phrase, lex: Lexicons) -> bool:
    """A description that can be a speaker: has a role, a known source head, or a determiner."""
    words = phrase.text.lower().split()
    if not words or words[0] in {"det", "der", "at", "som", "sig", "ham", "hende", "dem", "os"}:
        return False
    if words[0] in GROUP_QUANTIFIERS or words[:2] == ["de", "fleste"]:
        return len(words) <= 5  # an unnamed group: "mange", "flere af beboerne"
    prepositions = [i for i, w in enumerate(words) if w in PHRASE_PREPOSITIONS and i > 0]
    head = words[prepositions[0] - 1] if prepositions else words[-1]  # "en kilde i ministeriet"
    if (
        phrase.role
        or lex.head_in(head, lex.anonymous_heads)
        or lex.head_in(head, lex.document_heads)
    ):
        return True
    if re.fullmatch(r"\d+-årige", head):
        return True
    return head.endswith(("et", "en", "ne", "erne")) and len(words) <= 4


def clause_end_after(text: str, start: int, limit: int) -> int:
    """The end of the attribution clause: the next full stop, `:` or paragraph end."""
    index = start
    while index < limit:
        char = text[index]
        if char == ":" or char in "!?" or char == "." and is_sentence_end(text, index):
            return index + 1
        if char == "\n":
            return index
        index += 1
    return limit


def subject_before(text: str, clause_start: int, cue_start: int, lex: Lexicons) -> Phrase | None:
    """The subject of a cue from the words before it (`Borgmester Anne Holm (S) mener`).

    Tries, in order: a relative `…, X, der siger`; a coordinated `siger X og slår fast`;
    the last comma clause when it opens with a pronoun or name (`…, hvor hun påpeger`);
    a V2 sentence with a fronted adverbial (`Under mødet har X sagt`); the sentence's
    opening noun phrase up to the first comma.
    """
    words = words_with_offsets(text, clause_start, cue_start)
    while words and words[-1][0].lower() in AUXILIARIES:
        words.pop()
    if not words:
        return None
    last_word, last_start, _ = words[-1]
    before_last = text[clause_start:last_start].rstrip()
    if last_word.lower() in {"der", "som"} and before_last.endswith(","):
        return _antecedent(text, clause_start, clause_start + len(before_last) - 1, lex)
    if last_word.lower() == "og" and len(words) > 2:
        coordinated = _coordinated_subject(text, words[0][1], last_start, lex)
        if coordinated is not None:
            return coordinated
    comma = text.rfind(",", clause_start, cue_start)
    if comma > clause_start and not [w for w in words if w[1] > comma]:
        # "…, og Per Dam, der er formand, har udtalt": skip the relative clause
        relatives = list(re.finditer(r",\s+(?:der|som)\s", text[clause_start:comma]))
        if relatives:
            found = _antecedent(text, clause_start, clause_start + relatives[-1].start(), lex)
            if (
                found is not None
                and found.kind == "name"
                and found.name
                and len(found.name.split()) >= 2
                and not lex.is_organization_name(found.name)
            ):
                return found
    if comma > clause_start:
        tail = [w for w in words if w[1] > comma]
        while tail and tail[0][0].lower() in SUBORDINATORS | LEADING_ADVERBS | CLAUSE_OPENERS:
            tail.pop(0)
        if tail and tail[0][0].lower() in {"han", "hun"}:
            return analyse_phrase(text, tail[0][1], tail[0][2], lex)
        if tail and (
            is_name_word(tail[0][0], lex)
            or lex.title_of(tail[0][0])
            and len(tail) > 1
            and is_name_word(tail[1][0], lex)
        ):
            phrase = analyse_phrase(text, tail[0][1], tail[-1][2], lex)
            if phrase is not None and phrase.kind == "name":
                return phrase
        if tail and len(tail) <= 4:
            phrase = analyse_phrase(text, tail[0][1], tail[-1][2], lex)
            if (
                phrase is not None
                and phrase.kind == "description"
                and plausible_description(phrase, lex)
            ):
                return phrase  # "…, og selskabet oplyser, at"
    while (
        words
        and words[0][0].lower() in LEADING_ADVERBS
        and len(words) > 1
        and not _locative_phrase(words)
    ):
        words.pop(0)
    # V2: a fronted adverbial, then the finite verb, then the subject
    if words[0][0].lower() in FRONTED_PREPOSITIONS:
        aux = next((i for i, w in enumerate(words) if w[0].lower() in FINITE_AUXILIARIES), None)
        if aux is None or aux + 1 >= len(words):
            return None
        words = words[aux + 1 :]
    else:
        # "X har på et møde mandag slået fast": the subject stands before the finite verb
        aux = next(
            (i for i, w in enumerate(words) if i > 0 and w[0].lower() in FINITE_AUXILIARIES), None
        )
        if aux is not None:
            words = words[:aux]
    first = words[0][0]
    if first.lower() in {"han", "hun"} or len(words) == 1 and first.lower() in {"de", "vi"}:
        return analyse_phrase(text, words[0][1], words[0][2], lex)
    start = words[0][1]
    end = words[-1][2]
    first_comma = text.find(",", start, end)
    if first_comma > 0:
        end = first_comma
    chunk = [w for w in words if w[2] <= end]
    if not chunk or len(chunk) > 8:
        return None
    phrase = analyse_phrase(text, start, end, lex)
    if phrase and phrase.kind == "description" and phrase.role and first_comma > 0:
        # apposition: "kontorchef i ministeriet, Ida Berg, har sagt"
        apposition = NAME_RE.match(
            text,
            first_comma
            + 1
            + (len(text[first_comma + 1 :]) - len(text[first_comma + 1 :].lstrip())),
        )
        if (
            apposition
            and is_name_word(apposition.group(0).split()[0], lex)
            and apposition.end() <= cue_start
        ):
            named = analyse_phrase(text, apposition.start(), apposition.end(), lex)
            if named is not None and named.kind == "name":
                named.role, named.role_gender = phrase.role, phrase.role_gender
                return named
    if phrase and phrase.kind == "description" and len(chunk) > 6:
        return None
    if (
        phrase
        and phrase.kind == "name"
        and phrase.name
        and phrase.name.lower().split()[0] in lex.stopwords
    ):
        return None
    if phrase and phrase.kind == "description" and not plausible_description(phrase, lex):
        return None
    return phrase


def _locative_phrase(words: list[tuple[str, int, int]]) -> bool:
    """Do the words open with a prepositional phrase of place (`I Parwan`, `i byen`) rather
    than a time adverbial (`i dag`, `i går`)? Its noun is never the subject."""
    return (
        len(words) > 1
        and words[0][0].lower() in FRONTED_PREPOSITIONS
        and words[1][0].lower() not in LEADING_ADVERBS | AUXILIARIES
    )


def opens_with_fronted_adverbial(text: str, clause_start: int, cue_start: int) -> bool:
    """`I Parwan frygter mange, at`: only a fronted adverbial stands before the cue, so the
    cue is the finite verb and the subject follows it (V2)."""
    words = words_with_offsets(text, clause_start, cue_start)
    return (
        bool(words)
        and words[0][0].lower() in FRONTED_PREPOSITIONS
        and "," not in text[clause_start:cue_start]
        and not any(w[0].lower() in FINITE_AUXILIARIES for w in words)
    )


def _antecedent(text: str, floor: int, comma: int, lex: Lexicons) -> Phrase | None:
    """The noun phrase a relative `der`/`som` refers to: the last name before the comma."""
    names = [
        n for n in NAME_RE.finditer(text, floor, comma) if is_name_word(n.group(0).split()[0], lex)
    ]
    if names and names[-1].end() >= comma - 1:
        last = names[-1]
        return analyse_phrase(text, last.start(), last.end(), lex)
    inner_comma = text.rfind(",", floor, comma)
    words = words_with_offsets(text, max(floor, inner_comma + 1), comma)[-4:]
    cut = max(
        (i for i, w in enumerate(words) if w[0].lower() in lex.stopwords | set(lex.speech_forms)),
        default=-1,
    )
    words = words[cut + 1 :] if cut < len(words) - 1 else []  # "lyder det fra direktøren"
    if words:
        phrase = analyse_phrase(text, words[0][1], words[-1][2], lex)
        if phrase and phrase.kind == "description" and plausible_description(phrase, lex):
            return phrase
    if names:
        last = names[-1]
        return analyse_phrase(text, last.start(), last.end(), lex)
    return None


def _coordinated_subject(text: str, start: int, og_start: int, lex: Lexicons) -> Phrase | None:
    """`…, siger X og slår fast, at`: the speaker of the attribution before `og`."""
    pattern = _cue_word_regex(lex.speech_pattern)
    cues = list(pattern.finditer(text, start, og_start))
    if not cues:
        return None
    phrase = phrase_after(text, cues[-1].end(), og_start, lex)
    if phrase is not None and phrase.kind in {"pronoun", "name"}:
        return phrase
    if phrase is not None and plausible_description(phrase, lex):
        return phrase
    return None


def attribution_before(
    text: str, clause_start: int, clause_end: int, lex: Lexicons
) -> Attribution | None:
    """A clause introducing a quote (`… meddelte X i en erklæring:`)."""
    pattern = _cue_with_negation_regex(lex.speech_pattern)
    matches = list(pattern.finditer(text, clause_start, clause_end))
    for match in reversed(matches):
        cue = match.group("cue")
        if cue.lower() not in lex.speech_forms:
            continue
        phrase = phrase_after(text, match.end(), clause_end, lex)
        if (
            phrase is not None
            and phrase.kind == "description"
            and not plausible_description(phrase, lex)
        ):
            phrase = None
        if phrase is None:
            phrase = subject_before(
                text, _clause_start(text, clause_start, match.start()), match.start(), lex
            )
            after_end = match.end()
        else:
            after_end = phrase.end
        medium, _ = medium_after(text, after_end, clause_end, lex)
        return Attribution(
            cue + (match.group("neg") or ""), match.start(), phrase, medium, clause_end
        )
    return None


def _clause_start(text: str, floor: int, position: int) -> int:
    """Start of the sentence holding `position` (not before `floor`)."""
    index = position - 1
    while index > floor:
        if text[index] in ".!?" and is_sentence_end(text, index) or text[index] == "\n":
            return index + 1
        index -= 1
    return floor
