"""Fetch the twinnings of countries from Wikidata into the Wikidata TSV that ``munigraph
load`` reads (``loaders/wikidata.py``), extended with item ids, dates and names.

Two queries, both files of this package that ``--show-query`` prints:
``wikidata-p190.rq`` (the twinnings of one country's places, sent once per country) and
``wikidata-places.rq`` (population and names of the places found, a few hundred at a time).
A twinning Wikidata states on both sides, or once per coordinate, is one row. A row the
loader would reject (an unnamed place, a country without an ISO code) is left out and
reported, so the file loads as it is. The file is written, and the answers cached, only when
every answer was read.
"""

from __future__ import annotations

import csv
import datetime
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from munigraph.graph.errors import FetchError
from munigraph.graph.model import fold
from munigraph.language import _

from . import wikidata
from .common import RowError
from .countries import country_code
from .resolve import WIKIDATA_ITEM

TWINNINGS_QUERY = "wikidata-p190.rq"
PLACES_QUERY = "wikidata-places.rq"
TWINNING_VARIABLES = ("item", "itemLabel", "itemCountryCode", "partner", "partnerLabel", "partnerCountryCode",
                      "start", "end", "itemCoord", "partnerCoord")
PLACE_VARIABLES = ("place", "population", "populationDate", "label")
COLUMNS = wikidata.COLUMNS + wikidata.EXTENDED
LANGUAGES = ("pt", "en", "es", "fr", "it", "de", "mul")  # names written first, in this order
BATCH = 250  # places per query of their population and names
ENTITY = "http://www.wikidata.org/entity/"
POINT = re.compile(r"\s*(?:<[^>]*>\s*)?Point\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*", re.IGNORECASE)


def query_file(name: str) -> str:
    """The text of one of the package's SPARQL files."""
    return resources.files("munigraph.loaders").joinpath(name).read_text(encoding="utf-8")


def twinnings_query(code: str) -> str:
    """The twinnings query for the country with ISO code ``code`` (checked: two letters)."""
    assert re.fullmatch(r"[A-Z]{2}", code), code
    return re.sub(r'VALUES \?itemCountryCode \{[^}]*\}', f'VALUES ?itemCountryCode {{ "{code}" }}',
                  query_file(TWINNINGS_QUERY), count=1)


def places_query(items) -> str:
    """The population-and-names query for the Wikidata ``items`` (checked: Q ids)."""
    assert all(WIKIDATA_ITEM.fullmatch(item) for item in items), items
    values = " ".join(f"wd:{item}" for item in items)
    return re.sub(r"VALUES \?place \{[^}]*\}", f"VALUES ?place {{ {values} }}", query_file(PLACES_QUERY), count=1)


def country_codes(countries) -> list:
    """ISO codes of ``countries`` (codes or names: "PT", "Brasil"; one as a string), in order,
    without repeats."""
    codes = []
    for given in [countries] if isinstance(countries, str) else countries:
        try:
            code = country_code(given)
        except ValueError:
            code = None
        if code is None:
            raise FetchError(_("{value} is not a country; give its ISO code (BR, PT, MZ) or its name").format(
                value=repr(given)))
        codes.append(code)
    if not codes:
        raise FetchError(_("name at least one country (--country BR)"))
    return list(dict.fromkeys(codes))


@dataclass
class FetchReport:
    """What a fetch asked and wrote."""

    path: Path
    countries: list
    endpoint: str
    twinnings: int = 0  # rows written
    places: int = 0
    by_country: dict = field(default_factory=dict)  # code -> twinnings Wikidata states of its places
    left_out: list = field(default_factory=list)  # why each twinning left out is
    requests: int = 0  # answers asked of the service, retries included
    answers: int = 0  # queries answered
    cached: int = 0  # of which from the cache
    cached_since: float | None = None  # when the oldest cached answer was fetched
    contact: str | None = None


def fetch(countries, output, client, progress=None) -> FetchReport:
    """Ask ``client`` (a ``sparql.Client``) for the twinnings of ``countries`` and write
    them to the TSV ``output``. ``progress(stage, n, total)`` is told of each answer."""
    codes = country_codes(countries)
    report = FetchReport(Path(output), codes, client.endpoint, contact=client.contact)
    if report.path.is_dir():
        raise FetchError(_("{file} is a folder; give -o a file name").format(file=report.path))
    if not report.path.parent.is_dir():
        raise FetchError(_("cannot write {file}: the folder {folder} does not exist").format(
            file=report.path, folder=report.path.parent))
    pairs, places = {}, {}
    for code in codes:
        answer = _ask(client, report, twinnings_query(code), _("the twinnings of {code}").format(code=code),
                      TWINNING_VARIABLES)
        report.by_country[code] = len(_gather(answer.bindings, pairs, places))
        if progress:
            progress("twinnings", 1, len(codes))
    if not pairs:
        said = _("{endpoint} knows no twinning of a place in {countries}; nothing was written").format(
            endpoint=client.endpoint, countries=", ".join(codes))
        if report.cached:
            said += _(" (its answer of {since} in the cache; --refresh asks again)").format(
                since=when(report.cached_since))
        raise FetchError(said)
    items = sorted(places, key=lambda q: int(q[1:]))
    batches = [items[i:i + BATCH] for i in range(0, len(items), BATCH)]
    for batch in batches:
        answer = _ask(client, report, places_query(batch),
                      _("the population and names of {n} places").format(n=len(batch)), PLACE_VARIABLES)
        _describe(answer.bindings, places)
        if progress:
            progress("places", 1, len(batches))
    rows = _rows(pairs, places, report)
    if not rows:
        raise FetchError(_("none of the {n} twinnings found can be loaded ({why}); nothing was written").format(
            n=len(pairs), why=report.left_out[0]))
    _write(report.path, rows)
    client.keep()
    report.twinnings, report.places = len(rows), len({row[c] for row in rows for c in ("origincity", "sistercity")})
    report.requests = client.requests
    return report


