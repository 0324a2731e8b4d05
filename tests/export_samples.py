"""Hand-made `Analysis` objects for the exporter tests (no NLP model needed)."""

from __future__ import annotations

from kilde.article import Analysis, Entity, Quote, Span, Speaker

TEXT = (
    "Byrådet i Vestby Kommune lukker to skoler.\n\n"
    "- Vi har ikke råd til at holde dem åbne, siger borgmester Anne Holm (S) til DR.\n\n"
    "Skolebestyrelsen mener, at beslutningen er forhastet, oplyser formanden 🙂.\n\n"
    "/ritzau/"
)


def span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def sample_analysis() -> Analysis:
    """An article with a direct and an indirect quote, entities and a byline."""
    q1 = span(TEXT, "Vi har ikke råd til at holde dem åbne")
    q2 = span(TEXT, "beslutningen er forhastet")
    mention = span(TEXT, "Anne Holm")
    anon = span(TEXT, "Skolebestyrelsen")
    return Analysis(
        path="corpus/vestby-skoler.txt",
        id="a1b2c3d4e5f60718",
        url="https://www.vestbyposten.dk/lokalt/skoler",
        outlet="Vestbyposten",
        title="Kommunen lukker to skoler",
        date="2023-04-12",
        bylines=["ritzau"],
        language="da",
        text=TEXT,
        quotes=[
            Quote(
                kind="direct",
                text=TEXT[q1[0] : q1[1]],
                start=q1[0],
                end=q1[1],
                speaker=Speaker(
                    name="Anne Holm",
                    type="person",
                    role="borgmester",
                    gender="f",
                    mention=Span(text="Anne Holm", start=mention[0], end=mention[1]),
                ),
                cue="siger",
                medium="DR",
                confidence=0.93,
            ),
            Quote(
                kind="indirect",
                text=TEXT[q2[0] : q2[1]],
                start=q2[0],
                end=q2[1],
                speaker=Speaker(
                    name="Skolebestyrelsen",
                    type="organization",
                    mention=Span(text="Skolebestyrelsen", start=anon[0], end=anon[1]),
                ),
                cue="mener",
                confidence=0.8,
            ),
        ],
        entities=[
            Entity(text="Vestby Kommune", label="LOC", start=10, end=24),
            Entity(text="Anne Holm", label="PER", start=mention[0], end=mention[1]),
            Entity(text="DR", label="ORG", start=span(TEXT, "DR")[0], end=span(TEXT, "DR")[1]),
            Entity(text="S", label="MISC", start=mention[1] + 2, end=mention[1] + 3),
        ],
    )


def quoteless_analysis() -> Analysis:
    return Analysis(id="0000000000000000", text="Ingen citater her.", language=None)
