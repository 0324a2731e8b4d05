"""Attribution: one test per construction, on small Danish examples written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kilde.article import Analysis, Quote
from kilde.pipeline import analyze, load


@pytest.fixture(scope="session")
def nlp():
    """The full kilde pipeline, loaded once for the whole test session."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load()


@pytest.fixture
def analyse(nlp):
    """Analyse a text and check the offset and overlap invariants on every result."""

    def run(text: str) -> Analysis:
        result = analyze(text, nlp=nlp)
        previous_end = -1
        for quote in result.quotes:
            assert result.text[quote.start : quote.end] == quote.text
            assert quote.start >= previous_end, "quotes overlap"
            previous_end = quote.end
            mention = quote.speaker.mention
            if mention is not None:
                assert result.text[mention.start : mention.end] == mention.text
            assert 0.0 <= quote.confidence <= 1.0
        return result

    return run


def only(result: Analysis) -> Quote:
    assert len(result.quotes) == 1, [q.text for q in result.quotes]
    return result.quotes[0]


def by_text(result: Analysis, start_of_text: str) -> Quote:
    found = [q for q in result.quotes if q.text.startswith(start_of_text)]
    assert found, [q.text for q in result.quotes]
    return found[0]


# --- direct quotes -------------------------------------------------------------------------


def test_dash_paragraph_with_attribution_after(analyse):
    quote = only(analyse("- Vi er klar til at tage fat, siger borgmester Anne Hansen."))
    assert quote.kind == "direct"
    assert quote.text == "Vi er klar til at tage fat"
    assert quote.speaker.name == "Anne Hansen"
    assert quote.speaker.type == "person"
    assert quote.speaker.role == "borgmester"
    assert quote.speaker.gender == "f"
    assert quote.cue == "siger"


def test_en_dash_and_pronoun_resolved_to_earlier_name(analyse):
    text = (
        "Karsten Holm har været formand for klubben i ti år.\n\n"
        "– Det har været en fornøjelse hver eneste dag, siger han."
    )
    quote = only(analyse(text))
    assert quote.text == "Det har været en fornøjelse hver eneste dag"
    assert quote.speaker.name == "Karsten Holm"
    assert quote.speaker.gender == "m"
    assert quote.speaker.mention.text == "han"


def test_words_after_the_attribution_are_a_second_quote(analyse):
    result = analyse("- Vi gør, hvad vi kan, siger Lise Berg. Det tager bare tid.")
    assert [q.text for q in result.quotes] == ["Vi gør, hvad vi kan", "Det tager bare tid"]
    assert all(q.speaker.name == "Lise Berg" for q in result.quotes)


def test_run_of_dash_paragraphs_shares_one_attribution(analyse):
    text = (
        "- Vi har haft et godt år, siger direktør Peter Madsen.\n\n"
        "- Omsætningen steg med ti procent.\n\n"
        "- Og næste år bliver endnu bedre."
    )
    result = analyse(text)
    assert len(result.quotes) == 3
    assert {q.speaker.name for q in result.quotes} == {"Peter Madsen"}
    assert result.quotes[1].text == "Omsætningen steg med ti procent"


def test_attribution_in_the_last_paragraph_of_a_run(analyse):
    text = (
        "- Vi skal bruge flere penge på skolerne.\n\n"
        "- Det er helt afgørende for fremtiden, siger Mette Lund."
    )
    result = analyse(text)
    assert [q.speaker.name for q in result.quotes] == ["Mette Lund", "Mette Lund"]


def test_guillemets_with_attribution_after(analyse):
    quote = only(analyse("»Vi kan ikke acceptere den beslutning«, siger Jens Nielsen til DR."))
    assert quote.kind == "direct"
    assert quote.text == "Vi kan ikke acceptere den beslutning"
    assert quote.speaker.name == "Jens Nielsen"
    assert quote.medium == "DR"


def test_quote_continuing_after_the_attribution_clause(analyse):
    result = analyse("»Vi er klar«, siger Hanne Dahl, »men det bliver svært«.")
    assert [q.text for q in result.quotes] == ["Vi er klar", "men det bliver svært"]
    assert {q.speaker.name for q in result.quotes} == {"Hanne Dahl"}


