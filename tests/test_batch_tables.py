"""Batch output without a cluster: Analysis ⇄ Parquet rows, the writer, the manifest, queries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
import spacy
from spacy.language import Language

from kilde.article import Analysis, Article
from kilde.batch.manifest import Manifest, output_files, read_other_languages
from kilde.batch.partitions import plan_partitions
from kilde.batch.schema import SCHEMAS, schema_markdown
from kilde.batch.tables import read_partition, read_results, speaker_rows
from kilde.batch.worker import analyse_documents, process_partition
from kilde.batch.writer import PartitionWriter
from kilde.ingest import IngestFailure

DOCS = Path(__file__).parents[1] / "docs" / "batch.md"
TEXT = (
    "Statsminister Mette Frederiksen siger, at aftalen er på plads.\n\n"
    "- Vi er meget tilfredse, siger hun.\n\n"
    "Ministeriet oplyser, at loven træder i kraft 1. juli. Lars Hansen er uenig."
)


def span(text: str, needle: str) -> dict:
    start = text.index(needle)
    return {"text": needle, "start": start, "end": start + len(needle)}


def sample_analysis(outlet: str | None = "dr.dk", speaker_gender: str | None = "f") -> Analysis:
    """A hand-built analysis using every part of the contract (quotes, speakers, facts)."""
    frederiksen = {
        "name": "Mette Frederiksen",
        "type": "person",
        "role": "statsminister",
        "gender": speaker_gender,
        "mention": span(TEXT, "Mette Frederiksen"),
    }
    return Analysis.model_validate(
        {
            "path": "corpus/a.jsonl:3",
            "id": "a1",
            "url": "https://example.dk/a1",
            "outlet": outlet,
            "title": "Aftale",
            "date": "2024-05",
            "bylines": ["ritzau"],
            "language": "da",
            "text": TEXT,
            "quotes": [
                {
                    "kind": "indirect",
                    **span(TEXT, "aftalen er på plads"),
                    "cue": "siger",
                    "confidence": 0.91,
                    "speaker": frederiksen,
                },
                {
                    "kind": "direct",
                    **span(TEXT, "Vi er meget tilfredse"),
                    "cue": "siger",
                    "confidence": 0.97,
                    "speaker": {**frederiksen, "role": None, "mention": span(TEXT, "hun")},
                },
                {
                    "kind": "indirect",
                    **span(TEXT, "loven træder i kraft 1. juli"),
                    "cue": "oplyser",
                    "medium": None,
                    "via": "Ritzau",
                    "confidence": 0.8,
                    "speaker": {"name": "Ministeriet", "type": "organization"},
                    "dates": [{**span(TEXT, "1. juli"), "kind": "date", "value": "2024-07-01"}],
                },
            ],
            "entities": [
                {**span(TEXT, "Mette Frederiksen"), "label": "PER"},
                {**span(TEXT, "Lars Hansen"), "label": "PER"},
            ],
            "dates": [{**span(TEXT, "1. juli"), "kind": "date", "value": "2024-07-01"}],
            "warnings": ["decoded as cp1252"],
        }
    )


def write_partition(results: Path, name: str, analyses: list[Analysis]) -> None:
    with PartitionWriter(results, name, articles_per_row_group=2) as writer:
        for analysis in analyses:
            writer.add(analysis)
        writer.commit()


def test_tables_round_trip_to_equal_analyses(tmp_path: Path):
    bare = Analysis(id="b2", text="Ingen citater her.")
    analyses = [sample_analysis(), bare, sample_analysis(outlet="tv2.dk", speaker_gender=None)]
    write_partition(tmp_path, "p1", analyses)
    assert list(read_partition(tmp_path, "p1")) == analyses
    article = pq.read_table(tmp_path / "articles" / "p1.parquet").to_pylist()[0]
    assert json.loads(article["extra"])["dates"][0]["value"] == "2024-07-01"
    quotes = pq.read_table(tmp_path / "quotes" / "p1.parquet").to_pylist()
    assert [q["speaker_gender"] for q in quotes] == ["f", "f", None, None, None, None]
    assert all(TEXT[q["start"] : q["end"]] == q["text"] for q in quotes)


def test_every_file_has_the_declared_schema(tmp_path: Path):
    write_partition(tmp_path, "empty", [])
    write_partition(tmp_path, "full", [sample_analysis()])
    for name, schema in SCHEMAS.items():
        for file in (tmp_path / name).glob("*.parquet"):
            assert pq.read_schema(file).equals(schema, check_metadata=True)
    assert list(read_partition(tmp_path, "empty")) == []


def test_speakers_per_article_group_quotes_by_name_and_type():
    rows = speaker_rows(
        sample_analysis().quotes, {"partition": "p", "article_index": 0, "article_id": "a1"}
    )
    assert [(r["name"], r["type"], r["quotes"], r["direct_quotes"]) for r in rows] == [
        ("Mette Frederiksen", "person", 2, 1),
        ("Ministeriet", "organization", 1, 0),
    ]
    assert rows[0]["role"] == "statsminister" and rows[0]["gender"] == "f"


def test_writer_leaves_nothing_behind_when_it_fails(tmp_path: Path):
    with pytest.raises(RuntimeError), PartitionWriter(tmp_path, "p") as writer:
        writer.add(sample_analysis())
        raise RuntimeError("worker died")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def docs_query(results: Path) -> str:
    """The 'share of women per outlet' query from docs/batch.md, aimed at `results`."""
    blocks = re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    query = next(block for block in blocks if "share_women" in block)
    return query.replace("'results/", f"'{results}/")


def test_documented_duckdb_query_gives_share_of_women_per_outlet(tmp_path: Path):
    write_partition(tmp_path, "p1", [sample_analysis("dr.dk", "f"), sample_analysis("dr.dk", "m")])
    write_partition(tmp_path, "p2", [sample_analysis("tv2.dk", None)])
    rows = duckdb.sql(docs_query(tmp_path)).fetchall()
    columns = ["outlet", "people", "women", "men", "unknown", "share", "share_known"]
    table = {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
    assert table["dr.dk"]["people"] == 2 and table["dr.dk"]["share"] == 0.5
    assert table["tv2.dk"]["unknown"] == 1 and table["tv2.dk"]["share_known"] is None


def test_docs_list_the_current_schema():
    assert schema_markdown() in DOCS.read_text(encoding="utf-8")


def test_manifest_skips_only_unchanged_finished_partitions(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Hej.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Hej igen.", encoding="utf-8")
    results = tmp_path / "out"
    a, b = plan_partitions([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    for partition in (a, b):
        write_partition(results, partition.name, [])
    manifest = Manifest(results)
    manifest.append({"event": "run", "partitions": [a.name, b.name]})
    for partition in (a, b):
        manifest.append(
            {
                "event": "partition",
                "partition": partition.name,
                "input": partition.path,
                "fingerprint": partition.fingerprint,
                "status": "done",
                "outputs": output_files(partition.name),
            }
        )
    with manifest.journal.open("a") as journal:
        journal.write('{"event": "partition", "partit')  # a run killed mid-line
    (tmp_path / "b.txt").write_text("Ændret tekst.", encoding="utf-8")
    assert manifest.finished(plan_partitions([a.path, b.path])) == {a.name}
    (results / "quotes" / f"{a.name}.parquet").unlink()
    assert manifest.finished([a]) == set()


@Language.component("explode_on_boom")
def explode_on_boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("component crashed")
    return doc


def test_a_failing_document_is_recorded_and_the_rest_analysed():
    nlp = spacy.blank("da")
    nlp.add_pipe("explode_on_boom")
    items = [Article(text=f"Artikel nummer {i}.", path=f"a{i}.txt") for i in range(5)]
    items.insert(2, Article(text="BOOM siger den.", path="bad.txt"))
    items.insert(0, IngestFailure("broken.jsonl:7", "invalid JSON"))
    failures: list[dict[str, str]] = []
    analyses = list(analyse_documents(items, nlp, failures, chunk_size=4))
    assert [a.path for a in analyses] == [f"a{i}.txt" for i in range(5)]
    assert failures[0] == {"source": "broken.jsonl:7", "reason": "invalid JSON"}
    assert failures[1]["source"] == "bad.txt" and "component crashed" in failures[1]["reason"]


def test_process_partition_in_process(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(" date 2024-01 Vejret bliver koldt, siger DMI.\n")
    (corpus / "tom.txt").write_text("")
    partition = plan_partitions([str(corpus)])[0]
    record = process_partition(partition, str(tmp_path / "out"))
    assert record["status"] == "done" and record["articles"] == 1
    assert record["failures"][0]["source"].endswith("tom.txt")
    assert set(record["outputs"]) == set(SCHEMAS)
    assert [a.date for a in read_results(tmp_path / "out")] == ["2024-01"]


SWEDISH = (
    "Kommunen vill spara på äldreomsorgen nästa år, säger kommunalrådet till tidningen.\n\n"
    "– Vi har inget val, pengarna räcker inte till allt som vi vill göra, säger hon.\n"
)


def test_documents_in_other_languages_are_recorded_not_analysed(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dansk.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "svensk.txt").write_text(SWEDISH, encoding="utf-8")
    (corpus / "kort.txt").write_text("Ja, siger Hansen.", encoding="utf-8")  # too short to tell
    out = tmp_path / "out"
    (partition,) = plan_partitions([str(corpus)])
    record = process_partition(partition, str(out), languages=frozenset({"da"}))
    assert record["status"] == "done" and record["failures"] == []
    assert record["other_languages"] == [{"source": str(corpus / "svensk.txt"), "language": "sv"}]
    assert record["languages"] == ["da"] and record["articles"] == 2
    assert sorted(Path(a.path).name for a in read_partition(out, partition.name)) == [
        "dansk.txt",
        "kort.txt",
    ]
    manifest = Manifest(out)
    manifest.append({"event": "run", "partitions": [partition.name]})
    manifest.append(record)
    assert manifest.summary()["totals"]["documents_other_languages"] == 1
    assert read_other_languages(out) == record["other_languages"]
    # a re-run with the same languages skips the partition; with others it redoes it
    assert manifest.finished([partition], frozenset({"da"})) == {partition.name}
    assert manifest.finished([partition]) == set()
    assert manifest.finished([partition], frozenset({"da", "sv"})) == set()
