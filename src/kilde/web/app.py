"""The FastAPI application: REST API, web pages, static assets and offline API docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kilde import __version__
from kilde.web import api, pages
from kilde.web.archives import ArchivePool
from kilde.web.limits import BodyLimitMiddleware, RejectNulMiddleware, SecurityHeadersMiddleware
from kilde.web.state import Analyzer, WebState, pipeline_analyzer
from kilde.web.templating import templates

HERE = Path(__file__).parent
DEFAULT_MAX_BODY = 1_000_000

DESCRIPTION = """kilde's archive of Danish news: who said what, searchable, with source-diversity
statistics. Read-only, except `POST /api/analyze` (which stores nothing unless the server
runs with `--allow-ingest` and the request carries the token)."""


def create_app(
    archive_url: str,
    allow_ingest: bool = False,
    token: str | None = None,
    *,
    analyzer: Analyzer | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
) -> FastAPI:
    """The kilde web app over the archive at `archive_url` (a SQLite path or postgresql:// URL).

    `allow_ingest` lets POST /api/analyze store analyses, and needs `token`. `analyzer`
    replaces the NLP pipeline (tests); requests larger than `max_body_bytes` get 413.
    """
    if allow_ingest and not token:
        raise ValueError("--allow-ingest needs a token (--token or KILDE_TOKEN)")
    state = WebState(
        archives=ArchivePool(str(archive_url)),
        allow_ingest=allow_ingest,
        token=token,
        max_body_bytes=max_body_bytes,
        analyzer=analyzer or pipeline_analyzer,
    )
    state.archives.check()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.archives.close()

    app = FastAPI(
        title="kilde",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.kilde = state
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes)
    app.add_middleware(RejectNulMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _mount_docs(app)
    _add_error_handlers(app)
    return app


def _swagger_assets() -> Path | None:
    """Swagger UI's files as shipped by the fastapi-offline package (None if not installed)."""
    try:
        import fastapi_offline
    except ImportError:  # pragma: no cover - the package is a dependency
        return None
    assets = Path(fastapi_offline.__file__).parent / "static"
    return assets if (assets / "swagger-ui-bundle.js").exists() else None


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from local files (no CDN); /openapi.json always works."""
    assets = _swagger_assets()
    if assets is not None:
        app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="swagger")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def swagger_docs(request: Request) -> Response:
        return templates.TemplateResponse(request, "docs.html", {"has_swagger": assets is not None})


def _error(status: int, message: str, detail: Any = None) -> JSONResponse:
    return JSONResponse({"message": message, "detail": detail}, status_code=status)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path in ("/api", "/openapi.json"))


def _add_error_handlers(app: FastAPI) -> None:
    """Errors as JSON with a message under /api, as a Danish page elsewhere."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if isinstance(error.detail, str):
            message, detail = error.detail, None
        else:
            message, detail = "ugyldige parametre", error.detail
        if _wants_html(request):
            return pages.error_page(request, error.status_code, message)
        return _error(error.status_code, message, detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in error.errors()
        ]
        message = "; ".join(
            f"{'.'.join(str(p) for p in d['loc'][1:]) or 'input'}: {d['msg']}" for d in details
        )
        if _wants_html(request):
            return pages.error_page(request, 422, message or "ugyldige parametre")
        return _error(422, message or "ugyldige parametre", details)

    @app.exception_handler(ValueError)
    async def value_error(request: Request, error: ValueError) -> Response:
        if _wants_html(request):
            return pages.error_page(request, 400, str(error))
        return _error(400, str(error))

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> Response:
        if _wants_html(request):
            return pages.error_page(request, 500, "der skete en intern fejl")
        return _error(500, "intern fejl")