def test_attribution_before_the_quote(analyse):
    text = (
        "Forsvarsminister Hanne Juul meddelte i en erklæring:\n\n"
        "»Vi trækker vores soldater hjem inden sommer.«"
    )
    quote = only(analyse(text))
    assert quote.text == "Vi trækker vores soldater hjem inden sommer"
    assert quote.speaker.name == "Hanne Juul"
    assert quote.speaker.role == "forsvarsminister"
    assert quote.cue == "meddelte"
    assert quote.medium == "en erklæring"


def test_role_is_given_in_base_form(analyse):
    quote = only(analyse("- Vi er klar, siger den svenske udenrigsminister, Eva Lind."))
    assert quote.speaker.role == "svensk udenrigsminister"


def test_quote_collection_items_under_a_name_label(analyse):
    text = (
        "Anne Hansen, borgmester (S):\n\n"
        "»Det er en god dag for kommunen og for alle borgerne.«\n\n"
        "Peter Lund (V): »Vi har kæmpet længe for den her aftale.«"
    )
    result = analyse(text)
    assert [q.speaker.name for q in result.quotes] == ["Anne Hansen", "Peter Lund"]
    assert result.quotes[0].speaker.role == "borgmester"
    assert all(q.cue is None for q in result.quotes)


def test_guillemets_over_several_paragraphs_are_one_quote(analyse):
    text = (
        "»Det har været et hårdt år for os alle.\n\n»Men nu ser vi lys forude«, siger Ole Sørensen."
    )
    quote = only(analyse(text))
    assert quote.text.startswith("Det har været et hårdt år")
    assert quote.text.endswith("Men nu ser vi lys forude")
    assert quote.speaker.name == "Ole Sørensen"


def test_straight_quotes_with_inverted_lyder_det_fra(analyse):
    quote = only(analyse('"Vi åbner igen på mandag," lyder det fra Rigspolitiet.'))
    assert quote.text == "Vi åbner igen på mandag"
    assert quote.speaker.name == "Rigspolitiet"
    assert quote.speaker.type == "organization"


def test_scare_quotes_are_not_quotes(analyse):
    result = analyse('Regeringens "grønne omstilling" møder kritik i flere kommuner.')
    assert result.quotes == []


def test_kalder_with_quote_marks_is_a_direct_quote(analyse):
    quote = only(analyse("Borgmester Ida Skov kalder forslaget 'helt urimeligt'."))
    assert quote.kind == "direct"
    assert quote.text == "helt urimeligt"
    assert quote.speaker.name == "Ida Skov"
    assert quote.cue == "kalder"


def test_as_she_says_after_the_quote(analyse):
    text = "Rektor Bente Dahl forstår godt, at planen “rammer de unge hårdt”, som hun siger."
    quote = only(analyse(text))
    assert quote.text == "rammer de unge hårdt"
    assert quote.speaker.name == "Bente Dahl"


def test_short_dash_line_without_punctuation_is_a_subheading(analyse):
    text = "- Derfor vender jeg tilbage\n\n- Jeg savnede holdet meget, siger målmand Kasper Vang."
    result = analyse(text)
    assert [q.text for q in result.quotes] == ["Jeg savnede holdet meget"]


def test_question_mark_is_kept_and_final_period_dropped(analyse):
    result = analyse(
        "- Hvem skal betale for det? spørger Birgitte Kjær.\n\n- Vi ved det ikke, siger hun."
    )
    assert result.quotes[0].text == "Hvem skal betale for det?"
    assert result.quotes[1].text == "Vi ved det ikke"


# --- indirect quotes -----------------------------------------------------------------------


def test_at_clause_with_subject_first(analyse):
    quote = only(analyse("Statsminister Maria Holst (S) siger, at regeringen vil sænke skatten."))
    assert quote.kind == "indirect"
    assert quote.text == "regeringen vil sænke skatten"
    assert quote.speaker.name == "Maria Holst"
    assert quote.speaker.role == "statsminister"
    assert quote.speaker.gender == "f"


def test_at_clause_with_inverted_subject_and_title_party(analyse):
    quote = only(
        analyse(
            "Tidligere fredag sagde transportminister Thomas Danielsen (V), at broen åbner i 2030."
        )
    )
    assert quote.text == "broen åbner i 2030"
    assert quote.speaker.name == "Thomas Danielsen"
    assert quote.speaker.role == "transportminister"
    assert quote.speaker.gender == "m"


