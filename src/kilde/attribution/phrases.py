"""Cutting speaker and medium phrases out of attribution clauses (character level).

A speaker phrase is what names the source next to a cue: a pronoun (`hun`), a name with
its title and party letters (`transportminister Thomas Danielsen (V)`), or a description
(`en talsmand`, `lokale myndigheder`, `ministeren`). Media follow as `til X`, `over for X`,
`i en erklæring`, `på Twitter`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kilde.attribution.lexicon import CAPITAL_WORD, Lexicons, word_class
from kilde.attribution.text import ABBREVIATIONS

PRONOUNS = {"han": "m", "hun": "f", "ham": "m", "hende": "f", "de": None, "vi": None, "den": None}
PARTY = r"\s*\((?:[A-ZÆØÅ]{1,3}|[A-ZÆØÅ][a-zæøå]{1,3})\)"
WORD = re.compile(r"[\w’'./-]+|\([^()\s]{1,4}\)")
TIME_WORDS = word_class("time_words")
STOP_AFTER_SPEAKER = word_class("stop_after_speaker")
DESCRIPTION_DETERMINERS = word_class("description_determiners")
GROUP_QUANTIFIERS = word_class("group_quantifiers")
PHRASE_PREPOSITIONS = word_class("phrase_prepositions")
NAME_PARTICLES = r"(?:von|van|der|den|de|da|di|du|la|le|bin|ibn|al|el|af)"
NAME_RE = re.compile(
    rf"(?<![\w-])(?:{CAPITAL_WORD})(?:[ \u00a0](?:{NAME_PARTICLES}[ \u00a0])?(?:{CAPITAL_WORD}))*"
)


@dataclass
class Phrase:
    """A speaker phrase found in the text."""

    text: str
    start: int
    end: int
    kind: str  # "pronoun" | "name" | "description"
    name: str | None = None  # for kind "name": the name without title/party
    name_start: int | None = None
    role: str | None = None
    role_gender: str | None = None


def words_with_offsets(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Words of text[start:end] with absolute offsets."""
    return [
        (m.group(0), start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])
    ]


DOMAIN = re.compile(r"[\w-]+\.(?:dk|com|no|se|de|org|net|eu|uk|fr|nu|io)", re.IGNORECASE)


def is_name_word(word: str, lex: Lexicons) -> bool:
    """Capitalised and not a function word; web outlets (`tv2.dk`) count as names."""
    if DOMAIN.fullmatch(word.rstrip(".")) or re.fullmatch(r"\d+[A-ZÆØÅ][\w-]*", word):
        return True  # "tv2.dk", "3F"
    return bool(word[:1].isupper()) and word.lower().strip(".") not in lex.stopwords


def outlet_at(text: str, position: int, lex: Lexicons) -> str | None:
    """The known outlet or channel name starting at `position` (`TV 2 Lorry`, `B.T.`), if any."""
    match = _outlet_regex(lex.outlet_pattern).match(text, position)
    return match.group(0) if match else None


@lru_cache(maxsize=2)
def _outlet_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})(?![\w])")


