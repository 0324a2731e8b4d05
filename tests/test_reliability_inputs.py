"""Reliability: messy input files are read correctly or refused clearly, one by one.

Encodings, binary/empty files, malformed JSON Lines and XML, hostile XML, article length,
and languages other than Danish. Each bad input gives an `IngestFailure` naming the file
(and line) and the reason; everything else in the same run is still read.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kilde.article import Article
from kilde.cli import main
from kilde.ingest import MAX_ARTICLE_CHARS, IngestFailure, read_inputs
from kilde.ingest.decode import DecodeError, decode_bytes
from kilde.store import Archive
from test_reliability_helpers import KILDE, one_line, run_measured

DANISH = (
    " date 2009-02\n"
    "Ærøskøbing får en ny færge, siger borgmester Åse Ødegård.\n\n"
    "Øens borgere har ventet længe på båden."
)
DANISH_TEXT = DANISH.split("\n", 1)[1]


def read_one(path: Path) -> Article | IngestFailure:
    """The single item read from a one-document file."""
    [item] = list(read_inputs([str(path)], detect_languages=False))
    return item


# -- encodings -------------------------------------------------------------------------------

ENCODED = {
    "utf-8": DANISH.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + DANISH.encode("utf-8"),
    "utf-16 LE with BOM": DANISH.encode("utf-16"),  # Python writes the BOM, little-endian
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + DANISH.encode("utf-16-be"),
    "cp1252": DANISH.encode("cp1252"),
    "latin-1": DANISH.encode("latin-1"),
}


@pytest.mark.parametrize("encoding", ENCODED)
def test_danish_letters_survive_every_supported_encoding(tmp_path: Path, encoding: str):
    path = tmp_path / "artikel.txt"
    path.write_bytes(ENCODED[encoding])
    article = read_one(path)
    assert isinstance(article, Article), article
    assert article.text == DANISH_TEXT and article.date == "2009-02"
    legacy = encoding in ("cp1252", "latin-1")
    assert any("not UTF-8" in w for w in article.warnings) == legacy


UNDECODABLE = {
    # one stray byte in UTF-8 text: an 8-bit guess would turn every æøå into Ã¦ Ã¸ Ã¥
    "utf-8 with a stray byte": (DANISH.encode() + b"\n\xff", "invalid UTF-8 at byte"),
    "utf-8 mixed with cp1252": (DANISH.encode() + " Blåbær".encode("cp1252"), "invalid UTF-8"),
    "utf-8 cut inside a letter": (DANISH.encode()[:-2] + "ø".encode()[:1], "invalid UTF-8"),
    "utf-16 without BOM": (DANISH.encode("utf-16-le"), "binary"),
    "utf-16 with BOM, odd length": (DANISH.encode("utf-16")[:-1], "invalid utf-16"),
    "random high bytes": (bytes(range(0x80, 0x100)) * 8, "cannot decode"),
}


@pytest.mark.parametrize("case", UNDECODABLE)
def test_undecodable_bytes_are_a_clear_per_file_error_never_mojibake(tmp_path: Path, case: str):
    data, reason = UNDECODABLE[case]
    bad, good = tmp_path / "a-bad.txt", tmp_path / "b-good.txt"
    bad.write_bytes(data)
    good.write_text(DANISH, encoding="utf-8")
    failure, article = list(read_inputs([str(bad), str(good)], detect_languages=False))
    assert isinstance(failure, IngestFailure), f"read as text: {failure.text[:80]!r}"
    assert failure.source == str(bad) and reason in failure.reason
    assert isinstance(article, Article) and article.text == DANISH_TEXT


def test_a_jsonl_line_in_a_legacy_encoding_is_decoded_and_a_mixed_one_refused(tmp_path: Path):
    path = tmp_path / "linjer.jsonl"
    record = json.dumps({"id": "1", "text": DANISH_TEXT}, ensure_ascii=False)
    path.write_bytes(record.encode("cp1252") + b"\n" + record.encode("utf-8")[:-3] + b'\xe6"}\n')
    article, failure = list(read_inputs([str(path)], detect_languages=False))
    assert isinstance(article, Article) and article.text == DANISH_TEXT
    assert any("cp1252" in w for w in article.warnings)
    assert isinstance(failure, IngestFailure) and failure.source == f"{path}:2"


#: Danish words and punctuation as news text has them; generated texts are runs of these.
DANISH_WORDS = [
    "Ærøskøbing",
    "får",
    "en",
    "ny",
    "færge,",
    "siger",
    "borgmester",
    "Åse",
    "Ødegård.",
    "»Vi",
    "går",
    "på",
    "øen«",
    "–",
    "—",
    "blåbær",
    "i",
    "dag",
    "kommunen",
    "«nej»",
    "café",
    "Ålborg",
    "søndag",
    "sagde",
    "hun:",
    "”Det",
    "er",
    "nok”",
    "Æblet",
    "…",
    "50",
    "%",
    "\n\n",
]
danish_text = st.lists(st.sampled_from(DANISH_WORDS), min_size=1, max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=danish_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_generated_danish_text_decodes_to_itself(text: str, encoding: str):
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text


@settings(max_examples=300, deadline=None)
@given(
    text=danish_text.filter(lambda t: sum(c in "æøåÆØÅ" for c in t) >= 3),
    junk=st.integers(0x80, 0xFF),
    at=st.integers(0, 100),
)
def test_utf8_with_a_stray_byte_is_refused_never_mojibake(text: str, junk: int, at: int):
    data = text.encode("utf-8")
    position = len(data) * at // 100
    try:
        decoded, _ = decode_bytes(data[:position] + bytes([junk]) + data[position:])
    except DecodeError:
        return
    assert not any(m in decoded for m in ("Ã¦", "Ã¸", "Ã¥", "Ã…", "Ã˜", "Ã†")), decoded


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_decode_or_raise_decode_error(data: bytes):
    try:
        decoded, warnings = decode_bytes(data)
    except DecodeError as error:
        assert str(error)
    else:
        assert isinstance(decoded, str) and all(isinstance(w, str) for w in warnings)


# -- binary, empty, whitespace ---------------------------------------------------------------

NOT_TEXT = {
    "empty.txt": (b"", "empty"),
    "spaces.txt": (b"   \n\t\n  \r\n", "empty"),
    "bom-only.txt": (codecs.BOM_UTF8, "empty"),
    "nbsp-only.txt": ("\u00a0\u2003\n\u00a0".encode(), "empty"),
    "utf16-spaces.txt": ("   \n\n ".encode("utf-16"), "empty"),
    "png.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "elf.txt": (b"\x7fELF\x02\x01\x01\x00" + bytes(200), "binary"),
    "zip.jsonl": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "binary"),
    "empty.jsonl": (b"\n\n   \n", "empty"),
    "empty.xml": (b"  ", "empty"),
    "empty.json": (b"", "empty"),
}


@pytest.mark.parametrize("name", NOT_TEXT)
def test_binary_empty_and_blank_files_fail_alone_and_clearly(tmp_path: Path, name: str):
    data, reason = NOT_TEXT[name]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "z-good.txt").write_text(DANISH, encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], detect_languages=False))
    failures = [i for i in items if isinstance(i, IngestFailure)]
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.text for a in articles] == [DANISH_TEXT]
    assert failures, f"{name} was not reported"
    assert all(f.source.startswith(str(tmp_path / name)) for f in failures)
    assert reason in failures[0].reason


# -- malformed JSON Lines --------------------------------------------------------------------


def messy_jsonl() -> tuple[bytes, list[int], list[int]]:
    """A JSON Lines file with good and bad lines; the good and bad line numbers."""
    good = json.dumps({"id": "a", "text": DANISH_TEXT}, ensure_ascii=False)
    lines = [
        good.encode(),  # 1
        b'{"id": "b", "text": "Afbrudt midt i',  # 2 truncated JSON
        b"",  # 3 blank: skipped, not an error
        b"[1, 2, 3]",  # 4 not an object
        b'{"id": "c"}',  # 5 no text
        json.dumps({"id": "d", "text": "Blåbær fra Ærø er gode."}).encode("cp1252"),  # 6 legacy
        '{"id": "x", "text": "Ærø og Åbenrå'.encode() + b'\xff"}',  # 7 damaged UTF-8
        b'{"id": "e", "text": 5}',  # 8 text is not a string
        b"\x00\x01\x02\x03 binary junk",  # 9
        json.dumps({"id": "f", "text": "Sidste gode linje om Åbenrå."}).encode(),  # 10
        b'{"id": "g", "text": "ingen afslutning',  # 11 cut off, no final newline
    ]
    return b"\n".join(lines), [1, 6, 10], [2, 4, 5, 7, 8, 9, 11]


def test_bad_jsonl_lines_are_reported_with_file_and_line_and_the_rest_is_read(tmp_path: Path):
    data, good_lines, bad_lines = messy_jsonl()
    for name, payload in (("rod.jsonl", data), ("rod.jsonl.gz", _gzip(data))):
        path = tmp_path / name
        path.write_bytes(payload)
        items = list(read_inputs([str(path)], detect_languages=False))
        assert [i.path for i in items if isinstance(i, Article)] == [
            f"{path}:{n}" for n in good_lines
        ]
        failures = [i for i in items if isinstance(i, IngestFailure)]
        assert [f.source for f in failures] == [f"{path}:{n}" for n in bad_lines]
        assert all(f.reason for f in failures)


def test_kilde_ingest_stores_the_good_lines_and_records_each_bad_one(tmp_path: Path):
    data, good_lines, bad_lines = messy_jsonl()
    path = tmp_path / "rod.jsonl"
    path.write_bytes(data)
    db = tmp_path / "kilde.db"
    result = CliRunner().invoke(
        main, ["ingest", str(path), "--db", str(db), "--model", "blank", "--workers", "1"]
    )
    assert result.exit_code == 1, result.output
    output = one_line(result.output)
    assert f"stored {len(good_lines)} article(s)" in output
    assert f"{len(bad_lines)} failed" in output and "Traceback" not in output
    with Archive.open(str(db)) as archive:
        sources = sorted(e.source for e in archive.errors().items)
    assert sources == sorted(f"{path}:{n}" for n in bad_lines)


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data)


# -- malformed and hostile XML ---------------------------------------------------------------

NITF_HEAD = '<?xml version="1.0"?>\n'
NITF_BODY = (
    "<nitf><body><body.head><hedline><hl1>Overskrift om kommunen</hl1></hedline></body.head>"
    "<body.content><p>Kommunen siger, at alt går godt i dag, og at ingen skal bekymre sig. "
    "{entity}</p></body.content></body></nitf>\n"
)
LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(2, 10))
BAD_XML = {
    "mismatched tag on line 4": (
        NITF_HEAD + "<nitf><body>\n<body.content>\n<p>Første afsnit.</p>\n"
        "<p>Andet afsnit uden slutmærke\n</body.content></body></nitf>\n",
        "line 5",
    ),
    "cut off mid-document": (NITF_HEAD + NITF_BODY.format(entity="")[:150], "invalid XML"),
    "billion laughs": (
        NITF_HEAD
        + '<!DOCTYPE nitf [\n<!ENTITY lol1 "lol">\n'
        + LAUGHS
        + "]>\n"
        + NITF_BODY.format(entity="&lol9;"),
        "invalid XML",
    ),
    "not news XML": (NITF_HEAD + "<svg><p>Kommunen siger noget.</p></svg>\n", "neither"),
}


@pytest.mark.parametrize("case", BAD_XML)
def test_malformed_or_hostile_xml_fails_alone_naming_file_and_problem(tmp_path: Path, case: str):
    content, reason = BAD_XML[case]
    bad = tmp_path / "a-bad.xml"
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "b-good.xml"
    good.write_text(NITF_HEAD + NITF_BODY.format(entity=""), encoding="utf-8")
    failure, article = list(read_inputs([str(bad), str(good)], detect_languages=False))
    assert isinstance(failure, IngestFailure) and failure.source == str(bad)
    assert reason in failure.reason
    assert isinstance(article, Article) and "Kommunen siger" in article.text


def test_external_entities_are_never_fetched(tmp_path: Path):
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIGT-INDHOLD", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        NITF_HEAD
        + f'<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        + NITF_BODY.format(entity="&xxe;"),
        encoding="utf-8",
    )
    item = read_one(path)
    assert "HEMMELIGT" not in getattr(item, "text", "") + getattr(item, "reason", "")


# -- article length --------------------------------------------------------------------------


def test_an_article_over_the_length_limit_is_a_failure_and_the_next_is_read(tmp_path: Path):
    long_text = ("Et langt afsnit om økonomien i Ærøskøbing. " * 30_000)[: MAX_ARTICLE_CHARS + 1]
    path = tmp_path / "lang.jsonl"
    path.write_text(
        json.dumps({"id": "lang", "text": long_text}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "kort", "text": DANISH_TEXT}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    failure, article = list(read_inputs([str(path)]))
    assert failure == IngestFailure(
        f"{path}:1", f"article too long ({MAX_ARTICLE_CHARS + 1:,} characters; limit 1,000,000)"
    )
    assert isinstance(article, Article) and article.language == "da"


def test_an_article_exactly_at_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "grænse.txt"
    path.write_text(("Ærø " * MAX_ARTICLE_CHARS)[: MAX_ARTICLE_CHARS - 1] + ".", encoding="utf-8")
    assert len(read_one(path).text) == MAX_ARTICLE_CHARS


# -- languages -------------------------------------------------------------------------------

#: Short news texts written for these tests: the same story in five languages.
LANGUAGES = {
    "da": "Regeringen vil bruge flere penge på sygehusene i de kommende år. – Vi skal sikre, "
    "at patienterne ikke venter for længe, siger sundhedsministeren til Danmarks Radio. "
    "Oppositionen mener ikke, at pengene er nok, og kræver en plan for hele landet.",
    "nb": "Regjeringen vil bruke mer penger på sykehusene i årene som kommer. – Vi må sørge "
    "for at pasientene ikke venter for lenge, sier helseministeren til NRK. Opposisjonen "
    "mener at pengene ikke er nok, og krever en plan for hele landet.",
    "nn": "Regjeringa vil bruke meir pengar på sjukehusa i åra som kjem. – Vi må syte for at "
    "pasientane ikkje ventar for lenge, seier helseministeren til NRK. Opposisjonen meiner "
    "at pengane ikkje er nok, og krev ein plan for heile landet.",
    "sv": "Regeringen vill satsa mer pengar på sjukhusen under de kommande åren. – Vi måste se "
    "till att patienterna inte väntar för länge, säger sjukvårdsministern till Sveriges "
    "Radio. Oppositionen anser att pengarna inte räcker och kräver en plan för hela landet.",
    "en": "The government wants to spend more money on hospitals in the coming years. – We "
    "must make sure that patients do not wait too long, the health minister told the BBC. "
    "The opposition says the money is not enough and demands a plan for the whole country.",
}


def test_each_article_language_is_detected(tmp_path: Path):
    for code, text in LANGUAGES.items():
        (tmp_path / f"{code}.txt").write_text(text, encoding="utf-8")
    detected = {Path(a.path).stem: a.language for a in read_inputs([str(tmp_path)])}
    assert detected == {code: code for code in LANGUAGES}


def test_kilde_analyze_skips_languages_outside_languages_and_reports_the_rest(tmp_path: Path):
    for code, text in LANGUAGES.items():
        (tmp_path / f"{code}.txt").write_text(text, encoding="utf-8")
    run = run_measured(
        [*KILDE, "analyze", str(tmp_path), "--format", "jsonl", "--languages", "da,nb"],
        tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    analysed = {Path(r["path"]).stem: r["language"] for r in records}
    assert analysed == {"da": "da", "nb": "nb"}
    warnings = one_line(run.stderr)
    for code in ("nn", "sv", "en"):
        assert f"{code}.txt: skipped: language is '{code}', not in --languages da,nb" in warnings
    assert "Traceback" not in run.stderr


def test_kilde_ingest_stores_only_the_languages_asked_for(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for code, text in LANGUAGES.items():
        (corpus / f"{code}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "kilde.db"
    args = ["ingest", str(corpus), "--db", str(db), "--workers", "1", "--model", "blank"]
    result = CliRunner().invoke(main, [*args, "--languages", "da,nb"])
    assert result.exit_code == 0, result.output
    output = one_line(result.output)
    for code in ("nn", "sv", "en"):
        assert f"{code}.txt: not stored: language is '{code}'" in output
    with Archive.open(db) as archive:
        stored = {
            Path(a.path).stem: archive.article(a.id).analysis.language
            for a in archive.articles().items
        }
    assert stored == {"da": "da", "nb": "nb"}
    result = CliRunner().invoke(main, args)  # default --languages all: the rest is stored too
    assert result.exit_code == 0, result.output
    with Archive.open(db) as archive:
        assert archive.counts()["articles"] == len(LANGUAGES)
