"""Tests of kilde.nlp: news tokenizer, corpus conversion helpers, features, shipped model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from spacy.vocab import Vocab

from kilde.nlp import MODEL_DIR, load_base
from kilde.nlp.augment import modern_punctuation
from kilde.nlp.corpus import (
    Sentence,
    bio_spans,
    layer1_entity_tag,
    read_conllu,
    sentences_to_doc,
    single_rooted,
    ud_lemma_convention,
)
from kilde.nlp.features import (
    COMMON_WORD,
    COMMON_WORD_IN_TABLE,
    DANISH_FIRST_NAME,
    FIRST_NAME,
    IN_MULTIWORD_PLACE,
    MULTIWORD_START,
    ORG_NAME,
    PLACE,
    gazetteer_bits,
    inflection_signature,
)

DATA = Path(os.environ.get("KILDE_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
HAS_MODEL = (MODEL_DIR / "config.cfg").exists()
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="no trained model in the package")
needs_data = pytest.mark.skipif(not (DATA / "ddt-train-recovered").exists(), reason="no data")


@pytest.fixture(scope="module")
def tokenizer_nlp() -> spacy.Language:
    """A blank Danish pipeline with kilde's news tokenizer."""
    return spacy.blank(
        "da", config={"nlp": {"tokenizer": {"@tokenizers": "kilde.news_tokenizer.v1"}}}
    )


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    """The shipped pipeline (loaded once)."""
    return load_base()


def words(nlp: spacy.Language, text: str) -> list[str]:
    """Token texts of `text`, whitespace tokens dropped."""
    return [t.text for t in nlp(text) if not t.is_space]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("–Vi går nu.", ["–", "Vi", "går", "nu", "."]),
        (
            "Han tav.\n\n-Det er slut, sagde hun.",
            ["Han", "tav", ".", "-", "Det", "er", "slut", ",", "sagde", "hun", "."],
        ),
        ("- Nej, siger han.", ["-", "Nej", ",", "siger", "han", "."]),
        ("»Nej,« siger hun.", ["»", "Nej", ",", "«", "siger", "hun", "."]),
        (
            "Den 55-årige kom fra USA's ambassade.",
            ["Den", "55-årige", "kom", "fra", "USA's", "ambassade", "."],
        ),
        (
            "Mødet var kl. 12. Så gik han.",
            ["Mødet", "var", "kl.", "12", ".", "Så", "gik", "han", "."],
        ),
        (
            "Mødet er den 12. maj kl. 12.30.",
            ["Mødet", "er", "den", "12.", "maj", "kl.", "12.30", "."],
        ),
        ("Mette Frederiksen (S) svarede.", ["Mette", "Frederiksen", "(", "S", ")", "svarede", "."]),
        ("skriver ritzau/Reuters", ["skriver", "ritzau", "/", "Reuters"]),
        ("/ritzau/", ["/", "ritzau", "/"]),
        ("Han skrev a-kasse og -5 grader.", ["Han", "skrev", "a-kasse", "og", "-5", "grader", "."]),
    ],
)
def test_news_tokenizer(tokenizer_nlp: spacy.Language, text: str, expected: list[str]) -> None:
    doc = tokenizer_nlp(text)
    assert doc.text == text
    assert words(tokenizer_nlp, text) == expected


def test_tokenizer_survives_serialisation(tokenizer_nlp: spacy.Language, tmp_path: Path) -> None:
    tokenizer_nlp.to_disk(tmp_path / "blank")
    reloaded = spacy.load(tmp_path / "blank")
    assert words(reloaded, "–Vi kom kl. 9.") == ["–", "Vi", "kom", "kl.", "9", "."]


def test_layer1_entity_tags() -> None:
    assert layer1_entity_tag("B-PER#O") == "B-PER"
    assert layer1_entity_tag("I-MISC#B-LOC") == "I-MISC"
    assert layer1_entity_tag("B-ORGpart#O") == "O"
    assert layer1_entity_tag("B-LOCderiv#O") == "O"
    assert layer1_entity_tag("O#O") == "O"


