"""Benchmark `kilde batch` on this machine: throughput with 1 and 2 Dask workers.

Generates a corpus of JSON Lines partitions from our own templates, runs it through a
LocalCluster with each worker count (pipeline already loaded: the timed part is the
processing), and reports articles/s, words/s, speed-up and scaling efficiency, peak
memory per worker, the machine load during each run, and a projection for 10 million
articles. Not a test.

    .venv/bin/python benchmarks/batch_bench.py                      # print the results
    .venv/bin/python benchmarks/batch_bench.py --write-docs         # and update docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import random
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster

from kilde.batch import run_batch
from kilde.batch.worker import PipelinePreloader

DOCS = Path(__file__).parents[1] / "docs" / "benchmarks.md"
SECTION = "## Batch runs"
ARCHIVE_SIZE = 10_000_000

WOMEN = ["Anne", "Mette", "Karen", "Line", "Sofie", "Hanne", "Camilla", "Louise", "Birgitte"]
MEN = ["Lars", "Jens", "Anders", "Peter", "Mikkel", "Søren", "Henrik", "Rasmus", "Jakob"]
SURNAMES = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Kjær", "Holm", "Lund",
            "Friis", "Bach", "Dahl", "Krogh", "Winther", "Møller", "Skov"]
ROLES = ["borgmester", "formand", "direktør", "professor", "overlæge", "ordfører",
         "afdelingschef", "talsperson", "forsker", "minister"]
ORGS = ["Danske Regioner", "KL", "Dansk Industri", "Forbrugerrådet Tænk", "Sundhedsstyrelsen",
        "Dansk Erhverv", "Rigspolitiet", "Energistyrelsen", "Miljøstyrelsen"]
PLACES = ["Aarhus", "Odense", "Aalborg", "Esbjerg", "Roskilde", "Vejle", "Herning", "Holbæk",
          "Svendborg", "Viborg", "Næstved", "Kolding"]
TOPICS = [("skolen", "skoler"), ("sygehuset", "sygehuse"), ("broen", "broer"),
          ("vindmølleparken", "vindmølleparker"), ("busruten", "busruter"),
          ("plejehjemmet", "plejehjem"), ("banen", "baner"), ("havnen", "havne")]
OUTLETS = ["dr.dk", "politiken.dk", "tv2.dk", "berlingske.dk", "jp.dk", "information.dk"]
OPENINGS = [
    "{Place} Kommune vil lukke {topic} inden udgangen af året, og det vækker kritik.",
    "Regeringen foreslår at bruge flere penge på {topics} i {Place} og omegn.",
    "Der er uenighed om fremtiden for {topic} i {Place}, efter at budgettet er faldet.",
    "Et nyt udspil skal gøre det billigere at drive {topics} i hele landet.",
]
BODY = [
    "- Vi har ikke råd til at vente længere, siger {role} {name}.",
    "- Det er en beslutning, der rammer de svageste hårdest, siger {name}, der er {role} i "
    "{org}.",
    "{role_cap} {name} siger, at {topic} har været et samlingspunkt i mange år.",
    "Ifølge {org} vil ændringen koste omkring {number} millioner kroner om året.",
    "»Vi skal tænke langsigtet, og det kræver, at alle parter bliver hørt,« siger {name}.",
    "{org} oplyser i en pressemeddelelse, at sagen skal behandles igen i {month}.",
    "{name} mener, at kommunen burde have lyttet til borgerne, før den traf sin beslutning.",
    "Beslutningen har skabt stor debat blandt borgerne i {Place}, hvor mange har skrevet "
    "under på en protest.",
    "Ifølge en opgørelse fra {org} bor der omkring {number} tusinde mennesker i området.",
    "- Jeg forstår godt, at folk er frustrerede, men vi er nødt til at prioritere, siger "
    "{pronoun} til {outlet_name}.",
    "Sagen blev første gang omtalt i {month}, og siden har flere politikere blandet sig.",
    "Det skriver {outlet_name}, som har set et internt notat fra {org}.",
    "Kritikerne peger på, at {topics} i andre dele af landet har klaret sig fint med færre "
    "penge, og de efterlyser en grundig analyse, før der bliver truffet en endelig beslutning.",
    "- Vi har holdt møder med borgerne hele foråret, og vi har lyttet til deres bekymringer, "
    "men tallene taler deres tydelige sprog, siger {name} til {outlet_name}.",
    "I {org} er man bekymret for konsekvenserne. Organisationen vurderer, at op mod "
    "{number} familier kan blive berørt af ændringen i løbet af de kommende år.",
    "{name} understreger, at der endnu ikke er truffet nogen beslutning, og at alle "
    "muligheder stadig er åbne, indtil byrådet mødes igen i {month}.",
    "Ifølge {name} handler sagen i virkeligheden om, hvordan man fordeler pengene mellem by "
    "og land, og det er en diskussion, der har stået på i mange år.",
    "Sagen bliver behandlet på et ekstraordinært møde i {month}, hvor også repræsentanter for "
    "{org} er inviteret til at komme med deres bud på en løsning.",
]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "august", "september"]


def make_article(rng: random.Random, number: int) -> dict[str, Any]:
    """One JSON Lines record: an article of 11–17 paragraphs made from the templates."""
    woman = rng.random() < 0.4
    first = rng.choice(WOMEN if woman else MEN)
    role = rng.choice(ROLES)
    topic, topics = rng.choice(TOPICS)
    outlet = rng.choice(OUTLETS)
    slots = {
        "name": f"{first} {rng.choice(SURNAMES)}", "role": role, "role_cap": role.capitalize(),
        "org": rng.choice(ORGS), "Place": rng.choice(PLACES), "topic": topic, "topics": topics,
        "number": rng.randint(2, 900), "month": rng.choice(MONTHS),
        "pronoun": "hun" if woman else "han", "outlet_name": outlet.split(".")[0].upper(),
    }
    paragraphs = [rng.choice(OPENINGS).format(**slots)]
    paragraphs += [p.format(**slots) for p in rng.sample(BODY, rng.randint(10, 16))]
    if rng.random() < 0.5:
        paragraphs.append(rng.choice(["/ritzau/", "ritzau/Reuters", "(Ritzau)"]))
    month = rng.randint(1, 12)
    return {"id": f"bench-{number}", "outlet": outlet, "date": f"2024-{month:02d}",
            "text": "\n\n".join(paragraphs)}


def write_corpus(root: Path, articles: int, partitions: int, seed: int = 7) -> list[str]:
    """`partitions` .jsonl.gz files holding `articles` articles in all."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    per_partition = -(-articles // partitions)
    for index in range(partitions):
        path = root / f"part-{index:03d}.jsonl.gz"
        numbers = range(index * per_partition, min(articles, (index + 1) * per_partition))
        with gzip.open(path, "wt", encoding="utf-8") as file:
            for number in numbers:
                file.write(json.dumps(make_article(rng, number), ensure_ascii=False) + "\n")
        paths.append(str(path))
    return paths


