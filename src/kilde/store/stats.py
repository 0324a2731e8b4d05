"""Source-diversity statistics (the Gender Gap Tracker's questions, for Danish news).

Per group (outlet, month, or both): articles, share of wire copy, quotes, distinct named
speakers, shares of quotes by women / men / unknown gender (over all quotes; a speaker's
gender is what the archive has evidence for, and unknown stays unknown), share of quotes
from anonymous sources, and the most-quoted women and men.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kilde.store.database import Database
from kilde.store.filters import QuoteFilter, date_upper_bound, where_clause

GROUPINGS = {
    "outlet": "{t}.outlet",
    "month": "substr({t}.date, 1, 7)",
    "year": "substr({t}.date, 1, 4)",
}
TOP_PER_GENDER = 3
#: The fields of each statistics row after its group keys, in display order.
STATS_FIELDS = [
    "articles",
    "words",
    "wire_articles",
    "wire_share",
    "quotes",
    "speakers",
    "women",
    "men",
    "unknown_gender",
    "women_share",
    "men_share",
    "unknown_gender_share",
    "anonymous",
    "anonymous_share",
    "top_women",
    "top_men",
]


def _group_columns(by: tuple[str, ...], table: str) -> list[str]:
    for name in by:
        if name not in GROUPINGS:
            raise ValueError(f"cannot group by {name!r}; use one of {', '.join(GROUPINGS)}")
    return [GROUPINGS[name].format(t=table) + f" AS g_{name}" for name in by]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def diversity_stats(
    db: Database,
    by: tuple[str, ...] = (),
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    speaker_id: int | None = None,
) -> list[dict[str, Any]]:
    """One dict per group, sorted by the group keys (one overall row when `by` is empty).

    With `speaker_id`, only that speaker's quotes count, and only the articles they are
    quoted in.
    """
    QuoteFilter(outlet=outlet, date_from=date_from, date_to=date_to).validate()
    keys = [f"g_{name}" for name in by]
    group_by = ("GROUP BY " + ", ".join(keys)) if keys else ""

    def article_filter(table: str) -> tuple[str, list[Any]]:
        conditions, params = [], []
        if outlet:
            conditions.append(f"{table}.outlet = ?")
            params.append(outlet)
        if date_from:
            conditions.append(f"{table}.date >= ?")
            params.append(date_from)
        if date_to:
            conditions.append(f"{table}.date < ?")
            params.append(date_upper_bound(date_to))
        if speaker_id is not None:
            conditions.append(
                "q.speaker_id = ?"
                if table == "q"
                else f"{table}.id IN (SELECT article_id FROM quotes WHERE speaker_id = ?)"
            )
            params.append(speaker_id)
        return where_clause(conditions), params

    a_where, a_params = article_filter("a")
    a_cols = ", ".join([*_group_columns(by, "a"), ""])
    article_rows = db.all(
        f"SELECT {a_cols} COUNT(*) AS articles, SUM(a.wire) AS wire, SUM(a.word_count) AS words "
        f"FROM articles a {a_where} {group_by}",
        a_params,
    )
    q_where, q_params = article_filter("q")
    q_cols = ", ".join([*_group_columns(by, "q"), ""])
    gender = "q.gender"
    quote_rows = db.all(
        f"SELECT {q_cols} COUNT(*) AS quotes, "
        "COUNT(DISTINCT CASE WHEN q.speaker_type <> 'anonymous' THEN q.speaker_id END) "
        "AS speakers, "
        f"SUM(CASE WHEN {gender} = 'f' THEN 1 ELSE 0 END) AS women, "
        f"SUM(CASE WHEN {gender} = 'm' THEN 1 ELSE 0 END) AS men, "
        "SUM(CASE WHEN q.speaker_type = 'anonymous' THEN 1 ELSE 0 END) AS anonymous "
        f"FROM quotes q {q_where} {group_by}",
        q_params,
    )
    top_where = q_where + (" AND " if q_where else "WHERE ") + "s.gender IS NOT NULL"
    top_rows = db.all(
        f"SELECT {q_cols} s.id AS speaker_id, s.name, s.gender, COUNT(*) AS n "
        f"FROM quotes q JOIN speakers s ON s.id = q.speaker_id {top_where} "
        f"GROUP BY {', '.join([*keys, 's.id', 's.name', 's.gender'])}",
        q_params,
    )

    def group_of(row: dict[str, Any]) -> tuple:
        return tuple(row[k] for k in keys)

    groups: dict[tuple, dict[str, Any]] = {}
    for row in article_rows:
        groups[group_of(row)] = {
            "articles": row["articles"],
            "wire": int(row["wire"] or 0),
            "words": int(row["words"] or 0),
        }
    quotes_by_group = {group_of(row): row for row in quote_rows}
    tops: dict[tuple, dict[str, list]] = defaultdict(lambda: {"f": [], "m": []})
    for row in sorted(top_rows, key=lambda r: (-r["n"], r["name"])):
        bucket = tops[group_of(row)][row["gender"]]
        if len(bucket) < TOP_PER_GENDER:
            bucket.append({"id": row["speaker_id"], "name": row["name"], "quotes": row["n"]})

    result = []
    for group in sorted(
        set(groups) | set(quotes_by_group), key=lambda g: tuple((v is None, v or "") for v in g)
    ):
        a = groups.get(group, {"articles": 0, "wire": 0, "words": 0})
        q = quotes_by_group.get(group, {})
        quotes = int(q.get("quotes") or 0)
        women, men = int(q.get("women") or 0), int(q.get("men") or 0)
        unknown = quotes - women - men
        anonymous = int(q.get("anonymous") or 0)
        row: dict[str, Any] = dict(zip(by, group, strict=False))
        row.update(
            articles=a["articles"],
            words=a["words"],
            wire_articles=a["wire"],
            wire_share=_share(a["wire"], a["articles"]),
            quotes=quotes,
            speakers=int(q.get("speakers") or 0),
            women=women,
            men=men,
            unknown_gender=unknown,
            women_share=_share(women, quotes),
            men_share=_share(men, quotes),
            unknown_gender_share=_share(unknown, quotes),
            anonymous=anonymous,
            anonymous_share=_share(anonymous, quotes),
            top_women=tops[group]["f"],
            top_men=tops[group]["m"],
        )
        result.append(row)
    return result
