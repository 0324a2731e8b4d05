"""Word lists kilde reads (agencies, speech verbs, titles, first names, …).

Each list is a UTF-8 text file beside this module: one entry per line, `#` starts a
comment, and a line may carry tab-separated fields. Lists are read once and cached.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """Entries of the lexicon `name` (file `name.txt`), comments and blanks dropped."""
    text = resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            entries.append(line.strip())
    return tuple(entries)


@cache
def load_table(name: str) -> dict[str, tuple[str, ...]]:
    """A tab-separated lexicon as {first field: other fields}."""
    table: dict[str, tuple[str, ...]] = {}
    for entry in load_lexicon(name):
        key, *rest = entry.split("\t")
        table[key] = tuple(rest)
    return table