def test_negation_goes_into_the_cue(analyse):
    quote = only(analyse("Formand Lars Møller mener ikke, at aftalen holder."))
    assert quote.cue == "mener ikke"
    assert quote.text == "aftalen holder"


def test_subject_with_a_relative_clause_before_the_cue(analyse):
    text = (
        "Vælgerne stemte ja, og Lise Munk, der er formand for foreningen, har efterfølgende "
        "udtalt, at resultatet er historisk."
    )
    quote = only(analyse(text))
    assert quote.text == "resultatet er historisk"
    assert quote.speaker.name == "Lise Munk"


def test_claim_noun_between_cue_and_at_clause(analyse):
    quote = only(analyse("Direktør Bo Krag afviser meldinger om, at fabrikken skal lukke."))
    assert quote.text == "fabrikken skal lukke"
    assert quote.cue == "afviser"
    assert quote.speaker.name == "Bo Krag"


def test_at_with_infinitive_is_not_reported_speech(analyse):
    assert analyse("Direktøren afviser at træde tilbage.").quotes == []


def test_det_siger_points_back_to_the_previous_sentence(analyse):
    text = (
        "Der mangler 300 sygeplejersker i regionen. Det siger Jonas Krogh fra Dansk Sygeplejeråd."
    )
    quote = only(analyse(text))
    assert quote.text == "Der mangler 300 sygeplejersker i regionen"
    assert quote.speaker.name == "Jonas Krogh"
    assert quote.cue == "siger"


def test_trailing_attribution_without_quote_marks(analyse):
    quote = only(analyse("Tre personer blev kørt på hospitalet, oplyser Nordsjællands Politi."))
    assert quote.kind == "indirect"
    assert quote.text == "Tre personer blev kørt på hospitalet"
    assert quote.speaker.name == "Nordsjællands Politi"
    assert quote.speaker.type == "organization"


def test_ifolge_opening_a_sentence(analyse):
    quote = only(analyse("Ifølge politiet blev to mænd anholdt natten til søndag."))
    assert quote.text == "blev to mænd anholdt natten til søndag"
    assert quote.cue == "Ifølge"
    assert quote.speaker.name == "politiet"


def test_ifolge_closing_a_sentence(analyse):
    quote = only(analyse("Prisen på el stiger med 20 procent til vinter ifølge Energistyrelsen."))
    assert quote.text == "Prisen på el stiger med 20 procent til vinter"
    assert quote.speaker.name == "Energistyrelsen"


def test_outlet_as_speaker(analyse):
    quote = only(analyse("Ministeren overvejer at gå af, skriver Reuters."))
    assert quote.speaker.name == "Reuters"
    assert quote.speaker.type == "organization"
    assert quote.via is None


def test_relayed_source_keeps_original_speaker_and_names_the_outlet(analyse):
    text = "Ifølge myndighederne er mindst 40 mennesker omkommet. Det skriver AFP."
    quote = only(analyse(text))
    assert quote.speaker.name == "myndighederne"
    assert quote.speaker.type == "anonymous"
    assert quote.via == "AFP"


def test_anonymous_source(analyse):
    quote = only(analyse("Aftalen er på plads, siger en kilde med kendskab til forhandlingerne."))
    assert quote.speaker.type == "anonymous"
    assert quote.speaker.name.startswith("en kilde")
    assert quote.speaker.gender is None


def test_unnamed_spokesperson_and_medium(analyse):
    quote = only(analyse("- Vi undersøger sagen, siger en talsmand til tv-stationen."))
    assert quote.speaker.type == "anonymous"
    assert quote.speaker.name == "en talsmand"
    assert quote.medium == "tv-stationen"


def test_document_source(analyse):
    quote = only(analyse("Ny rapport konkluderer, at hver tredje bro trænger til renovering."))
    assert quote.speaker.type == "document"
    assert quote.speaker.name == "Ny rapport"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("I Vejle frygter mange, at fabrikken lukker inden jul.", "mange"),
        ("I Tønder mener flere, at broen bør genopbygges.", "flere"),
        ("På Bornholm frygter mange fiskere, at kvoterne bliver skåret ned.", "mange fiskere"),
        ("I landsbyen siger nogle, at vandet i brønden er forurenet.", "nogle"),
        ("I Aalborg mener de fleste, at stadion skal blive i byen.", "de fleste"),
        ("I Kabul frygter flere af beboerne, at der kommer nye angreb.", "flere af beboerne"),
        ("I Esbjerg frygter folk, at havnen mister arbejdspladser.", "folk"),
        ("I Odense har mange sagt, at cykelstierne er for smalle.", "mange"),
        ("Mange frygter, at priserne stiger igen til vinter.", "Mange"),
    ],
)
def test_place_in_a_fronted_phrase_is_never_the_speaker(analyse, sentence, speaker):
    """`I <sted> frygter mange, at …`: the place belongs to a fronted adverbial; the subject
    follows the cue and is an unnamed group (anonymous, named by its phrase as written)."""
    quote = only(analyse(sentence))
    assert quote.kind == "indirect"
    assert quote.speaker.name == speaker
    assert quote.speaker.type == "anonymous"


