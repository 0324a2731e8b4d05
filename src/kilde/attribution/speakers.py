"""Who is who in an article: named people and organisations, and resolving speaker phrases.

`EntityRegistry` collects the article's names (from the model's NER when present, else from
capitalised word runs with a known first name or a title before them), keeps the fullest
form of each, their gender evidence and role, and every position they are mentioned at.
`SpeakerResolver` turns a speaker phrase into the contract's speaker dict: a pronoun or a
description (`ministeren`, `den 55-årige`) goes to the most recent compatible person
(salience by recency, gender-matched); a surname to the full name; the rest is typed as
anonymous, document or organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kilde.attribution.lexicon import Lexicons
from kilde.attribution.phrases import (
    DOMAIN,
    NAME_RE,
    PARTY,
    PRONOUNS,
    Phrase,
    base_form,
    is_name_word,
)


@dataclass
class Entity:
    """A named person or organisation of the article."""

    name: str
    type: str  # "person" | "organization"
    gender: str | None = None
    role: str | None = None
    mentions: list[int] = field(default_factory=list)
    spoke: bool = False  # already resolved as a speaker (more salient)

    @property
    def surname(self) -> str:
        """The last word of the name (how later mentions usually refer to a person)."""
        return self.name.split()[-1]

    def last_mention_before(self, position: int) -> int | None:
        """The latest mention strictly before `position`."""
        before = [m for m in self.mentions if m < position]
        return max(before) if before else None


class EntityRegistry:
    """The article's named people and organisations with their mentions."""

    def __init__(self, text: str, doc: Doc | None, lex: Lexicons) -> None:
        self.text = text
        self.lex = lex
        self.entities: list[Entity] = []
        if doc is not None and doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:
                if ent.label_ == "PER":
                    self.add(_clean_name(ent.text), "person", ent.start_char)
                elif ent.label_ == "ORG":
                    self.add(_clean_name(ent.text), "organization", ent.start_char)
        self._scan_capitalised()
        self._collect_mentions()

    def _scan_capitalised(self) -> None:
        """Names without NER: a known first name, or a title right before the name."""
        for match in NAME_RE.finditer(self.text):
            words = match.group(0).split()
            offset = match.start()
            stripped = None  # the capitalised word dropped right before the name
            while words and (
                not is_name_word(words[0], self.lex)
                or len(words) > 1
                and _capitalised_common_noun(words[0], self.lex)
                and self._sentence_initial(offset)
            ):
                offset += len(words[0]) + 1
                stripped, words = words[0], words[1:]
            if not words:
                continue
            inner_first = next(
                (
                    i
                    for i, w in enumerate(words)
                    if i > 0 and w in self.lex.first_names and len(words) - i >= 2
                ),
                None,
            )
            if inner_first is not None and not self.lex.first_name_gender(words[0]):
                # "Omsorg Christian Budde": the name starts at the first name
                offset = match.start() + match.group(0).index(" " + words[inner_first]) + 1
                stripped, words = words[inner_first - 1], words[inner_first:]
            role = None
            title = self.lex.title_of(words[0])
            if title and len(words) > 1:
                role, words = base_form(words[0].lower(), self.lex), words[1:]
                offset = match.start() + match.group(0).index(
                    words[0], len(match.group(0).split()[0])
                )
            else:
                before = self.text[max(0, match.start() - 40) : match.start()].split()
                if before and before[-1][:1].islower() and self.lex.title_of(before[-1].strip(",")):
                    role = base_form(before[-1].strip(",").lower(), self.lex)
                elif stripped and self.lex.title_of(stripped):
                    # "Sundhedsminister Sophie Løhde …": a capitalised title right before
                    role = base_form(stripped.lower(), self.lex)
            if role is None:
                # apposition: "Ida Berg, cheføkonom i Nordbanken"
                after = APPOSITION_TITLE.match(self.text, match.end())
                if after and self.lex.title_of(after.group("title")):
                    role = base_form(after.group("title").lower(), self.lex)
            name = " ".join(words)
            if self.lex.is_organization_name(name):
                self.add(name, "organization", offset)
            elif (
                self.lex.first_name_gender(name)
                and len(words) >= 2
                or role
                and not self.lex.is_organization_name(name)
            ):
                entity = self.add(name, "person", offset)
                if entity and role and not entity.role:
                    entity.role = role
                    entity.gender = entity.gender or self.lex.titles.get(role.split()[-1])

    def add(self, name: str, kind: str, position: int | None = None) -> Entity | None:
        """Register a name (merging with a shorter/longer form of the same name)."""
        name = (
            name.strip(" ,.")
            if not name.endswith(".") or name.rstrip(".") + "." not in self.lex.outlets
            else name
        )
        if not name or name.lower() in self.lex.stopwords or not _is_proper_name(name, self.lex):
            return None
        if (
            position is not None
            and self._sentence_initial_common_noun(name, position)
            and self.find(name) is None
        ):
            return None
        words = name.split()
        title_role = None
        if (
            kind == "person"
            and len(words) >= 2
            and words[0] not in self.lex.first_names
            and self.lex.title_of(words[0])
        ):
            title_role, words = base_form(words[0].lower(), self.lex), words[1:]
        while kind == "person" and len(words) > 2 and self.lex.is_organization_name(words[0]):
            words = words[1:]  # "Handelshøjskole Ida Berg" from a tagger: drop the body
        while (
            len(words) >= 2
            and _capitalised_common_noun(words[0], self.lex)
            and words[1][:1].isupper()
            and position is not None
            and self._sentence_initial(position)
        ):
            words = words[
                1:
            ]  # "Konkurrenten ABC Shipping": the sentence-initial noun is not the name
        if kind == "person" and (words[0] in self.lex.outlets or words[0] in self.lex.org_names):
            kind = "organization"  # "Bloomberg News"
        name = " ".join(words)
        existing = self.find(name)
        if (
            existing
            and existing.type == "organization"
            and kind == "organization"
            and self.lex.first_name_gender(existing.name)
            and len(existing.name.split()) >= 2
            and not self.lex.is_organization_name(existing.name)
        ):
            existing.type = "person"
            existing.gender = existing.gender or self.lex.first_name_gender(existing.name)
        if existing:
            if title_role and not existing.role and existing.type == "person":
                existing.role = title_role
            if len(name) > len(existing.name) and name.endswith(existing.surname):
                existing.name = name
            if position is not None and position not in existing.mentions:
                existing.mentions.append(position)
            return existing
        if kind == "person" and self.lex.is_organization_name(name):
            kind = "organization"
        if (
            kind == "organization"
            and len(name.split()) >= 2
            and self.lex.first_name_gender(name)
            and not self.lex.is_organization_name(name)
        ):
            kind = "person"  # a first name outweighs a tagger's ORG
        entity = Entity(name=name, type=kind)
        if kind == "person":
            group = " og " in name or " eller " in name
            entity.gender = None if group else self.lex.first_name_gender(name)
            entity.role = title_role
        if position is not None:
            entity.mentions.append(position)
        self.entities.append(entity)
        return entity

    def _sentence_initial(self, position: int) -> bool:
        """Does `position` open a sentence or paragraph?"""
        before = self.text[max(0, position - 3) : position]
        return position == 0 or before.endswith(("\n", ". ", "? ", "! ", "- ", "» "))

    def _sentence_initial_common_noun(self, name: str, position: int) -> bool:
        """`Omsætningen`, `Koncernen` opening a sentence: a tagger's false name."""
        low = name.lower()
        if " " in name or name in self.lex.first_names or name in self.lex.outlets:
            return False
        if name in self.lex.org_names or not low.endswith(("et", "en", "ne")) or len(low) < 5:
            return False
        before = self.text[max(0, position - 3) : position]
        return position == 0 or before.endswith(("\n", ". ", "? ", "! ", "- ", "» "))

    def find(self, name: str) -> Entity | None:
        """The entity called `name`, by full name, surname, or longer form."""
        name = name.strip()
        low = name.lower()
        for entity in self.entities:
            if entity.name.lower() == low:
                return entity
        words = low.split()
        if "og" in words or "eller" in words:
            return None  # "A og B" is a group speaker, never one of its members
        for entity in self.entities:
            e_words = entity.name.lower().split()
            if "og" in e_words or "eller" in e_words:
                continue
            if (
                entity.type == "person"
                and words
                and (words == e_words[-len(words) :] or e_words == words[-len(e_words) :])
            ):
                return entity
        return None

    def _collect_mentions(self) -> None:
        for entity in self.entities:
            forms = {entity.name}
            if entity.type == "person" and len(entity.name.split()) > 1:
                forms.add(entity.surname)
            for form in forms:
                for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", self.text):
                    if match.start() not in entity.mentions:
                        entity.mentions.append(match.start())
            entity.mentions.sort()

    def infer_genders(self, skip: list[tuple[int, int]]) -> None:
        """Gender evidence from `han`/`hun` (outside quotes) whose sentence or the one before
        mentions exactly one person: that person is the pronoun's referent."""
        for match in re.finditer(r"(?<!\w)([Hh]an|[Hh]un)(?!\w)", self.text):
            position = match.start()
            if any(start <= position < end for start, end in skip):
                continue
            window_start = _previous_sentence_start(self.text, position)
            present = [
                e for e in self.people() if any(window_start <= m < position for m in e.mentions)
            ]
            if len(present) == 1 and present[0].gender is None:
                present[0].gender = "m" if match.group(1).lower() == "han" else "f"

    def next_person_with_role(self, position: int, role_head: str) -> Entity | None:
        """The first person after `position` whose role matches (`cheføkonomen …` then
        `Ida Berg, cheføkonom i Nordbanken`)."""
        best, best_pos = None, None
        for entity in self.people():
            if not role_has_head(entity.role, role_head):
                continue
            after = [m for m in entity.mentions if m > position]
            if after and (best_pos is None or min(after) < best_pos):
                best, best_pos = entity, min(after)
        return best

    def most_mentioned_person(self, position: int) -> Entity | None:
        """The person mentioned most often before `position` (the interviewee of a Q&A)."""
        best, best_key = None, None
        for entity in self.people():
            before = [m for m in entity.mentions if m < position]
            if not before:
                continue
            key = (len(before), max(before))
            if best_key is None or key > best_key:
                best, best_key = entity, key
        return best

    def people(self) -> list[Entity]:
        """Named people (a group speaker `A og B` is not one person)."""
        return [
            e
            for e in self.entities
            if e.type == "person" and " og " not in e.name and " eller " not in e.name
        ]

    def most_recent_person(
        self,
        position: int,
        gender: str | None = None,
        role_head: str | None = None,
        role_free: bool = False,
    ) -> Entity | None:
        """The most salient person before `position` compatible with gender and role.

        Salience is recency of mention; a person of unknown gender is penalised against one
        whose gender is known to match, so `hun` prefers the woman named a little earlier.
        """
        best, best_score = None, None
        for entity in self.people():
            last = entity.last_mention_before(position)
            if last is None:
                continue
            if gender and entity.gender and entity.gender != gender:
                continue
            if role_head and not role_has_head(entity.role, role_head):
                continue
            if role_free and entity.role:
                continue
            if role_free and not entity.spoke and any(e.spoke for e in self.people()):
                continue
            score = position - last
            if gender and entity.gender is None:
                score += 400
            if best_score is None or score < best_score:
                best, best_score = entity, score
        return best

    def most_recent_organization(self, position: int, head: str | None) -> Entity | None:
        """The latest organisation whose name ends in the description's head (`politiet`).

        With no head: the latest organisation that is not a news outlet (`koncernen`).
        """
        stem = re.sub(r"(?:et|en|ne|n)$", "", head.lower()) if head else ""
        if head and len(stem) < 3:
            return None
        best, best_pos = None, -1
        for entity in self.entities:
            if entity.type != "organization":
                continue
            last_word = entity.name.split()[-1].lower()
            if head and not (last_word.startswith(stem) or last_word.endswith(head.lower())):
                continue
            if not head and (entity.name in self.lex.outlets or entity.name in self.lex.channels):
                continue
            last = entity.last_mention_before(position)
            last = last if last is not None else (entity.mentions[0] if entity.mentions else -1)
            if head is None and not (0 <= position - last <= 200):
                continue  # `koncernen` far from any name: decided by frequency below
            if last > best_pos:
                best, best_pos = entity, last
        if best is None and head is None:
            candidates = [
                e
                for e in self.entities
                if e.type == "organization"
                and e.name not in self.lex.outlets
                and e.name not in self.lex.channels
            ]
            if candidates:
                best = max(candidates, key=lambda e: (len(e.mentions), -min(e.mentions or [0])))
        return best


