"""The Danish NLP pipeline kilde ships: loading it (and, in submodules, training it)."""

from __future__ import annotations

import warnings
from pathlib import Path

import spacy
from spacy.language import Language

import kilde.nlp.features  # noqa: F401  (registers kilde.GazetteerMultiHashEmbed.v1)
import kilde.nlp.tokenizer  # noqa: F401  (registers kilde.news_tokenizer.v1)
from kilde.nlp.sentences import SENTENCE_HINTS, with_parse_rules

MODEL_DIR = Path(__file__).parent / "model"
__all__ = ["MODEL_DIR", "SENTENCE_HINTS", "load_base"]


def load_base(model: str | Path | None = None, **kwargs: object) -> Language:
    """The trained Danish pipeline (tokenizer, tagger, parser, NER) without kilde's own components.

    `model` may name another spaCy pipeline directory; by default the one shipped inside
    the package is used. Extra keyword arguments (e.g. `exclude=["ner"]`) go to
    `spacy.load`. kilde's rule components around the parser (`kilde_sentence_hints`,
    `kilde_whitespace_heads`) are added if the pipeline lacks them. Nothing is downloaded.
    """
    path = Path(model) if model else MODEL_DIR
    if (path / "config.cfg").exists():
        return with_parse_rules(spacy.load(path, **kwargs))  # type: ignore[arg-type]
    if model:
        raise FileNotFoundError(f"no spaCy pipeline at {path} (expected a config.cfg there)")
    warnings.warn(
        "kilde's trained Danish model is missing from the package; using a blank Danish "
        "pipeline (no NER, no parser). Reinstall kilde or run `kilde model train`.",
        stacklevel=2,
    )
    nlp = spacy.blank("da")
    nlp.add_pipe("sentencizer")
    return nlp