def phrase_after(text: str, start: int, limit: int, lex: Lexicons) -> Phrase | None:
    """The speaker phrase that follows a cue at `start` (inversion: `siger hun`, `siger X`)."""
    leading = re.match(r"\s*", text[start:limit])
    outlet = outlet_at(text, start + leading.end(), lex) if leading else None
    if outlet and not text[start + leading.end() + len(outlet) :][:1].isalnum():
        o_start = start + leading.end()
        return Phrase(outlet, o_start, o_start + len(outlet), "name", outlet, o_start)
    segment_end = segment_end_at(text, start, limit)
    words = words_with_offsets(text, start, segment_end)
    if not words:
        return None
    first, f_start, f_end = words[0]
    if (
        first.lower() in PRONOUNS
        and first.lower() != "den"
        and not (first.lower() == "de" and len(words) > 1 and words[1][0] in GROUP_QUANTIFIERS)
        or first.lower() == "den"
        and (
            len(words) == 1
            or words[1][0].lower() in STOP_AFTER_SPEAKER | TIME_WORDS
            and not _former_before_title(words, 1, lex)
        )
    ):  # "den" before a noun and "de" before a quantifier ("de fleste") are determiners
        return Phrase(first, f_start, f_end, "pronoun")
    taken: list[tuple[str, int, int]] = []
    seen_name = False
    for index, (word, w_start, w_end) in enumerate(words):
        low = word.lower()
        if word.startswith("("):
            if seen_name:
                taken.append((word, w_start, w_end))
                continue
            break
        if is_name_word(word, lex):
            seen_name = True
            taken.append((word, w_start, w_end))
            continue
        if (
            seen_name
            and taken
            and re.search(r"(?:'s|’s|s)$", taken[-1][0])
            and word[:1].islower()
            and low not in STOP_AFTER_SPEAKER
            and low not in TIME_WORDS
        ):
            seen_name = False  # a genitive: "Politikens redaktør", "Nordbankens økonom X"
            taken.append((word, w_start, w_end))
            continue
        if (
            low in {"og", "eller"}
            and taken
            and index + 1 < len(words)
            and is_name_word(words[index + 1][0], lex)
        ):
            taken.append((word, w_start, w_end))  # "siger A og B": one speaker "A og B"
            continue
        if seen_name and low in {"von", "van", "de", "der", "den", "la", "le", "bin", "al", "af"}:
            taken.append((word, w_start, w_end))
            continue
        if _former_before_title(words, index, lex):
            taken.append((word, w_start, w_end))  # "den tidligere minister": an adjective
            continue
        if seen_name or low in STOP_AFTER_SPEAKER or low in TIME_WORDS and taken:
            break
        if low in TIME_WORDS and not taken:
            continue  # "siger i dag ministeren"
        taken.append((word, w_start, w_end))
        if len(taken) > 8:
            break
    if not taken:
        return None
    phrase = analyse_phrase(text, taken[0][1], taken[-1][2], lex)
    if phrase and phrase.kind == "description" and phrase.role:
        next_comma = (
            segment_end_at(text, segment_end + 1, limit)
            if text[segment_end : segment_end + 1] == ","
            else segment_end
        )
        later = _person_name_in(text, phrase.end, next_comma, lex)
        if later is not None:
            return Phrase(
                text[phrase.start : later.end()],
                phrase.start,
                later.end(),
                "name",
                later.group(0),
                later.start(),
                with_complement(phrase.role, text[phrase.end : later.start()]),
                phrase.role_gender,
            )
    if phrase and phrase.kind == "description":
        apposition = re.match(rf",\s+({NAME_RE.pattern})(?:{PARTY})?", text[phrase.end : limit])
        name_ok = apposition and is_name_word(apposition.group(1).split()[0], lex)
        if name_ok and not phrase.role:  # "en af dem, Karina Post," needs a person-like name
            name_ok = (
                bool(lex.first_name_gender(apposition.group(1)))
                or len(apposition.group(1).split()) >= 2
                and not lex.is_organization_name(apposition.group(1))
            )
        if name_ok:
            name_start = phrase.end + apposition.start(1)
            return Phrase(
                text[phrase.start : phrase.end + apposition.end()],
                phrase.start,
                phrase.end + apposition.end(),
                "name",
                apposition.group(1),
                name_start,
                phrase.role,
                phrase.role_gender,
            )
    return phrase


def _person_name_in(text: str, start: int, end: int, lex: Lexicons) -> re.Match[str] | None:
    """A person's name in text[start:end] (`næstformand i 3F Anne Hansen`): one with a known
    first name, or a run of two or more capitalised words closing the clause."""
    runs = list(NAME_RE.finditer(text, start, end))
    for match in runs:
        words = match.group(0).split()
        for offset, word in enumerate(words):
            if word in lex.first_names and len(words) - offset >= 2:
                begin = match.start() + match.group(0).index(word)
                return NAME_RE.match(text, begin, match.end())
    if runs:
        last = runs[-1]
        words = last.group(0).split()
        if text[last.end() : end].strip(" )("):
            return None
        org_words = [i for i, w in enumerate(words) if lex.is_organization_name(w)]
        if org_words and len(words) - org_words[-1] - 1 >= 2:
            # "formand for Danmarks Lærerforening Gordon Ørskov Madsen": the person's name
            # follows the organisation's within one capitalised run
            word_starts = [m.start() for m in re.finditer(r"\S+", last.group(0))]
            return NAME_RE.match(text, last.start() + word_starts[org_words[-1] + 1], last.end())
        if len(words) >= 2 and not lex.is_organization_name(last.group(0)) and not org_words:
            return last
    return None


