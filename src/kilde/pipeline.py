"""The analysis pipeline: `load()` it, run it (`analyze`, `analyze_many`), Doc → `Analysis`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

import kilde.attribution  # noqa: F401  (registers the kilde_attribution factory)
import kilde.facts  # noqa: F401  (registers the kilde_facts factory and Doc extensions)
from kilde.article import Amount, Analysis, Article, Entity, Place, Quote, Speaker, TimeExpression
from kilde.attribution import QUOTES_KEY
from kilde.attribution.lexicon import lexicons
from kilde.ingest import parse_page
from kilde.ingest.language import detect_language
from kilde.lexicons import load_lexicon
from kilde.nlp import load_base
from kilde.nlp.names import NAME_BOUNDARIES

ENTITY_LABELS = {"PER", "ORG", "LOC", "MISC"}


KNOWN_ORGANISATIONS = "kilde_known_organisations"


def add_known_organisations(nlp: Language) -> Language:
    """An entity ruler after the NER that labels the news agencies, outlets and
    organisations of kilde's lexicons ORG wherever the model typed them otherwise
    (`Reuters` as a place)."""
    if "ner" not in nlp.pipe_names or KNOWN_ORGANISATIONS in nlp.pipe_names:
        return nlp
    lex = lexicons()
    names = set(lex.org_names) | set(lex.outlets)
    names |= {form for agency in load_lexicon("agencies") for form in (agency, agency.lower())}
    ruler = nlp.add_pipe(
        "entity_ruler", name=KNOWN_ORGANISATIONS, after="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns([{"label": "ORG", "pattern": name} for name in sorted(names)])  # type: ignore[attr-defined]
    return nlp


def add_name_boundaries(nlp: Language) -> Language:
    """`kilde_name_boundaries` after the entity components: names the NER cut short are
    completed (`Petra De` → `Petra De Sutter`)."""
    if "ner" in nlp.pipe_names and NAME_BOUNDARIES not in nlp.pipe_names:
        nlp.add_pipe(NAME_BOUNDARIES, after=KNOWN_ORGANISATIONS)
    return nlp


def load(model: str | Path | None = None) -> Language:
    """The full kilde pipeline: the trained Danish model plus kilde's own components."""
    nlp = add_name_boundaries(add_known_organisations(load_base(model)))
    if "kilde_attribution" not in nlp.pipe_names:
        nlp.add_pipe("kilde_attribution", last=True)
    if "kilde_facts" not in nlp.pipe_names:
        nlp.add_pipe("kilde_facts", last=True)
    return nlp


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The shipped pipeline, loaded once per process."""
    return load()


def doc_to_analysis(doc: Doc, article: Article, language: str | None = None) -> Analysis:
    """Convert an analysed Doc (and the Article it came from) to the JSON contract.

    The language is `language` if given, else the article's (detected at ingest), else
    detected here; None when the text is too short to tell.
    """
    quotes = []
    quote_spans = doc.spans.get(QUOTES_KEY, [])
    for span in sorted(quote_spans, key=lambda s: s.start_char):
        speaker = span._.speaker or {}
        quotes.append(
            Quote(
                kind=span._.quote_kind or "direct",
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                speaker=Speaker(**speaker),
                cue=span._.cue,
                medium=span._.medium,
                via=span._.via,
                confidence=float(span._.confidence or 0.0),
            )
        )
    dates = [TimeExpression(**fact) for fact in doc._.dates or ()]
    amounts = [Amount(**fact) for fact in doc._.amounts or ()]
    places = [Place(**fact) for fact in doc._.places or ()]
    for quote in quotes:  # the facts inside each quote ("what was said about Kabul")
        quote.dates = [d for d in dates if quote.start <= d.start and d.end <= quote.end]
        quote.amounts = [a for a in amounts if quote.start <= a.start and a.end <= quote.end]
        quote.places = [p for p in places if quote.start <= p.start and p.end <= quote.end]
    entities = [
        Entity(text=ent.text, label=ent.label_, start=ent.start_char, end=ent.end_char)
        for ent in doc.ents
        if ent.label_ in ENTITY_LABELS
    ]
    return Analysis(
        path=article.path,
        id=article.resolved_id(),
        url=article.url,
        outlet=article.outlet,
        title=article.title,
        date=article.date,
        bylines=article.bylines,
        language=language or article.language or detect_language(article.text),
        text=doc.text,
        quotes=quotes,
        entities=entities,
        dates=dates,
        amounts=amounts,
        places=places,
        warnings=article.warnings,
    )


def _prepared_doc(nlp: Language, article: Article, reference_date: str | dt.date | None) -> Doc:
    """The tokenised Doc with the article date (and any given reference date) attached."""
    doc = nlp.make_doc(article.text)
    doc._.article_date = article.date
    if isinstance(reference_date, dt.date):
        reference_date = reference_date.isoformat()
    doc._.reference_date = reference_date
    return doc


def analyze_many(
    articles: Iterable[Article],
    nlp: Language | None = None,
    batch_size: int = 8,
    reference_date: str | dt.date | None = None,
) -> Iterator[Analysis]:
    """Analyse articles in order, streaming (the pipeline runs over batches).

    Relative time expressions are resolved against `reference_date` (`YYYY-MM-DD`) when
    given, else against each article's date.
    """
    nlp = nlp or default_pipeline()
    pairs = ((_prepared_doc(nlp, article, reference_date), article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_analysis(doc, article)


def analyze(
    text: str | Article, nlp: Language | None = None, reference_date: str | dt.date | None = None
) -> Analysis:
    """Analyse one article given as text (page form accepted) or as an `Article`."""
    article = text if isinstance(text, Article) else parse_page(text)
    return next(analyze_many([article], nlp=nlp, reference_date=reference_date))
