"""The web pages (Danish): search, article, speaker, speakers, articles, dashboard, analyse."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from kilde.ingest import parse_page
from kilde.store import Archive, Page
from kilde.web import charts
from kilde.web.highlight import highlight
from kilde.web.params import MAX_PAGE, blank_to_none, check_period, offset_of
from kilde.web.queries import outlets, quotes_per_month
from kilde.web.state import get_state
from kilde.web.templating import templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

PER_PAGE = 20
GENDERS = {"f": "kvinder", "m": "mænd", "unknown": "ukendt køn"}
SPEAKER_TYPES = {
    "person": "personer",
    "organization": "organisationer",
    "anonymous": "anonyme kilder",
    "document": "dokumenter",
    "unknown": "ukendt type",
}
TOP_SPEAKERS = 10


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render a page template (autoescaped) with the shared context."""
    base = {"active": None, "genders": GENDERS, "speaker_types": SPEAKER_TYPES}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    """A Danish error page."""
    titles = {404: "Siden findes ikke", 400: "Ugyldig forespørgsel", 422: "Ugyldig forespørgsel"}
    title = titles.get(status, "Fejl")
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status
    )


def _page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def _choice(value: str | None, allowed: dict[str, str], name: str) -> str | None:
    value = blank_to_none(value)
    if value is not None and value not in allowed:
        raise HTTPException(400, f"{name}: ukendt værdi {value!r}")
    return value


def _outlets(request: Request) -> list[str]:
    state = get_state(request)
    return state.cached("outlets", lambda: outlets(state.archive()))


def _query_without_page(request: Request) -> str:
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "page" and v])


@router.get("/", name="search_page")
def search_page(request: Request) -> Response:
    """Free-text search over quotes, with filters."""
    params = request.query_params
    form = {
        key: (params.get(key) or "")[:500]
        for key in ("q", "speaker", "speaker_type", "gender", "outlet", "from", "to")
    }
    page = _page_number(params.get("page"))
    archive = get_state(request).archive()
    error, status = None, 200
    try:
        filters = {
            "speaker": blank_to_none(form["speaker"]),
            "speaker_type": _choice(form["speaker_type"], SPEAKER_TYPES, "type"),
            "gender": _choice(form["gender"], GENDERS, "køn"),
            "outlet": blank_to_none(form["outlet"]),
            "date_from": check_period(blank_to_none(form["from"]), "fra"),
            "date_to": check_period(blank_to_none(form["to"]), "til"),
        }
        results = archive.search(
            blank_to_none(form["q"]),
            limit=PER_PAGE,
            offset=offset_of(page, PER_PAGE),
            with_total=True,
            **filters,
        )
    except HTTPException as bad_input:
        error, status = str(bad_input.detail), 400
        results = Page(items=[], offset=0, limit=PER_PAGE, has_more=False, total=0)
    searched = any(form.values())
    return render(
        request,
        "search.html",
        {
            "active": "search_page",
            "form": form,
            "results": results,
            "page": page,
            "searched": searched,
            "outlets": _outlets(request),
            "base_query": _query_without_page(request),
            "counts": archive.counts(),
            "error": error,
        },
        status,
    )


@router.get("/artikler", name="articles_page")
def articles_page(request: Request) -> Response:
    """All articles, newest first."""
    params = request.query_params
    outlet = blank_to_none(params.get("outlet"))
    page = _page_number(params.get("page"))
    archive = get_state(request).archive()
    result = archive.articles(
        outlet=outlet, limit=PER_PAGE, offset=offset_of(page, PER_PAGE), with_total=True
    )
    return render(
        request,
        "articles.html",
        {
            "active": "articles_page",
            "articles": result,
            "page": page,
            "outlet": outlet or "",
            "outlets": _outlets(request),
            "base_query": _query_without_page(request),
        },
    )