def _inner_dot(text: str, index: int) -> bool:
    """A dot inside an abbreviation or initial (`B.T.`, `A. P. Møller`, `tidl.`): no full stop."""
    if text[index + 1 : index + 2].isalnum() and text[index - 1 : index].isalnum():
        return True  # "tv2.dk", "B.T"
    word = re.search(r"([\w.]+)$", text[max(0, index - 8) : index])
    if (
        word
        and word.group(1).lower() in ABBREVIATIONS
        and text[index + 1 : index + 3].strip()[:1].islower()
    ):
        return True
    before = text[max(0, index - 3) : index]
    after = text[index + 1 : index + 3]
    return bool(re.search(r"(?:^|[\s.])[A-ZÆØÅ]$", before)) and (
        after[:1].isupper() or after[:1] == " " and after[1:2].isupper()
    )


SEGMENT_STOP = re.compile(r"[,.;:!?»«\"”\n]|\s[-–—]\s")


def segment_end_at(text: str, start: int, limit: int) -> int:
    """Where a clause starting at `start` stops: punctuation (not inside `B.T.`) or `limit`."""
    for match in SEGMENT_STOP.finditer(text, start, limit):
        if text[match.start()] == "." and _inner_dot(text, match.start()):
            continue
        return match.start()
    return limit


def _looks_like_person_name(name: str, lex: Lexicons) -> bool:
    return bool(lex.first_name_gender(name)) or len(name.split()) >= 2


def analyse_phrase(text: str, start: int, end: int, lex: Lexicons) -> Phrase | None:
    """Classify text[start:end] as pronoun, name (with title and party) or description."""
    words = words_with_offsets(text, start, end)
    while words and words[-1][0].lower() in TIME_WORDS | STOP_AFTER_SPEAKER | {"ikke", "selv"}:
        words.pop()
    while words and words[0][0].lower() in {"selv", "også", "ikke", "nu", "dog", "af"}:
        words.pop(0)
    if not words:
        return None
    start, end = words[0][1], words[-1][2]
    surface = text[start:end]
    if len(words) == 1 and words[0][0].lower() in PRONOUNS:
        return Phrase(surface, start, end, "pronoun")
    # the name: the first run of capitalised non-function words
    name_index = None
    for index, (word, _, _) in enumerate(words):
        if index == 0 and _common_noun(word, lex):
            continue
        if word.lower() in GROUP_QUANTIFIERS:
            continue  # "Mange", "Flere" opening a sentence: a group, not a name
        if (
            index == 0
            and len(words) > 1
            and words[1][0][:1].islower()
            and word not in lex.first_names
            and not lex.is_organization_name(word)
            and not re.search(r"(?:'s|’s|s)$", word)
        ):
            continue  # capitalised only as the sentence opens: "Ny rapport", "Lokale kilder"
        if is_name_word(word, lex) and not (
            index == 0 and lex.title_of(word) and len(words) > 1 and is_name_word(words[1][0], lex)
        ):
            name_index = index
            break
    prepositions = {"i", "fra", "hos", "på", "ved", "for", "af", "med", "til", "under", "om"}
    if name_index is not None and any(w.lower() in prepositions for w, _, _ in words[:name_index]):
        if lex.title_of(words[0][0]):
            # "kontorchef i Skatteministeriet Ida Berg": the last capitalised run
            index = len(words) - 1
            while (
                index > name_index
                and is_name_word(words[index - 1][0], lex)
                and not lex.is_organization_name(words[index - 1][0])
                and not (words[index][0] in lex.first_names and len(words) - index >= 2)
                and not (
                    re.search(r"(?:s|'s|’s)$", words[index - 1][0])
                    and words[index - 1][0] not in lex.first_names
                )
            ):
                index -= 1  # stop at a known first name or after a genitive organisation
            name_index = (
                index
                if is_name_word(words[index][0], lex)
                and index > name_index
                or len(words) - name_index >= 2
                else None
            )
        else:
            name_index = None  # "myndighederne i Chile": a description naming a place
    genitive = _genitive_before_name(words, name_index, lex) if name_index is not None else None
    if genitive is not None:
        name_index = genitive
    elif (
        name_index is not None
        and re.search(r"(?:'s|’s|s)$", words[name_index][0])
        and name_index + 1 < len(words)
        and words[name_index + 1][0][:1].islower()
        and not any(is_name_word(w, lex) for w, _, _ in words[name_index + 1 :])
    ):
        name_index = None  # "EU's landbrugsministre": a description
    if name_index is not None:
        name_words = []
        for word, w_start, w_end in words[name_index:]:
            if (
                is_name_word(word, lex)
                or word.lower()
                in {"von", "van", "de", "der", "la", "le", "bin", "al", "og", "eller"}
                and name_words
            ):
                name_words.append((word, w_start, w_end))
            else:
                break
        while name_words and name_words[-1][0].lower() in {
            "og",
            "eller",
            "von",
            "van",
            "de",
            "der",
            "la",
            "le",
        }:
            name_words.pop()
        if name_words:
            name_start, name_end = name_words[0][1], name_words[-1][2]
            name = (
                text[name_start:name_end].rstrip(".")
                if not re.search(r"\b[A-Z]\.[A-Z]\.$", text[name_start:name_end])
                else text[name_start:name_end]
            )
            name = re.sub(r"'s$|’s$", "", name)
            role, role_gender = role_before(words[:name_index], lex, complement=True)
            return Phrase(surface, start, end, "name", name, name_start, role, role_gender)
    role, role_gender = role_before(words, lex)
    return Phrase(surface, start, end, "description", None, None, role, role_gender)