APPOSITION_TITLE = re.compile(
    r"(?:\s*\([^()]{1,4}\))?,\s+(?:[a-zæøå-]+\s+){0,2}?(?P<title>[a-zæøå-]+)\b"
)


def role_has_head(role: str | None, head: str) -> bool:
    """Does the role's title (before any prepositional phrase) contain `head`?

    `minister` matches `tysk forsvarsminister`, not `talsmand for forsvarsministeriet`."""
    if not role:
        return False
    title = re.split(r"\s(?:i|for|fra|hos|på|ved|af|med|til|om|under)\s", role, maxsplit=1)[0]
    return head in title


def _capitalised_common_noun(word: str, lex: Lexicons) -> bool:
    """A sentence-initial definite noun before a name (`Konkurrenten ABC Shipping`)."""
    low = word.lower()
    return (
        len(low) >= 7
        and low.endswith(("en", "et", "ne"))
        and word not in lex.first_names
        and word not in lex.outlets
        and word not in lex.org_names
    )


def _previous_sentence_start(text: str, position: int) -> int:
    """Start of the sentence before the one holding `position` (paragraph bounded)."""
    paragraph_start = text.rfind("\n", 0, position) + 1
    stops = [m.end() for m in re.finditer(r"[.!?](?=\s)", text[paragraph_start:position])]
    if len(stops) >= 2:
        return paragraph_start + stops[-2]
    return paragraph_start