def test_fronted_time_adverbial_and_place_keep_the_named_speaker(analyse):
    for sentence in (
        "I går sagde Mette Holm, at hun stopper som formand.",
        "I Randers siger Anne Hansen, at hun er glad for aftalen.",
        "På mødet i Vejle sagde borgmester Anne Hansen, at byen er klar.",
    ):
        quote = only(analyse(sentence))
        assert quote.speaker.type == "person", sentence
        assert quote.speaker.name in {"Mette Holm", "Anne Hansen"}, sentence


def test_fronted_place_before_a_direct_quote(analyse):
    quote = only(analyse("I Kabul siger mange: »Vi er bange for fremtiden.«"))
    assert quote.kind == "direct"
    assert quote.speaker.name == "mange"
    assert quote.speaker.type == "anonymous"


# --- speakers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "- Grænsen forbliver lukket, siger talsmand for det pakistanske "
            "indenrigsministerium Tariq Nazari.",
            "Tariq Nazari",
            "talsmand for det pakistanske indenrigsministerium",
        ),
        (
            "- Vi har sendt flere betjente til byen, siger pressechef for det regionale "
            "politi Farid Wardak.",
            "Farid Wardak",
            "pressechef for det regionale politi",
        ),
        (
            "- Vi tager imod alle, siger leder af det lokale asylcenter Yusuf Demir.",
            "Yusuf Demir",
            "leder af det lokale asylcenter",
        ),
        (
            "- Vi er klar til valget, siger formand for Kystpartiet Selim Arslan.",
            "Selim Arslan",
            "formand for Kystpartiet",
        ),
        (
            "- Vi venter på svar, siger formand for Nordjyllands Lærerforening Gorm Ulrik Dahl.",
            "Gorm Ulrik Dahl",
            "formand for Nordjyllands Lærerforening",
        ),
        (
            "Talsmand for det irakiske olieministerium Hamid Jabouri siger, at produktionen "
            "stiger.",
            "Hamid Jabouri",
            "talsmand for det irakiske olieministerium",
        ),
    ],
)
def test_role_for_an_organisation_before_a_name_is_a_person(analyse, text, name, role):
    """`<rolle> for <organisation> <Navn>`: the name is a person, the role keeps its
    prepositional phrase, and the organisation does not make the speaker an organisation."""
    quote = only(analyse(text))
    assert quote.speaker.name == name
    assert quote.speaker.type == "person"
    assert quote.speaker.role == role


def test_titled_name_is_a_person_even_when_the_tagger_says_org(nlp):
    """A tagger that labels the name ORG (`forsvarsministerium Nabil Qasemi`) is outvoted by
    the role in apposition."""
    from spacy.tokens import Span

    text = "- Vi er klar, siger talsmand for det libyske forsvarsministerium Nabil Qasemi."
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "kilde_attribution":
            break
        doc = component(doc)
    start = text.index("Nabil")
    doc.ents = [doc.char_span(start, len(text) - 1, label="ORG")]
    assert isinstance(doc.ents[0], Span)
    doc = nlp.get_pipe("kilde_attribution")(doc)
    speaker = doc.spans["quotes"][0]._.speaker
    assert speaker["name"] == "Nabil Qasemi"
    assert speaker["type"] == "person"
    assert speaker["role"] == "talsmand for det libyske forsvarsministerium"