def _common_noun(word: str, lex: Lexicons) -> bool:
    """A capitalised common noun (sentence start): `Politiet`, `Sygeplejerskerne`, `Avisen`."""
    low = word.lower()
    if low in lex.first_names or word in lex.outlets or word in lex.org_names and low != "politiet":
        return False
    return (
        lex.head_in(low, lex.anonymous_heads)
        or lex.head_in(low, lex.document_heads)
        or low in lex.org_descriptions
        or low.endswith(("erne", "ene"))
        and len(low) > 6
        or bool(lex.title_of(low))
    )


def _genitive_before_name(
    words: list[tuple[str, int, int]], name_index: int, lex: Lexicons
) -> int | None:
    """`Politikens chefredaktør Eva Holm`: the person's name after the genitive."""
    first = words[name_index][0]
    if not first.endswith("s"):
        return None
    for index in range(name_index + 1, len(words)):
        word = words[index][0]
        if is_name_word(word, lex) and index > name_index + 1 and words[index - 1][0][:1].islower():
            return index
    return None


def role_before(
    words: list[tuple[str, int, int]], lex: Lexicons, complement: bool = False
) -> tuple[str | None, str | None]:
    """The title among the words before a name (`tysk forsvarsminister`), base form.

    With `complement`, a prepositional phrase between the title and the name belongs to
    the role (`talsmand for det tyske udenrigsministerium Ida Berg`), and a title before
    that phrase wins over a title-like word inside it."""
    preposition = next(
        (i for i, (w, _, _) in enumerate(words) if i > 0 and w.lower() in PHRASE_PREPOSITIONS),
        None,
    )
    scopes = [len(words)]
    if complement and preposition is not None:
        scopes.insert(0, preposition)
    for scope in scopes:
        for index in range(scope - 1, -1, -1):
            word = words[index][0]
            found = lex.title_of(word)
            if not found:
                continue
            title, gender = found
            base = base_form(word.lower(), lex)
            modifiers = [
                _indefinite_adjective(w.lower())
                for w, _, _ in words[max(0, index - 2) : index]
                if w[:1].islower()
                and w.lower() not in DESCRIPTION_DETERMINERS
                and (w.lower() not in lex.stopwords or w.lower() == FORMER)
                and not re.search(r"\d", w)
                and not w.lower().endswith("s")
            ]
            role = " ".join([*modifiers, base])
            if complement:
                role = with_complement(role, " ".join(w for w, _, _ in words[index + 1 :]))
            return role, gender
    return None, None


def with_complement(role: str | None, between: str) -> str | None:
    """The role with the prepositional phrase that stands between it and the name
    (`talsmand` + `for det afghanske forsvarsministerium`); the bare role otherwise."""
    words = between.strip(" ,").split()
    if role is None or not words or words[0].lower() not in PHRASE_PREPOSITIONS:
        return role
    if any(w.startswith("(") or w.endswith(",") for w in words[:-1]):
        return role  # an inserted remark, not one noun phrase
    return f"{role} {' '.join(words)}"


