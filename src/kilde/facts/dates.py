"""Danish time expressions: find them in text and normalise them against a reference date.

Fast regular expressions pick the candidates (`sent tirsdag`, `i går`, `for to uger siden`,
`2. juli 2021`, `næsten 20 år`); kilde's own rules resolve relative expressions, and
dateparser (Danish) parses absolute calendar dates, cached per distinct string.

Conventions (documented in docs/facts.md):
- spans leave out prepositions that are not part of the expression (`i november` → `november`)
  but keep those that are (`i går`, `i tirsdags`, `for to uger siden`, `her til aften`);
- a bare weekday (`tirsdag`) is the latest such day on or before the reference date, as in
  past-tense news; `på/næste/kommende tirsdag` looks forward, `i tirsdags/sidste tirsdag` back;
- a month without a year is in the reference year;
- durations get ISO 8601 values (`P20Y`, `PT30M`); vague ones `PXY` (TIMEX3 style);
- a day-level relative expression with only a reference month resolves to that month with
  confidence 0.5; with no reference at all, relative expressions get value None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from spacy.lang.da.stop_words import STOP_WORDS

from kilde.facts.numbers import DIGITS, NUMBER_WORDS, parse_number
from kilde.facts.reference import ReferenceDate
from kilde.facts.scan import AnchorSet, matches_in_windows

WEEKDAYS = {
    "mandag": 0,
    "tirsdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lørdag": 5,
    "søndag": 6,
}
MONTHS = {
    "januar": 1, "jan.": 1, "februar": 2, "feb.": 2, "marts": 3, "mar.": 3, "april": 4,
    "apr.": 4, "maj": 5, "juni": 6, "jun.": 6, "juli": 7, "jul.": 7, "august": 8, "aug.": 8,
    "september": 9, "sep.": 9, "sept.": 9, "oktober": 10, "okt.": 10, "november": 11,
    "nov.": 11, "december": 12, "dec.": 12,
}  # fmt: skip
PARTS_OF_DAY = {
    "morgen": "morning",
    "morges": "morning",
    "formiddag": "forenoon",
    "formiddags": "forenoon",
    "middag": "noon",
    "eftermiddag": "afternoon",
    "eftermiddags": "afternoon",
    "aften": "evening",
    "aftes": "evening",
    "nat": "night",
    "tidlig": "morning",
}
_IF_PAST = "_value_if_past"  # private key: the value to use when the sentence is in the past
_IF_PRESENT = "_value_if_present"  # … and when it is about the present or future
SEASONS = {"sommer": "SU", "vinter": "WI", "forår": "SP", "efterår": "FA"}

_WD = "|".join(WEEKDAYS)
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_MONTH_ABBREVIATED = "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec"
_POD = "morgen|formiddag|middag|eftermiddag|aften|nat"
_CLOCK = r"(?:\s+(?:klokken|kl\.)\s*(?P<hh>\d{1,2})(?:[.:](?P<mm>\d{2}))?)"
_APPROX = (
    r"næsten|knap|knapt|cirka|ca\.|omkring|over|mere end|mindst|godt|små|op mod|op til|"
    r"under|mindre end|hele|i alt|omtrent|lidt over|lidt under|sammenlagt"
)
_UNIT = (
    r"sekunder|sekund|minutter|minut|timer|time|døgn|dage|dag|uger|uge|måneder|måned|år|"
    r"årtier|årti|århundreder|århundrede"
)
_UNIT_ISO = {
    "sekund": ("S", True), "minut": ("M", True), "time": ("H", True), "døgn": ("D", False),
    "dag": ("D", False), "uge": ("W", False), "måned": ("M", False), "år": ("Y", False),
    "årti": ("Y", False), "århundrede": ("Y", False),
}  # fmt: skip
_UNIT_FACTOR = {"årti": 10, "århundrede": 100}
_VAGUE_QUANT = r"et par|nogle|flere|mange|adskillige|få"
_DURATION_ONE = {
    "et år", "en uge", "en måned", "et døgn", "en time", "et minut", "et sekund", "et årti",
    "et århundrede",
}  # fmt: skip


def _unit_key(unit: str) -> str:
    unit = unit.lower()
    for key in sorted(_UNIT_ISO, key=len, reverse=True):
        if unit.startswith(key):
            return key
    return unit


def _week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _result(
    match: re.Match[str],
    group: int | str,
    kind: str,
    value: str | None,
    granularity: str | None,
    *,
    part_of_day: str | None = None,
    relative: bool = False,
    approximate: bool = False,
    confidence: float = 1.0,
) -> dict[str, Any]:
    start, end = match.span(group)
    return {
        "text": match.string[start:end],
        "start": start,
        "end": end,
        "kind": kind,
        "value": value,
        "granularity": granularity,
        "part_of_day": part_of_day,
        "relative": relative,
        "approximate": approximate,
        "confidence": confidence,
    }


def _day_result(
    match: re.Match[str],
    group: int | str,
    day: dt.date | None,
    ref: ReferenceDate | None,
    *,
    granularity: str = "day",
    part_of_day: str | None = None,
    clock: str | None = None,
    approximate: bool = False,
) -> dict[str, Any]:
    """A relative day-level result, degraded to the month when the reference is a month."""
    if ref is None or day is None:
        return _result(match, group, "date", None, granularity, part_of_day=part_of_day,
                       relative=True, confidence=0.0)  # fmt: skip
    if ref.precision == "month":
        return _result(match, group, "date", ref.month_value, "month", part_of_day=part_of_day,
                       relative=True, approximate=True, confidence=0.5)  # fmt: skip
    value = day.isoformat() if granularity == "day" else _week_value(day)
    if clock:
        value, granularity = f"{day.isoformat()}T{clock}", "time"
    return _result(match, group, "date", value, granularity, part_of_day=part_of_day,
                   relative=True, approximate=approximate)  # fmt: skip


def _clock(match: re.Match[str]) -> str | None:
    hh = match.groupdict().get("hh")
    if not hh or int(hh) > 24:
        return None
    mm = match.groupdict().get("mm") or "00"
    return f"{int(hh):02d}:{mm}"


# ---- rules -------------------------------------------------------------------------------

Rule = Callable[[re.Match[str], ReferenceDate | None], "dict[str, Any] | None"]
_RULES: list[tuple[re.Pattern[str], Rule]] = []


def rule(pattern: str) -> Callable[[Rule], Rule]:
    """Register a handler for a (case-insensitive) pattern."""

    def register(handler: Rule) -> Rule:
        _RULES.append((re.compile(pattern, re.IGNORECASE), handler))
        return handler

    return register


def _calendar_day(day: int, month: int, year: int) -> dt.date | None:
    """The date, or None if there is no such day (`31. juni`)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser_date(text: str) -> dt.date | None:
    """dateparser's (Danish, day-first) reading of a date string our own rules do not cover.

    Loaded only when such a string turns up (its first call costs about two seconds).
    """
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["da"],
        settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


