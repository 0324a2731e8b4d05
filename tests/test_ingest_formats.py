"""Readers for every input format, on fixture files in tests/fixtures/ingest (no NLP model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kilde.article import Article
from kilde.ingest import IngestFailure, expand_paths, read_inputs
from kilde.ingest.fields import normalise_date, split_bylines
from kilde.ingest.formats import sniff_format

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read(name: str, input_format: str = "auto") -> list[Article | IngestFailure]:
    return list(read_inputs([str(FIXTURES / name)], input_format, detect_languages=False))


def articles(items: list[Article | IngestFailure]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def failures(items: list[Article | IngestFailure]) -> list[IngestFailure]:
    return [item for item in items if isinstance(item, IngestFailure)]


def test_html_page_body_without_boilerplate():
    [article] = read("article.html")
    assert article.title == "Kommunen lukker to skoler"
    assert article.url == "https://www.vestegnensavis.dk/lokalt/kommunen-lukker-to-skoler"
    assert article.outlet == "Vestegnens Avis"
    assert article.date == "2023-04-12"
    assert article.bylines == ["Mette Skovgaard"]
    assert article.text.startswith("Byrådet i Vestby Kommune")
    for boilerplate in ("cookies", "Forside", "Læs også", "Privatlivspolitik", "chefredaktør"):
        assert boilerplate not in article.text
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].startswith("- Vi har ikke råd")


def test_html_page_without_article_is_a_clear_failure():
    [failure] = read("no-article.html")
    assert isinstance(failure, IngestFailure)
    assert failure.source.endswith("no-article.html")
    assert "no article text" in failure.reason


def test_newsml_g2_message_items():
    items = read("newsml-g2.xml")
    first, second = articles(items)
    assert first.id == "urn:newsml:ritzau.dk:20230502:RB-4711"
    assert first.title == "Ny bro over havnen bliver et år forsinket"
    assert first.bylines == ["Søren Mikkelsen"]
    assert first.outlet == "Ritzau"
    assert first.date == "2023-05-02"
    assert first.dateline == "København"
    assert first.url == "https://via.ritzau.dk/nyheder/rb-4711"
    assert "\n\n- Leverancen af stål er blevet forsinket" in first.text
    assert "Lise Brandt til Ritzau" in first.text  # inline markup inside a paragraph kept
    assert first.path.endswith("newsml-g2.xml#1")
    # the XHTML item; the picture item (#2) is skipped
    assert second.path.endswith("newsml-g2.xml#3")
    assert second.text.startswith("Togtrafikken mellem Odense")
    [empty] = failures(items)
    assert empty.source.endswith("newsml-g2.xml#4")
    assert "no text" in empty.reason


def test_nitf_document():
    [article] = read("nitf.xml")
    assert article.id == "RB-20230612-0042"
    assert article.title == "Fiskere frygter nye kvoter"
    assert article.date == "2023-06-12"
    assert article.dateline == "Skagen"
    assert article.outlet == "Ritzau"
    assert article.url == "https://via.ritzau.dk/nyheder/rb-20230612-0042"
    assert article.bylines == ["Karen Vestergaard", "ritzau"]  # byline, then the tagline
    paragraphs = article.text.split("\n\n")
    assert paragraphs[1].startswith("- Hvis kvoten bliver halveret")
    assert "siger formand for Danmarks" in paragraphs[1]  # line break inside <p> joined
    assert "Kuttere i Skagen Havn" not in article.text  # media captions are not body text
    assert paragraphs[-1] == "/ritzau/"


def test_malformed_xml_names_file_line_and_problem():
    [failure] = read("bad-newsml.xml")
    assert failure.source.endswith("bad-newsml.xml")
    assert "line 7" in failure.reason and "invalid XML" in failure.reason


def test_xml_of_another_kind_is_refused():
    [failure] = read("unknown.xml")
    assert "neither NewsML-G2" in failure.reason


def test_ninjs_1_with_html_body():
    [article] = read("ninjs-1.json")
    assert article.title == "Energistyrelsen udskyder udbud af havvind"
    assert article.bylines == ["Maja Frost"]
    assert article.date == "2023-06-20"
    assert article.dateline == "Esbjerg"
    assert article.outlet == "Nyhedsbureauet Nord"
    assert article.text.split("\n\n") == [
        "Energistyrelsen udskyder udbuddet af tre nye havvindmølleparker i Nordsøen.",
        "- Vi skal være sikre på, at modellen holder, siger kontorchef Henrik Dahl.",
        "Udbuddet var planlagt til august.",
    ]


def test_ninjs_2_bodies_and_headlines():
    [article] = read("ninjs-2.json")
    assert article.title == "Rekordmange søger ind på erhvervsskolerne"
    assert article.bylines == ["Peter Krogh"]
    assert article.id == "urn:nyhedsbureau:2023:0815"
    assert article.text.count("\n\n") == 1


def test_ninjs_picture_is_refused():
    [failure] = read("ninjs-picture.json")
    assert "picture" in failure.reason


def test_jsonl_bad_lines_reported_rest_read():
    items = read("articles.jsonl")
    assert [a.id for a in articles(items)] == ["vb-001", "vb-003", "vb-006"]
    reasons = {Path(f.source).name: f.reason for f in failures(items)}
    assert set(reasons) == {"articles.jsonl:2", "articles.jsonl:5", "articles.jsonl:6"}
    assert "invalid JSON" in reasons["articles.jsonl:2"]
    assert "expected a JSON object" in reasons["articles.jsonl:5"]
    assert "text" in reasons["articles.jsonl:6"]


def test_jsonl_record_fields_and_page_form_text():
    first, third, sixth = articles(read("articles.jsonl"))
    assert first.url == "https://www.vestbyposten.dk/lokalt/svoemmehal"
    assert first.outlet == "Vestbyposten"
    assert first.title == "Svømmehallen lukker for renovering"
    assert first.bylines == ["Ole Friis"]
    assert first.date == "2023-03-01"
    assert first.path.endswith("articles.jsonl:1")
    assert third.date == "2023-03-04"  # from the page-form header inside "text"
    assert third.text.startswith("Vejdirektoratet")
    assert third.bylines == ["ritzau"]
    assert sixth.outlet == "vestbyposten.dk"  # from the URL host


def test_gzipped_jsonl():
    items = read("archive.jsonl.gz")
    assert [a.id for a in articles(items)] == ["gz-1", "gz-2"]
    assert articles(items)[0].outlet == "Nordby Nyt"


def test_truncated_gzip_is_a_clear_failure():
    [failure] = read("truncated.jsonl.gz")
    assert "gzip" in failure.reason


def test_json_array_records():
    items = read("array.json")
    assert [a.id for a in articles(items)] == ["arr-1", "arr-3"]
    assert articles(items)[0].date == "2022-11-03"
    [bad] = failures(items)
    assert bad.source.endswith("array.json#2")


def test_broken_json_document():
    [failure] = read("broken.json")
    assert failure.source.endswith("broken.json")
    assert "invalid JSON" in failure.reason and "line 2" in failure.reason


def test_cp1252_file_decoded_with_warning():
    [article] = read("legacy-cp1252.txt")
    assert article.text.startswith("Ærøskøbing får ny færgeforbindelse")
    assert article.date == "2009-02"
    assert any("cp1252" in w for w in article.warnings)


def test_utf16_file():
    [article] = read("utf16.txt")
    assert article.text.startswith("Sønderborg får et nyt koncerthus ved åen")
    assert article.date == "2015-09"


@pytest.mark.parametrize(("name", "reason"), [("binary.txt", "binary"), ("empty.txt", "empty")])
def test_unreadable_text_files(name: str, reason: str):
    [failure] = read(name)
    assert reason in failure.reason


def test_forced_input_format_overrides_sniffing():
    [failure] = read("nitf.xml", input_format="newsml")
    assert "not a NewsML-G2 document" in failure.reason
    [article] = read("ninjs-2.json", input_format="ninjs")
    assert article.title


def test_unknown_input_format_is_refused():
    with pytest.raises(ValueError, match="unknown input format"):
        list(read_inputs(["x"], "docx"))


def test_directory_expansion_is_recursive_sorted_and_filtered(tmp_path: Path):
    for name in ("b.jsonl", "a.txt", "c.html", "d.xml", "e.json", "f.jsonl.gz", "g.pdf", "h.csv"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "i.htm").write_text("x")
    names = [Path(p).name for p in expand_paths([str(tmp_path)])]
    assert names == ["a.txt", "b.jsonl", "c.html", "d.xml", "e.json", "f.jsonl.gz", "i.htm"]


def test_whole_fixture_directory_never_raises():
    items = list(read_inputs([str(FIXTURES)], detect_languages=False))
    assert len(articles(items)) >= 15
    assert all(f.reason for f in failures(items))


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("x.txt", b" date 2021-06 Tekst", "page"),
        ("x.txt", b"<p>Tekst med rester af HTML</p>", "page"),
        ("x", b"<!DOCTYPE html><html>", "html"),
        ("x", b'<?xml version="1.0"?>\n<newsMessage xmlns="x">', "newsml"),
        ("x", b'<?xml version="1.0"?>\n<!-- c --><g2:newsItem>', "newsml"),
        ("x", b"<?xml version='1.0'?><!DOCTYPE nitf SYSTEM 'n.dtd'><nitf>", "nitf"),
        ("x", b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        ("x", b'{\n  "uri": "u"\n}', "json"),
        ("x", b"[{}]", "json"),
        ("x.json", b'{"uri": "u"}', "json"),
    ],
)
def test_format_sniffing(name: str, head: bytes, expected: str):
    assert sniff_format(name, head) == expected


def test_json_lines_in_a_json_file_are_read_as_lines(tmp_path: Path):
    target = tmp_path / "misnamed.json"
    target.write_text('{"text": "Første artikel her."}\n{"text": "Anden artikel her."}\n')
    items = list(read_inputs([str(target)], detect_languages=False))
    assert [a.path.rsplit(":", 1)[1] for a in articles(items)] == ["1", "2"]


def test_standard_input_in_any_format(monkeypatch: pytest.MonkeyPatch):
    import io
    import sys

    data = (FIXTURES / "articles.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_inputs(["-"], detect_languages=False))
    assert [a.path for a in articles(items)] == ["-:1", "-:3", "-:7"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-04-12T10:15:00+02:00", "2023-04-12"),
        ("20230412T101500+0200", "2023-04-12"),
        ("2021-06", "2021-06"),
        ("12. april 2023", "12. april 2023"),
        ("", None),
        (None, None),
    ],
)
def test_dates_normalised(value: str | None, expected: str | None):
    assert normalise_date(value) == expected


def test_byline_fields_split():
    assert split_bylines("Af Anne Holm og Per Berg") == ["Anne Holm", "Per Berg"]
    assert split_bylines(["Mette Skovgaard", {"name": "Ritzau"}]) == ["Mette Skovgaard", "Ritzau"]
    assert split_bylines(None) == []


def test_html_outlet_from_url_host_without_site_name(tmp_path: Path):
    page = (FIXTURES / "article.html").read_text(encoding="utf-8")
    page = page.replace('<meta property="og:site_name" content="Vestegnens Avis">', "")
    target = tmp_path / "page.htm"
    target.write_text(page, encoding="utf-8")
    [article] = read_inputs([str(target)], detect_languages=False)
    assert article.outlet == "vestegnensavis.dk"
