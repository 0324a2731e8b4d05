"""Score who-said-what predictions against gold files (the eval GUIDELINES.md format).

The metrics are those of the project's eval `score.py`, implemented here so kilde can
score a newsroom's own gold set without the eval folder:

- quote detection: a predicted quote matches a gold quote when their word multisets
  overlap by at least half of the longer one (greedy one-to-one, best pairs first);
- speaker accuracy: of matched quotes, how many name the right speaker (person: the gold
  name's last word is in the predicted name; organisation/document: any shared word;
  anonymous: predicted type anonymous and a shared word; stop words ignored);
- quote+speaker P/R/F1: a prediction counts only when matched and its speaker right;
- recall per kind; gender accuracy (matched quotes whose gold gender is known);
  anonymous accuracy; byline accuracy (exact list, case-folded); date accuracy (prefix);
- entities: distinct names per label (PER, ORG, LOC), case-folded, exact; F1 per label.

Predictions are matched to gold files by the stem of their `path` (else `id`); records
read from inside a file (`x.jsonl:3`) are matched by `id`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\w+", re.UNICODE)
STOP_WORDS = frozenset(
    [
        "en",
        "et",
        "den",
        "det",
        "de",
        "der",
        "i",
        "til",
        "af",
        "på",
        "om",
        "fra",
        "med",
        "for",
        "og",
        "at",
        "som",
        "han",
        "hun",
        "ham",
        "hende",
        "sin",
        "sit",
        "sine",
        "hans",
        "hendes",
        "var",
        "er",
        "har",
        "blev",
        "bliver",
    ]
)
MATCH_THRESHOLD = 0.5


@dataclass
class Evaluation:
    """Scores (in `score.py`'s key order) and, on request, the error lines."""

    scores: dict[str, Any]
    errors: list[str] = field(default_factory=list)


def words(text: str | None) -> list[str]:
    """Lower-cased word tokens."""
    return [w.lower() for w in _WORD.findall(text or "")]


def overlap(a: str | None, b: str | None) -> float:
    """Shared words (multiset) over the longer text's word count."""
    ca, cb = Counter(words(a)), Counter(words(b))
    longest = max(sum(ca.values()), sum(cb.values()), 1)
    return sum((ca & cb).values()) / longest


def predicted_speaker(quote: dict[str, Any]) -> dict[str, Any]:
    """The speaker object of a predicted quote (a bare string is taken as the name)."""
    speaker = quote.get("speaker") or {}
    if isinstance(speaker, str):
        return {"name": speaker, "type": None, "gender": None}
    return speaker


def speaker_right(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """Does the predicted speaker name the gold speaker?"""
    gold_type = gold.get("speaker_type")
    gold_words = [w for w in words(gold.get("speaker")) if w not in STOP_WORDS]
    predicted_words = set(words(predicted.get("name")))
    if not gold_words:
        return False
    if gold_type == "person":
        return gold_words[-1] in predicted_words
    if gold_type in ("organization", "document"):
        return bool(set(gold_words) & predicted_words)
    if gold_type == "anonymous":
        return predicted.get("type") == "anonymous" and bool(set(gold_words) & predicted_words)
    return False


def match_quotes(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by overlap, best pairs first: (gold index, pred index)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            score = overlap(g.get("text"), p.get("text"))
            if score >= MATCH_THRESHOLD:
                pairs.append((score, gi, pi))
    pairs.sort(reverse=True)
    used_gold, used_pred, matched = set(), set(), []
    for _, gi, pi in pairs:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matched.append((gi, pi))
    return matched


def prf(true_positives: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 rounded to 4 places (0.0 when undefined)."""
    p = true_positives / predicted if predicted else 0.0
    r = true_positives / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def record_key(record: dict[str, Any]) -> str:
    """The gold id a prediction is for."""
    path = str(record.get("path") or record.get("source") or "")
    tail = path.rsplit("/", 1)[-1]
    is_record = any(s in tail and tail.rsplit(s, 1)[1].isdigit() for s in (":", "#"))
    if path and not (is_record and record.get("id")):
        return Path(path).stem
    return Path(str(record.get("id") or "")).stem


def load_gold_dir(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """Gold records by id (file stem) from `<id>.json` files."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(gold_dir).glob("*.json"))
    }


def load_predictions(path: str | Path) -> dict[str, dict[str, Any]]:
    """Prediction records by gold id from a JSON Lines file (`kilde analyze --format jsonl`)."""
    predictions = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            predictions[record_key(record)] = record
    return predictions


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


def evaluate(
    golds: dict[str, dict[str, Any]],
    predictions: dict[str, dict[str, Any]] | Iterable[dict[str, Any]],
    show_errors: bool = False,
) -> Evaluation:
    """Score predictions (by gold id, or records keyed with `record_key`) against gold."""
    if not isinstance(predictions, dict):
        predictions = {record_key(record): record for record in predictions}
    t: Counter[str] = Counter()
    errors: list[str] = []
    for gid, gold in sorted(golds.items()):
        pred = predictions.get(gid, {})
        t["missing_articles"] += gid not in predictions
        gq, pq = gold.get("quotes", []), pred.get("quotes") or []
        matched = match_quotes(gq, pq)
        t["gold"] += len(gq)
        t["pred"] += len(pq)
        t["matched"] += len(matched)
        for kind in ("direct", "indirect"):
            t[f"gold_{kind}"] += sum(q.get("kind") == kind for q in gq)
            t[f"matched_{kind}"] += sum(gq[gi].get("kind") == kind for gi, _ in matched)
        for gi, pi in matched:
            g, speaker = gq[gi], predicted_speaker(pq[pi])
            right = speaker_right(g, speaker)
            t["speaker_right"] += right
            if not right and show_errors:
                errors.append(
                    f"{gid}: speaker {speaker.get('name')!r} ({speaker.get('type')}) for gold "
                    f"{g.get('speaker')!r} ({g.get('speaker_type')}): {g['text'][:60]!r}"
                )
            if g.get("speaker_gender"):
                t["gender_gold"] += 1
                t["gender_right"] += speaker.get("gender") == g["speaker_gender"]
            if g.get("speaker_type") == "anonymous":
                t["anon_gold"] += 1
                t["anon_right"] += speaker.get("type") == "anonymous"
        if show_errors:
            errors += _missed_and_spurious(gid, gq, pq, matched)
        t["byline_articles"] += 1
        t["byline_right"] += [b.lower() for b in gold.get("bylines", [])] == [
            str(b).lower() for b in pred.get("bylines") or []
        ]
        if gold.get("date"):
            t["date_gold"] += 1
            t["date_right"] += str(pred.get("date") or "").startswith(gold["date"])
        for label, names in (gold.get("entities") or {}).items():
            gold_names = {n.lower() for n in names}
            predicted_names = {
                str(e.get("text", "")).lower()
                for e in pred.get("entities") or []
                if e.get("label") == label
            }
            t[f"ent_gold_{label}"] += len(gold_names)
            t[f"ent_pred_{label}"] += len(predicted_names)
            t[f"ent_tp_{label}"] += len(gold_names & predicted_names)
    out: dict[str, Any] = {
        "articles": len(golds),
        "missing_articles": t["missing_articles"],
        "quotes_gold": t["gold"],
        "quotes_pred": t["pred"],
    }
    out["quote_p"], out["quote_r"], out["quote_f1"] = prf(t["matched"], t["pred"], t["gold"])
    (out["quote_speaker_p"], out["quote_speaker_r"], out["quote_speaker_f1"]) = prf(
        t["speaker_right"], t["pred"], t["gold"]
    )
    out["speaker_accuracy"] = _ratio(t["speaker_right"], t["matched"]) or 0.0
    for kind in ("direct", "indirect"):
        out[f"recall_{kind}"] = _ratio(t[f"matched_{kind}"], t[f"gold_{kind}"])
    out["gender_accuracy"] = _ratio(t["gender_right"], t["gender_gold"])
    out["anonymous_accuracy"] = _ratio(t["anon_right"], t["anon_gold"])
    out["byline_accuracy"] = _ratio(t["byline_right"], t["byline_articles"])
    out["date_accuracy"] = _ratio(t["date_right"], t["date_gold"])
    for label in ("PER", "ORG", "LOC"):
        _, _, out[f"entity_f1_{label}"] = prf(
            t[f"ent_tp_{label}"], t[f"ent_pred_{label}"], t[f"ent_gold_{label}"]
        )
    return Evaluation(out, errors)


def _missed_and_spurious(
    gid: str, gq: list[dict], pq: list[dict], matched: list[tuple[int, int]]
) -> list[str]:
    hit_gold = {gi for gi, _ in matched}
    hit_pred = {pi for _, pi in matched}
    lines = [
        f"{gid}: missed {g['kind']} quote by {g.get('speaker')!r}: {g['text'][:80]!r}"
        for gi, g in enumerate(gq)
        if gi not in hit_gold
    ]
    lines += [
        f"{gid}: spurious quote by {predicted_speaker(p).get('name')!r}: "
        f"{str(p.get('text'))[:80]!r}"
        for pi, p in enumerate(pq)
        if pi not in hit_pred
    ]
    return lines