def test_pronoun_after_a_role_for_an_organisation_finds_that_person(analyse):
    text = (
        "- Folk er trætte af ventetiden, siger borgmester Jens Bruun til TV Syd.\n\n"
        "- Vi arbejder på sagen, siger talsmand for det tyske transportministerium "
        "Thomas Vogelsang.\n\n"
        "Han oplyser, at arbejdet på broen begynder i april."
    )
    quote = by_text(analyse(text), "arbejdet på broen")
    assert quote.speaker.name == "Thomas Vogelsang"
    assert quote.speaker.role == "talsmand for det tyske transportministerium"


def test_name_right_after_the_role_preposition_is_the_organisation(analyse):
    quote = only(analyse("- Der er ingen fare for vandet, siger direktør i Vandselskabet Nord."))
    assert quote.speaker.type != "person"


def test_surname_resolves_to_the_full_name(analyse):
    text = (
        "Sundhedsminister Sophie Løhde (V) besøgte torsdag hospitalet.\n\n"
        "- Personalet gør et kæmpe stykke arbejde, siger Løhde."
    )
    quote = only(analyse(text))
    assert quote.speaker.name == "Sophie Løhde"
    assert quote.speaker.role == "sundhedsminister"
    assert quote.speaker.gender == "f"


def test_definite_title_resolves_to_the_minister(analyse):
    text = (
        "Skatteminister Jeppe Bruus (S) fremlagde onsdag sit forslag.\n\n"
        "- Det bliver mere enkelt for alle, siger ministeren."
    )
    quote = only(analyse(text))
    assert quote.speaker.name == "Jeppe Bruus"


def test_age_description_resolves_to_the_person(analyse):
    text = (
        "Henrik Vestergaard har drevet butikken siden 1990.\n\n"
        "- Jeg stopper aldrig, siger den 67-årige."
    )
    assert only(analyse(text)).speaker.name == "Henrik Vestergaard"


def test_gender_stays_unknown_without_evidence(analyse):
    quote = only(analyse("- Vi er glade for resultatet, siger Kim Sand."))
    assert quote.speaker.name == "Kim Sand"
    assert quote.speaker.gender is None


def test_pronoun_picks_the_gender_matching_person(analyse):
    text = (
        "Anders Lund og Camilla Holm har startet firmaet sammen.\n\n"
        "- Vi havde ingen penge i starten, siger hun."
    )
    assert only(analyse(text)).speaker.name == "Camilla Holm"


def test_medium_pa_twitter_and_in_a_press_release(analyse):
    result = analyse(
        "- Vi er meget stolte, skriver Maja Friis på Twitter.\n\n"
        "Fabrikken lukker til sommer, oplyser Danfoss i en pressemeddelelse."
    )
    assert [q.medium for q in result.quotes] == ["Twitter", "en pressemeddelelse"]


def test_named_outlet_as_medium_and_relaying_outlet(analyse):
    text = (
        "Tre personer er anholdt, oplyser vagtchef Jens Bo fra Østjyllands Politi til TV 2.\n\n"
        "Det skriver TV 2 Lorry."
    )
    quote = only(analyse(text))
    assert quote.speaker.name == "Jens Bo"
    assert quote.speaker.role == "vagtchef"
    assert quote.medium == "TV 2"
    assert quote.via == "TV 2 Lorry"


def test_press_release_from_an_organisation(analyse):
    quote = only(analyse("Ifølge en pressemeddelelse fra Rigspolitiet er sagen nu lukket."))
    assert quote.speaker.name == "Rigspolitiet"
    assert quote.speaker.type == "organization"


def test_vox_pop_paragraphs_under_a_name_line(analyse):
    text = (
        "Sofie Krag, 31 år, fra Vejle\n\n"
        "Jeg kommer her hvert år, fordi stemningen er helt unik for mig.\n\n"
        "Mads Holt, 45 år, fra Odense\n\n"
        "Vi har taget hele familien med i år, og vi hygger os."
    )
    result = analyse(text)
    assert [q.speaker.name for q in result.quotes] == ["Sofie Krag", "Mads Holt"]
    assert all(q.cue is None for q in result.quotes)


def test_interviewer_questions_are_not_quotes(analyse):
    text = (
        "Lone Vind er ny direktør i banken.\n\n"
        "- Hvad bliver din første opgave?\n\n"
        "- At skabe ro om banken og få styr på økonomien."
    )
    result = analyse(text)
    assert [q.text for q in result.quotes] == ["At skabe ro om banken og få styr på økonomien"]
    assert result.quotes[0].speaker.name == "Lone Vind"