class LoadSampler:
    """Samples the 1-minute load average every second while a run is going on."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _spin(seconds: float) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        pass
    return time.process_time() - cpu


def cores_available(processes: int, seconds: float = 5.0) -> float:
    """Control: how many cores `processes` busy-looping processes of ours get right now.

    On a machine shared with other sessions (Linux autogroup scheduling divides the CPU
    between sessions, not processes) this is well below `processes`.
    """
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        return sum(pool.map(_spin, [seconds] * processes)) / seconds


def measure(inputs: list[str], workers: int, out: Path, model: str | None) -> dict[str, Any]:
    """One timed run with `workers` worker processes (cluster start-up timed apart)."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                     dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(PipelinePreloader(model))
        startup = time.perf_counter() - started
        with LoadSampler() as load:
            report = run_batch(inputs, out, client=client, model=model, retries=0)
    seconds = report.processing_s
    peaks: dict[str, float] = {}
    for record in report.done:
        peaks[record["worker"]] = max(peaks.get(record["worker"], 0.0), record["peak_rss_mb"])
    assert not report.failed, report.failed
    return {
        "workers": workers, "seconds": seconds, "startup_s": round(startup, 1),
        "articles": report.total("articles"), "words": report.total("words"),
        "quotes": report.total("quotes"),
        "cpu_s": sum(record["cpu_s"] for record in report.done),
        "articles_per_s": report.total("articles") / seconds,
        "words_per_s": report.total("words") / seconds,
        "peak_rss_mb": max(peaks.values()), "peak_rss_by_worker": peaks,
        "load_mean": statistics.mean(load.samples), "load_max": max(load.samples),
    }


