"""kilde.evaluate implements the eval score.py metrics: same numbers on the same input."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kilde.evaluate import (
    evaluate,
    load_gold_dir,
    load_predictions,
    overlap,
    record_key,
    speaker_right,
)

GOLD = {
    "byen": {
        "id": "byen",
        "date": "2023-04",
        "bylines": ["ritzau"],
        "quotes": [
            {
                "kind": "direct",
                "text": "Vi har ikke råd til at holde dem åbne",
                "speaker": "Anne Holm",
                "speaker_type": "person",
                "speaker_gender": "f",
                "cue": "siger",
            },
            {
                "kind": "indirect",
                "text": "beslutningen er forhastet",
                "speaker": "Skolebestyrelsen",
                "speaker_type": "organization",
                "cue": "mener",
            },
            {
                "kind": "indirect",
                "text": "flere skoler kan lukke næste år",
                "speaker": "en kilde",
                "speaker_type": "anonymous",
                "cue": "siger",
            },
        ],
        "entities": {"PER": ["Anne Holm"], "ORG": ["DR"], "LOC": ["Vestby"]},
    },
    "havnen": {
        "id": "havnen",
        "date": None,
        "bylines": [],
        "quotes": [
            {
                "kind": "direct",
                "text": "Broen bliver et år forsinket",
                "speaker": "Lise Brandt",
                "speaker_type": "person",
                "speaker_gender": "f",
                "cue": "siger",
            },
        ],
        "entities": {"PER": ["Lise Brandt"], "ORG": [], "LOC": ["København"]},
    },
    "tom": {"id": "tom", "date": "2020-01", "bylines": [], "quotes": [], "entities": {}},
}

PREDICTIONS = [
    {
        "path": "articles/byen.txt",
        "date": "2023-04",
        "bylines": ["Ritzau"],
        "quotes": [
            {
                "kind": "direct",
                "text": "Vi har ikke råd til at holde dem åbne",
                "speaker": {"name": "borgmester Anne Holm", "type": "person", "gender": "m"},
            },
            {
                "kind": "indirect",
                "text": "at beslutningen er forhastet",
                "speaker": {"name": "formanden", "type": "person"},
            },
            {
                "kind": "indirect",
                "text": "flere skoler kan lukke",
                "speaker": {"name": "en kilde", "type": "anonymous"},
            },
            {"kind": "direct", "text": "Helt forkert", "speaker": "Peter"},
        ],
        "entities": [
            {"text": "Anne Holm", "label": "PER"},
            {"text": "dr", "label": "ORG"},
            {"text": "Danmark", "label": "LOC"},
        ],
    },
    {"path": "articles/havnen.txt", "bylines": [], "quotes": [], "entities": []},
]


def load_shared_score():
    """The project's eval score.py, when the shared folder is beside the repo."""
    path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
    if not path.exists():
        pytest.skip("shared/eval/score.py not present")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_case(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for gid, gold in GOLD.items():
        (gold_dir / f"{gid}.json").write_text(
            json.dumps(gold, ensure_ascii=False), encoding="utf-8"
        )
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in PREDICTIONS), encoding="utf-8"
    )
    return gold_dir, predictions


def test_scores_by_hand(tmp_path: Path):
    gold_dir, predictions = write_case(tmp_path)
    scores = evaluate(load_gold_dir(gold_dir), load_predictions(predictions)).scores
    assert scores["articles"] == 3 and scores["missing_articles"] == 1
    assert scores["quotes_gold"] == 4 and scores["quotes_pred"] == 4
    assert scores["quote_p"] == 0.75 and scores["quote_r"] == 0.75
    assert scores["speaker_accuracy"] == round(2 / 3, 4)  # formanden ≠ Skolebestyrelsen
    assert scores["gender_accuracy"] == 0.0
    assert scores["anonymous_accuracy"] == 1.0
    assert scores["byline_accuracy"] == 1.0  # case-folded; a missing article has []
    assert scores["date_accuracy"] == 0.5
    assert scores["recall_direct"] == 0.5 and scores["recall_indirect"] == 1.0


def test_same_numbers_and_errors_as_score_py(tmp_path: Path):
    shared = load_shared_score()
    gold_dir, predictions = write_case(tmp_path)
    expected, expected_errors = shared.score(gold_dir, predictions, show_errors=True)
    result = evaluate(load_gold_dir(gold_dir), load_predictions(predictions), show_errors=True)
    assert result.scores == expected
    assert list(result.scores) == list(expected)
    assert result.errors == expected_errors


def test_helpers():
    assert overlap("Vi har ikke råd", "vi har IKKE råd!") == 1.0
    assert overlap("a b c d", "a b") == 0.5
    assert speaker_right({"speaker": "Anne Holm", "speaker_type": "person"}, {"name": "Holm"})
    assert not speaker_right(
        {"speaker": "en kilde", "speaker_type": "anonymous"}, {"name": "kilde", "type": "person"}
    )
    assert record_key({"path": "a/b/c.txt"}) == "c"
    assert record_key({"path": "feed.jsonl:3", "id": "vb-001"}) == "vb-001"
    assert record_key({"id": "x"}) == "x"
