"""The REST API under /api: JSON in and out, read-only except POST /api/analyze."""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from kilde.article import Article
from kilde.ingest import parse_page
from kilde.web.params import (
    Gender,
    GroupBy,
    PageNumber,
    PeriodFrom,
    PeriodTo,
    PerPage,
    SpeakerType,
    Text,
    check_period,
    offset_of,
)
from kilde.web.queries import paging, quotes_per_month, stats_csv
from kilde.web.schemas import (
    AnalyzeRequest,
    AnalyzeResult,
    ArticlePage,
    ArticleResult,
    ErrorResponse,
    QuotePage,
    SpeakerPage,
    SpeakerResult,
    StatsResult,
)
from kilde.web.state import WebState, get_state

router = APIRouter(prefix="/api", tags=["api"])
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Bad parameter"},
    422: {"model": ErrorResponse, "description": "Invalid parameter"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorResponse, "description": "Not found"},
}

ArticleId = Annotated[str, Path(min_length=1, max_length=200, description="Article id")]
SpeakerId = Annotated[int, Path(ge=1, le=2**62, description="Speaker id")]
SpeakerIdFilter = Annotated[int | None, Query(ge=1, le=2**62, description="Speaker id")]


@router.get("/quotes", response_model=QuotePage, responses=ERRORS, summary="Search quotes")
def search_quotes(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="Words (Danish stemming)")] = None,
    speaker: Annotated[str | None, Query(max_length=200, description="Part of a name")] = None,
    speaker_id: SpeakerIdFilter = None,
    speaker_type: SpeakerType | None = None,
    gender: Gender | None = None,
    outlet: Text = None,
    date_from: PeriodFrom = None,
    date_to: PeriodTo = None,
    page: PageNumber = 1,
    per_page: PerPage = 20,
) -> dict[str, Any]:
    """Quotes matching the words and filters, newest first."""
    state = get_state(request)
    result = state.archive().search(
        q or None,
        speaker=speaker or None,
        speaker_id=speaker_id,
        speaker_type=speaker_type,
        gender=gender,
        outlet=outlet or None,
        date_from=check_period(date_from, "from"),
        date_to=check_period(date_to, "to"),
        limit=per_page,
        offset=offset_of(page, per_page),
    )
    return {"items": result.items, **paging(result, page, per_page)}


@router.get("/articles", response_model=ArticlePage, responses=ERRORS, summary="List articles")
def list_articles(
    request: Request,
    outlet: Text = None,
    speaker_id: SpeakerIdFilter = None,
    date_from: PeriodFrom = None,
    date_to: PeriodTo = None,
    page: PageNumber = 1,
    per_page: PerPage = 20,
) -> dict[str, Any]:
    """Articles, newest first, by outlet, period or a speaker quoted in them."""
    result = (
        get_state(request)
        .archive()
        .articles(
            outlet=outlet or None,
            speaker_id=speaker_id,
            date_from=check_period(date_from, "from"),
            date_to=check_period(date_to, "to"),
            limit=per_page,
            offset=offset_of(page, per_page),
            with_total=True,
        )
    )
    return {"items": result.items, **paging(result, page, per_page)}


@router.get(
    "/articles/{article_id}",
    response_model=ArticleResult,
    responses=NOT_FOUND,
    summary="One article",
)
def get_article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    """One article: the analyze JSON with quotes (speakers carry archive ids) and entities."""
    stored = get_state(request).archive().article(article_id)
    if stored is None:
        raise HTTPException(404, f"ingen artikel med id {article_id!r}")
    return stored.to_dict()


@router.get("/speakers", response_model=SpeakerPage, responses=ERRORS, summary="List speakers")
def list_speakers(
    request: Request,
    name: Annotated[str | None, Query(max_length=200, description="Part of a name")] = None,
    speaker_type: SpeakerType | None = None,
    gender: Gender | None = None,
    include_anonymous: bool = False,
    page: PageNumber = 1,
    per_page: PerPage = 20,
) -> dict[str, Any]:
    """People and organisations, most quoted first, with counts and roles."""
    result = (
        get_state(request)
        .archive()
        .speakers(
            name=name or None,
            speaker_type=speaker_type,
            gender=gender,
            include_anonymous=include_anonymous,
            limit=per_page,
            offset=offset_of(page, per_page),
        )
    )
    return {"items": result.items, **paging(result, page, per_page)}


