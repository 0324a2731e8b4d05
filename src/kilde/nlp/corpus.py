"""Build spaCy training/evaluation corpora from the Danish treebank and NER files.

Reads ../shared/data by path (never copies it): the native DDT CoNLL-U files
(`ddt-train-recovered/`) give tokens, UPOS, FEATS, lemmas and DDT dependency trees; the
UNER files (`uner-danish-ddt/`, XNER column = DaN+ tags) give named entities, joined by
`sent_id`. Sentences are grouped into multi-sentence documents in their original order so
the parser learns sentence boundaries. The DaN+ web-forum and Twitter dev sets are added to
the training data as NER-only documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
SENTENCES_PER_DOC = 10
EXTRA_ROOT_LABEL = "dep"

NATIVE_DIR = "ddt-train-recovered"
UNER_DIR = "uner-danish-ddt"
UD_DIR = "ud-danish-ddt"
DANPLUS_DIR = "danplus"
EXTRA_NER_TRAINING = ("da_arto_dev.tsv", "da_twitter_dev.tsv")


@dataclass
class Sentence:
    """One treebank sentence: token columns plus NER tags (BIO, layer-1 PER/ORG/LOC/MISC)."""

    sent_id: str
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)  # PAROLE tags in the native files
    heads: list[int] = field(default_factory=list)  # 0-based within sentence; -1 = root
    deps: list[str] = field(default_factory=list)
    ner: list[str] | None = None


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Sentences of a CoNLL-U file (no multiword tokens expected).

    XPOS is kept on the sentence but never trained on (the UD files misuse it)."""
    sentence: Sentence | None = None
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                sentence = Sentence(sent_id=line.split("= ", 1)[1].strip())
            elif not line:
                if sentence is not None and sentence.words:
                    yield sentence
                sentence = None
            elif not line.startswith("#") and sentence is not None:
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                sentence.words.append(cols[1])
                sentence.lemmas.append(cols[2])
                sentence.upos.append(cols[3])
                sentence.xpos.append(cols[4])
                sentence.feats.append("" if cols[5] == "_" else cols[5])
                sentence.heads.append(int(cols[6]) - 1 if cols[6] not in ("_", "0") else -1)
                sentence.deps.append(cols[7])
                sentence.spaces.append("SpaceAfter=No" not in cols[9])
    if sentence is not None and sentence.words:
        yield sentence


def layer1_entity_tag(tag: str) -> str:
    """Keep layer-1 PER/ORG/LOC/MISC; map -part/-deriv subtypes (and anything else) to O."""
    tag = tag.split("#", 1)[0]
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    return f"{prefix}-{label}" if label in ENTITY_LABELS else "O"


def read_uner_tags(path: Path) -> dict[str, list[str]]:
    """sent_id → layer-1 BIO tags from the XNER column (DaN+ tags) of a UNER iob2 file."""
    tags: dict[str, list[str]] = {}
    current: list[str] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("# sent_id = "):
                current = tags.setdefault(line.split("= ", 1)[1].strip(), [])
            elif line and not line.startswith("#"):
                current.append(layer1_entity_tag(line.split("\t")[3]))
    return tags


def read_danplus(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """(tokens, layer-1 BIO tags) per sentence of a DaN+ 3-column TSV file."""
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            cols = line.split("\t")
            words.append(cols[0])
            tags.append(layer1_entity_tag(cols[1]))
    if words:
        yield words, tags


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) spans of BIO tags; a stray I- starts a new entity (as spaCy does)."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_label = tag.partition("-")
        continues = prefix == "I" and tag_label == label and start >= 0
        if not continues and start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if prefix in ("B", "I") and not continues:
            start, label = i, tag_label
    return spans


def single_rooted(sentence: Sentence) -> Sentence:
    """Attach extra roots (words DDT gives no governor) to the main root, labelled `dep`."""
    roots = [i for i, head in enumerate(sentence.heads) if head == -1]
    if len(roots) <= 1:
        return sentence

    def subtree_size(root: int) -> int:
        size, frontier = 0, [root]
        while frontier:
            node = frontier.pop()
            size += 1
            frontier.extend(i for i, head in enumerate(sentence.heads) if head == node)
        return size

    main = max(roots, key=subtree_size)
    for root in roots:
        if root != main:
            sentence.heads[root] = main
            sentence.deps[root] = EXTRA_ROOT_LABEL
    return sentence


def sentences_to_doc(vocab: Vocab, sentences: list[Sentence], parse: bool = True) -> Doc:
    """One Doc from consecutive sentences, with tags, lemmas, trees, sentence starts and NER."""
    words: list[str] = []
    spaces: list[bool] = []
    heads: list[int] = []
    deps: list[str] = []
    sent_starts: list[bool] = []
    for sentence in sentences:
        offset = len(words)
        words.extend(sentence.words)
        spaces.extend(sentence.spaces[:-1] + [True])
        sent_starts.extend([True] + [False] * (len(sentence.words) - 1))
        if parse:
            sentence = single_rooted(sentence)
            heads.extend(offset + (i if h == -1 else h) for i, h in enumerate(sentence.heads))
            deps.extend(sentence.deps)
    spaces[-1] = False
    tagged = all(s.upos and all(s.upos) for s in sentences)
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        pos=[u for s in sentences for u in s.upos] if tagged else None,
        morphs=[f for s in sentences for f in s.feats] if tagged else None,
        lemmas=[m for s in sentences for m in s.lemmas] if tagged else None,
        heads=heads if parse else None,
        deps=deps if parse else None,
        sent_starts=None if parse else sent_starts,
    )
    entities: list[Span] = []
    offset = 0
    for sentence in sentences:
        if sentence.ner is not None:
            entities.extend(
                Span(doc, offset + start, offset + end, label=label)
                for start, end, label in bio_spans(sentence.ner)
            )
        offset += len(sentence.words)
    doc.ents = entities
    return doc


