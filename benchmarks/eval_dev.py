"""Attribution quality and speed on the gold dev set.

Runs `kilde analyze --format jsonl` over EVAL_DIR/dev/articles, scores the predictions with
EVAL_DIR/score.py and prints its table, then words per second per core.

    .venv/bin/python benchmarks/eval_dev.py [EVAL_DIR] [--show-errors] [--json] [--blank]

EVAL_DIR defaults to ../shared/eval (relative to the repository root). `--blank` runs the
attribution on a blank Danish pipeline (sentencizer only, no tagger/parser/NER) to show what
the rules do without the trained model.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = REPO.parent / "shared" / "eval"


def kilde_command() -> list[str]:
    """The kilde CLI of this environment (the venv's script, else `python -m`)."""
    script = Path(sys.executable).with_name("kilde")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kilde.cli"]


def count_words(articles: Path) -> int:
    """Words in the dev articles (whitespace-separated tokens)."""
    return sum(
        len(re.findall(r"\S+", p.read_text(encoding="utf-8"))) for p in articles.glob("*.txt")
    )


def write_blank_pipeline(path: Path) -> Path:
    """A blank Danish spaCy pipeline with a sentencizer, saved to `path`."""
    import spacy

    nlp = spacy.blank("da")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(path)
    return path


def cpu_seconds_of_children() -> float:
    """User + system CPU time of finished child processes."""
    times = os.times()
    return times.children_user + times.children_system


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    flags = [a for a in argv if a.startswith("--") and a != "--blank"]
    blank = "--blank" in argv
    eval_dir = Path(args[0]) if args else DEFAULT_EVAL
    articles = eval_dir / "dev" / "articles"
    gold = eval_dir / "dev" / "gold"
    if not articles.is_dir():
        print(f"no dev articles at {articles}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "predictions.jsonl"
        model_args: list[str] = []
        if blank:
            model_args = ["--model", str(write_blank_pipeline(Path(tmp) / "blank"))]
        cpu_before = cpu_seconds_of_children()
        wall_start = time.perf_counter()
        with predictions.open("w", encoding="utf-8") as out:
            subprocess.run(
                [*kilde_command(), "analyze", str(articles), "--format", "jsonl", *model_args],
                stdout=out,
                check=True,
            )
        wall = time.perf_counter() - wall_start
        cpu = cpu_seconds_of_children() - cpu_before
        scored = subprocess.run(
            [sys.executable, str(eval_dir / "score.py"), str(gold), str(predictions), *flags],
            capture_output=True,
            text=True,
            check=True,
        )
    print(scored.stdout, end="")
    words = count_words(articles)
    cores = os.cpu_count() or 1
    analysis_cpu = time_analysis_only(articles, blank)
    print(f"{'words':22} {words}")
    print(f"{'cli_wall_seconds':22} {wall:.2f}  (kilde analyze, incl. start-up and model loading)")
    print(f"{'cli_cpu_seconds':22} {cpu:.2f}")
    print(f"{'analysis_cpu_seconds':22} {analysis_cpu:.2f}  (pipeline already loaded)")
    print(
        f"{'words_per_second_core':22} {words / analysis_cpu:.0f}  "
        f"(analysis only, one process on one core; machine has {cores} cores)"
    )
    return 0


def time_analysis_only(articles: Path, blank: bool) -> float:
    """CPU seconds to analyse every article once the pipeline is loaded (one process)."""
    import warnings

    from kilde.ingest import parse_page
    from kilde.pipeline import analyze_many, load

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if blank:
            with tempfile.TemporaryDirectory() as tmp:
                nlp = load(write_blank_pipeline(Path(tmp) / "blank"))
        else:
            nlp = load()
    pages = [parse_page(p.read_text(encoding="utf-8"), path=str(p)) for p in articles.glob("*.txt")]
    start = time.process_time()
    for _ in analyze_many(pages, nlp=nlp):
        pass
    return time.process_time() - start


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
