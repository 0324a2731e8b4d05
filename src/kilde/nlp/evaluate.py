"""Evaluate a kilde pipeline on the held-out Danish test sets.

* news test (DDT test sentences, 565): UPOS/FEATS/lemma against the official UD test file,
  UAS/LAS against the native DDT trees, sentence F1, and NER (DaN+ layer 1) P/R/F1;
* out-of-domain NER: DaN+ web forum (Arto) and Twitter test sets;
* speed: words per second of the whole pipeline on raw text, one process, one thread.

Text is run through the pipeline's own tokenizer; gold and predicted tokens are aligned by
spaCy's `Example`, as `spacy evaluate` does.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example

from kilde.nlp.corpus import DANPLUS_DIR, ner_docs, treebank_docs

OOD_NER_SETS = {"web_arto": "da_arto_test.tsv", "twitter": "da_twitter_test.tsv"}


def _round(value: Any) -> Any:
    """Scores as percentages with two decimals (nested dicts too); None stays None."""
    if isinstance(value, dict):
        return {key: _round(val) for key, val in value.items()}
    if isinstance(value, float):
        return round(100 * value, 2)
    return value


def _ner_scores(scores: dict[str, Any]) -> dict[str, Any]:
    """Overall and per-label NER precision/recall/F1 from a spaCy score dict."""
    return _round(
        {
            "p": scores.get("ents_p"),
            "r": scores.get("ents_r"),
            "f": scores.get("ents_f"),
            "per_label": scores.get("ents_per_type") or {},
        }
    )


def score_docs(nlp: Language, golds: list[Doc]) -> dict[str, Any]:
    """spaCy scores of the pipeline on gold Docs (run from their raw text).

    This is `nlp.evaluate` with one repair: spaCy's per-feature morphology scorer looks the
    *predicted* FEATS string up in the gold Doc's vocab, which fails when the model predicts
    a combination the gold data never has; the predicted strings are added to it first.
    """
    examples = [Example(nlp.make_doc(gold.text), gold) for gold in golds]
    predicted = nlp.pipe((example.predicted for example in examples), batch_size=64)
    for example, doc in zip(examples, predicted, strict=True):
        example.predicted = doc
        for token in doc:
            example.reference.vocab.strings.add(str(token.morph))
    return Scorer(nlp).score(examples)


def words_per_second(nlp: Language, texts: list[str], repeats: int = 1) -> dict[str, Any]:
    """Throughput of the full pipeline (tokenizer included) over raw texts, one thread.

    Each of `repeats` passes is timed by process CPU time (on one thread, the throughput
    of one core even when other programs share the machine) and by elapsed time.
    `words_per_second` is the best pass, as `timeit` reports (other load only slows a pass
    down); `words_per_second_mean` is over all passes.
    """
    list(nlp.pipe(texts[:5]))  # warm-up
    words, cpu_times, wall_times = 0, [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
        cpu_times.append(time.process_time() - cpu)
        wall_times.append(time.perf_counter() - wall)
    return {
        "words": words,
        "passes": repeats,
        "cpu_seconds": round(sum(cpu_times), 3),
        "wall_seconds": round(sum(wall_times), 3),
        "words_per_second": round(words / min(cpu_times)),
        "words_per_second_mean": round(words * repeats / sum(cpu_times)),
        "words_per_wall_second": round(words / min(wall_times)),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def evaluate_pipeline(nlp: Language, data: Path, limit: int | None = None) -> dict[str, Any]:
    """All test-set scores for `nlp`, read from the data directory `data`."""
    news = list(treebank_docs(data, "test", ud_tags=True))[:limit]
    news_scores = score_docs(nlp, news)
    results: dict[str, Any] = {
        "news_test": {
            "docs": len(news),
            "words": sum(len(doc) for doc in news),
            "token_acc": _round(news_scores.get("token_acc")),
            "upos_acc": _round(news_scores.get("pos_acc")),
            "feats_acc": _round(news_scores.get("morph_acc")),
            "lemma_acc": _round(news_scores.get("lemma_acc")),
            "uas": _round(news_scores.get("dep_uas")),
            "las": _round(news_scores.get("dep_las")),
            "sents": _round({k: news_scores.get(f"sents_{k}") for k in ("p", "r", "f")}),
            "ner": _ner_scores(news_scores),
        },
        "gold": {
            "upos_feats_lemma": "ud-danish-ddt/da_ddt-ud-test.conllu",
            "dependencies_sentences": "ddt-train-recovered/da_ddt-test-native.conllu",
            "ner": "uner-danish-ddt/da_ddt-ud-test.iob2 (DaN+ layer 1)",
        },
    }
    for name, filename in OOD_NER_SETS.items():
        golds = list(ner_docs(data / DANPLUS_DIR / filename))[:limit]
        results[f"{name}_test"] = {"docs": len(golds), "ner": _ner_scores(score_docs(nlp, golds))}
    results["speed"] = words_per_second(nlp, [doc.text for doc in news], repeats=1 if limit else 5)
    return results
