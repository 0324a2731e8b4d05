"""End-to-end: real `kilde serve` (uvicorn) + Debian's headless Chromium driven by Playwright.

Skipped when /usr/bin/chromium or playwright is missing, unless KILDE_REQUIRE_SERVICES=1
(CI), where a missing browser fails the run. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.fixture_archive import HOSTILE_IMG, HOSTILE_SCRIPT, build_archive

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
REQUIRED = os.environ.get("KILDE_REQUIRE_SERVICES") == "1"


def _missing_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (run .ci/install-browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


_REASON = _missing_browser()
if _REASON and REQUIRED:
    raise RuntimeError(f"KILDE_REQUIRE_SERVICES=1 but {_REASON}")
pytestmark = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`kilde serve` on a free loopback port over the fixture archive; yields its base URL."""
    db = build_archive(tmp_path_factory.mktemp("archive") / "kilde.db")
    port = _free_port()
    log = (tmp_path_factory.mktemp("log") / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "kilde", "serve", "--db", str(db), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "KILDE_LOG_LEVEL": "warning"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api/stats", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kilde serve did not start: {Path(log.name).read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """Dialogs (alert/confirm), console errors and off-machine requests seen by a page."""

    def __init__(self, page, base: str) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: None if r.url.startswith((base, "data:")) else self.foreign.append(r.url),
        )

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"a dialog fired: {self.dialogs}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.foreign == [], f"requests off this server: {self.foreign}"


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.watch = Watch(page, server)
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_article_speaker_dashboard(page, server: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Søgeord").fill("soldat")
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url("**/?q=soldat*")
    hits = page.locator("ol.hits > li")
    assert hits.count() == 1  # "soldat" finds "soldaterne": Danish stemming
    assert "soldaterne rejser i marts" in page.locator("ol.hits").inner_text()
    shot(page, "01-search")

    hits.filter(has_text="soldaterne rejser").get_by_role(
        "link", name="Flere soldater til Baltikum"
    ).click()
    page.wait_for_url("**/artikler/**")
    quotes = page.locator(".article-text mark.quote")
    assert quotes.count() == 2
    assert quotes.first.is_visible()
    assert "Vi skal stå sammen med vores allierede" in quotes.first.inner_text()
    assert page.locator(".quote-who").first.inner_text() == "Mette Frederiksen"
    assert page.locator(".mark-loc", has_text="Baltikum").count() == 1
    assert "ritzau" in page.locator(".bylines").inner_text()
    shot(page, "02-article")

    page.locator(".quote-list a.speaker", has_text="Mette Frederiksen").first.click()
    page.wait_for_url("**/kilder/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Mette Frederiksen"
    assert page.locator("svg rect.column").count() >= 2  # a column for each month quoted
    assert page.locator("ol.hits > li").count() == 4
    shot(page, "03-speaker")

    page.get_by_role("link", name="Overblik").click()
    page.wait_for_url("**/overblik")
    line = page.locator("figure.chart svg .line-women path").first
    box = line.bounding_box()
    assert box and box["width"] > 100, "the women's-share line chart is drawn"
    assert page.locator("svg .bar-women rect").count() >= 3
    csv = page.request.get(server + "/api/stats?by=outlet&format=csv")
    assert csv.ok and csv.headers["content-type"].startswith("text/csv")
    assert "women_share" in csv.text().splitlines()[0]
    shot(page, "04-dashboard")
    page.watch.assert_clean()


def test_hostile_text_is_shown_literally_and_never_runs(page, server: str) -> None:
    page.goto(server + "/?q=feltet")
    page.locator("ol.hits a", has_text="Farlig").first.click()
    page.wait_for_url("**/artikler/**")
    body = page.locator("main").inner_text()
    assert HOSTILE_SCRIPT in body
    assert HOSTILE_IMG in body
    assert page.locator("main script").count() == 0
    assert page.locator("img").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    shot(page, "05-hostile-article")
    for path in ("/?q=feltet", "/kilder", "/overblik", "/artikler", "/?speaker=Hacker"):
        page.goto(server + path)
        assert page.locator("img").count() == 0, path
    page.locator("ol.hits a.speaker").first.click()
    assert HOSTILE_IMG in page.get_by_role("heading", level=1).inner_text()
    page.watch.assert_clean()


def test_paste_an_article(page, server: str) -> None:
    page.set_default_timeout(180_000)  # the first analysis loads the NLP pipeline
    page.goto(server + "/analyser")
    text = (
        " date 2024-03\n\n"
        "- Vi skal stå sammen, siger statsminister Mette Frederiksen.\n\n"
        f"Teksten {HOSTILE_SCRIPT} {HOSTILE_IMG} står her.\n\n"
        "Kodet: &lt;script&gt;alert(3)&lt;/script&gt; "
        "&quot;&gt;&lt;img src=x onerror=alert(4)&gt;\n\nritzau"
    )
    page.get_by_label("Artiklens tekst").fill(text)
    page.get_by_role("button", name="Analysér").click()
    page.wait_for_selector("#result-heading")
    assert page.locator(".article-text mark.quote").count() >= 1
    assert "Mette Frederiksen" in page.locator(".quote-list").inner_text()
    shown = page.locator(".article-text").inner_text()
    # Real tags are cleaned away as crawl leftovers; escaped ones become literal text.
    assert "<script>alert(3)</script>" in shown
    assert '"><img src=x onerror=alert(4)>' in shown
    assert page.locator("img").count() == 0
    shot(page, "06-analyze")
    page.watch.assert_clean()


def test_narrow_screen_has_no_sideways_scroll(browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        for path, name in (("/", "07-narrow-search"), ("/overblik", "08-narrow-dashboard")):
            page.goto(server + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
            shot(page, name)
        page.goto(server + "/?q=soldat")
        page.locator("ol.hits a", has_text="Flere soldater").first.click()
        page.wait_for_url("**/artikler/**")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1
        shot(page, "09-narrow-article")
    finally:
        context.close()


def test_api_docs_work_offline(page, server: str) -> None:
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".opblock-summary-path", has_text="/api/quotes").count() >= 1
    shot(page, "10-api-docs")
    assert page.watch.foreign == []


def test_pages_pass_axe_accessibility_checks(page, server: str) -> None:
    """axe-core (shipped inside the axe-playwright-python wheel) finds no violations."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        if REQUIRED:
            raise
        pytest.skip("axe-playwright-python is not installed")
    axe = Axe()
    page.goto(server + "/?q=soldat")
    article = page.locator("ol.hits a", has_text="Flere soldater").first.get_attribute("href")
    speaker = page.locator("ol.hits a.speaker").first.get_attribute("href")
    paths = ["/", "/?q=soldat", "/artikler", article, "/kilder", speaker, "/overblik", "/analyser"]
    problems = {}
    for path in paths:
        page.goto(path if path.startswith("http") else server + path)
        violations = axe.run(page).response["violations"]
        if violations:
            problems[path] = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
    assert problems == {}