def test_two_speakers_in_one_attribution_are_one_group_speaker(analyse):
    text = (
        "- Vi er enige om planen, siger Anne Holm og Peter Lund.\n\n"
        "- Det var en svær sag, svarer Lund.\n\n"
        "- Men vi kom i mål, siger hun."
    )
    result = analyse(text)
    assert [q.speaker.name for q in result.quotes] == [
        "Anne Holm og Peter Lund",
        "Peter Lund",
        "Anne Holm",
    ]
    assert result.quotes[0].speaker.gender is None


def test_plural_pronoun_refers_back_to_the_group(analyse):
    text = "- Vi er klar, siger Anne Holm og Peter Lund.\n\n- Det bliver godt, siger de."
    result = analyse(text)
    assert [q.speaker.name for q in result.quotes] == ["Anne Holm og Peter Lund"] * 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Det oplyses, at broen lukker i weekenden.",  # passive without a source
        "Prisen på strøm ventes at stige i vinter.",  # expectation without a source
        "Borgmesteren glæder sig over, at projektet er færdigt.",  # emotion over a fact
        "Kommunen opfordrer borgerne til at blive hjemme.",  # a request
        "Ministeren lovede en afstemning om sagen.",  # cue with only a noun object
    ],
)
def test_constructions_that_are_not_quotes(analyse, sentence):
    assert analyse(sentence).quotes == []


def test_empty_text_has_no_quotes(analyse):
    assert analyse("").quotes == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "- Det er fint, siger hun.",
                "»Vi kommer«, siger Ole Berg.",
                "Ifølge politiet",
                "\n\n",
                ", siger",
                "at",
                "»",
                "«",
                '"',
                "'",
                "- ",
                "Det siger Anna Holm.",
                "han",
                " ",
                ".",
                "Borgmester Per Lund (V) mener, at",
                "skriver Reuters",
                "lyder det fra",
                ":",
            ]
        ),
        max_size=14,
    )
)
def test_any_text_keeps_offsets_and_never_overlaps(analyse, pieces):
    analyse("".join(pieces))  # the fixture checks offsets and overlaps


def test_component_sets_doc_spans(nlp):
    doc = nlp("- Det går fint, siger Niels Holm.")
    spans = doc.spans["quotes"]
    assert len(spans) == 1
    assert spans[0]._.quote_kind == "direct"
    assert spans[0]._.speaker["name"] == "Niels Holm"
    assert spans[0]._.confidence > 0.5


# --- quality floor on the gold dev set (when ../shared/eval is present) ---------------------

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
QUOTE_SPEAKER_F1_FLOOR = 0.88  # reached 0.907 on the dev set; see docs/benchmarks.md
QUOTE_F1_FLOOR = 0.95  # reached 0.973


@pytest.mark.skipif(not (EVAL_DIR / "score.py").exists(), reason="no gold dev set beside the repo")
def test_dev_set_quality_does_not_regress(nlp, tmp_path):
    """The dev-set scores stay above the floors (quality never silently regresses)."""
    from kilde.ingest import parse_page

    predictions = tmp_path / "predictions.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for article in sorted((EVAL_DIR / "dev" / "articles").glob("*.txt")):
            page = parse_page(article.read_text(encoding="utf-8"), path=str(article))
            out.write(analyze(page, nlp=nlp).to_json() + "\n")
    scored = subprocess.run(
        [
            sys.executable,
            str(EVAL_DIR / "score.py"),
            str(EVAL_DIR / "dev" / "gold"),
            str(predictions),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(scored.stdout.strip().splitlines()[-1])
    assert scores["quote_f1"] >= QUOTE_F1_FLOOR, scores
    assert scores["quote_speaker_f1"] >= QUOTE_SPEAKER_F1_FLOOR, scores


@pytest.mark.parametrize(
    ("phrase", "role"),
    [
        ("den nye borgmester", "ny borgmester"),
        ("den konservative politiker", "konservativ politiker"),
        ("den konstituerede direktør", "konstitueret direktør"),
        ("den fungerende minister", "fungerende minister"),  # a participle stays
        ("den tidligere minister", "tidligere minister"),
    ],
)
def test_a_role_is_written_in_base_form(analyse, phrase, role):
    quote = only(analyse(f"- Vi er klar, siger {phrase} Ida Berg."))
    assert quote.speaker.name == "Ida Berg"
    assert quote.speaker.role == role