def projection(one: dict[str, Any], two: dict[str, Any] | None) -> list[str]:
    """Hours and cores for ARCHIVE_SIZE articles, from the measured per-core rates.

    Two bases: the CPU time per article (what a core dedicated to kilde does), with the
    scaling efficiency taken as the ratio of CPU cost per article at 1 and 2 workers; and
    the wall-clock rate of one worker on this machine as it was (shared with others).
    """
    words = one["words"] / one["articles"]
    cpu_rate = one["articles"] / one["cpu_s"]
    cpu_efficiency = min(1.0, (two["articles"] / two["cpu_s"]) / cpu_rate) if two else 1.0
    core_hours = ARCHIVE_SIZE / cpu_rate / 3600 / cpu_efficiency
    wall_core_hours = ARCHIVE_SIZE / one["articles_per_s"] / 3600
    lines = [
        f"- Per dedicated core: {cpu_rate:.1f} articles/s ({cpu_rate * words:,.0f} words/s) "
        f"on articles of {words:.0f} words (1 worker's CPU time per article; with 2 workers "
        f"the CPU cost per article is {1 / cpu_efficiency:.2f}× that, i.e. a scaling "
        f"efficiency of {cpu_efficiency:.0%} once each worker has its core).",
        f"- {ARCHIVE_SIZE:,} such articles: **{core_hours:,.0f} core-hours**, e.g.",
    ]
    for cores in (16, 64, 256, 1024):
        hours = core_hours / cores
        days = f" ({hours / 24:,.1f} days)" if hours > 48 else ""
        lines.append(f"  - {cores} cores (worker processes): **{hours:,.1f} h**{days}, "
                     f"{cores * one['peak_rss_mb'] / 1024:,.0f} GB of RAM in all")
    lines.append(
        f"- At the wall-clock rate one worker got on this shared machine "
        f"({one['articles_per_s']:.2f} articles/s) it would be {wall_core_hours:,.0f} "
        "core-hours: an upper bound, inflated by the other processes."
    )
    return lines