@router.get(
    "/speakers/{speaker_id}",
    response_model=SpeakerResult,
    responses=NOT_FOUND,
    summary="One speaker",
)
def get_speaker(
    request: Request,
    speaker_id: SpeakerId,
    page: PageNumber = 1,
    per_page: PerPage = 20,
) -> dict[str, Any]:
    """One speaker: aliases, roles, outlets, quotes per month and a page of their quotes."""
    archive = get_state(request).archive()
    detail = archive.speaker(speaker_id)
    if detail is None:
        raise HTTPException(404, f"ingen kilde med id {speaker_id}")
    quotes = archive.search(speaker_id=speaker_id, limit=per_page, offset=offset_of(page, per_page))
    return {
        **vars(detail),
        "quotes_per_month": quotes_per_month(archive, speaker_id),
        "recent_quotes": {"items": quotes.items, **paging(quotes, page, per_page)},
    }


@router.get(
    "/stats",
    response_model=StatsResult,
    responses={**ERRORS, 200: {"content": {"text/csv": {}}, "description": "Statistics"}},
    summary="Source-diversity statistics",
)
def get_stats(
    request: Request,
    by: Annotated[list[GroupBy] | None, Query(description="Group by (repeatable)")] = None,
    outlet: Text = None,
    date_from: PeriodFrom = None,
    date_to: PeriodTo = None,
    speaker_id: SpeakerIdFilter = None,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Any:
    """Articles, quotes, speakers, shares of women/men/unknown, anonymous and wire copy.

    With `speaker_id`, only that speaker's quotes and the articles they are quoted in.
    """
    groups = list(dict.fromkeys(by or []))
    rows = (
        get_state(request)
        .archive()
        .stats(
            tuple(groups),
            outlet=outlet or None,
            date_from=check_period(date_from, "from"),
            date_to=check_period(date_to, "to"),
            speaker_id=speaker_id,
        )
    )
    if format == "csv":
        name = "kilde-statistik" + "".join(f"-{g}" for g in groups) + ".csv"
        return Response(
            stats_csv(rows, groups),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return {"by": groups, "rows": rows}


ANALYZE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": AnalyzeRequest.model_json_schema()},
            "text/plain": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/analyze",
    response_model=AnalyzeResult,
    responses={
        **ERRORS,
        401: {"model": ErrorResponse, "description": "Wrong token"},
        403: {"model": ErrorResponse, "description": "Ingest not enabled"},
        413: {"model": ErrorResponse, "description": "Text too large"},
        415: {"model": ErrorResponse, "description": "Unsupported content type"},
    },
    openapi_extra=ANALYZE_BODY,
    summary="Analyse an article",
)
async def analyze_text(request: Request) -> JSONResponse:
    """Analyse text (plain or page form; JSON or text/plain) and return the analyze JSON.

    Stores the analysis only if the server runs with --allow-ingest, the request carries
    the token (`Authorization: Bearer …` or `X-Kilde-Token`) and asks for it (`store`).
    """
    state = get_state(request)
    body = await request.body()
    analyze_request = _parse_analyze_body(request, body)
    wants_store = analyze_request.store or request.query_params.get("store") in ("1", "true")
    if wants_store:
        _check_ingest_token(state, request)
    article = _article_of(analyze_request)
    analysis = await run_in_threadpool(state.analyze, article)
    stored = False
    if wants_store:
        stored = await run_in_threadpool(lambda: state.archive().add(analysis))
        if stored:
            state.forget()
    result = {**analysis.model_dump(mode="json"), "stored": stored}
    return JSONResponse(result)


def _parse_analyze_body(request: Request, body: bytes) -> AnalyzeRequest:
    """The request body as an AnalyzeRequest (JSON object, or the text itself)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "kroppen skal være UTF-8") from None
    if content_type == "application/json":
        try:
            return AnalyzeRequest.model_validate(json.loads(text))
        except json.JSONDecodeError as error:
            raise HTTPException(400, f"ugyldig JSON: {error.msg}") from None
        except ValidationError as error:
            raise HTTPException(
                422, json.loads(error.json(include_url=False, include_context=False))
            ) from None
    if content_type in ("", "text/plain"):
        return AnalyzeRequest(text=text)
    raise HTTPException(415, "send application/json eller text/plain")


def _article_of(request: AnalyzeRequest) -> Article:
    """Read the text as the page form and add the metadata given with it."""
    text = request.text.replace("\x00", "")
    if not text.strip():
        raise HTTPException(400, "teksten er tom")
    article = parse_page(text)
    metadata = request.model_dump(include={"url", "outlet", "title", "date"})
    extra = {k: v.replace("\x00", "") for k, v in metadata.items() if v and v.replace("\x00", "")}
    return article.model_copy(update=extra) if extra else article


def _check_ingest_token(state: WebState, request: Request) -> None:
    """Allow storing only with --allow-ingest and the right token (constant-time compare)."""
    if not state.allow_ingest or not state.token:
        raise HTTPException(403, "serveren gemmer ikke analyser (start den med --allow-ingest)")
    given = request.headers.get("x-kilde-token", "")
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not hmac.compare_digest(given.encode("utf-8"), state.token.encode("utf-8")):
        raise HTTPException(401, "forkert eller manglende token")