FORMER = "tidligere"  # "former" before a title, "earlier" elsewhere
INVARIABLE_ADJECTIVES = frozenset({"samme", "lille", "eneste", "selve", "rette", "hele"})
VOWELS = "aeiouyæøå"


def _former_before_title(words: list[tuple[str, int, int]], index: int, lex: Lexicons) -> bool:
    """`tidligere` right before a title means "former" (`den tidligere minister`), not
    "earlier" (`siger ministeren tidligere`)."""
    return (
        words[index][0].lower() == FORMER
        and index + 1 < len(words)
        and lex.title_of(words[index + 1][0]) is not None
    )


def _indefinite_adjective(word: str) -> str:
    """An adjective before a title in its base form, as a role is written (`den tyske
    minister` -> `tysk minister`): the definite or plural -e goes (`nye` -> `ny`,
    `konservative` -> `konservativ`, `grønne` -> `grøn`, `konstituerede` -> `konstitueret`).

    Forms that do not inflect so are kept: present participles (`fungerende`), comparatives
    and superlatives (`tidligere`, `øverste`, `første`), a few invariable words (`samme`),
    and contracted stems whose base form cannot be read off the ending (`gamle`, `sikre`,
    `åbne`)."""
    if (
        len(word) < 3
        or not word.endswith("e")
        or word in INVARIABLE_ADJECTIVES
        or word.endswith(("ende", "ere", "ste"))
        or (word[-2] in "lnr" and word[-3] not in VOWELS and word[-3] != word[-2])
    ):
        return word
    if word.endswith("ede") and len(word) > 6:
        return word[:-3] + "et"  # past participle: `pensionerede` -> `pensioneret`
    base = word[:-1]
    if len(base) > 2 and base[-1] == base[-2] and base[-1] not in VOWELS:
        base = base[:-1]  # `grønne` -> `grøn`, `smukke` -> `smuk`
    return base


def base_form(word: str, lex: Lexicons) -> str:
    """A title without its definite ending (`ministeren` -> `minister`)."""
    if word in lex.titles:
        return word
    for cut in (2, 1):
        base = word[:-cut]
        if lex.title_of(base) and word.endswith(("en", "n")):
            return base
    return word