def _is_proper_name(name: str, lex: Lexicons) -> bool:
    """A real name: capitalised words (particles allowed), not a party letter or common noun."""
    words = name.split()
    if (
        re.fullmatch(r"[A-ZÆØÅ]{1,2}", name)
        and name not in lex.outlets
        and name not in lex.org_names
    ):
        return False  # a party letter, not a speaker
    if DOMAIN.fullmatch(name):
        return True
    if "-" in name and name.split("-")[0] in lex.channels | lex.outlets:
        return False  # "Facebook-profil", "DR-programmet"
    if (
        len(words) == 1
        and name.lower().endswith("s")
        and (
            name.lower()[:-1] in lex.org_descriptions
            or lex.head_in(name.lower()[:-1], lex.anonymous_heads)
        )
    ):
        return False  # "Koncernens", "Regeringens": a common noun in the genitive
    if len(words) == 1 and (
        lex.head_in(name.lower(), lex.anonymous_heads)
        or name.lower() in lex.org_descriptions
        or name.lower() in lex.medium_nouns
        or lex.head_in(name.lower(), lex.document_heads)
    ):
        return False
    particles = {
        "von",
        "van",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "af",
        "og",
        "eller",
    }
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in particles for w in words)


def _clean_name(name: str) -> str:
    name = re.sub(PARTY + r"$", "", name).strip()
    return re.sub(r"(?:'s|’s|s')$", "", name) if name.endswith(("'s", "’s")) else name


