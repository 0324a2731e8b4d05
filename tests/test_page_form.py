"""The crawled-page form: header date, bylines, markup leftovers."""

from kilde.ingest import parse_page
from kilde.ingest.page import parse_closing_byline


def test_header_date_is_read_and_removed_from_text():
    article = parse_page(" date 2021-06 Borgmesteren åbnede broen i går.\n\nDet regnede.")
    assert article.date == "2021-06"
    assert article.text.startswith("Borgmesteren åbnede broen")


def test_header_with_full_date():
    assert parse_page(" date 2019-03-14 Tekst her.").date == "2019-03-14"


def test_plain_text_without_header():
    article = parse_page("Et helt almindeligt afsnit.\n\nOg et til.")
    assert article.date is None
    assert article.text == "Et helt almindeligt afsnit.\n\nOg et til."


def test_closing_bylines_in_their_common_shapes():
    assert parse_closing_byline("ritzau/Reuters") == ["ritzau", "Reuters"]
    assert parse_closing_byline("/ritzau/") == ["ritzau"]
    assert parse_closing_byline("(Ritzau)") == ["Ritzau"]
    assert parse_closing_byline("/ritzau/ AFP") == ["ritzau", "AFP"]
    assert parse_closing_byline("/ritzau/AFP") == ["ritzau", "AFP"]
    assert parse_closing_byline("Kilde: DR") == ["DR"]


def test_an_ordinary_last_sentence_is_not_a_byline():
    assert parse_closing_byline("Han kørte hjem.") == []
    assert parse_closing_byline("Foto: Jens Jensen/Scanpix") == []


def test_bylines_found_at_end_of_article():
    article = parse_page("Noget skete.\n\n- Det er godt, siger hun.\n\n/ritzau/Reuters\n")
    assert article.bylines == ["ritzau", "Reuters"]


def test_agency_dateline_at_start():
    article = parse_page(" date 2022-05 Ritzau Tirsdag, 03. maj 2022 - 07:12\n\nNoget skete.")
    assert article.bylines == ["Ritzau"]


def test_bracketed_agency_closing_the_last_paragraph():
    assert parse_page("Noget skete i går. (Ritzau)").bylines == ["Ritzau"]


def test_html_leftovers_are_cleaned_and_offsets_refer_to_clean_text():
    article = parse_page("<p>Hansen &amp; Søn lukker.</p><p>- Det er trist, siger han.</p>")
    assert article.text == "Hansen & Søn lukker.\n\n- Det er trist, siger han."


def test_windows_newlines_are_normalised():
    assert parse_page("A.\r\n\r\nB.").text == "A.\n\nB."
