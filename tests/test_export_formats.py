"""Exporters: JSON-LD, CSV, Parquet, ninjs (Analysis objects built by hand)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from export_samples import quoteless_analysis, sample_analysis
from kilde.export import write_analyses
from kilde.export.csv import write_csv
from kilde.export.jsonld import CONTEXT, to_jsonld, write_jsonld
from kilde.export.ninjs import EXTENSION_KEY, to_ninjs, write_ninjs
from kilde.export.parquet import write_parquet
from kilde.export.rows import QUOTE_COLUMNS

# ------------------------------------------------------------------ JSON-LD


def test_jsonld_newsarticle_structure():
    node = to_jsonld(sample_analysis())
    assert node["@context"] == CONTEXT
    assert node["@type"] == "NewsArticle"
    assert node["@id"] == "https://www.vestbyposten.dk/lokalt/skoler"
    assert node["headline"] == "Kommunen lukker to skoler"
    assert node["datePublished"] == "2023-04-12"
    assert node["inLanguage"] == "da"
    assert node["publisher"] == {"@type": "Organization", "name": "Vestbyposten"}
    quotes = node["hasPart"]
    assert [q["@type"] for q in quotes] == ["Quotation", "Quotation"]
    for quote in quotes:
        assert {"@id", "text", "isPartOf", "creator"} <= quote.keys()
        assert quote["isPartOf"] == {"@id": node["@id"]}
        assert node["articleBody"][quote["kilde:start"] : quote["kilde:end"]] == quote["text"]
    person = quotes[0]["creator"]
    assert person == quotes[0]["spokenByCharacter"]
    assert person["@type"] == "Person" and person["name"] == "Anne Holm"
    assert person["jobTitle"] == "borgmester"
    assert person["gender"] == "https://schema.org/Female"
    assert quotes[1]["creator"]["@type"] == "Organization"
    assert "spokenByCharacter" not in quotes[1]
    mentions = {(m["@type"], m["name"]) for m in node["mentions"]}
    assert mentions == {
        ("Place", "Vestby Kommune"),
        ("Person", "Anne Holm"),
        ("Organization", "DR"),
    }


def test_jsonld_expands_with_pyld():
    jsonld = pytest.importorskip("pyld.jsonld")

    def offline_loader(url, options=None):  # schema.org's context, reduced to its @vocab
        assert url.rstrip("/") == "https://schema.org"
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": "https://schema.org/"}},
        }

    expanded = jsonld.expand(to_jsonld(sample_analysis()), {"documentLoader": offline_loader})
    [article] = expanded
    assert article["@type"] == ["https://schema.org/NewsArticle"]
    parts = article["https://schema.org/hasPart"]
    assert all(p["@type"] == ["https://schema.org/Quotation"] for p in parts)
    assert parts[0]["urn:kilde:vocab:cue"] == [{"@value": "siger"}]
    creator = parts[0]["https://schema.org/creator"][0]
    assert creator["https://schema.org/name"] == [{"@value": "Anne Holm"}]


def test_jsonld_several_articles_form_a_graph():
    stream = io.StringIO()
    assert write_jsonld([sample_analysis(), quoteless_analysis()], stream) == 2
    document = json.loads(stream.getvalue())
    assert document["@context"] == CONTEXT
    assert [n["@type"] for n in document["@graph"]] == ["NewsArticle", "NewsArticle"]
    assert document["@graph"][1]["@id"] == "urn:kilde:article:0000000000000000"
    assert "@context" not in document["@graph"][0]


# ------------------------------------------------------------------ CSV / Parquet


def test_csv_one_row_per_quote():
    stream = io.StringIO(newline="")
    assert write_csv([sample_analysis(), quoteless_analysis()], stream) == 2
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert list(rows[0]) == list(QUOTE_COLUMNS)
    assert [r["kind"] for r in rows] == ["direct", "indirect"]
    first = rows[0]
    assert first["article_id"] == "a1b2c3d4e5f60718"
    assert first["outlet"] == "Vestbyposten"
    assert first["bylines"] == "ritzau"
    assert first["speaker_name"] == "Anne Holm" and first["speaker_gender"] == "f"
    assert first["medium"] == "DR"
    assert sample_analysis().text[int(first["start"]) : int(first["end"])] == first["text"]


def test_parquet_typed_columns(tmp_path: Path):
    target = tmp_path / "quotes.parquet"
    assert write_parquet([sample_analysis(), quoteless_analysis()], target) == 2
    table = pq.read_table(target)
    assert table.column_names == list(QUOTE_COLUMNS)
    assert str(table.schema.field("start").type) == "int64"
    assert str(table.schema.field("confidence").type) == "double"
    rows = table.to_pylist()
    assert rows[1]["speaker_type"] == "organization"
    assert rows[0]["confidence"] == pytest.approx(0.93)


def test_parquet_without_quotes_is_an_empty_table(tmp_path: Path):
    target = tmp_path / "none.parquet"
    assert write_parquet([quoteless_analysis()], target) == 0
    assert pq.read_table(target).num_rows == 0


def test_parquet_needs_a_file():
    with pytest.raises(ValueError, match="--output"):
        write_analyses("parquet", [sample_analysis()], None)


def test_write_analyses_to_a_file(tmp_path: Path):
    target = tmp_path / "out.csv"
    assert write_analyses("csv", [sample_analysis()], str(target)) == 2
    assert target.read_text(encoding="utf-8").startswith("article_id,path,")


# ------------------------------------------------------------------ ninjs


def test_ninjs_item_with_kilde_extension():
    item = to_ninjs(sample_analysis())
    assert item["uri"] == "https://www.vestbyposten.dk/lokalt/skoler"
    assert item["type"] == "text"
    assert item["headline"] == "Kommunen lukker to skoler"
    assert item["byline"] == "ritzau"
    assert item["language"] == "da"
    assert item["versioncreated"] == "2023-04-12T00:00:00Z"
    assert item["body_text"] == sample_analysis().text
    assert {"name": "Anne Holm", "rel": "quoted"} in item["person"]
    assert item["organisation"] == [{"name": "DR"}]
    assert item["place"] == [{"name": "Vestby Kommune"}]
    extension = item[EXTENSION_KEY]
    assert [q["speaker"]["name"] for q in extension["quotes"]] == ["Anne Holm", "Skolebestyrelsen"]
    assert extension["persons"][0] == {
        "name": "Anne Holm",
        "type": "person",
        "role": "borgmester",
        "gender": "f",
        "quotes": 1,
    }


def test_ninjs_reads_back_through_the_ninjs_reader(tmp_path: Path):
    from kilde.ingest import read_inputs

    stream = io.StringIO()
    write_ninjs([sample_analysis()], stream)
    target = tmp_path / "items.jsonl"
    target.write_text(stream.getvalue(), encoding="utf-8")
    [article] = read_inputs([str(target)], detect_languages=False)
    assert article.text == sample_analysis().text
    assert article.title == "Kommunen lukker to skoler"
    assert article.date == "2023-04-12"


def test_ninjs_month_date_gives_no_versioncreated():
    analysis = sample_analysis().model_copy(update={"date": "2021-06"})
    item = to_ninjs(analysis)
    assert "versioncreated" not in item
    assert item[EXTENSION_KEY]["date"] == "2021-06"