def markdown(results: list[dict[str, Any]], args: argparse.Namespace, corpus_mb: float,
             output_mb: float) -> str:
    """The '## Batch runs' section of docs/benchmarks.md."""
    by_workers = {r["workers"]: r for r in results}
    one, two = by_workers.get(1), by_workers.get(2)
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with "
        f"`.venv/bin/python benchmarks/batch_bench.py --articles {args.articles} "
        f"--partitions {args.partitions} --repeats {args.repeats}"
        f"{' --write-docs' if args.write_docs else ''}` on this "
        f"machine ({os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}). *Cores obtained* is the workers' CPU time "
        "divided by the wall time: how much of the machine the run actually got while other "
        "sessions were running; the *control* is what the same number of plain busy-loop "
        "processes got just before (Linux autogroup scheduling shares the CPU between "
        "sessions, so extra processes of one session gain little when others are busy). "
        f"Corpus: {args.articles:,} generated articles "
        f"(our own templates) in {args.partitions} `.jsonl.gz` partitions "
        f"({corpus_mb:.1f} MB gzipped); output {output_mb:.1f} MB of Parquet per run. The "
        "pipeline is loaded on every worker before the clock starts (cluster start-up and "
        "loading are shown apart); timed: reading, analysis, writing Parquet. Best of "
        f"{args.repeats} interleaved run(s) per worker count.", "",
        "| workers | articles/s | words/s | speed-up | efficiency | peak RSS per worker "
        "| time (s) | start-up + load (s) | words per worker CPU-second "
        "| cores obtained | control: cores that many busy loops got "
        "| load avg during run (mean / max) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        speedup = r["articles_per_s"] / one["articles_per_s"] if one else float("nan")
        lines.append(
            f"| {r['workers']} | {r['articles_per_s']:.1f} | {r['words_per_s']:,.0f} | "
            f"{speedup:.2f}× | {speedup / r['workers']:.0%} | {r['peak_rss_mb']:,.0f} MB | "
            f"{r['seconds']:.1f} | {r['startup_s']:.1f} | {r['words'] / r['cpu_s']:,.0f} | "
            f"{r['cpu_s'] / r['seconds']:.2f} | {r.get('control_cores', float('nan')):.2f} | "
            f"{r['load_mean']:.1f} / "
            f"{r['load_max']:.1f} |"
        )
    lines.append("")
    if one and two:
        speedup = two["articles_per_s"] / one["articles_per_s"]
        verdict = "meets" if speedup >= 1.8 else "misses"
        lines.append(
            f"Speed-up 1 → 2 workers: **{speedup:.2f}×** ({verdict} the 1.8× target); peak "
            f"memory per worker **{max(r['peak_rss_mb'] for r in results):,.0f} MB** "
            f"(target ≤ 1,536 MB).")
        lines.append("")
    if one:
        lines.append("Projection for 10 million articles (from the measured per-core rate):")
        lines.append("")
        lines += projection(one, two)
        lines.append("")
    lines.append(args.note or "")
    return "\n".join(lines).rstrip() + "\n"


def write_section(text: str) -> None:
    """Replace only the '## Batch runs' section of docs/benchmarks.md."""
    doc = DOCS.read_text(encoding="utf-8")
    start = doc.index(SECTION)
    following = doc.find("\n## ", start + len(SECTION))
    end = len(doc) if following == -1 else following + 1
    DOCS.write_text(doc[:start] + text + ("\n" + doc[end:] if following != -1 else ""),
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--partitions", type=int, default=24)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--repeats", type=int, default=1, help="runs per worker count (best kept)")
    parser.add_argument("--model", help="spaCy pipeline directory (default: the shipped one)")
    parser.add_argument("--note", help="a paragraph appended to the section (e.g. the load)")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--json", type=Path, help="also save the raw results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kilde-batch-bench-") as temp:
        root = Path(temp)
        inputs = write_corpus(root / "corpus", args.articles, args.partitions)
        corpus_mb = sum(Path(p).stat().st_size for p in inputs) / 1e6
        counts = [int(w) for w in args.workers.split(",")]
        runs: dict[int, list[dict[str, Any]]] = {n: [] for n in counts}
        for repeat in range(args.repeats):  # interleaved, so load changes hit both alike
            for workers in counts:
                control = cores_available(workers)
                run = measure(inputs, workers, root / "out", args.model)
                run["control_cores"] = control
                print(f"workers={workers} run={repeat + 1}: "
                      f"{run['articles_per_s']:.2f} articles/s, {run['words_per_s']:,.0f} "
                      f"words/s, CPU {run['cpu_s']:.0f} s, peak RSS "
                      f"{run['peak_rss_by_worker']}, load mean {run['load_mean']:.1f}, "
                      f"cores obtained {run['cpu_s'] / run['seconds']:.2f}, control "
                      f"{control:.2f}",
                      flush=True)
                runs[workers].append(run)
        results = [max(runs[n], key=lambda r: r["articles_per_s"]) for n in counts]
        output_mb = sum(p.stat().st_size for p in (root / "out").rglob("*.parquet")) / 1e6
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")
    text = markdown(results, args, corpus_mb, output_mb)
    print(text)
    if args.write_docs:
        write_section(text)


if __name__ == "__main__":
    main()
