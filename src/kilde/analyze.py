"""`analyze`: run the full pipeline over an `Article` and convert the Doc to an `Analysis`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

import kilde.attribution  # noqa: F401  (registers the kilde_attribution factory)
from kilde.article import Analysis, Article, Entity, Quote, Speaker
from kilde.attribution import QUOTES_KEY
from kilde.ingest import parse_page
from kilde.nlp import load_base

ENTITY_LABELS = {"PER", "ORG", "LOC", "MISC"}


def load(model: str | Path | None = None) -> Language:
    """The full kilde pipeline: the trained Danish model plus kilde's own components."""
    nlp = load_base(model)
    if "kilde_attribution" not in nlp.pipe_names:
        nlp.add_pipe("kilde_attribution", last=True)
    return nlp


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The shipped pipeline, loaded once per process."""
    return load()


def doc_to_analysis(doc: Doc, article: Article, language: str | None = "da") -> Analysis:
    """Convert an analysed Doc (and the Article it came from) to the JSON contract."""
    quotes = []
    for span in sorted(doc.spans[QUOTES_KEY], key=lambda s: s.start_char) if QUOTES_KEY in doc.spans else []:
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
        language=language,
        text=doc.text,
        quotes=quotes,
        entities=entities,
        warnings=article.warnings,
    )


def analyze_many(
    articles: Iterable[Article], nlp: Language | None = None, batch_size: int = 8
) -> Iterator[Analysis]:
    """Analyse articles in order, streaming (the pipeline runs over batches)."""
    nlp = nlp or default_pipeline()
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_analysis(doc, article)


def analyze(text: str | Article, nlp: Language | None = None) -> Analysis:
    """Analyse one article given as text (page form accepted) or as an `Article`."""
    article = text if isinstance(text, Article) else parse_page(text)
    return next(analyze_many([article], nlp=nlp))