@rule(
    rf"\b(?P<x>(?:(?:{_WD})(?:en)?\s+)?(?:den\s+)?(?P<day>\d{{1,2}})\.\s*(?P<month>{_MONTH})"
    rf"(?:\s+(?P<year>\d{{4}}))?(?!\w){_CLOCK}?)"
)
def _absolute_day(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`2. juli 2021`, `den 2. juli`, `tirsdag den 29. juni klokken 14`."""
    month = MONTHS[match.group("month").lower()]
    year = match.group("year")
    confidence = 1.0
    if year is None:
        if ref is None:
            return _result(match, "x", "date", f"--{month:02d}-{int(match.group('day')):02d}",
                           "day", confidence=0.5)  # fmt: skip
        year, confidence = ref.day.year, 0.9
    day = _calendar_day(int(match.group("day")), month, int(year))
    if day is None:
        return None
    clock = _clock(match)
    value, granularity = day.isoformat(), "day"
    if clock:
        value, granularity = f"{value}T{clock}", "time"
    result = _result(match, "x", "date", value, granularity, confidence=confidence)
    if confidence < 1.0 and ref is not None and day > ref.day:
        earlier = _calendar_day(day.day, day.month, day.year - 1)
        if earlier is not None:
            result[_IF_PAST] = earlier.isoformat() + value[10:]
    return result


@rule(r"\b(?P<x>(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})|(?P<iso>\d{4}-\d{2}-\d{2})"
      r"|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})[ -/](?P<y2>\d{4}))(?!\d)")  # fmt: skip
def _numeric_day(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`2.7.2021`, `2021-07-02`, `2/7 2021`."""
    try:
        if match.group("iso"):
            day = dt.date.fromisoformat(match.group("iso"))
        elif match.group("d"):
            day = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        else:
            day = dt.date(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))
    except ValueError:
        return None
    return _result(match, "x", "date", day.isoformat(), "day")


