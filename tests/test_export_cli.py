"""`kilde analyze` with the new input/output options, `labelstudio-import` and `evaluate`.

Runs in-process (click's CliRunner) so the NLP pipeline is loaded once for the module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kilde.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
LANGUAGES = FIXTURES / "languages"


def kilde(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_other_languages_skipped_with_a_warning():
    result = kilde("analyze", str(LANGUAGES), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["path"]).name for r in records] == ["dansk.txt"]
    assert records[0]["language"] == "da"
    for name, code in (("norsk-bokmaal.txt", "nb"), ("svensk.txt", "sv"), ("english.txt", "en")):
        line = next(li for li in result.stderr.splitlines() if name in li)
        assert "skipped" in line and repr(code) in line


def test_languages_all_and_lists():
    everything = kilde("analyze", str(LANGUAGES), "--format", "jsonl", "--languages", "all")
    languages = sorted(json.loads(li)["language"] for li in everything.stdout.splitlines())
    assert languages == ["da", "en", "nb", "nn", "sv"]
    scandinavian = kilde("analyze", str(LANGUAGES), "--format", "jsonl", "--languages", "da,no")
    languages = sorted(json.loads(li)["language"] for li in scandinavian.stdout.splitlines())
    assert languages == ["da", "nb", "nn"]


def test_input_format_forced():
    result = kilde("analyze", str(FIXTURES / "nitf.xml"), "--input-format", "newsml")
    assert result.exit_code == 1
    assert "nitf.xml" in result.stderr and "not a NewsML-G2 document" in result.stderr


def test_jsonl_records_with_a_bad_line():
    result = kilde("analyze", str(FIXTURES / "articles.jsonl"), "--format", "json")
    assert result.exit_code == 1
    records = json.loads(result.stdout)  # several records of one file: an array
    assert [r["id"] for r in records] == ["vb-001", "vb-003", "vb-006"]
    assert "articles.jsonl:2" in result.stderr and "invalid JSON" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonld", "ninjs", "labelstudio"])
def test_json_exports_from_a_wire_document(fmt: str):
    result = kilde("analyze", str(FIXTURES / "nitf.xml"), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "ninjs":
        [item] = [json.loads(line) for line in result.stdout.splitlines()]
        assert item["headline"] == "Fiskere frygter nye kvoter"
        assert "quotes" in item["kilde"]
    elif fmt == "jsonld":
        document = json.loads(result.stdout)
        assert document["@type"] == "NewsArticle"
        assert document["headline"] == "Fiskere frygter nye kvoter"
    else:
        [task] = json.loads(result.stdout)
        assert task["data"]["id"] == "nitf"


def test_csv_and_parquet_to_files(tmp_path: Path):
    csv_file, parquet_file = tmp_path / "q.csv", tmp_path / "q.parquet"
    html = str(FIXTURES / "article.html")
    assert kilde("analyze", html, "--format", "csv", "-o", str(csv_file)).exit_code == 0
    assert csv_file.read_text(encoding="utf-8").startswith("article_id,")
    assert kilde("analyze", html, "--format", "parquet", "-o", str(parquet_file)).exit_code == 0
    table = pq.read_table(parquet_file)
    assert set(table.column("outlet").to_pylist()) <= {"Vestegnens Avis"}


def test_parquet_without_output_is_a_usage_error():
    result = CliRunner().invoke(
        main, ["analyze", str(FIXTURES / "nitf.xml"), "--format", "parquet"]
    )
    assert result.exit_code == 2
    assert "--output" in result.output


def test_labelstudio_round_trip_and_evaluate(tmp_path: Path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name in ("nitf.xml", "article.html"):
        (articles / name).write_bytes((FIXTURES / name).read_bytes())
    tasks = json.loads(kilde("analyze", str(articles), "--format", "labelstudio").stdout)
    for number, task in enumerate(tasks, start=1):  # the annotator accepts everything
        task["id"] = number
        task["annotations"] = [{"result": task["predictions"][0]["result"]}]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    gold = tmp_path / "gold"
    imported = kilde("labelstudio-import", str(export), "--out", str(gold))
    assert imported.exit_code == 0, imported.stderr
    assert sorted(p.name for p in gold.iterdir()) == ["article.json", "nitf.json"]

    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(kilde("analyze", str(articles), "--format", "jsonl").stdout)
    for source in (str(predictions), str(articles)):
        scores = json.loads(kilde("evaluate", str(gold), source, "--json").stdout)
        assert scores["missing_articles"] == 0
        assert scores["quote_f1"] == 1.0 and scores["quote_speaker_f1"] == 1.0


def test_labelstudio_config_is_printed():
    result = kilde("labelstudio-config")
    assert result.stdout.startswith("<View>") and 'name="speaker_name"' in result.stdout
