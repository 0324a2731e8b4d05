"""The REST API and pages over a fixture archive (hand-made analyses; no NLP except one test)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from e2e.fixture_archive import (
    BACKENDS,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    build_archive,
    fixture_archive,
)
from kilde.article import Analysis, Article, Quote, Speaker, content_id
from kilde.web import create_app
from kilde.web.queries import stats_csv

TOKEN = "s3cret-token"


def fake_analyzer(article: Article) -> Analysis:
    """A stand-in pipeline: the first sentence is a quote by 'Test Person'."""
    end = article.text.find(".") if "." in article.text else len(article.text)
    quotes = (
        [
            Quote(
                kind="direct",
                text=article.text[:end],
                start=0,
                end=end,
                speaker=Speaker(name="Test Person", type="person", gender="f"),
            )
        ]
        if end
        else []
    )
    return Analysis(
        id=article.resolved_id(),
        text=article.text,
        date=article.date,
        outlet=article.outlet,
        title=article.title,
        bylines=article.bylines,
        quotes=quotes,
    )


@pytest.fixture(scope="module", params=BACKENDS)
def archive_path(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture archive on SQLite, and on PostgreSQL when KILDE_TEST_PG_URL is set."""
    with fixture_archive(request.param, tmp_path_factory.mktemp("web")) as target:
        yield target


@pytest.fixture(scope="module")
def client(archive_path: Path) -> TestClient:
    with TestClient(create_app(str(archive_path), analyzer=fake_analyzer)) as test_client:
        yield test_client


@pytest.fixture()
def ingest_client(tmp_path: Path) -> TestClient:
    app = create_app(
        str(build_archive(tmp_path / "k.db")),
        allow_ingest=True,
        token=TOKEN,
        analyzer=fake_analyzer,
        max_body_bytes=20_000,
    )
    with TestClient(app) as test_client:
        yield test_client


def article_id_titled(client: TestClient, title: str) -> str:
    items = client.get("/api/articles", params={"per_page": 100}).json()["items"]
    return next(a["id"] for a in items if a["title"] and title in a["title"])


# -- /api/quotes ----------------------------------------------------------------------------


def test_quote_search_uses_danish_stemming(client: TestClient) -> None:
    body = client.get("/api/quotes", params={"q": "soldat"}).json()
    assert [hit["text"] for hit in body["items"]] == ["soldaterne rejser i marts"]
    hit = body["items"][0]
    assert (
        hit["speaker"] == "Mette Frederiksen" and hit["gender"] == "f" and hit["outlet"] == "dr.dk"
    )
    assert body["page"] == 1 and body["has_more"] is False


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"speaker": "Frederiksen"}, 4),
        ({"gender": "f"}, 5),
        ({"gender": "m"}, 2),
        ({"speaker_type": "anonymous"}, 1),
        ({"speaker_type": "organization"}, 3),
        ({"outlet": "politiken.dk"}, 4),
        ({"from": "2024-02", "to": "2024-02"}, 4),
        ({"from": "2024-03-06"}, 1),
        ({"q": "regler", "gender": "m"}, 1),
        ({"q": "ingenting-her"}, 0),
    ],
)
def test_quote_filters(client: TestClient, params: dict, expected: int) -> None:
    response = client.get("/api/quotes", params={**params, "per_page": 100})
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == expected