def when(timestamp: float) -> str:
    """A moment as people read it: 2026-12-03 16:23."""
    return datetime.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def _ask(client, report, query, what, variables):
    answer = client.select(query, what, variables)
    report.answers += 1
    if answer.cached_at is not None:
        report.cached += 1
        report.cached_since = min(report.cached_since or answer.cached_at, answer.cached_at)
    return answer


def _value(binding, name):
    return (binding.get(name) or {}).get("value")


def _item(binding, name):
    """The Q id of an entity in a binding, or None."""
    value = _value(binding, name) or ""
    item = value[len(ENTITY):] if value.startswith(ENTITY) else ""
    return item if WIKIDATA_ITEM.fullmatch(item) else None


def _gather(bindings, pairs, places) -> set:
    """Add the twinnings of a twinnings answer to ``pairs`` (frozenset of two Q ids -> the
    first row's item, partner and dates) and their places to ``places``; the pairs seen."""
    seen = set()
    for binding in bindings:
        item, partner = _item(binding, "item"), _item(binding, "partner")
        if not item or not partner:
            continue
        for q, side in ((item, "item"), (partner, "partner")):
            place = places.setdefault(q, {"label": None, "country": None, "point": None,
                                          "population": None, "names": {}})
            place["label"] = place["label"] or _value(binding, f"{side}Label")
            place["country"] = place["country"] or _value(binding, f"{side}CountryCode")
            place["point"] = place["point"] or _point(_value(binding, f"{side}Coord"))
        key = frozenset((item, partner))
        seen.add(key)
        pair = pairs.setdefault(key, {"origin": item, "sister": partner, "start": None, "end": None})
        for name in ("start", "end"):
            pair[name] = pair[name] or _value(binding, name)
    return seen


def _point(text):
    """``(lat, lon)`` of a WKT ``Point(lon lat)``, or None."""
    match = POINT.fullmatch(text or "")
    return (float(match[2]), float(match[1])) if match else None


def _describe(bindings, places) -> None:
    """Give ``places`` the population (the latest figure) and names of a places answer."""
    figures = {}
    for binding in bindings:
        q = _item(binding, "place")
        if q not in places:
            continue
        if "label" in binding:
            language = binding["label"].get("xml:lang") or ""
            places[q]["names"].setdefault(language, binding["label"]["value"])
        population = _value(binding, "population")
        if population is not None:
            try:
                figure = int(float(population))
            except ValueError:
                continue
            figures.setdefault(q, []).append((_value(binding, "populationDate") or "", figure))
    for q, found in figures.items():
        places[q]["population"] = max(found)[1]


def _rows(pairs, places, report) -> list:
    """The TSV rows of ``pairs``, sorted by places' names; rows the loader would reject are
    left out, with the reason in ``report.left_out``."""
    rows = []
    for pair in pairs.values():
        if pair["origin"] == pair["sister"]:
            report.left_out.append(_("{item}: twinned with itself").format(item=pair["origin"]))
            continue
        origin, sister = places[pair["origin"]], places[pair["sister"]]
        row = {**_side(origin, pair["origin"], wikidata.ORIGIN), **_side(sister, pair["sister"], wikidata.SISTER),
               "start": pair["start"] or "", "end": pair["end"] or ""}
        try:
            for side in (wikidata.ORIGIN, wikidata.SISTER):
                wikidata.place_of(row, side)
        except RowError as error:
            report.left_out.append(_("{origin} – {sister}: {why}").format(
                origin=pair["origin"], sister=pair["sister"], why=error))
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: (r["origincountry"], fold(r["origincityLabel"]), fold(r["sistercityLabel"]),
                                       r["origincity"], r["sistercity"]))


def _side(place, item, columns) -> dict:
    name, country, lat, lon, population, item_column, labels = columns
    point, names = place["point"], place["names"]
    label = place["label"] or next((names[lang] for lang in _languages(names)), "")
    return {name: _clean(label), country: place["country"] or "",
            lat: "" if point is None else repr(point[0]), lon: "" if point is None else repr(point[1]),
            population: "" if place["population"] is None else str(place["population"]),
            item_column: item, labels: _names({lang: n for lang, n in names.items() if n != label})}


def _names(names: dict) -> str:
    """``pt=Munique|en=Munich|…``: the languages of ``LANGUAGES`` first, then the others."""
    return "|".join(f"{lang}={_clean(names[lang])}" for lang in _languages(names)
                    if "|" not in names[lang] and _clean(names[lang]))


def _languages(names: dict) -> list:
    """The languages of ``names``: those of ``LANGUAGES`` in its order, then the others."""
    return sorted((lang for lang in names if lang),
                  key=lambda lang: (LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES), lang))


def _clean(text: str) -> str:
    """A value without the tabs and line breaks that would break the TSV."""
    return " ".join(text.split())


def _write(path: Path, rows) -> None:
    """Write ``rows`` to ``path`` at once: a file that exists is replaced only when done."""
    part = path.with_name(f".{path.name}.part")
    try:
        with part.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None,
                                    lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
