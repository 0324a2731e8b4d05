"""Benchmark of the archive (not a test): ingest throughput, search latency, size on disk.

    .venv/bin/python benchmarks/archive_bench.py --articles 12000 --pg "$KILDE_TEST_PG_URL"

1. Generates a Danish corpus from the templates below (articles with direct, indirect and
   anonymous quotes by a few hundred named people and organisations, over outlets and months).
2. Ingest throughput of `kilde ingest` (the same code path as the command): the whole corpus
   as page-form files with the `blank` pipeline (tokenizer + attribution, no trained model),
   and a subset with the shipped model; articles/s and words/s with N workers.
3. Store-only: the same articles as ready-made analyses (≈ 9 quotes each, ≥ 100,000 quotes)
   written with `Archive.add`, on SQLite and PostgreSQL; then search latency p50/p95 over a
   mix of queries (full text, speaker, gender, outlet and period filters, combinations), and
   the size of the archive per 1,000 articles.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from kilde.article import Analysis, Entity, Quote, Speaker, content_id
from kilde.store import Archive
from kilde.store.ingest import default_workers, ingest

OUTLETS = [
    "dr.dk",
    "politiken.dk",
    "berlingske.dk",
    "jp.dk",
    "tv2.dk",
    "information.dk",
    "bt.dk",
    "ekstrabladet.dk",
]
WOMEN = [
    "Mette",
    "Pia",
    "Sofie",
    "Anne",
    "Karen",
    "Lone",
    "Camilla",
    "Ida",
    "Marie",
    "Helle",
    "Birgitte",
    "Louise",
    "Signe",
    "Trine",
    "Astrid",
]
MEN = [
    "Lars",
    "Jakob",
    "Morten",
    "Troels",
    "Søren",
    "Anders",
    "Henrik",
    "Mads",
    "Peter",
    "Rasmus",
    "Nicolai",
    "Jens",
    "Kristian",
    "Ole",
    "Magnus",
]
SURNAMES = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Johansen",
    "Knudsen",
    "Mortensen",
    "Møller",
]
ROLES = [
    "statsminister",
    "forsvarsminister",
    "finansminister",
    "borgmester",
    "direktør",
    "professor",
    "overlæge",
    "formand",
    "ordfører",
    "chefanalytiker",
    "talsperson",
]
ORGANISATIONS = [
    "Forsvaret",
    "Rigspolitiet",
    "Dansk Industri",
    "Danmarks Statistik",
    "Sundhedsstyrelsen",
    "Novo Nordisk",
    "Fagbevægelsens Hovedorganisation",
    "Region Hovedstaden",
    "Kommunernes Landsforening",
    "Nationalbanken",
]
ANONYMOUS = [
    "en kilde med kendskab til sagen",
    "en unavngiven embedsmand",
    "en person tæt på forhandlingerne",
    "en talsmand",
]
PLACES = ["Afghanistan", "Kabul", "Ukraine", "Aarhus", "Odense", "Bruxelles", "Grønland"]
SUBJECTS = [
    "soldaterne",
    "regeringen",
    "skatten",
    "klimaet",
    "sygehusene",
    "skolerne",
    "forhandlingerne",
    "boligerne",
    "pensionen",
    "landmændene",
    "politiet",
    "vindmøllerne",
    "tilbagetrækningen",
    "inflationen",
    "udlændingene",
    "cyklisterne",
]
PREDICATES = [
    "skal have bedre vilkår",
    "er kommet for at blive",
    "bliver dyrere for alle",
    "har brug for en ny plan",
    "kan ikke vente længere",
    "må prioriteres højere",
    "har fået for lidt opmærksomhed",
    "skal hjem hurtigst muligt",
    "er den største udfordring lige nu",
    "vil blive forhandlet i næste uge",
]


def people(rng: random.Random, count: int = 300) -> list[tuple[str, str | None]]:
    """(name, gender) for `count` people; a third without a gender the text would reveal."""
    result = []
    for i in range(count):
        female = i % 2 == 0
        first = rng.choice(WOMEN if female else MEN)
        name = f"{first} {rng.choice(SURNAMES)}"
        gender = ("f" if female else "m") if i % 3 else None
        result.append((name, gender))
    return result


def make_article(i: int, rng: random.Random, cast: list[tuple[str, str | None]]) -> Analysis:
    """One synthetic analysed article: text, quotes with exact offsets, a place entity."""
    outlet = OUTLETS[i % len(OUTLETS)]
    date = f"{2019 + i % 5}-{1 + (i // 5) % 12:02d}-{1 + i % 28:02d}"
    place = rng.choice(PLACES)
    paragraphs = [f"Nyt fra {place}: {rng.choice(SUBJECTS)} {rng.choice(PREDICATES)} (nr. {i})."]
    pending: list[tuple[int, str, Speaker, str]] = []  # paragraph, quote, speaker, kind
    for _ in range(rng.randint(6, 12)):
        quote = f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}"
        form = rng.random()
        if form < 0.55:
            name, gender = rng.choice(cast)
            role = rng.choice(ROLES)
            paragraphs.append(f"– {quote.capitalize()}, siger {role} {name}.")
            pending.append(
                (
                    len(paragraphs) - 1,
                    quote.capitalize(),
                    Speaker(name=f"{role} {name}", type="person", role=role, gender=gender),
                    "direct",
                )
            )
        elif form < 0.8:
            name, gender = rng.choice(cast)
            paragraphs.append(f"{name} siger, at {quote}.")
            pending.append(
                (
                    len(paragraphs) - 1,
                    quote,
                    Speaker(name=name, type="person", gender=gender),
                    "indirect",
                )
            )
        elif form < 0.9:
            org = rng.choice(ORGANISATIONS)
            paragraphs.append(f"{org} oplyser, at {quote}.")
            pending.append(
                (len(paragraphs) - 1, quote, Speaker(name=org, type="organization"), "indirect")
            )
        else:
            source = rng.choice(ANONYMOUS)
            paragraphs.append(f"– {quote.capitalize()}, siger {source}.")
            pending.append(
                (
                    len(paragraphs) - 1,
                    quote.capitalize(),
                    Speaker(name=source, type="anonymous"),
                    "direct",
                )
            )
    wire = i % 3 == 0
    if wire:
        paragraphs.append("ritzau")
    text = "\n\n".join(paragraphs)
    offsets = []
    position = 0
    for paragraph in paragraphs:
        offsets.append(position)
        position += len(paragraph) + 2
    quotes = []
    for index, words, speaker, kind in pending:
        start = offsets[index] + paragraphs[index].index(words)
        quotes.append(
            Quote(
                kind=kind,
                text=words,
                start=start,
                end=start + len(words),
                speaker=speaker,
                cue="siger",
                confidence=0.9,
            )
        )
    place_start = text.index(place)
    return Analysis(
        id=content_id(text),
        path=f"bench/{i:06d}.txt",
        outlet=outlet,
        date=date,
        bylines=["ritzau"] if wire else [],
        language="da",
        text=text,
        quotes=quotes,
        entities=[Entity(text=place, label="LOC", start=place_start, end=place_start + len(place))],
    )


def corpus(count: int, seed: int = 4) -> list[Analysis]:
    rng = random.Random(seed)
    cast = people(rng)
    return [make_article(i, rng, cast) for i in range(count)]


def write_page_files(analyses: list[Analysis], folder: Path) -> None:
    """The articles as page-form text files (` date YYYY-MM-DD` header, paragraphs, byline)."""
    folder.mkdir(parents=True, exist_ok=True)
    for a in analyses:
        (folder / f"{a.path.split('/')[-1]}").write_text(
            f" date {a.date}\n{a.text}\n", encoding="utf-8"
        )


def measure_ingest(folder: Path, target: str, workers: int, model: str | None) -> dict:
    with Archive.open(target) as archive:
        report = ingest(archive, [str(folder)], workers=workers, model=model)
    return {
        "articles": report.stored,
        "failed": report.failed,
        "seconds": report.seconds,
        "articles_per_s": report.articles_per_second,
        "words_per_s": report.words_per_second,
        "workers": workers,
    }


def fill(target: str, analyses: list[Analysis]) -> tuple[Archive, float]:
    archive = Archive.open(target)
    started = time.perf_counter()
    for analysis in analyses:
        archive.add(analysis)
    return archive, time.perf_counter() - started


def search_mix(rng: random.Random, n: int) -> list[dict]:
    """`n` search calls: full text alone and with filters, filters alone."""
    calls = []
    for i in range(n):
        kind = i % 8
        year = 2019 + i % 5
        if kind == 0:
            calls.append({"query": rng.choice(SUBJECTS)[:-3]})  # a stem: soldat → soldaterne
        elif kind == 1:
            calls.append({"query": f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES).split()[-1]}"})
        elif kind == 2:
            calls.append({"speaker": rng.choice(SURNAMES)})
        elif kind == 3:
            calls.append(
                {"query": rng.choice(SUBJECTS), "gender": rng.choice(["f", "m", "unknown"])}
            )
        elif kind == 4:
            calls.append(
                {"outlet": rng.choice(OUTLETS), "date_from": f"{year}-03", "date_to": f"{year}-06"}
            )
        elif kind == 5:
            calls.append({"speaker_type": "anonymous", "outlet": rng.choice(OUTLETS)})
        elif kind == 6:
            calls.append(
                {"query": rng.choice(SUBJECTS), "place": rng.choice(PLACES), "date_from": str(year)}
            )
        else:
            calls.append({"offset": rng.randint(0, 2000)})
    return calls


def measure_search(archive: Archive, calls: list[dict]) -> dict:
    for call in calls[:20]:  # warm the caches
        archive.search(**call)
    timings = []
    by_kind: dict[str, list[float]] = {}
    for call in calls:
        call = dict(call)
        query = call.pop("query", None)
        started = time.perf_counter()
        archive.search(query, limit=20, **call)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        kind = "+".join(sorted((["text"] if query else []) + list(call)))
        by_kind.setdefault(kind, []).append(elapsed)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(timings[-1], 1),
        "calls": len(timings),
        "p95_ms_by_kind": {k: round(percentile(sorted(v), 0.95), 1) for k, v in by_kind.items()},
    }


def percentile(ordered: list[float], fraction: float) -> float:
    """The value below which `fraction` of the (sorted) timings fall."""
    return ordered[max(0, int(round(len(ordered) * fraction)) - 1)]


def size_per_1000(archive: Archive, target: str) -> float:
    articles = archive.counts()["articles"]
    if archive.backend == "sqlite":
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = os.path.getsize(target)
    else:
        size = archive.db.scalar(
            "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        )
    return float(size) / articles * 1000 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=12_000)
    parser.add_argument(
        "--ingest-articles",
        type=int,
        default=None,
        help="how many to ingest with the blank pipeline (default: all)",
    )
    parser.add_argument(
        "--model-articles",
        type=int,
        default=300,
        help="how many to ingest with the shipped model (0: skip)",
    )
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--searches", type=int, default=400)
    parser.add_argument("--skip-ingest", action="store_true", help="only the store and search part")
    parser.add_argument("--skip-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--keep-schema", action="store_true", help="leave the PostgreSQL data")
    parser.add_argument(
        "--pg",
        default=os.environ.get("KILDE_TEST_PG_URL"),
        help="postgresql:// URL (default: $KILDE_TEST_PG_URL); omit to skip",
    )
    args = parser.parse_args()

    analyses = corpus(args.articles)
    words = sum(len(a.text.split()) for a in analyses)
    quotes = sum(len(a.quotes) for a in analyses)
    print(
        f"corpus: {len(analyses)} articles, {quotes} quotes, {words} words; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        ingest_count = 0 if args.skip_ingest else args.ingest_articles or len(analyses)
        if ingest_count:
            write_page_files(analyses[:ingest_count], tmp_path / "all")
            result = measure_ingest(
                tmp_path / "all", str(tmp_path / "ingest-blank.db"), args.workers, "blank"
            )
            print(f"ingest, blank pipeline: {result}")
        if ingest_count and args.model_articles:
            write_page_files(analyses[: args.model_articles], tmp_path / "subset")
            result = measure_ingest(
                tmp_path / "subset", str(tmp_path / "ingest-model.db"), args.workers, None
            )
            print(f"ingest, shipped model: {result}")

        calls = search_mix(random.Random(7), args.searches)
        targets = [] if args.skip_sqlite else [("sqlite", str(tmp_path / "store.db"))]
        schema = None
        if args.pg:
            import psycopg

            schema = "bench_" + uuid.uuid4().hex[:8]
            with psycopg.connect(args.pg, autocommit=True) as admin:
                admin.execute(f'CREATE SCHEMA "{schema}"')
            sep = "&" if "?" in args.pg else "?"
            targets.append(("postgresql", f"{args.pg}{sep}options=-csearch_path%3D{schema}"))
        try:
            for backend, target in targets:
                archive, seconds = fill(target, analyses)
                counts = archive.counts()
                print(
                    f"{backend}: stored {counts['articles']} articles / {counts['quotes']} "
                    f"quotes / {counts['speakers']} speakers in {seconds:.1f} s "
                    f"({counts['articles'] / seconds:.0f} articles/s, store only)"
                )
                print(f"{backend}: search {measure_search(archive, calls)}")
                started = time.perf_counter()
                archive.stats(by=("outlet", "month"))
                print(
                    f"{backend}: stats by outlet and month in "
                    f"{(time.perf_counter() - started) * 1000:.0f} ms"
                )
                print(f"{backend}: size {size_per_1000(archive, target):.2f} MB per 1,000 articles")
                archive.close()
        finally:
            if schema and not args.keep_schema:
                with psycopg.connect(args.pg, autocommit=True) as admin:
                    admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
