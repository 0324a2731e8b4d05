"""Label Studio round trip: predictions → tasks → (corrected) export → gold → evaluate."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

from lxml import etree

from export_samples import sample_analysis
from kilde.evaluate import evaluate, load_gold_dir
from kilde.export.labelstudio import (
    LABEL_CONFIG,
    from_utf16,
    import_export_file,
    task_to_gold,
    to_task,
    to_utf16,
    write_labelstudio,
)


def as_annotated_export(task: dict, task_id: int = 1) -> dict:
    """What Label Studio exports after an annotator accepted the pre-annotations."""
    exported = copy.deepcopy(task)
    exported["id"] = task_id
    exported["annotations"] = [
        {"id": 10, "was_cancelled": False, "result": task["predictions"][0]["result"]}
    ]
    return exported


def test_task_has_regions_fields_and_relations():
    task = to_task(sample_analysis())
    assert task["data"]["id"] == "vestby-skoler"
    assert task["data"]["text"] == sample_analysis().text
    results = task["predictions"][0]["result"]
    labels = {r["id"]: r["value"]["labels"][0] for r in results if r["type"] == "labels"}
    assert labels["q1"] == "Quote" and labels["q1-speaker"] == "Speaker"
    assert labels["q1-cue"] == "Cue" and labels["q1-medium"] == "Medium"
    assert sorted(v for k, v in labels.items() if k.startswith("e")) == ["LOC", "ORG", "PER"]
    relations = {(r["from_id"], r["to_id"]) for r in results if r["type"] == "relation"}
    assert ("q1", "q1-speaker") in relations and ("q1", "q1-cue") in relations
    fields = {
        (r["id"], r["from_name"]): r["value"]
        for r in results
        if r["type"] in ("choices", "textarea")
    }
    assert fields[("q1", "kind")]["choices"] == ["direct"]
    assert fields[("q1", "speaker_name")]["text"] == ["Anne Holm"]
    cue = next(r for r in results if r.get("id") == "q1-cue")["value"]
    assert cue["text"] == "siger"


def test_label_config_is_xml_naming_every_control():
    root = etree.fromstring(LABEL_CONFIG.encode())
    names = {el.get("name") for el in root.iter() if el.get("name")}
    task = to_task(sample_analysis())
    used = {r["from_name"] for r in task["predictions"][0]["result"] if "from_name" in r}
    assert used <= names


def test_round_trip_gives_the_guidelines_gold_shape():
    gold = task_to_gold(as_annotated_export(to_task(sample_analysis())))
    assert set(gold) == {"id", "url", "outlet", "date", "bylines", "quotes", "entities"}
    assert gold["id"] == "vestby-skoler" and gold["bylines"] == ["ritzau"]
    first, second = gold["quotes"]
    assert first == {
        "kind": "direct",
        "text": "Vi har ikke råd til at holde dem åbne",
        "speaker": "Anne Holm",
        "speaker_type": "person",
        "speaker_role": "borgmester",
        "speaker_gender": "f",
        "cue": "siger",
        "medium": "DR",
    }
    assert second["speaker"] == "Skolebestyrelsen" and second["cue"] == "mener"
    assert second["speaker_type"] == "organization" and second["medium"] is None
    assert gold["entities"] == {"PER": ["Anne Holm"], "ORG": ["DR"], "LOC": ["Vestby Kommune"]}


def test_annotator_corrections_are_taken(tmp_path: Path):
    export = as_annotated_export(to_task(sample_analysis()))
    result = export["annotations"][0]["result"]
    for item in result:  # the annotator renames the speaker of the second quote
        if item.get("id") == "q2" and item.get("from_name") == "speaker_name":
            item["value"]["text"] = ["Skolebestyrelsens formand"]
    gold = task_to_gold(export)
    assert gold["quotes"][1]["speaker"] == "Skolebestyrelsens formand"


def test_import_file_writes_gold_and_reports_unannotated(tmp_path: Path):
    annotated = as_annotated_export(to_task(sample_analysis()), task_id=1)
    unannotated = {"id": 2, "data": {"text": "x", "id": "x"}, "annotations": []}
    export = tmp_path / "export.json"
    export.write_text(json.dumps([annotated, unannotated]), encoding="utf-8")
    written, problems = import_export_file(export, tmp_path / "gold")
    assert written == 1
    assert problems == ["task #2: task 2 has no annotation"]
    golds = load_gold_dir(tmp_path / "gold")
    assert list(golds) == ["vestby-skoler"]
    scores = evaluate(golds, [sample_analysis().model_dump(mode="json")]).scores
    assert scores["quote_f1"] == 1.0 and scores["quote_speaker_f1"] == 1.0
    assert scores["gender_accuracy"] == 1.0 and scores["byline_accuracy"] == 1.0
    assert scores["entity_f1_PER"] == 1.0


def test_offsets_count_utf16_units_like_label_studio():
    text = "🙂 Hej"
    assert to_utf16(text, 2) == 3
    assert from_utf16(text, 3) == 2
    task = to_task(sample_analysis())
    text = task["data"]["text"]
    for item in task["predictions"][0]["result"]:
        if item["type"] == "labels":
            value = item["value"]
            start, end = from_utf16(text, value["start"]), from_utf16(text, value["end"])
            assert text[start:end] == value["text"]


def test_write_labelstudio_is_a_json_array():
    stream = io.StringIO()
    assert write_labelstudio([sample_analysis()], stream) == 1
    assert isinstance(json.loads(stream.getvalue()), list)