@rule(
    rf"\b(?P<x>\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2}}|\d{{1,2}}\.?\s*(?:{_MONTH_ABBREVIATED})"
    r"\s*'?\d{2,4})(?![\d.,]\d)"
)
def _other_day(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """Rarer spellings (`2/7-21`, `02.07.21`, `2 jul 21`): dateparser reads them."""
    day = _dateparser_date(match.group("x"))
    if day is None:
        return None
    return _result(match, "x", "date", day.isoformat(), "day", confidence=0.8)


_MONTH_PREP = (
    r"i|fra|til|siden|indtil|før|efter|inden|frem til|primo|ultimo|medio|først i|sidst i|"
    r"midt i|i begyndelsen af|i starten af|i slutningen af|i midten af|i løbet af|allerede i|"
    r"tilbage i|sidste|forrige|næste|kommende|denne"
)


@rule(
    rf"\b(?:(?P<prep>{_MONTH_PREP})\s+)?(?P<x>(?P<month>{_MONTH})(?!\w)"
    r"(?:\s+(?P<year>\d{4})(?!\d)|\s+(?P<yrel>sidste år|i fjor|næste år|i år))?)"
)
def _month(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`(i) november`, `juli 2021`, `i marts sidste år`, `sidste november`."""
    prep, year, yrel = match.group("prep"), match.group("year"), match.group("yrel")
    if not (prep or year or yrel):
        return None
    month = MONTHS[match.group("month").lower()]
    prep = (prep or "").lower()
    if year:
        return _result(match, "x", "date", f"{year}-{month:02d}", "month")
    if ref is None:
        return _result(match, "x", "date", None, "month", relative=True, confidence=0.0)
    year_number = ref.day.year
    confidence = 1.0 if month <= ref.day.month else 0.7
    if yrel in ("sidste år", "i fjor") or prep in ("sidste", "forrige"):
        year_number -= 1 if yrel or month >= ref.day.month else 0
        confidence = 1.0
    elif yrel == "næste år" or prep in ("næste", "kommende"):
        year_number += 1 if yrel or month <= ref.day.month else 0
        confidence = 1.0
    result = _result(match, "x", "date", f"{year_number:04d}-{month:02d}", "month",
                     relative=True, confidence=confidence)  # fmt: skip
    if confidence < 1.0:  # a later month than the reference: last year's, if told in the past
        result[_IF_PAST] = f"{year_number - 1:04d}-{month:02d}"
    return result


_YEAR_PREP = (
    r"i|år|siden|fra|til|indtil|før|efter|inden|frem til|tilbage i|omkring|i løbet af|"
    r"i begyndelsen af|i starten af|i slutningen af|i midten af|udgangen af|"
    r"allerede i|senest i|primo|ultimo|medio|valget i|sommeren|vinteren|foråret|efteråret"
)


@rule(
    rf"\b(?P<prep>{_YEAR_PREP})\s+(?P<x>(?P<year>1[5-9]\d\d|20\d\d))(?![\d,.]\d)(?P<after>\s+\w+)?"
)
def _year(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`i 2021`, `siden 2001` — but not `i 2000 boliger` (a count)."""
    after = (match.group("after") or "").strip()
    if after and after[0].islower() and after.lower() not in STOP_WORDS:
        return None
    prep = match.group("prep").lower()
    if prep in SEASONS or prep.rstrip("et").rstrip("en") in SEASONS:
        return None
    return _result(match, "x", "date", match.group("year"), "year")


@rule(r"\b(?P<x>(?:(?P<season>sommer|vinter|forår|efterår)(?:en|et)\s+(?P<year>\d{4}))"
      r"|(?P<prep>i|til|sidste|næste|forrige|denne|dette)\s+(?P<season2>sommer|vinter|forår|efterår)"
      r"(?!\w))")  # fmt: skip
def _season(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`i sommer`, `til foråret`, `sommeren 2020`."""
    if match.group("year"):
        code = SEASONS[match.group("season").lower()]
        return _result(match, "x", "date", f"{match.group('year')}-{code}", "season")
    code = SEASONS[match.group("season2").lower()]
    if ref is None:
        return _result(match, "x", "date", None, "season", relative=True, confidence=0.0)
    year = ref.day.year
    prep = match.group("prep").lower()
    if prep in ("sidste", "forrige"):
        year -= 1
    elif prep == "næste":
        year += 1
    return _result(match, "x", "date", f"{year}-{code}", "season", relative=True, confidence=0.8)


@rule(r"\b(?P<x>(?P<decade>1[5-9]\d0|20\d0)'?erne)\b")
def _decade(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`1990'erne` → `199` (a decade, ISO 8601 reduced precision)."""
    return _result(match, "x", "date", match.group("decade")[:3], "decade")


@rule(
    rf"\b(?P<x>(?:(?P<lead>sent|tidligt|tidlig|sidst på|først på|natten til)\s+)?"
    rf"(?:(?P<rel>sidste|forrige|næste|kommende|på|i)\s+)?(?P<wd>{_WD})(?P<gen>s)?(?!\w)"
    rf"(?:\s+(?P<pod>{_POD})(?!\w)(?:\s+(?P<tidlig>tidlig))?)?{_CLOCK}?)"
)
def _weekday(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`sent tirsdag`, `tirsdag aften`, `i tirsdags`, `på fredag`, `natten til søndag`."""
    rel = (match.group("rel") or "").lower()
    genitive = bool(match.group("gen"))
    if genitive != (rel == "i"):
        return None  # `i tirsdag` / `tirsdags` alone are not expressions we resolve
    before = match.string[max(0, match.start() - 8) : match.start()].lower()
    if re.search(r"\b(hver|om|alle)\s+$", before):
        return None  # habitual (`hver tirsdag`), not a date
    lead = (match.group("lead") or "").lower()
    pod_word = (match.group("pod") or "").lower()
    part_of_day = PARTS_OF_DAY.get(pod_word)
    if match.group("tidlig"):
        part_of_day = "morning"
    if part_of_day is None:
        if lead in ("sent", "sidst på"):
            part_of_day = "evening"
        elif lead in ("tidligt", "tidlig", "først på"):
            part_of_day = "morning"
        elif lead == "natten til":
            part_of_day = "night"
    day = None
    if ref is not None:
        target = WEEKDAYS[match.group("wd").lower()]
        diff = (ref.day.weekday() - target) % 7
        if rel in ("sidste", "forrige", "i"):
            day = ref.day - dt.timedelta(days=diff or 7)
        elif rel in ("næste", "kommende", "på"):
            day = ref.day + dt.timedelta(days=(target - ref.day.weekday()) % 7 or 7)
        else:
            day = ref.day - dt.timedelta(days=diff)
    result = _day_result(match, "x", day, ref, part_of_day=part_of_day, clock=_clock(match))
    if day is not None and not rel and diff and ref is not None and ref.precision == "day":
        # A bare weekday in a sentence about the future (`Kampen spilles lørdag`) looks ahead.
        ahead = _day_result(match, "x", day + dt.timedelta(days=7), ref,
                            part_of_day=part_of_day, clock=_clock(match))  # fmt: skip
        result[_IF_PRESENT] = ahead["value"]
    return result


_DEICTIC_DAYS = {
    "i dag": 0, "i går": -1, "i forgårs": -2, "i morgen": 1, "i overmorgen": 2,
    "i aftes": -1, "i nat": 0, "i morges": 0, "i formiddags": 0, "i eftermiddags": 0,
    "i aften": 0, "i eftermiddag": 0, "i formiddag": 0, "tidligere i dag": 0,
    "senere i dag": 0, "i dag tidlig": 0, "i går tidlig": -1, "i morgen tidlig": 1,
}  # fmt: skip


@rule(
    r"\b(?P<x>(?:tidligere|senere)\s+i\s+dag|i\s+dag\s+tidlig|i\s+går\s+tidlig|"
    r"i\s+morgen\s+tidlig|i\s+går(?:\s+(?P<pod1>aftes|aften|morges|morgen|formiddags|formiddag|"
    r"eftermiddags|eftermiddag|nat))?|i\s+morgen(?:\s+(?P<pod2>aften|formiddag|eftermiddag|nat))?"
    r"|i\s+(?:dag|forgårs|overmorgen|aftes|nat|morges|formiddags|eftermiddags|aften|"
    r"eftermiddag|formiddag)|her\s+(?:til|i)\s+(?P<pod3>aften|morgen|middag|formiddag|"
    r"eftermiddag|nat|morges))(?!\w)"
)
def _deictic(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`i dag`, `i går`, `i aftes`, `i morgen tidlig`, `her til aften`, `i går eftermiddag`."""
    text = " ".join(match.group("x").lower().split())
    pod_word = match.group("pod1") or match.group("pod2") or match.group("pod3")
    if pod_word:
        offset = -1 if text.startswith("i går") else 1 if text.startswith("i morgen") else 0
    else:
        offset = _DEICTIC_DAYS[text]
        pod_word = None if text == "i morgen" else text.split()[-1]  # tomorrow, not morning
    part_of_day = PARTS_OF_DAY.get(pod_word.lower()) if pod_word else None
    day = ref.day + dt.timedelta(days=offset) if ref else None
    return _day_result(match, "x", day, ref, part_of_day=part_of_day)


@rule(
    r"\b(?P<x>(?:i\s+)?(?P<rel>sidste|forrige|næste|kommende|denne|dette|nuværende)\s+"
    r"(?P<unit>uge|måned|år|weekend|kvartal)(?!\w)|i\s+(?P<single>år|fjor|weekenden))(?!\w)"
)
def _relative_unit(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`sidste måned`, `i næste uge`, `i år`, `i fjor`, `i weekenden`."""
    rel = (match.group("rel") or "").lower()
    unit = (match.group("unit") or "").lower()
    single = (match.group("single") or "").lower()
    if single == "år":
        rel, unit = "denne", "år"
    elif single == "fjor":
        rel, unit = "sidste", "år"
    elif single == "weekenden":
        rel, unit = "", "weekend"
    step = -1 if rel in ("sidste", "forrige") else 1 if rel in ("næste", "kommende") else 0
    granularity = {"uge": "week", "måned": "month", "år": "year", "weekend": "weekend",
                   "kvartal": "quarter"}[unit]  # fmt: skip
    if ref is None:
        return _result(match, "x", "date", None, granularity, relative=True, confidence=0.0)
    day = ref.day
    if unit == "år":
        value = f"{day.year + step:04d}"
    elif unit == "måned":
        index = day.year * 12 + day.month - 1 + step
        value = f"{index // 12:04d}-{index % 12 + 1:02d}"
    elif unit == "kvartal":
        index = day.year * 4 + (day.month - 1) // 3 + step
        value = f"{index // 4:04d}-Q{index % 4 + 1}"
    else:
        if ref.precision == "month":
            return _day_result(match, "x", day, ref, granularity=granularity)
        if unit == "weekend" and step == 0 and day.weekday() < 4:
            step = -1  # `i weekenden` early in the week: the weekend just gone
        value = _week_value(day + dt.timedelta(weeks=step))
        if unit == "weekend":
            value += "-WE"
    return _result(match, "x", "date", value, granularity, relative=True)


@rule(
    rf"\b(?P<x>(?P<dir>for|om)\s+(?:(?P<approx>{_APPROX})\s+)?"
    rf"(?P<n>{DIGITS}|{NUMBER_WORDS}|et par|nogle|få)\s+(?P<unit>{_UNIT})(?!\w)"
    r"(?:\s+(?P<siden>siden))?)"
)
def _ago(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`for to uger siden`, `for næsten 20 år siden`, `om tre dage`."""
    direction = match.group("dir").lower()
    if (direction == "for") != bool(match.group("siden")):
        return None  # `for to år` without `siden` is a duration, handled elsewhere
    amount, approximate = _quantity(match.group("n"))
    approximate = approximate or bool(match.group("approx"))
    if amount is None:
        return None
    sign = -1 if direction == "for" else 1
    unit = _unit_key(match.group("unit"))
    granularity = {"år": "year", "årti": "year", "århundrede": "year", "måned": "month"}.get(
        unit, "day"
    )
    if ref is None:
        return _result(match, "x", "date", None, granularity, relative=True, confidence=0.0)
    if unit in ("år", "årti", "århundrede"):
        value = f"{ref.day.year + sign * round(amount * _UNIT_FACTOR.get(unit, 1)):04d}"
        return _result(match, "x", "date", value, "year", relative=True, approximate=approximate)
    if unit == "måned":
        index = ref.day.year * 12 + ref.day.month - 1 + sign * round(amount)
        value = f"{index // 12:04d}-{index % 12 + 1:02d}"
        return _result(match, "x", "date", value, "month", relative=True, approximate=approximate)
    days = {"uge": 7, "dag": 1, "døgn": 1}.get(unit, 0) * amount
    day = ref.day + dt.timedelta(days=sign * round(days))
    return _day_result(match, "x", day, ref, approximate=approximate or unit == "uge")


def _quantity(text: str) -> tuple[float | None, bool]:
    """A number and whether it is vague (`et par` → 2, approximate)."""
    lowered = " ".join(text.lower().split())
    if lowered in ("et par", "nogle", "få"):
        return (2 if lowered == "et par" else None), True
    if lowered in ("flere", "mange", "adskillige"):
        return None, True
    value = parse_number(lowered)
    return (float(value) if value is not None else None), False


@rule(
    rf"\b(?P<x>(?:(?P<approx>{_APPROX})\s+)?(?:(?P<n>{DIGITS}|{NUMBER_WORDS}|{_VAGUE_QUANT})"
    rf"(?P<half>\s+halv[te]?)?|(?P<halfonly>en\s+halv|et\s+halvt))\s+(?P<unit>{_UNIT}))(?!\w)"
    r"(?P<after>\s+(?:siden|gammel|gamle|senere|tidligere))?"
)
def _duration(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`næsten 20 år`, `syv år`, `halvandet år`, `en halv time`, `flere måneder`."""
    if match.group("after"):
        return None  # `20 år gammel` is an age; `to år senere` is relative to another event
    unit = _unit_key(match.group("unit"))
    number_text = " ".join((match.group("n") or "").lower().split())
    one = number_text in ("en", "et") and not match.group("half")
    if one and f"{number_text} {unit}" not in _DURATION_ONE:
        return None  # `en dag` is usually `one day (someday)`, not a duration
    if match.group("halfonly") or (number_text in ("en", "et") and match.group("half")):
        amount, vague = 0.5, False
    else:
        if match.group("half") and number_text.endswith((" en", " et")):
            number_text = number_text[:-3]
        amount, vague = _quantity(number_text)
        if amount is not None and match.group("half"):
            amount += 0.5
    approximate = vague or bool(match.group("approx"))
    designator, is_time = _UNIT_ISO.get(unit, ("D", False))
    prefix = "PT" if is_time else "P"
    if amount is None:
        value = f"{prefix}X{designator}"
    else:
        amount *= _UNIT_FACTOR.get(unit, 1)
        if not float(amount).is_integer():
            if designator == "Y":
                amount, designator = amount * 12, "M"
            elif designator == "H":
                amount, designator = amount * 60, "M"
            elif designator == "D" and unit != "døgn":
                amount, designator = amount * 24, "H"
                prefix = "PT"
        number = f"{amount:g}" if not float(amount).is_integer() else str(int(amount))
        value = f"{prefix}{number}{designator}"
    return _result(match, "x", "duration", value, "duration", approximate=approximate)


@rule(r"\b(?P<x>(?:klokken|kl\.)\s*(?P<hh>\d{1,2})(?:[.:](?P<mm>\d{2}))?)(?!\d)")
def _clock_time(match: re.Match[str], ref: ReferenceDate | None) -> dict[str, Any] | None:
    """`klokken 14`, `kl. 8.30` (a time of day on an unknown day)."""
    clock = _clock(match)
    if clock is None:
        return None
    return _result(match, "x", "time", f"T{clock}", "time")


ANCHORS = AnchorSet(
    words=[*WEEKDAYS, *(m.rstrip(".") for m in MONTHS), *PARTS_OF_DAY, "dag", "går", "forgårs",
           "overmorgen", "natten", "år", "fjor", "årti", "årtier", "århundrede", "århundreder",
           "uge", "uger", "måned", "måneder", "weekend", "weekenden", "kvartal", "sommer",
           "sommeren", "vinter", "vinteren", "forår", "foråret", "efterår", "efteråret", "time",
           "timer", "minut", "minutter", "sekund", "sekunder", "døgn", "dage", "klokken", "kl"],
    prefixes=tuple(WEEKDAYS),
)  # fmt: skip


def find_time_expressions(
    text: str, ref: ReferenceDate | None, tense: Callable[[int], str | None] | None = None
) -> list[dict[str, Any]]:
    """All time expressions in `text`, longest match first where they overlap, in text order.

    `tense(offset)` tells whether the sentence at a character offset is told in the "past"
    or the "present" (from the tagger's morphology; None: unknown). In the past, a yearless
    month or date later in the year than the reference is last year's (`Loven trådte i kraft
    i november`); in the present, a bare weekday looks ahead (`Kampen spilles lørdag`).
    """
    candidates: list[tuple[int, int, int, dict[str, Any]]] = []
    windows = ANCHORS.windows(text)
    for order, (pattern, handler) in enumerate(_RULES):
        for match in matches_in_windows(pattern, text, windows):
            result = handler(match, ref)
            if result is not None:
                length = result["end"] - result["start"]
                candidates.append((length, -order, result["start"], result))
    chosen: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for _, _, _, result in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2])):
        if any(result["start"] < end and start < result["end"] for start, end in taken):
            continue
        taken.append((result["start"], result["end"]))
        chosen.append(result)
    for result in chosen:
        earlier, later = result.pop(_IF_PAST, None), result.pop(_IF_PRESENT, None)
        if (earlier or later) and tense is not None:
            told = tense(result["start"])
            if earlier and told == "past":
                result["value"], result["confidence"] = earlier, 0.9
            elif later and told == "present":
                result["value"], result["confidence"] = later, 0.8
    return sorted(chosen, key=lambda r: r["start"])