def test_quote_paging(client: TestClient) -> None:
    first = client.get("/api/quotes", params={"per_page": 5}).json()
    second = client.get("/api/quotes", params={"per_page": 5, "page": 2}).json()
    third = client.get("/api/quotes", params={"per_page": 5, "page": 3}).json()
    assert first["has_more"] and second["has_more"] and not third["has_more"]
    ids = [h["id"] for page in (first, second, third) for h in page["items"]]
    assert len(ids) == len(set(ids)) == 12


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"gender": "x"}, 422),
        ({"speaker_type": "robot"}, 422),
        ({"from": "januar"}, 422),
        ({"from": "2024-13"}, 400),
        ({"to": "2023-02-30"}, 400),
        ({"page": 0}, 422),
        ({"per_page": 1000}, 422),
        ({"page": "to"}, 422),
    ],
)
def test_bad_parameters_are_json_errors(client: TestClient, params: dict, status: int) -> None:
    response = client.get("/api/quotes", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["message"]


def test_nul_and_odd_text_never_500(client: TestClient) -> None:
    response = client.get("/api/quotes", params={"q": "a\x00b"})
    assert response.status_code == 400 and "NUL" in response.json()["message"]
    for q in ('"', "'; DROP TABLE quotes; --", "NEAR(a b)", "*", "a OR b", "ø" * 150):
        assert client.get("/api/quotes", params={"q": q, "speaker": q}).status_code == 200


# -- /api/articles ----------------------------------------------------------------------------


def test_article_list_and_filters(client: TestClient) -> None:
    body = client.get("/api/articles").json()
    assert body["total"] == 7
    assert body["items"][0]["date"] >= body["items"][1]["date"]
    dr = client.get("/api/articles", params={"outlet": "dr.dk"}).json()
    assert {a["outlet"] for a in dr["items"]} == {"dr.dk"} and dr["total"] == 2
    wire = [a for a in body["items"] if a["wire"]]
    assert {a["title"] for a in wire} == {"Flere soldater til Baltikum", "Ny sundhedsplan"}


def test_one_article_has_quotes_with_speaker_ids_and_true_offsets(client: TestClient) -> None:
    article_id = article_id_titled(client, "Baltikum")
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["bylines"] == ["ritzau"] and article["wire"] is True
    for quote in article["quotes"]:
        assert article["text"][quote["start"] : quote["end"]] == quote["text"]
        assert isinstance(quote["speaker"]["id"], int)
    assert {e["text"] for e in article["entities"]} == {"Baltikum", "Mette Frederiksen"}


def test_missing_article_is_404_json(client: TestClient) -> None:
    response = client.get("/api/articles/does-not-exist")
    assert response.status_code == 404
    assert "does-not-exist" in response.json()["message"]


def test_api_is_read_only(client: TestClient) -> None:
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/articles")
        assert response.status_code == 405
        assert response.json()["message"]


# -- /api/speakers ----------------------------------------------------------------------------


def test_speakers_most_quoted_first(client: TestClient) -> None:
    body = client.get("/api/speakers").json()
    first = body["items"][0]
    assert first["name"] == "Mette Frederiksen" and first["quotes"] == 4 and first["articles"] == 2
    assert "statsminister" in first["roles"]
    names = {s["name"] for s in body["items"]}
    assert "anonym kilde" not in names
    women = client.get("/api/speakers", params={"gender": "f"}).json()["items"]
    assert {s["name"] for s in women} == {"Mette Frederiksen", "Sophie Løhde"}


def test_one_speaker(client: TestClient) -> None:
    first = client.get("/api/speakers").json()["items"][0]
    body = client.get(f"/api/speakers/{first['id']}").json()
    assert body["quotes_per_month"] == {"2024-01": 2, "2024-02": 2}
    assert body["outlets"] == {"dr.dk": 2, "berlingske.dk": 2}
    assert len(body["recent_quotes"]["items"]) == 4
    assert client.get("/api/speakers/999999").status_code == 404
    assert client.get("/api/speakers/abc").status_code == 422


# -- /api/stats ------------------------------------------------------------------------------


def test_stats_by_outlet_and_month(client: TestClient) -> None:
    overall = client.get("/api/stats").json()["rows"]
    assert len(overall) == 1 and overall[0]["quotes"] == 12
    assert overall[0]["women"] == 5 and overall[0]["anonymous"] == 1
    by_outlet = {
        r["outlet"]: r for r in client.get("/api/stats", params={"by": "outlet"}).json()["rows"]
    }
    assert by_outlet["politiken.dk"]["anonymous_share"] == 0.25
    assert by_outlet["dr.dk"]["wire_share"] == 0.5
    months = client.get("/api/stats", params=[("by", "month")]).json()["rows"]
    assert [r["month"] for r in months if r["month"]] == ["2024-01", "2024-02", "2024-03"]
    both = client.get("/api/stats", params=[("by", "outlet"), ("by", "month")]).json()
    assert both["by"] == ["outlet", "month"]
    assert client.get("/api/stats", params={"by": "weekday"}).status_code == 422


def test_stats_of_one_speaker(client: TestClient) -> None:
    first = client.get("/api/speakers").json()["items"][0]
    assert first["name"] == "Mette Frederiksen"
    (hers,) = client.get("/api/stats", params={"speaker_id": first["id"]}).json()["rows"]
    assert (hers["quotes"], hers["articles"], hers["speakers"]) == (4, 2, 1)
    assert hers["women"] == 4 and hers["anonymous"] == 0
    months = client.get("/api/stats", params={"speaker_id": first["id"], "by": "month"}).json()
    assert {r["month"]: r["quotes"] for r in months["rows"]} == {"2024-01": 2, "2024-02": 2}
    (nobody,) = client.get("/api/stats", params={"speaker_id": 999999}).json()["rows"]
    assert (nobody["quotes"], nobody["articles"]) == (0, 0)
    assert client.get("/api/stats", params={"speaker_id": "abc"}).status_code == 422
    assert client.get("/api/stats", params={"speaker_id": 0}).status_code == 422


def test_stats_csv_download(client: TestClient) -> None:
    response = client.get("/api/stats", params={"by": "outlet", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    header, *rows = response.text.splitlines()
    assert header.startswith("outlet,articles,") and len(rows) == 5
    assert any("Mette Frederiksen (2)" in row for row in rows)


def test_stats_csv_neutralises_formulas() -> None:
    text = stats_csv([{"outlet": '=HYPERLINK("x")', "top_women": [], "top_men": []}], ["outlet"])
    assert "\n\"'=HYPERLINK" in text


# -- /api/analyze ----------------------------------------------------------------------------


def test_analyze_json_and_plain_text(client: TestClient) -> None:
    response = client.post(
        "/api/analyze", json={"text": " date 2024-05\n\nHej med dig. Mere tekst.", "outlet": "x.dk"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["date"] == "2024-05" and body["outlet"] == "x.dk" and body["stored"] is False
    assert body["quotes"][0]["text"] == "Hej med dig"
    plain = client.post(
        "/api/analyze", content="Kort tekst.", headers={"content-type": "text/plain"}
    )
    assert plain.status_code == 200 and plain.json()["text"] == "Kort tekst."


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"text": "   "}}, 400),
        ({"json": {"tekst": "hej"}}, 422),
        ({"json": ["hej"]}, 422),
        ({"content": "{not json", "headers": {"content-type": "application/json"}}, 400),
        ({"content": b"\xff\xfe", "headers": {"content-type": "text/plain"}}, 400),
        ({"content": "hej", "headers": {"content-type": "application/xml"}}, 415),
    ],
)
def test_analyze_rejects_bad_bodies(client: TestClient, kwargs: dict, status: int) -> None:
    response = client.post("/api/analyze", **kwargs)
    assert response.status_code == status
    assert response.json()["message"]