@router.get("/artikler/{article_id}", name="article_page")
def article_page(request: Request, article_id: str) -> Response:
    """One article with its quotes highlighted and speakers shown."""
    stored = get_state(request).archive().article(article_id[:200])
    if stored is None:
        raise HTTPException(404, "artiklen findes ikke i arkivet")
    analysis = stored.analysis
    return render(
        request,
        "article.html",
        {
            "analysis": analysis,
            "paragraphs": highlight(analysis),
            "speaker_ids": stored.speaker_ids,
            "wire": stored.wire,
        },
    )


@router.get("/kilder", name="speakers_page")
def speakers_page(request: Request) -> Response:
    """People and organisations, most quoted first."""
    params = request.query_params
    name = blank_to_none((params.get("name") or "")[:200])
    gender = _choice(params.get("gender"), GENDERS, "køn")
    speaker_type = _choice(params.get("speaker_type"), SPEAKER_TYPES, "type")
    page = _page_number(params.get("page"))
    result = (
        get_state(request)
        .archive()
        .speakers(
            name=name,
            gender=gender,
            speaker_type=speaker_type,
            limit=PER_PAGE,
            offset=offset_of(page, PER_PAGE),
        )
    )
    return render(
        request,
        "speakers.html",
        {
            "active": "speakers_page",
            "speakers": result,
            "page": page,
            "form": {
                "name": name or "",
                "gender": gender or "",
                "speaker_type": speaker_type or "",
            },
            "base_query": _query_without_page(request),
        },
    )


@router.get("/kilder/{speaker_id}", name="speaker_page")
def speaker_page(request: Request, speaker_id: str) -> Response:
    """One speaker: quotes over time, roles, outlets."""
    if not speaker_id.isdigit() or len(speaker_id) > 18:
        raise HTTPException(404, "kilden findes ikke i arkivet")
    archive = get_state(request).archive()
    detail = archive.speaker(int(speaker_id))
    if detail is None:
        raise HTTPException(404, "kilden findes ikke i arkivet")
    page = _page_number(request.query_params.get("page"))
    quotes = archive.search(speaker_id=detail.id, limit=PER_PAGE, offset=offset_of(page, PER_PAGE))
    per_month = quotes_per_month(archive, detail.id)
    timeline = None
    if per_month:
        months = list(per_month)
        counts = [(m, per_month.get(m, 0)) for m in charts.month_range(months[0], months[-1])]
        timeline = charts.column_chart(
            "Citater pr. måned",
            f"{detail.name} citeres {detail.quotes} gange fra {months[0]} til {months[-1]}.",
            counts,
        )
    outlet_chart = charts.bar_chart(
        "Medier",
        f"Hvor {detail.name} citeres.",
        [(outlet or "ukendt medie", n, None) for outlet, n in detail.outlets.items()],
        css_class="bar-neutral",
        maximum=max(detail.outlets.values(), default=1),
        value_format=lambda n: str(int(n)),
    )
    return render(
        request,
        "speaker.html",
        {
            "active": "speakers_page",
            "speaker": detail,
            "quotes": quotes,
            "page": page,
            "timeline": timeline,
            "outlet_chart": outlet_chart,
            "base_query": "",
        },
    )


@router.get("/overblik", name="dashboard_page")
def dashboard_page(request: Request) -> Response:
    """Source diversity: women's share over time and per outlet, anonymous and wire shares."""
    state = get_state(request)
    context = state.cached("dashboard", lambda: _dashboard_context(state.archive()))
    return render(request, "dashboard.html", {**context, "active": "dashboard_page"})


def _dashboard_context(archive: Archive) -> dict[str, Any]:
    overall = archive.stats()
    by_month = [row for row in archive.stats(by="month") if row.get("month")]
    by_outlet = [row for row in archive.stats(by="outlet") if row.get("outlet")]
    context: dict[str, Any] = {
        "overall": overall[0] if overall else None,
        "counts": archive.counts(),
        "by_outlet": by_outlet,
        "by_month": by_month,
        "top_women": archive.speakers(gender="f", limit=TOP_SPEAKERS).items,
        "top_men": archive.speakers(gender="m", limit=TOP_SPEAKERS).items,
    }
    context.update(_dashboard_charts(by_month, by_outlet, context["top_women"], context["top_men"]))
    return context