def medium_after(text: str, start: int, limit: int, lex: Lexicons) -> tuple[str | None, int]:
    """A medium phrase right after a speaker phrase, as the guidelines write it, and its end."""
    segment = text[start:limit]
    match = re.match(
        r"[\s,]*(?:(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|tidligere|i dag|i går|"
        r"også|dog|nu|selv)\s+)*(?P<prep>til|over for|overfor|i|på|via|gennem|ifølge)\s+"
        r"(?P<rest>(?:[^,.;:!?\n»«\"]|\.(?=\w))*\.?)",
        segment,
    )
    if not match:
        # "oplyser vagtchef X fra Østjyllands Politi til TV 2": skip the speaker's own PP
        skipped = re.match(
            r"\s+(?:fra|hos|i|ved)\s+[^,.;:!?\n]*?(?=\s(?:til|over for|overfor)\s)", segment
        )
        if skipped is None:
            return None, start
        return medium_after(text, start + skipped.end(), limit, lex)
    prep, rest = match.group("prep"), match.group("rest")
    rest_start = start + match.start("rest")
    tokens = rest.split()
    if not tokens:
        return None, start
    outlet = outlet_at(text, rest_start, lex)
    longer = NAME_RE.match(text, rest_start)
    if (
        outlet
        and longer
        and len(longer.group(0)) > len(outlet)
        and longer.group(0).startswith(outlet)
    ):
        outlet = _cut_medium_name(longer.group(0), text, rest_start, lex)  # "TV2 Nord"
    if outlet and prep in {"til", "over for", "overfor", "via", "i", "på"}:
        return outlet, rest_start + len(outlet)
    if prep in {"til", "over for", "overfor", "via"}:
        name = NAME_RE.match(rest)
        if name and is_name_word(name.group(0).split()[0], lex):
            value = _cut_medium_name(name.group(0), text, rest_start, lex)
            return value, rest_start + len(value)
        tokens = [t.rstrip(".") for t in tokens]
        low = tokens[0].lower()
        if low in {"en", "et", "den", "det", "sin", "sit", "sine"} and len(tokens) > 1:
            phrase = _noun_phrase(tokens[:4], lex)
            if phrase and lex.head_in(phrase.split()[-1].rstrip("s"), lex.medium_nouns):
                return phrase, rest_start + len(phrase)
        if lex.head_in(low, lex.medium_nouns) or low.endswith(
            ("stationen", "avisen", "mediet", "bureauet", "kanalen")
        ):
            after_noun = rest_start + len(tokens[0])
            named = re.match(r"\s+(?=[A-ZÆØÅ])", text[after_noun:limit])
            if named:  # "til nyhedsbureauet Reuters": the named outlet
                found = _named_medium_within(text, after_noun + named.end(), limit, lex)
                if found is not None:
                    return found
            return tokens[0], after_noun
        return None, start
    if prep in {"i", "på", "gennem"}:
        tokens = [t.rstrip(".") if t.rstrip(".") + "." not in lex.outlets else t for t in tokens]
        low = [t.lower() for t in tokens]
        # "i et interview med Børsen", "på sin Facebook-profil", "i en pressemeddelelse"
        interview = re.match(
            r"(?:et|en|sit|sin)\s+(?:\w+\s+)?\w*(?:interview|samtale|podcast|program)"
            r"\s+(?:med|til|hos|i)\s+(.+)",
            rest,
        )
        if interview:
            # "i et interview med DR", "i et telefoninterview med den tyske avis Bild"
            named = _named_medium_within(text, rest_start + interview.start(1), limit, lex)
            if named is not None:
                return named
        first_word = tokens[0]
        channel = re.match(r"([A-ZÆØÅ][\w.]*)(?:-(?:profil|konto|side|opslag))?", first_word)
        if channel and (channel.group(1) in lex.channels or channel.group(1) in lex.outlets):
            return channel.group(1), rest_start + len(channel.group(1))
        if low[0] in {"sin", "sit", "sine"} and len(tokens) > 1:
            channel = re.match(r"([A-ZÆØÅ][\w.]*)-", tokens[1])
            if channel and channel.group(1) in lex.channels:
                offset = rest.index(tokens[1])
                return channel.group(1), rest_start + offset + len(channel.group(1))
        if low[0] in {"en", "et", "sin", "sit", "den", "det"} and len(tokens) > 1:
            phrase = _noun_phrase(tokens[:4], lex)
            if phrase and lex.head_in(phrase.split()[-1], lex.medium_nouns):
                return phrase, rest_start + len(phrase)
        return None, start
    return None, start


def _named_medium_within(
    text: str, start: int, limit: int, lex: Lexicons
) -> tuple[str, int] | None:
    """The first named outlet within a few words of `start` (`den tyske avis Bild`)."""
    window_end = min(limit, start + 60)
    for match in re.finditer(r"\S+", text[start:window_end]):
        position = start + match.start()
        outlet = outlet_at(text, position, lex)
        longer = NAME_RE.match(text, position)
        if outlet and not (longer and len(longer.group(0)) > len(outlet)):
            return outlet, position + len(outlet)
        if longer and is_name_word(longer.group(0).split()[0], lex):
            value = _cut_medium_name(longer.group(0), text, position, lex)
            return value, position + len(value)
        if re.search(r"[,.;:!?]$", match.group(0)):
            break
    return None


def _cut_medium_name(name: str, text: str, offset: int, lex: Lexicons) -> str:
    """A named medium, keeping dotted outlets (`B.T.`) and stopping before function words."""
    words = name.split()
    kept = []
    for word in words:
        if word.lower().strip(".") in lex.stopwords:
            break
        kept.append(word)
    value = " ".join(kept) if kept else name
    if value + "." in lex.outlets and text[offset + len(value) : offset + len(value) + 1] == ".":
        return value + "."
    if value.endswith(".") and value not in lex.outlets:
        value = value.rstrip(".")
    return value


def _noun_phrase(tokens: list[str], lex: Lexicons) -> str | None:
    """Determiner + up to two modifiers + noun: stops at a preposition or time word."""
    kept = [tokens[0]]
    for token in tokens[1:]:
        if token.lower() in STOP_AFTER_SPEAKER or token.lower() in TIME_WORDS:
            break
        kept.append(token)
        if lex.head_in(token, lex.medium_nouns):
            break
    return " ".join(kept) if len(kept) > 1 else None