def test_analyze_size_limit(ingest_client: TestClient) -> None:
    response = ingest_client.post("/api/analyze", json={"text": "ord " * 10_000})
    assert response.status_code == 413
    assert "for stor" in response.json()["message"]

    def chunks():  # no Content-Length: the limit is counted while streaming
        for _ in range(30):
            yield b"x" * 1_000

    streamed = ingest_client.post(
        "/api/analyze", content=chunks(), headers={"content-type": "text/plain"}
    )
    assert streamed.status_code == 413


def test_analyze_stores_nothing_without_ingest(client: TestClient) -> None:
    before = client.get("/api/articles").json()["total"]
    response = client.post(
        "/api/analyze",
        json={"text": "Ny tekst her.", "store": True},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 403
    assert client.get("/api/articles").json()["total"] == before


def test_analyze_stores_only_with_the_token(ingest_client: TestClient) -> None:
    text = "Vi gemmer denne tekst. Den er ny."
    denied = ingest_client.post(
        "/api/analyze",
        json={"text": text, "store": True},
        headers={"authorization": "Bearer wrong"},
    )
    assert denied.status_code == 401
    missing = ingest_client.post("/api/analyze", json={"text": text, "store": True})
    assert missing.status_code == 401
    unasked = ingest_client.post(
        "/api/analyze", json={"text": text}, headers={"x-kilde-token": TOKEN}
    )
    assert unasked.json()["stored"] is False
    assert ingest_client.get(f"/api/articles/{content_id(text)}").status_code == 404
    stored = ingest_client.post(
        "/api/analyze",
        json={"text": text, "store": True},
        headers={"authorization": f"Bearer {TOKEN}"},
    )
    assert stored.status_code == 200 and stored.json()["stored"] is True
    assert (
        ingest_client.get(f"/api/articles/{content_id(text)}").json()["quotes"][0]["text"]
        == "Vi gemmer denne tekst"
    )
    again = ingest_client.post(
        "/api/analyze?store=true", json={"text": text}, headers={"x-kilde-token": TOKEN}
    )
    assert again.json()["stored"] is False  # same content hash: nothing doubled


def test_ingest_needs_a_token(archive_path: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(str(archive_path), allow_ingest=True)


def test_analyze_with_the_real_pipeline(archive_path: Path) -> None:
    with TestClient(create_app(str(archive_path))) as real:
        response = real.post(
            "/api/analyze",
            json={
                "text": " date 2024-03\n\n"
                "- Vi skal stå sammen, siger statsminister Mette Frederiksen.\n\nritzau"
            },
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["date"] == "2024-03" and body["bylines"] == ["ritzau"]
    quote = body["quotes"][0]
    assert quote["text"] == "Vi skal stå sammen"
    assert quote["speaker"]["name"] == "Mette Frederiksen" and quote["speaker"]["gender"] == "f"


# -- pages, docs, security ----------------------------------------------------------------------

PAGES = [
    "/",
    "/?q=soldat&gender=f",
    "/artikler",
    "/kilder",
    "/kilder?gender=m",
    "/overblik",
    "/analyser",
    "/docs",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_in_danish(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    if path != "/docs":
        assert '<html lang="da">' in response.text
        assert '<main id="indhold"' in response.text
    assert "cdn" not in response.text.lower()


def test_article_page_highlights_every_quote(client: TestClient) -> None:
    article_id = article_id_titled(client, "Baltikum")
    html = client.get(f"/artikler/{article_id}").text.split('class="article-text"')[1]
    assert html.count('<mark class="quote quote-direct"') == 1
    assert html.count('<mark class="quote quote-indirect"') == 1
    assert '<span class="quote-who">Mette Frederiksen</span>' in html
    assert 'class="mark mark-loc"' in html and "/kilder/" in html


def test_dashboard_draws_svg_charts(client: TestClient) -> None:
    html = client.get("/overblik").text
    assert html.count("<svg") >= 5
    assert 'class="series line-women"' in html and '<path d="M' in html
    assert "format=csv" in html


def test_bad_page_parameters_give_a_danish_error_page(client: TestClient) -> None:
    response = client.get("/?gender=x")
    assert response.status_code == 400 and "ukendt værdi" in response.text
    assert "Søgningen kunne ikke udføres" in response.text and 'name="q"' in response.text
    assert client.get("/?from=2024-13").status_code == 400
    assert client.get("/kilder/abc").status_code == 404
    assert client.get("/artikler/nope").status_code == 404


def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    article_id = article_id_titled(client, "Farlig")
    speaker = client.get("/api/speakers", params={"name": "Hacker"}).json()["items"][0]
    for path in [
        f"/artikler/{article_id}",
        f"/kilder/{speaker['id']}",
        "/?q=feltet",
        "/kilder",
        "/overblik",
        "/artikler",
        "/?speaker=Hacker",
    ]:
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "<img" not in html, path
        assert "javascript:" not in html, path
    html = client.get(f"/artikler/{article_id}").text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE_SCRIPT in client.get(f"/api/articles/{article_id}").json()["text"]
    assert HOSTILE_IMG in client.get(f"/api/articles/{article_id}").json()["bylines"]


def test_pasted_article_is_escaped(client: TestClient) -> None:
    response = client.post(
        "/analyser", data={"text": "&lt;script&gt;alert(1)&lt;/script&gt; siger hun. Mere."}
    )
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert client.post("/analyser", data={"text": ""}).status_code == 400


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_docs_are_served_locally(client: TestClient) -> None:
    html = client.get("/docs").text
    assert 'src="/docs/assets/swagger-ui-bundle.js"' in html
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {
        "/api/analyze",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/quotes",
        "/api/speakers",
        "/api/speakers/{speaker_id}",
        "/api/stats",
    } <= set(schema["paths"])


def test_openapi_describes_the_store_results(client: TestClient) -> None:
    """The store's result dataclasses are the response models, field descriptions included."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    quote = schemas["QuoteHit"]
    assert "speaker_as_written" in quote["required"]
    assert quote["properties"]["speaker"]["description"] == "The archive's name for the speaker"
    speaker = schemas["SpeakerResult"]
    assert {"roles", "aliases", "quotes_per_month", "recent_quotes"} <= set(speaker["required"])
    assert "description" in speaker["properties"]["quotes_per_month"]
    assert schemas["QuotePage"]["properties"]["items"]["items"]["$ref"].endswith("/QuoteHit")


# -- kilde serve -------------------------------------------------------------------------------


def test_serve_command_checks_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from kilde.cli import main

    monkeypatch.delenv("KILDE_TOKEN", raising=False)
    runner = CliRunner()
    assert "--allow-ingest" in runner.invoke(main, ["serve", "--help"]).output
    no_token = runner.invoke(main, ["serve", "--allow-ingest"])
    assert no_token.exit_code == 2 and "--token" in no_token.output
    bad_db = runner.invoke(main, ["serve", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert bad_db.exit_code == 1 and "cannot open archive" in bad_db.output


def test_facts_are_listed_on_the_paste_page(archive_path: str) -> None:
    from kilde.article import Place, TimeExpression

    def with_facts(article: Article) -> Analysis:
        analysis = fake_analyzer(article)
        start = article.text.index("i går")
        analysis.dates = [
            TimeExpression(
                text="i går", start=start, end=start + 5, kind="date", value="2024-05-01"
            )
        ]
        start = article.text.index("Vejle")
        analysis.places = [
            Place(text="Vejle", start=start, end=start + 5, name="Vejle", kind="city", country="DK")
        ]
        return analysis

    with TestClient(create_app(archive_path, analyzer=with_facts)) as facts_client:
        html = facts_client.post("/analyser", data={"text": "Det skete i går i Vejle. Slut."}).text
    assert "<h2>Fakta</h2>" in html and "2024-05-01" in html and "(DK)" in html