def _dashboard_charts(
    by_month: list[dict[str, Any]], by_outlet: list[dict[str, Any]], top_women: list, top_men: list
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if by_month:
        rows = {row["month"]: row for row in by_month}
        months = charts.month_range(by_month[0]["month"], by_month[-1]["month"])

        def values(key: str) -> list[float | None]:
            return [rows[m][key] if m in rows else None for m in months]

        result["gender_over_time"] = charts.line_chart(
            "Kvinders andel af citaterne pr. måned",
            "Andel af citater fra kvinder, mænd og kilder af ukendt køn, måned for måned.",
            months,
            [
                ("Kvinder", "line-women", values("women_share")),
                ("Mænd", "line-men", values("men_share")),
                ("Ukendt køn", "line-unknown", values("unknown_gender_share")),
            ],
        )
        result["anonymous_over_time"] = charts.line_chart(
            "Anonyme kilder og bureaustof pr. måned",
            "Andel af citater fra anonyme kilder og andel af artikler fra nyhedsbureauer.",
            months,
            [
                ("Anonyme kilder", "line-anonymous", values("anonymous_share")),
                ("Bureaustof", "line-wire", values("wire_share")),
            ],
        )
    if by_outlet:

        def outlet_bars(key: str) -> list[tuple[str, float | None, str | None]]:
            return [(row["outlet"], row[key], None) for row in by_outlet]

        result["women_by_outlet"] = charts.bar_chart(
            "Kvinders andel af citaterne pr. medie",
            "Andel af alle citater i mediet, der kommer fra kvinder.",
            outlet_bars("women_share"),
            css_class="bar-women",
        )
        result["anonymous_by_outlet"] = charts.bar_chart(
            "Anonyme kilders andel pr. medie",
            "Andel af citaterne fra anonyme kilder.",
            outlet_bars("anonymous_share"),
            css_class="bar-anonymous",
        )
        result["wire_by_outlet"] = charts.bar_chart(
            "Bureaustof pr. medie",
            "Andel af artiklerne med byline fra et nyhedsbureau.",
            outlet_bars("wire_share"),
            css_class="bar-wire",
        )
    for key, speakers, css in (
        ("top_women_chart", top_women, "bar-women"),
        ("top_men_chart", top_men, "bar-men"),
    ):
        if speakers:
            result[key] = charts.bar_chart(
                "Mest citerede " + ("kvinder" if css == "bar-women" else "mænd"),
                "Antal citater i arkivet.",
                [(s.name, s.quotes, f"/kilder/{s.id}") for s in speakers],
                css_class=css,
                maximum=max(s.quotes for s in speakers),
                value_format=lambda n: str(int(n)),
            )
    return result


@router.get("/analyser", name="analyze_page")
def analyze_page(request: Request) -> Response:
    """The form to paste an article."""
    return render(request, "analyze.html", {"active": "analyze_page", "text": "", "analysis": None})


@router.post("/analyser", name="analyze_submit")
async def analyze_submit(request: Request) -> Response:
    """Analyse the pasted article and show it highlighted (nothing is stored)."""
    state = get_state(request)
    body = (await request.body()).decode("utf-8", errors="replace")
    text = (parse_qs(body).get("text") or [""])[0].replace("\x00", "")
    if not text.strip():
        return render(
            request,
            "analyze.html",
            {
                "active": "analyze_page",
                "text": "",
                "analysis": None,
                "error": "Indsæt teksten fra en artikel først.",
            },
            status=400,
        )
    analysis = await run_in_threadpool(state.analyze, parse_page(text))
    return render(
        request,
        "analyze.html",
        {
            "active": "analyze_page",
            "text": text,
            "analysis": analysis,
            "paragraphs": highlight(analysis),
        },
    )
