"""Benchmark the shipped Danish pipeline on the held-out test sets.

Usage (from the repo root, one core):

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/model_bench.py --data ../shared/data \
        [--model PATH] [--json out.json]

Prints a Markdown table (the one in docs/benchmarks.md) and optionally writes the raw JSON.
The same numbers come from `kilde model evaluate --data ../shared/data --json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

from kilde.nlp import load_base  # noqa: E402
from kilde.nlp.evaluate import evaluate_pipeline  # noqa: E402


def markdown(scores: dict[str, Any]) -> str:
    """A Markdown table of the main scores."""
    news = scores["news_test"]
    rows = [
        (
            "NER F1 / P / R, news test (DaN+ layer 1)",
            f"{news['ner']['f']} / {news['ner']['p']} / {news['ner']['r']}",
        ),
    ]
    for label, value in sorted(news["ner"]["per_label"].items()):
        rows.append((f"NER F1, news test, {label}", f"{value['f']}"))
    rows += [
        ("NER F1, web forum test (Arto)", f"{scores['web_arto_test']['ner']['f']}"),
        ("NER F1, Twitter test", f"{scores['twitter_test']['ner']['f']}"),
        ("UPOS accuracy (UD test)", f"{news['upos_acc']}"),
        ("FEATS accuracy (UD test)", f"{news['feats_acc']}"),
        ("Lemma accuracy (UD test)", f"{news['lemma_acc']}"),
        ("UAS / LAS (native DDT test)", f"{news['uas']} / {news['las']}"),
        ("Sentence F1 (DDT test, 10-sentence docs)", f"{news['sents']['f']}"),
        ("Words per second, full pipeline, one core", f"{scores['speed']['words_per_second']}"),
    ]
    lines = ["| measure | score |", "|---|---:|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


def main() -> None:
    """Run the evaluation and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="Also write the raw scores here.")
    args = parser.parse_args()
    scores = evaluate_pipeline(load_base(args.model), args.data)
    scores["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2, ensure_ascii=False), encoding="utf-8")
    print(markdown(scores))


if __name__ == "__main__":
    main()
