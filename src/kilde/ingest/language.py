"""Which language an article is written in: Danish told apart from its neighbours.

lingua detectors restricted to the languages kilde meets in Danish news feeds (Danish,
Norwegian Bokmål and Nynorsk, Swedish, English, German) are built once per process, on
first use. Texts of at least `LONG_TEXT_LETTERS` letters (nearly every article) go to
lingua's low-accuracy mode (trigram models, about 15 MB, reliable at that length); only
shorter texts load the full models (about 180 MB, 2 s once). Either classifies an article
in about a millisecond. Only the first `SAMPLE_CHARS` characters are read, so giant
documents cost the same as ordinary ones. Texts with fewer than `MIN_LETTERS` letters are
too short to tell Danish from Norwegian: their language is `None` (undetermined).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

SAMPLE_CHARS = 10_000
MIN_LETTERS = 20
LONG_TEXT_LETTERS = 120
MIN_CONFIDENCE = 0.35

#: ISO 639-1 codes of the languages the detector chooses between.
DETECTED_LANGUAGES = ("da", "nb", "nn", "sv", "en", "de")


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool) -> LanguageDetector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        for code in DETECTED_LANGUAGES
    ]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    if letters < MIN_LETTERS:
        return None
    detector = _detector(low_accuracy=letters >= LONG_TEXT_LETTERS)
    confidences = detector.compute_language_confidence_values(sample)
    if not confidences or confidences[0].value < MIN_CONFIDENCE:
        return None
    return confidences[0].language.iso_code_639_1.name.lower()


def parse_language_list(value: str) -> frozenset[str] | None:
    """`da,nb` → {"da", "nb"}; `all` → None (no filter). `no` stands for both Norwegians."""
    codes = {code.strip().lower() for code in value.split(",") if code.strip()}
    if not codes or "all" in codes:
        return None
    if "no" in codes:
        codes |= {"nb", "nn"}
    return frozenset(codes)


def outside_languages(language: str | None, allowed: frozenset[str] | None) -> bool:
    """True when an article detected as `language` is to be left out under `allowed`
    (from `parse_language_list`). An undetermined language (None) is never left out."""
    return allowed is not None and language is not None and language not in allowed