def test_bio_spans_repairs_stray_inside_tags() -> None:
    tags = ["B-PER", "I-PER", "O", "I-ORG", "I-ORG", "B-LOC", "I-PER"]
    assert bio_spans(tags) == [(0, 2, "PER"), (3, 5, "ORG"), (5, 6, "LOC"), (6, 7, "PER")]


CONLLU = """# sent_id = s1
# text = Han kom. Ja
1\tHan\than\tPRON\tPP\tCase=Nom\t2\tsubj\t_\tDDTId=1
2\tkom\tkomme\tVERB\tV\tTense=Past\t0\tROOT\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\tXP\t_\t2\tpnct\t_\t_
4\tJa\tja\tINTJ\tI=\t_\t0\tROOT\t_\tSpaceAfter=No

"""


def test_read_conllu_and_single_root(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    [sentence] = list(read_conllu(path))
    assert sentence.words == ["Han", "kom", ".", "Ja"]
    assert sentence.spaces == [True, False, True, False]
    assert sentence.heads == [1, -1, 1, -1]
    fixed = single_rooted(sentence)
    assert fixed.heads == [1, -1, 1, 1]
    assert fixed.deps[3] == "dep"


def test_adverbial_adjectives_are_their_own_lemma() -> None:
    sentence = Sentence(
        sent_id="s",
        words=["Det", "gik", "helt", "godt", "hjem"],
        lemmas=["den", "gå", "hel", "god", "hjem"],
        upos=["PRON", "VERB", "ADV", "ADV", "ADV"],
        xpos=["PP", "V", "ANP[CN]SU=R", "ANP[CN]SU=R", "RGU"],
    )
    assert ud_lemma_convention(sentence).lemmas == ["den", "gå", "helt", "godt", "hjem"]


def test_sentences_to_doc_keeps_annotation() -> None:
    def sentence(ident: str, tokens: list[str], ner: list[str]) -> Sentence:
        n = len(tokens)
        return Sentence(
            sent_id=ident,
            words=tokens,
            spaces=[True] * n,
            lemmas=tokens,
            upos=["PROPN"] * n,
            feats=[""] * n,
            heads=[-1] + [0] * (n - 1),
            deps=["ROOT"] + ["dep"] * (n - 1),
            ner=ner,
        )

    doc = sentences_to_doc(
        Vocab(),
        [
            sentence("a", ["Jens", "Hansen", "."], ["B-PER", "I-PER", "O"]),
            sentence("b", ["Aarhus", "."], ["B-LOC", "O"]),
        ],
    )
    assert [s.text for s in doc.sents] == ["Jens Hansen .", "Aarhus ."]
    assert [(e.text, e.label_) for e in doc.ents] == [("Jens Hansen", "PER"), ("Aarhus", "LOC")]


def test_modern_punctuation() -> None:
    assert modern_punctuation(['"', "Ja", '"', ",", "-", "Nej"]) == [
        "»",
        "Ja",
        "«",
        ",",
        "–",
        "Nej",
    ]


def test_gazetteer_bits() -> None:
    table = {
        "Mette": FIRST_NAME | DANISH_FIRST_NAME,
        "Rusland": PLACE,
        "New": MULTIWORD_START,
        "New York": IN_MULTIWORD_PLACE,
    }
    bits = gazetteer_bits(
        ["Mette", "besøgte", "Ruslands", "New", "York"], lambda k: table.get(k, 0)
    )
    assert bits == [
        FIRST_NAME | DANISH_FIRST_NAME,
        0,
        PLACE,
        IN_MULTIWORD_PLACE,
        IN_MULTIWORD_PLACE,
    ]


def test_common_word_bit_comes_from_the_lower_case_form() -> None:
    table = {"flertallet": COMMON_WORD_IN_TABLE, "Mette": FIRST_NAME}
    bits = gazetteer_bits(["Flertallet", "Mette", "Unibank"], lambda k: table.get(k, 0))
    assert bits == [COMMON_WORD, FIRST_NAME, 0]


@pytest.mark.parametrize(
    ("form", "lemma", "signature"),
    [
        ("bilerne", "bil", "erne>"),
        ("improviseret", "improvisere", "t>"),
        ("drak", "drikke", "ak>ikke"),
        ("fingrene", "finger", "rene>er"),
        ("hus", "hus", ">"),
    ],
)
def test_inflection_signature(form: str, lemma: str, signature: str) -> None:
    assert inflection_signature(form, lemma) == signature


def test_affix_columns_share_ids_across_words_with_the_same_ending(
    tokenizer_nlp: spacy.Language,
) -> None:
    from kilde.nlp.features import AFFIXES, _doc_affix_columns

    doc = tokenizer_nlp("Regeringen REGERINGEN forhandlingen Ministeriet")
    columns = _doc_affix_columns(doc)
    assert columns.shape == (4, len(AFFIXES))
    suffix5 = [i for i, (kind, length) in enumerate(AFFIXES) if (kind, length) == ("s", 5)][0]
    assert (columns[0] == columns[1]).all()  # lower-case forms: case does not matter
    assert columns[0, suffix5] == columns[2, suffix5]  # "ingen"
    assert columns[0, suffix5] != columns[3, suffix5]
    assert columns[0, 0] != columns[2, 0]  # prefixes "reg" vs "for"


def test_embedding_with_affixes_has_the_configured_width(tokenizer_nlp: spacy.Language) -> None:
    from kilde.nlp.features import GazetteerMultiHashEmbed

    embed = GazetteerMultiHashEmbed(
        width=16, attrs=["NORM", "SUFFIX"], rows=[50, 50], inflections=True, affixes=True
    )
    docs = [tokenizer_nlp("Statsministeren siger, at det går godt."), tokenizer_nlp("Ja")]
    embed.initialize(X=docs)
    vectors = embed.predict(docs)
    assert [v.shape for v in vectors] == [(len(docs[0]), 16), (1, 16)]


def test_gazetteer_marks_multiword_organisations() -> None:
    table = {"Dansk": MULTIWORD_START, "Dansk Folkeparti": IN_MULTIWORD_PLACE | ORG_NAME}
    bits = gazetteer_bits(["Dansk", "Folkeparti", "vil"], lambda k: table.get(k, 0))
    assert bits == [IN_MULTIWORD_PLACE | ORG_NAME] * 2 + [0]


def test_sentence_hints(tokenizer_nlp: spacy.Language) -> None:
    from kilde.nlp.sentences import sentence_hints

    doc = sentence_hints(tokenizer_nlp('Han sagde: "Slut." Så gik han (hjem).\n\nNyt afsnit'))
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Nyt"] is True
    assert starts['"'] is False  # the closing quote, glued to "Slut."
    assert starts[")"] is False
    assert starts["\n\n"] is False
    assert starts["Så"] is None  # left to the parser


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Det koster 20 kr. stk.. Jeg husker det", "..", False),  # stray punctuation
        ("Han scorede i det 43. minut", "minut", False),  # lower case continues
        ("Han kom. »Nu går vi,« sagde han", "Nu", False),  # after an opening quote
        ('Han kom. "Nu går vi," sagde han', "Nu", False),
        ('Hvad nu? "Nu går vi," sagde han', '"', True),  # quote after ? and before a capital
        ("Hvad nu. - Nu går vi, sagde han", "-", True),  # quote dash after a full stop
        ("Vi gik hjem til Søren Men det hjalp ikke", "Men", True),  # headline without stop
        ("Han stemmer på Det Radikale Venstre", "Det", None),  # a name: left to the parser
        ("Jeg takker Dem for Deres brev", "Deres", None),  # polite pronoun
        ("Jeg ved, hvad I vil", "I", None),
        ("Hun er leder af Den alternative Skole", "Den", None),  # a name after `af`
        ("Han ringede. TRE MÅL I KAMPEN Holdet vandt", "Holdet", True),  # after a headline
        ("Han ringede. TRE MÅL I KAMPEN Holdet vandt", "MÅL", False),  # inside it
        ("TRE MÅL I KAMPEN 600 fans jublede", "600", True),
        ("Han så DR TV Avisen i går", "Avisen", None),  # acronyms, not a headline
        ("Chefen C. V. Jørgensen kom", "Jørgensen", False),  # after an initial
        ("Skriv til Postboks 12, 1005 København K. Derfor venter vi", "Derfor", None),
        ("Det er galt. 2) Hvis det er sket, er det værre", "2", True),  # a list marker
        ("Det er galt. 2) Hvis det er sket, er det værre", "Hvis", False),
    ],
)
def test_sentence_hint_rules(
    tokenizer_nlp: spacy.Language, text: str, word: str, expected: bool | None
) -> None:
    from kilde.nlp.sentences import sentence_hints

    doc = sentence_hints(tokenizer_nlp(text))
    token = next(t for t in doc if t.text == word)  # the first one
    assert token.is_sent_start is expected


