"""Language detection: Danish told apart from Norwegian, Swedish, English (lingua)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kilde.article import Article
from kilde.ingest import read_inputs
from kilde.ingest.language import detect_language, parse_language_list

LANGUAGES = Path(__file__).parent / "fixtures" / "ingest" / "languages"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("dansk.txt", "da"),
        ("norsk-bokmaal.txt", "nb"),
        ("norsk-nynorsk.txt", "nn"),
        ("svensk.txt", "sv"),
        ("english.txt", "en"),
    ],
)
def test_short_articles_detected(name: str, code: str):
    [article] = read_inputs([str(LANGUAGES / name)])
    assert isinstance(article, Article)
    assert article.language == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kommunen vil spare på ældreplejen, siger borgmesteren til avisen.", "da"),
        ("Kommunen vil spare på eldreomsorgen, sier ordføreren til avisen.", "nb"),
        ("Kommunen vill spara på äldreomsorgen, säger kommunalrådet till tidningen.", "sv"),
        ("Die Gemeinde will bei der Altenpflege sparen, sagte der Bürgermeister.", "de"),
    ],
)
def test_one_sentence(text: str, code: str):
    assert detect_language(text) == code


def test_too_short_is_undetermined():
    assert detect_language("Ja, siger han.") is None
    assert detect_language("") is None


def test_giant_text_reads_only_a_sample():
    assert detect_language("Regeringen fremlægger et nyt forslag i dag. " * 200_000) == "da"


def test_language_list():
    assert parse_language_list("da") == {"da"}
    assert parse_language_list("da, NB") == {"da", "nb"}
    assert parse_language_list("no") == {"no", "nb", "nn"}
    assert parse_language_list("all") is None