def chunked(items: list[Sentence], size: int) -> Iterator[list[Sentence]]:
    """Consecutive groups of `size` items (the last may be shorter)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ud_lemma_convention(sentence: Sentence) -> Sentence:
    """Lemmas as UD Danish-DDT writes them: an adjective used as an adverb (PAROLE `AN…R`,
    UPOS ADV: `helt`, `godt`, `hurtigt`) is its own lemma, where DDT gives the adjective
    (`hel`). This is most of the DDT/UD lemma disagreement (measured on the dev split)."""
    columns = zip(sentence.words, sentence.upos, sentence.xpos, strict=True)
    for i, (word, upos, xpos) in enumerate(columns):
        if upos == "ADV" and xpos.startswith("AN"):
            sentence.lemmas[i] = word.lower()
    return sentence


def native_split(data: Path, split: str) -> list[Sentence]:
    """Native DDT sentences of a split with layer-1 NER joined by sent_id; lemmas follow
    the UD convention (`ud_lemma_convention`)."""
    path = data / NATIVE_DIR / f"da_ddt-{split}-native.conllu"
    sentences = [ud_lemma_convention(s) for s in read_conllu(path)]
    tags = read_uner_tags(data / UNER_DIR / f"da_ddt-ud-{split}.iob2")
    for sentence in sentences:
        ner = tags.get(sentence.sent_id)
        if ner is not None and len(ner) != len(sentence.words):
            raise ValueError(f"NER/treebank token mismatch in {sentence.sent_id}")
        sentence.ner = ner
    return sentences


def with_ud_tags(sentences: list[Sentence], ud_path: Path) -> list[Sentence]:
    """Replace UPOS/FEATS/lemma by the official UD annotation (same tokens, by sent_id)."""
    ud = {s.sent_id: s for s in read_conllu(ud_path)}
    for sentence in sentences:
        gold = ud[sentence.sent_id]
        if gold.words != sentence.words:
            raise ValueError(f"UD/native token mismatch in {sentence.sent_id}")
        sentence.upos, sentence.feats, sentence.lemmas = gold.upos, gold.feats, gold.lemmas
    return sentences


def treebank_docs(
    data: Path, split: str, ud_tags: bool = False, per_doc: int = SENTENCES_PER_DOC
) -> Iterator[Doc]:
    """Docs of a treebank split (`train`, `dev`, `test`); `ud_tags`: UPOS/FEATS/lemma from UD."""
    vocab = Vocab()
    sentences = native_split(data, split)
    if ud_tags:
        sentences = with_ud_tags(sentences, data / UD_DIR / f"da_ddt-ud-{split}.conllu")
    for group in chunked(sentences, per_doc):
        yield sentences_to_doc(vocab, group)


def ner_docs(path: Path, per_doc: int = SENTENCES_PER_DOC) -> Iterator[Doc]:
    """NER-only Docs from a DaN+ TSV file (tokens joined by single spaces)."""
    vocab = Vocab()
    sentences = []
    for i, (words, tags) in enumerate(read_danplus(path)):
        n = len(words)
        sentences.append(
            Sentence(
                sent_id=str(i),
                words=words,
                spaces=[True] * n,
                lemmas=[""] * n,
                upos=[""] * n,
                feats=[""] * n,
                ner=tags,
            )
        )
    for group in chunked(sentences, per_doc):
        doc = sentences_to_doc(vocab, group, parse=False)
        yield doc


def write_docbin(docs: Iterable[Doc], path: Path) -> int:
    """Save Docs to a .spacy file; returns the number of docs."""
    docbin = DocBin(store_user_data=False)
    count = 0
    for doc in docs:
        docbin.add(doc)
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
    return count


def extra_ner_docs(data: Path) -> Iterator[Doc]:
    """NER-only training Docs from the DaN+ out-of-domain *dev* sets (web forum, Twitter);
    their test sets stay held out."""
    for filename in EXTRA_NER_TRAINING:
        yield from ner_docs(data / DANPLUS_DIR / filename)


def build_corpus(data: Path, out: Path) -> dict[str, int]:
    """Write train/dev/test .spacy files (test with UD UPOS/FEATS/lemma) into `out`.

    Train is the treebank's train split followed by the NER-only out-of-domain dev sets."""
    train = chain(treebank_docs(data, "train"), extra_ner_docs(data))
    counts = {
        "train": write_docbin(train, out / "train.spacy"),
        "dev": write_docbin(treebank_docs(data, "dev"), out / "dev.spacy"),
        "test": write_docbin(treebank_docs(data, "test", ud_tags=True), out / "test.spacy"),
    }
    return counts