def test_whitespace_never_governs(tokenizer_nlp: spacy.Language) -> None:
    from spacy.tokens import Doc

    from kilde.nlp.sentences import whitespace_heads

    words = ["Hun", "kom", ".", "\n\n", "Ja"]
    doc = Doc(
        tokenizer_nlp.vocab,
        words=words,
        spaces=[True, False, False, False, False],
        heads=[1, 3, 1, 3, 4],  # the parser made the paragraph break the root
        deps=["subj", "mod", "pnct", "ROOT", "ROOT"],
        pos=["PRON", "VERB", "PUNCT", "SPACE", "INTJ"],
    )
    whitespace_heads(doc)
    assert [t.head.text for t in doc] == ["kom", "kom", "kom", "kom", "Ja"]
    assert doc[1].dep_ == "ROOT" and doc[3].dep_ == "pnct"


@needs_model
def test_model_has_components(nlp: spacy.Language) -> None:
    names = ("morphologizer", "trainable_lemmatizer", "kilde_sentence_hints", "parser")
    for name in (*names, "kilde_whitespace_heads", "ner"):
        assert name in nlp.pipe_names
    assert {"PER", "ORG", "LOC", "MISC"} <= set(nlp.get_pipe("ner").labels)
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC BY-SA 4.0"


@needs_model
def test_model_annotates_news(nlp: spacy.Language) -> None:
    doc = nlp("– Vi er meget glade, siger Mette Frederiksen. Hun kom til København i går.")
    assert len(list(doc.sents)) == 2
    assert all(t.pos_ and t.dep_ for t in doc)
    assert any(e.label_ == "PER" and "Frederiksen" in e.text for e in doc.ents)


@needs_model
def test_model_loads_in_a_fresh_process() -> None:
    code = "from kilde.nlp import load_base; print(','.join(load_base().pipe_names))"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "no_proxy": "*", "http_proxy": "http://0.0.0.0:9"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert "parser" in out.stdout and "ner" in out.stdout


@needs_model
def test_model_info_command() -> None:
    from kilde.cli import main

    result = CliRunner().invoke(main, ["model", "info"])
    assert result.exit_code == 0, result.output
    assert "components" in result.output and "ner" in result.output


@needs_model
@needs_data
def test_evaluate_smoke_on_a_tiny_slice(nlp: spacy.Language) -> None:
    from kilde.nlp.evaluate import evaluate_pipeline

    scores = evaluate_pipeline(nlp, DATA, limit=1)
    news = scores["news_test"]
    assert news["docs"] == 1
    assert 50 < news["upos_acc"] <= 100
    assert news["ner"]["f"] is not None
    assert scores["speed"]["words_per_second"] > 0
