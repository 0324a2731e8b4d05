"""`kilde model`: inspect, evaluate and retrain the shipped Danish pipeline."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

DEFAULT_DATA = Path("../shared/data")


def _single_thread() -> None:
    """Pin numeric libraries to one thread (speed is reported per core)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def _model_meta(model: Path | None) -> dict[str, Any]:
    """meta.json of the pipeline directory (the packaged one by default)."""
    from kilde.nlp import MODEL_DIR

    meta_path = (model or MODEL_DIR) / "meta.json"
    if not meta_path.exists():
        raise click.ClickException(f"no model at {meta_path.parent} (run `kilde model train`)")
    return json.loads(meta_path.read_text(encoding="utf-8"))


def _info_lines(meta: dict[str, Any]) -> list[str]:
    """Human-readable summary of a model meta.json."""
    kilde = meta.get("kilde", {})
    lines = [
        f"model      {meta.get('lang')}_{meta.get('name')} {meta.get('version')} "
        f"(spaCy {meta.get('spacy_version')})",
        f"licence    {meta.get('license')}",
        f"components {', '.join(meta.get('pipeline', []))}",
        "data",
    ]
    lines += [f"  - {s.get('name', '')} ({s.get('license', '?')})" for s in meta.get("sources", [])]
    if "training_seconds" in kilde:
        lines.append(
            f"trained    {kilde['training_seconds']} s with {kilde.get('config')}; "
            f"docs {kilde.get('corpus_docs')}"
        )
    test = kilde.get("test_scores", {})
    news = test.get("news_test")
    if news:
        lines += [
            "scores     (news test, %)",
            f"  NER F1 {news['ner']['f']}  P {news['ner']['p']}  R {news['ner']['r']}",
            f"  UPOS {news['upos_acc']}  FEATS {news['feats_acc']}  lemma {news['lemma_acc']}",
            f"  UAS {news['uas']}  LAS {news['las']}  sentence F1 {news['sents']['f']}",
        ]
        for name in ("web_arto_test", "twitter_test"):
            if name in test:
                lines.append(f"  NER F1 {name}: {test[name]['ner']['f']}")
        if "speed" in test:
            lines.append(f"  speed {test['speed']['words_per_second']} words/s (one core)")
    return lines


@click.group("model")
def model_group() -> None:
    """The Danish NLP pipeline shipped inside kilde."""


@model_group.command("info")
@click.option("--model", type=click.Path(path_type=Path), help="Pipeline directory.")
@click.option("--json", "as_json", is_flag=True, help="Print the full meta.json.")
def info_command(model: Path | None, as_json: bool) -> None:
    """Version, components, training data and test scores of the model."""
    meta = _model_meta(model)
    if as_json:
        click.echo(json.dumps(meta, indent=2, ensure_ascii=False))
        return
    click.echo("\n".join(_info_lines(meta)))


@model_group.command("evaluate")
@click.option(
    "--data",
    type=click.Path(path_type=Path, exists=True),
    default=DEFAULT_DATA,
    show_default=True,
    help="The shared data directory (read by path).",
)
@click.option("--model", type=click.Path(path_type=Path), help="Pipeline directory.")
@click.option("--limit", type=int, help="Only the first N documents of each test set.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_command(data: Path, model: Path | None, limit: int | None, as_json: bool) -> None:
    """Scores on the news, web and Twitter test sets, and words per second."""
    _single_thread()
    from kilde.nlp import load_base
    from kilde.nlp.evaluate import evaluate_pipeline

    scores = evaluate_pipeline(load_base(model), data, limit=limit)
    if as_json:
        click.echo(json.dumps(scores, indent=2, ensure_ascii=False))
        return
    meta = {"kilde": {"test_scores": scores}}
    click.echo("\n".join(line for line in _info_lines(meta) if line.startswith(("scores", "  "))))


@model_group.command("train")
@click.option(
    "--data",
    type=click.Path(path_type=Path, exists=True),
    default=DEFAULT_DATA,
    show_default=True,
    help="The shared data directory (read by path).",
)
@click.option(
    "--workdir",
    type=click.Path(path_type=Path),
    default=Path("training"),
    show_default=True,
    help="Where the corpus and training outputs go (gitignored).",
)
@click.option("--config", type=click.Path(path_type=Path, exists=True), help="spaCy config.")
@click.option("--max-steps", type=int, help="Override training.max_steps (quick runs).")
@click.option("--no-install", is_flag=True, help="Keep the packaged model; only train.")
def train_command(
    data: Path, workdir: Path, config: Path | None, max_steps: int | None, no_install: bool
) -> None:
    """Retrain the pipeline from the data and install it into the package."""
    _single_thread()
    from kilde.nlp.train import DEFAULT_CONFIG, train_model

    overrides = {"training.max_steps": max_steps} if max_steps else None
    result = train_model(
        data,
        workdir=workdir,
        config=config or DEFAULT_CONFIG,
        overrides=overrides,
        install=not no_install,
    )
    click.echo(json.dumps(result["test_scores"], indent=2, ensure_ascii=False))