DESCRIPTION_PREPOSITIONS = frozenset(
    {"i", "fra", "hos", "på", "ved", "for", "af", "med", "til", "om"}
)
MEDIA_DESCRIPTIONS = (
    "avisen",
    "mediet",
    "stationen",
    "bureauet",
    "kanalen",
    "dagbladet",
    "netavisen",
)


class SpeakerResolver:
    """Turns speaker phrases into the contract's speaker dicts."""

    def __init__(self, registry: EntityRegistry, lex: Lexicons) -> None:
        self.registry = registry
        self.lex = lex

    def resolve(self, phrase: Phrase | None) -> dict:
        """The speaker dict for a phrase (unknown speaker when there is none)."""
        if phrase is None:
            return unknown_speaker()
        mention = {"text": phrase.text, "start": phrase.start, "end": phrase.end}
        if phrase.kind == "pronoun":
            return self._pronoun(phrase, mention)
        if phrase.kind == "name":
            return self._name(phrase, mention)
        return self._description(phrase, mention)

    def _pronoun(self, phrase: Phrase, mention: dict) -> dict:
        pronoun = phrase.text.lower()
        gender = PRONOUNS.get(pronoun)
        if pronoun in {"han", "hun", "ham", "hende"}:
            entity = self.registry.most_recent_person(phrase.start, gender)
            if entity:
                if entity.gender is None:
                    entity.gender = gender
                entity.mentions.append(phrase.start)
                entity.mentions.sort()
                return self.speaker_of(entity, mention)
            return {
                "name": None,
                "type": "unknown",
                "role": None,
                "gender": gender,
                "mention": mention,
            }
        return {
            "name": phrase.text,
            "type": "anonymous",
            "role": None,
            "gender": None,
            "mention": mention,
        }

    def _name(self, phrase: Phrase, mention: dict) -> dict:
        name = _clean_name(phrase.name or phrase.text)
        kind = "organization" if self.lex.is_organization_name(name) else "person"
        titled = kind == "person" and _titled_person(phrase)
        existing = self.registry.find(name)
        if existing is not None and not titled:
            kind = existing.type
        entity = self.registry.add(name, kind, phrase.name_start)
        if entity is None:
            return unknown_speaker(mention)
        if titled and entity.type == "organization":
            # "talsmand for ministeriet Ahmad Karimi": a role names a person, whatever the
            # tagger said about the name
            entity.type = "person"
            entity.gender = entity.gender or self.lex.first_name_gender(entity.name)
        single_word = len(name.split()) == 1 and len(entity.name.split()) == 1
        if (
            entity.type == "person"
            and single_word
            and (entity.name in self.lex.outlets or name.isupper())
        ):
            entity.type = "organization"
        if (
            phrase.role
            and entity.type == "person"
            and (
                not entity.role
                or f" {entity.role} " in f" {phrase.role} "
                and len(phrase.role) > len(entity.role)
            )
        ):
            # "administrerende direktør" or "direktør for Vejdirektoratet" over "direktør"
            entity.role = phrase.role
        if phrase.role_gender and not entity.gender and entity.type == "person":
            entity.gender = phrase.role_gender
        return self.speaker_of(entity, mention)

    def _description(self, phrase: Phrase, mention: dict) -> dict:
        words = phrase.text.split()
        lowered = [w.lower().strip(",.") for w in words]
        cut = next(
            (i for i, w in enumerate(lowered) if i > 0 and w in DESCRIPTION_PREPOSITIONS), None
        )
        head = lowered[cut - 1] if cut else lowered[-1]  # "rapporten om sagen" -> rapporten
        first = words[0].lower()
        definite_single = first not in {
            "en",
            "et",
            "flere",
            "nogle",
            "to",
            "tre",
            "andre",
            "mange",
        } and (first in {"den", "det"} or len(words) == 1 or first.endswith("s"))
        # "en pressemeddelelse fra Rigspolitiet": the body behind the channel speaks
        sender = re.search(r"\b(?:fra|hos)\s+(?P<name>\S.*)$", phrase.text)
        if sender and self.lex.head_in(head, self.lex.medium_nouns):
            name_match = NAME_RE.match(sender.group("name"))
            if name_match and is_name_word(name_match.group(0).split()[0], self.lex):
                name = name_match.group(0)
                offset = phrase.start + sender.start("name")
                return self._name(
                    Phrase(name, offset, offset + len(name), "name", name, offset), mention
                )
        # a document source
        if self.lex.head_in(head, self.lex.document_heads):
            return {
                "name": phrase.text,
                "type": "document",
                "role": None,
                "gender": None,
                "mention": mention,
            }
        # "den 55-årige", "ministeren", "præsidenten": back to the person
        if definite_single:
            if re.fullmatch(r"\d+-årige", head) or head in {"kvinden", "manden"}:
                gender = {"kvinden": "f", "manden": "m"}.get(head)
                entity = self.registry.most_recent_person(phrase.start, gender)
                if entity:
                    return self.speaker_of(entity, mention)
            title = self.lex.title_of(head)
            genitive = len(words) > 1 and first.endswith("s")  # "Politikens redaktør"
            if title and (head != title[0] or genitive):  # a definite title: "ministeren"
                base = base_form(head, self.lex)
                entity = self.registry.most_recent_person(phrase.start, title[1], role_head=base)
                if entity is None:
                    entity = self.registry.next_person_with_role(phrase.start, base)
                if entity is None and not genitive:
                    entity = self.registry.most_recent_person(
                        phrase.start, title[1], role_free=True
                    )
                if entity:
                    return self.speaker_of(entity, mention)
            if head.endswith(MEDIA_DESCRIPTIONS):
                outlet = self._recent_outlet(phrase.start)
                if outlet:
                    return {
                        "name": outlet,
                        "type": "organization",
                        "role": None,
                        "gender": None,
                        "mention": mention,
                    }
            organization = None
            if head in self.lex.org_descriptions:
                organization = self.registry.most_recent_organization(phrase.start, head)
            if (
                organization is None
                and head in self.lex.org_descriptions
                and head not in {"politiet", "kommunen", "regionen", "ministeriet", "styrelsen"}
            ):
                organization = self.registry.most_recent_organization(phrase.start, None)
            if organization:
                return self.speaker_of(organization, mention)
        return {
            "name": phrase.text,
            "type": "anonymous",
            "role": None,
            "gender": phrase.role_gender,
            "mention": mention,
        }

    def _recent_outlet(self, position: int) -> str | None:
        best, best_pos = None, -1
        for outlet in self.lex.outlets:
            for match in re.finditer(
                rf"(?<!\w){re.escape(outlet)}(?!\w)", self.registry.text[:position]
            ):
                if match.start() > best_pos:
                    best, best_pos = outlet, match.start()
        return best

    def speaker_of(self, entity: Entity, mention: dict | None) -> dict:
        """The contract's speaker dict for a registered entity."""
        entity.spoke = True
        if entity.type == "organization":
            return {
                "name": entity.name,
                "type": "organization",
                "role": None,
                "gender": None,
                "mention": mention,
            }
        return {
            "name": entity.name,
            "type": "person",
            "role": entity.role,
            "gender": entity.gender,
            "mention": mention,
        }


def _titled_person(phrase: Phrase) -> bool:
    """A name standing in apposition to a role (`talsmand Ahmad Karimi`, `talsmand for det
    afghanske forsvarsministerium Ahmad Karimi`) names a person. A name right after a
    preposition is the role's organisation (`direktør i Mærsk Line`), not the person."""
    if not phrase.role or phrase.name_start is None:
        return False
    before = phrase.text[: max(0, phrase.name_start - phrase.start)].split()
    if not before:
        return False
    last = before[-1].lower().strip(",")
    return last not in DESCRIPTION_PREPOSITIONS and last not in {"den", "det", "de"}


def unknown_speaker(mention: dict | None = None) -> dict:
    """A speaker the text does not settle."""
    return {"name": None, "type": "unknown", "role": None, "gender": None, "mention": mention}
