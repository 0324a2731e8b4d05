"""Readers never raise on hostile input: every file yields articles or clear failures."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kilde.article import Article
from kilde.ingest import IngestFailure, read_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEEDS = [
    (FIXTURES / name).read_bytes()
    for name in ("articles.jsonl", "newsml-g2.xml", "nitf.xml", "ninjs-1.json", "article.html")
]
SUFFIXES = [".txt", ".jsonl", ".json", ".xml", ".html"]


def mutate(seed: bytes, cut: int, junk: bytes, at: int) -> bytes:
    """A fixture truncated and with junk spliced in: the usual damage of real archives."""
    data = seed[: max(1, len(seed) * cut // 100)]
    position = len(data) * at // 100
    return data[:position] + junk + data[position:]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.sampled_from(SEEDS),
    cut=st.integers(1, 100),
    junk=st.binary(max_size=40),
    at=st.integers(0, 100),
    suffix=st.sampled_from(SUFFIXES),
)
def test_damaged_documents_never_raise(tmp_path_factory, seed, cut, junk, at, suffix):
    target = tmp_path_factory.mktemp("fuzz") / f"doc{suffix}"
    target.write_bytes(mutate(seed, cut, junk, at))
    for item in read_inputs([str(target)], detect_languages=False):
        assert isinstance(item, Article | IngestFailure)
        if isinstance(item, IngestFailure):
            assert item.source.startswith(str(target)) and item.reason
        else:
            assert item.text.strip()
