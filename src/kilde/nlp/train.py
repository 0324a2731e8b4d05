"""Retrain kilde's Danish pipeline from ../shared/data and install it into the package.

Steps: build the corpus (training/corpus), run `spacy train` with the committed config and
fixed seed (training/output), copy the best model into `MODEL_DIR` without training-only
files, evaluate it on the test sets and record data, licence and scores in its meta.json.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.cli.train import train as spacy_train

import kilde.nlp.augment  # noqa: F401  (registers the punctuation augmenter)
import kilde.nlp.features  # noqa: F401  (registers kilde.s architectures)
import kilde.nlp.tokenizer  # noqa: F401  (registers the news tokenizer)
from kilde.nlp import MODEL_DIR, load_base
from kilde.nlp.corpus import build_corpus
from kilde.nlp.evaluate import evaluate_pipeline
from kilde.nlp.sentences import SENTENCE_HINTS, WHITESPACE_HEADS, with_parse_rules

CONFIG_DIR = Path(__file__).parent / "configs"
DEFAULT_CONFIG = CONFIG_DIR / "kilde_da.cfg"
MODEL_NAME = "kilde_news"
MODEL_VERSION = "0.3.0"
LICENSE = "CC BY-SA 4.0"

SOURCES = [
    {
        "name": "Danish Dependency Treebank (DDT), rebuilt from the Copenhagen Dependency "
        "Treebank (native DDT scheme), with UD Danish-DDT sentence ids",
        "url": "https://github.com/mbkromann/copenhagen-dependency-treebank",
        "license": "CC BY-SA 4.0 (one of the CDT licences)",
        "author": "Buch-Kromann et al. 2003; Keson 1998 (PAROLE)",
    },
    {
        "name": "UD Danish-DDT (test/dev for UPOS, FEATS, lemma evaluation)",
        "url": "https://github.com/UniversalDependencies/UD_Danish-DDT",
        "license": "CC BY-SA 4.0",
        "author": "Johannsen, Martínez Alonso and Plank 2015",
    },
    {
        "name": "DaN+ Danish nested NER (layer 1, via the Universal NER Danish-DDT files)",
        "url": "https://github.com/bplank/DaNplus",
        "license": "MIT (annotation); text CC BY-SA 4.0",
        "author": "Plank, Jensen and van der Goot 2020",
    },
    {
        "name": "Universal NER Danish-DDT (sent_id-aligned DaN+ tags)",
        "url": "https://github.com/UniversalNER/UNER_Danish-DDT",
        "license": "CC BY-SA 4.0",
        "author": "Mayhew et al. 2024",
    },
]

TRAINING_ONLY_FILES = ("training",)


def install_model(best: Path, target: Path = MODEL_DIR) -> Path:
    """Replace the packaged model by `best` (skipping training-only files), adding the
    rule components around the parser (`with_parse_rules`)."""
    staging = target.with_name(target.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(best, staging, ignore=shutil.ignore_patterns(*TRAINING_ONLY_FILES))
    nlp = spacy.load(staging)
    if not {SENTENCE_HINTS, WHITESPACE_HEADS} <= set(nlp.pipe_names):
        with_parse_rules(nlp).to_disk(staging)
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target


def write_meta(model_dir: Path, extra: dict[str, Any]) -> None:
    """Add kilde's name, version, licence, sources and evaluation to the model meta.json."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        {
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "description": "kilde's Danish news pipeline: news tokenizer, morphologizer "
            "(UPOS+FEATS), trainable lemmatizer, DDT dependency parser (sentences), NER "
            "(PER/ORG/LOC/MISC). Trained from scratch, no pretrained vectors.",
            "license": LICENSE,
            "sources": SOURCES,
            "author": "kilde",
        }
    )
    meta["kilde"] = extra
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def train_model(
    data: Path,
    workdir: Path = Path("training"),
    config: Path = DEFAULT_CONFIG,
    target: Path = MODEL_DIR,
    overrides: dict[str, Any] | None = None,
    install: bool = True,
) -> dict[str, Any]:
    """Build the corpus, train, install the best model into `target` and evaluate it."""
    started = time.time()
    corpus = workdir / "corpus"
    output = workdir / "output" / config.stem
    counts = build_corpus(data, corpus)
    settings = {"paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy")}
    settings.update(overrides or {})
    spacy_train(config, output, overrides=settings)
    trained_seconds = time.time() - started
    best = output / "model-best"
    model_dir = install_model(best, target) if install else best
    scores = evaluate_pipeline(load_base(model_dir), data)
    extra = {
        "config": config.name,
        "data": str(data),
        "corpus_docs": counts,
        "training_seconds": round(trained_seconds),
        "test_scores": scores,
    }
    write_meta(model_dir, extra)
    return extra
