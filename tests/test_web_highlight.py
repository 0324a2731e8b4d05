"""Highlighting from offsets: nesting, overlaps, paragraphs, and nothing of the text lost."""

from __future__ import annotations

from kilde.article import Analysis, Entity, Quote, Span, Speaker
from kilde.web.charts import bar_chart, column_chart, line_chart, month_range, percent
from kilde.web.highlight import highlight, paragraph_bounds


def flatten(paragraphs) -> list[str]:
    return ["".join(run.text for q in p.runs for run in q.runs) for p in paragraphs]


def make(
    text: str,
    quotes: list[tuple[int, int]],
    entities: list[tuple[int, int, str]] = (),
    mentions: list[tuple[int, int] | None] | None = None,
) -> Analysis:
    mentions = mentions or [None] * len(quotes)
    return Analysis(
        id="x",
        text=text,
        quotes=[
            Quote(
                kind="direct",
                text=text[s:e],
                start=s,
                end=e,
                speaker=Speaker(
                    name="A",
                    mention=Span(text=text[m[0] : m[1]], start=m[0], end=m[1]) if m else None,
                ),
            )
            for (s, e), m in zip(quotes, mentions, strict=False)
        ],
        entities=[Entity(text=text[s:e], start=s, end=e, label=label) for s, e, label in entities],
    )


def test_text_survives_and_quotes_span_paragraphs() -> None:
    text = "Indledning her.\n\n»Første del\n\nanden del,« siger Anna Hansen fra København."
    start = text.index("Første")
    end = text.index("anden del") + len("anden del")
    name = text.index("Anna Hansen")
    city = text.index("København")
    analysis = make(
        text,
        [(start, end)],
        [(name, name + 11, "PER"), (city, city + 9, "LOC")],
        mentions=[(name, name + 11)],
    )
    paragraphs = highlight(analysis)
    assert flatten(paragraphs) == [text[s:e] for s, e in paragraph_bounds(text)]
    quoted = [q for p in paragraphs for q in p.runs if q.quote == 0]
    assert len(quoted) == 2 and quoted[0].first_piece and quoted[-1].last_piece
    marks = [r.mark.kind for p in paragraphs for q in p.runs for r in q.runs if r.mark]
    assert marks == ["mention", "LOC"]  # the mention wins over the PER entity on the same words


def test_overlapping_and_out_of_range_spans_are_dropped() -> None:
    text = "abcdefghij"
    analysis = make(text, [(0, 5), (3, 8)], [(4, 7, "ORG"), (8, 30, "LOC")])
    paragraphs = highlight(analysis)
    assert flatten(paragraphs) == [text]
    assert {q.quote for q in paragraphs[0].runs} == {0, None}
    # the entity crossing the quote's end is cut into two marks, one inside, one outside
    pieces = [(q.quote, r.text) for q in paragraphs[0].runs for r in q.runs if r.mark]
    assert pieces == [(0, "e"), (None, "fg")]


def test_empty_text() -> None:
    assert highlight(Analysis(id="x", text="")) == []


def test_charts_geometry() -> None:
    assert percent(0.4167) == "42 %" and percent(None) == "–" and percent(0.5, 1) == "50,0 %"
    assert month_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    chart = line_chart("t", "d", ["2024-01", "2024-02"], [("K", "line-women", [0.5, None])])
    assert len(chart.series[0].points) == 1 and chart.series[0].path.startswith("M")
    bars = bar_chart("t", "d", [("a", 1.0, None), ("b", None, None), ("c", 0.5, "/x")])
    assert [b.label for b in bars.bars] == ["a", "c"] and bars.bars[0].length == 2 * bars.bars[
        1
    ].length
    columns = column_chart("t", "d", [("2024-01", 0), ("2024-02", 3)])
    assert columns.columns[0].height == 0 and columns.maximum == 3
