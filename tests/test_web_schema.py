"""Property-based run over the OpenAPI schema (schemathesis): no request makes the API fail.

Bounded: MAX_EXAMPLES generated requests per operation and mode, with the stand-in
analyser, on SQLite and (when KILDE_TEST_PG_URL is set) PostgreSQL.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")

from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from e2e.fixture_archive import BACKENDS, fixture_archive  # noqa: E402
from kilde.web import create_app  # noqa: E402
from test_web_api import fake_analyzer  # noqa: E402

MAX_EXAMPLES = 20
OPERATIONS = [
    "GET /api/quotes",
    "GET /api/articles",
    "GET /api/articles/{article_id}",
    "GET /api/speakers",
    "GET /api/speakers/{speaker_id}",
    "GET /api/stats",
    "POST /api/analyze",
]


@pytest.fixture(scope="module", params=BACKENDS)
def api_schema(request, tmp_path_factory: pytest.TempPathFactory):
    """The OpenAPI schema of an app over the fixture archive (SQLite, and PostgreSQL if set)."""
    with fixture_archive(request.param, tmp_path_factory.mktemp("schema")) as target:
        app = create_app(target, analyzer=fake_analyzer)
        yield schemathesis.openapi.from_asgi("/openapi.json", app)
        app.state.kilde.archives.close()


def test_schema_lists_every_operation(api_schema) -> None:
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert labels == set(OPERATIONS)


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize("label", OPERATIONS)
def test_no_server_errors(api_schema, label: str, mode) -> None:
    """Valid requests (positive) and invalid ones (negative) alike never get a 5xx."""
    operation = next(r.ok() for r in api_schema.get_all_operations() if r.ok().label == label)
    checks = [not_a_server_error]
    if mode is GenerationMode.POSITIVE:
        checks.append(response_schema_conformance)

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case) -> None:
        case.call_and_validate(checks=checks)

    check()
