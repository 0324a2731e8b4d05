"""Reliability: a real `kilde serve` answers reads while `kilde ingest` writes the archive,
and refuses oversized and malformed requests with 4xx over real HTTP.

Both commands run as subprocesses on one SQLite archive (WAL); the test polls the API for
the whole ingest and checks every answer.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kilde.cli import main
from test_reliability_helpers import (
    KILDE,
    count_rows,
    end_group,
    one_line,
    write_page_corpus,
)

FIRST, MORE = 10, 240
MAX_BODY = 20_000
#: Slowest read answer accepted while the ingest writes (seconds).
READ_LATENCY_BOUND = 5.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive with FIRST articles, and MORE in a folder waiting to be ingested."""
    workdir = tmp_path_factory.mktemp("serve")
    write_page_corpus(workdir / "first", FIRST)
    db = workdir / "kilde.db"
    result = CliRunner().invoke(
        main,
        ["ingest", str(workdir / "first"), "--db", str(db), "--model", "blank", "--workers", "1"],
    )
    assert result.exit_code == 0, result.output
    write_page_corpus(workdir / "more", MORE, first=FIRST)
    return db


@pytest.fixture(scope="module")
def server(archive: Path) -> Iterator[str]:
    """`kilde serve` on a free port over the archive; yields its base URL."""
    port = free_port()
    log = archive.parent / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                *KILDE,
                "serve",
                "--db",
                str(archive),
                "--port",
                str(port),
                "--max-bytes",
                str(MAX_BODY),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if httpx.get(f"{url}/api/articles", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "kilde serve did not start: " + log.read_text()
        time.sleep(0.2)
    yield url
    end_group(process.pid)
    process.wait(timeout=30)
    assert "Traceback" not in log.read_text(errors="replace"), log.read_text()[-3000:]


READS = [
    "/api/articles?per_page=5",
    "/api/quotes?q=pengene&per_page=5",
    "/api/speakers?per_page=5",
    "/api/stats?by=month",
]


def test_serve_answers_reads_while_ingest_writes_the_same_archive(archive: Path, server: str):
    ingest = subprocess.Popen(
        [
            *KILDE,
            "ingest",
            str(archive.parent / "more"),
            "--db",
            str(archive),
            "--model",
            "blank",
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    totals: list[int] = []
    slowest = 0.0
    reads_during_ingest = 0
    try:
        with httpx.Client(base_url=server, timeout=30) as client:
            while ingest.poll() is None:
                for path in READS:
                    started = time.monotonic()
                    response = client.get(path)
                    slowest = max(slowest, time.monotonic() - started)
                    assert response.status_code == 200, (path, response.text)
                    if path.startswith("/api/articles"):
                        totals.append(response.json()["total"])
                reads_during_ingest += 1
            _, stderr = ingest.communicate(timeout=600)
            assert ingest.returncode == 0, stderr
            assert f"stored {MORE} article(s)" in one_line(stderr)
            final = client.get("/api/articles").json()["total"]
    finally:
        end_group(ingest.pid)
    print(f"{reads_during_ingest} rounds of {len(READS)} reads; slowest {slowest:.2f} s")
    assert final == FIRST + MORE == count_rows(archive)
    assert totals == sorted(totals), "the article count went backwards"
    assert len(set(totals)) >= 3, f"reads did not overlap the writes: {totals}"
    assert totals[0] >= FIRST and totals[-1] <= final
    assert slowest < READ_LATENCY_BOUND


HOSTILE = [
    # (description, method, path, request keyword arguments, allowed statuses)
    ("body over --max-bytes", "POST", "/api/analyze", {"json": {"text": "ord " * MAX_BODY}}, {413}),
    (
        "chunked body over --max-bytes",
        "POST",
        "/api/analyze",
        {
            "content": iter([b"x" * 1000] * (MAX_BODY // 1000 + 5)),
            "headers": {"content-type": "text/plain"},
        },
        {413},
    ),
    (
        "broken JSON",
        "POST",
        "/api/analyze",
        {"content": b'{"text": "Hej', "headers": {"content-type": "application/json"}},
        {400},
    ),
    ("JSON of the wrong shape", "POST", "/api/analyze", {"json": {"text": ["a"]}}, {422}),
    (
        "not UTF-8",
        "POST",
        "/api/analyze",
        {"content": b"\xc3\x28\xff", "headers": {"content-type": "text/plain"}},
        {400},
    ),
    (
        "wrong content type",
        "POST",
        "/api/analyze",
        {"content": b"<a/>", "headers": {"content-type": "application/xml"}},
        {415},
    ),
    ("NUL in a parameter", "GET", "/api/quotes?q=a%00b", {}, {400}),
    ("query longer than allowed", "GET", "/api/quotes?q=" + "ord+" * 2_000, {}, {422}),
    ("percent-encoded junk", "GET", "/api/quotes?q=%ff%fe%c3", {}, {200, 400, 422}),
    ("page number out of range", "GET", "/api/quotes?page=" + "9" * 40, {}, {422}),
    ("negative page size", "GET", "/api/articles?per_page=-1", {}, {422}),
    ("bad period", "GET", "/api/articles?from=juni", {}, {422}),
    ("unknown article", "GET", "/api/articles/" + "x" * 150, {}, {404}),
    ("too long article id", "GET", "/api/articles/" + "x" * 5_000, {}, {404, 414, 422}),
    ("huge URL", "GET", "/api/quotes?q=" + "a" * 60_000, {}, {400, 414, 422, 431}),
    (
        "huge header",
        "GET",
        "/api/articles",
        {"headers": {"x-fyld": "a" * 200_000}},
        {400, 413, 431},
    ),
    ("unknown method", "DELETE", "/api/articles", {}, {405}),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "allowed"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_oversized_and_malformed_requests_get_4xx_and_the_server_lives_on(
    server: str, method: str, path: str, kwargs: dict, allowed: set[int]
):
    with httpx.Client(base_url=server, timeout=30) as client:
        try:
            response = client.request(method, path, **kwargs)
            status, body = response.status_code, response.text[:300]
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
            # h11 refuses a request head over its limit by closing the connection
            status, body = 400, "connection closed by the server"
        assert status in allowed, (status, body)
        assert client.get("/api/articles").status_code == 200


def test_analyze_refuses_an_article_over_the_length_limit_with_4xx(tmp_path: Path):
    import spacy
    from fastapi.testclient import TestClient

    from kilde.ingest import MAX_ARTICLE_CHARS
    from kilde.pipeline import analyze
    from kilde.store import Archive
    from kilde.web import create_app

    nlp = spacy.blank("da")  # the same nlp.max_length as the shipped pipeline, loads fast
    nlp.add_pipe("sentencizer")
    Archive.open(str(tmp_path / "kilde.db")).close()
    app = create_app(
        str(tmp_path / "kilde.db"),
        analyzer=lambda article: analyze(article, nlp=nlp),
        max_body_bytes=3 * MAX_ARTICLE_CHARS,
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        text = "Ord og flere ord. " * (MAX_ARTICLE_CHARS // 18 + 100)
        response = client.post("/api/analyze", json={"text": text})
        assert response.status_code in (400, 413, 422), response.text[:300]
        assert response.json()["message"]
        assert client.post("/api/analyze", json={"text": "Kort tekst."}).status_code == 200
