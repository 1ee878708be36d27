"""Twinnings from Wikidata (property P190, "twinned administrative body"), as exported to TSV.

Columns: ``origincityLabel, origincountry, originlat, originlong, originpopulation,
sistercityLabel, destinationlat, destinationlong, destinationpopulation,
destination_countryLabel, dist, eu``; ``munigraph fetch wikidata`` adds ``origincity,
sistercity`` (Wikidata item ids), ``start, end`` (the twinning's dates) and
``origincityLabels, sistercityLabels`` (names in other languages, ``pt=Munique|de=München``).
Each row is a twinning between two places: one twinning Agreement (the same id as a
``sister_city`` fact of the same pair) with both as partners, evidenced by the file's line.
A pair is one twinning whichever place comes first and however often Wikidata repeats it
(an export does, once per coordinate or population it holds).

A place is matched to a known actor by its Wikidata id first; else by name and country,
and by coordinates when both have them: one within 25 km is the same place, one further
away is another place of the same name ("Saint-Denis" in Réunion and near Paris), which gets
an id of its own. Places gain the Wikidata id, names, coordinates and population of their
first row. Rows naming a country that is no ISO 3166-1 country (historic states such as
"Prussia") or an unnamed place are rejected with the reason.
"""

from __future__ import annotations

import csv
import math

from munigraph.graph.model import ACTOR_TYPES, fold
from munigraph.language import N_, _

from . import places
from .common import Loaded, RowError, known_as, new_actor, table_reader, table_rows, twinning_id
from .countries import country as country_node
from .countries import country_code
from .dates import date_properties
from .files import first_line
from .resolve import WIKIDATA_ITEM, naming, own_id, type_hint

FORMAT = "wikidata"
COLUMNS = ("origincityLabel", "origincountry", "originlat", "originlong", "originpopulation",
           "sistercityLabel", "destinationlat", "destinationlong", "destinationpopulation",
           "destination_countryLabel")
EXTENDED = ("origincity", "sistercity", "start", "end", "origincityLabels", "sistercityLabels")
NEAR_KM = places.NEAR_KM


def detect(path, head: bytes) -> bool:
    """A TSV whose header names the two places of a Wikidata P190 export (a missing column
    is then reported by name)."""
    return {"origincityLabel", "sistercityLabel"} <= set(first_line(head).split("\t"))


def read(path, resolver, snapshot=None, progress=None) -> Loaded:
    """The twinnings in ``path``; rows that cannot be loaded are problems."""
    loaded = Loaded(path, FORMAT)
    text, reader = table_reader(loaded, COLUMNS, lambda header: "\t",
                                _("; a Wikidata P190 export has: {columns}").format(columns=", ".join(COLUMNS)),
                                quoting=csv.QUOTE_NONE)
    if reader is None:
        return loaded
    lines = text.splitlines()
    source = f"source:wikidata-p190-{path.stem.lower()}"
    loaded.node(("Source",), {"id": source, "title": f"Wikidata P190 twinnings ({path.name})",
                              "publisher": "Wikidata", "file": path.name, "input": FORMAT,
                              "url": "https://www.wikidata.org/wiki/Property:P190"})
    rows, seen = [], set()
    for number, row in table_rows(loaded, reader, progress):
        try:
            places, dates = [place_of(row, ORIGIN), place_of(row, SISTER)], _dates(row)
        except RowError as error:
            loaded.problem(number, error.field, str(error), error.code)
            continue
        items = [p["item"] for p in places]
        pair = tuple(sorted(items)) if all(items) else \
            (*sorted((p["name"], p["country"]) for p in places), row.get("dist"))
        if pair in seen:  # an export repeats a pair once per coordinate or population it holds
            loaded.outcomes[N_("repeated rows")] += 1
            continue
        seen.add(pair)
        rows.append((number, places, dates))
    spread = _spread_out([place for _, places, _dates in rows for place in places])
    for number, places, dates in rows:
        if _same_place(*places):
            loaded.problem(number, SISTER[0], _("{name} is twinned with itself").format(name=repr(places[0]["name"])),
                           "self-twinning")
            continue
        a, b = (_actor(loaded, resolver, place, _find(resolver, place, spread), spread) for place in places)
        if a.id == b.id:  # two names of one known actor ("Lisbon", "Lisboa")
            loaded.problem(number, SISTER[0], _("{name} is {id}, twinned with itself").format(
                name=repr(places[1]["name"]), id=a.id), "self-twinning")
            continue
        agreement = twinning_id(a.id, b.id)
        loaded.outcomes[N_("rows stating a twinning")] += 1
        own = twinning_id(*(_own_id(p, spread) for p in places))
        loaded.node(("Cooperation", "Agreement"), {"id": agreement, "name": f"Twinning {a.name} – {b.name}",
                                                   "kind": "twinning", **dates,
                                                   **({"ids": [own]} if own != agreement else {})})
        for actor in (a, b):
            loaded.link("TAKES_PART", ("Actor", actor.id), ("Cooperation", agreement), role="partner",
                        sources=[source])
        loaded.link("EVIDENCED_BY", ("Cooperation", agreement), ("Source", source),
                    quote=lines[number - 1], sources=[source])
    loaded.outcomes[N_("distinct twinnings")] = len({n.key for n in loaded.batch.nodes if n.primary == "Cooperation"})
    return loaded


def _key(place) -> tuple:
    """What makes two places of the file the same name: the name as actors are named, the country."""
    return fold(naming(place["name"])[0]), place["country"]


def _spread_out(places) -> set:
    """The keys of names that places further apart than ``NEAR_KM`` share in the file
    ("Erbach" in the Odenwald and on the Danube); a Wikidata item is one place wherever its
    rows put it."""
    spots, items = {}, set()
    for place in places:
        if place["lat"] is not None and (place["item"] is None or place["item"] not in items):
            spots.setdefault(_key(place), []).append(place)
            items.add(place["item"])
    return {key for key, found in spots.items()
            if any(_km(a, b["lat"], b["lon"]) > NEAR_KM for a in found for b in found)}


def _same_place(a, b) -> bool:
    if a["item"] and b["item"]:
        return a["item"] == b["item"]
    near = a["lat"] is None or b["lat"] is None or _km(a, b["lat"], b["lon"]) <= NEAR_KM
    return _key(a) == _key(b) and near


ORIGIN = ("origincityLabel", "origincountry", "originlat", "originlong", "originpopulation",
          "origincity", "origincityLabels")
SISTER = ("sistercityLabel", "destination_countryLabel", "destinationlat", "destinationlong",
          "destinationpopulation", "sistercity", "sistercityLabels")


def place_of(row, columns) -> dict:
    """The side of ``row`` that ``columns`` (``ORIGIN`` or ``SISTER``) name, as a place, or a
    ``RowError`` saying why it is none."""
    name, country, lat, lon, population, item, labels = columns
    label = (row.get(name) or "").strip()
    if not label or (label[0] in "Qt" and label[1:].isdigit()):
        raise RowError(name, _("{value} is an unnamed Wikidata item, not a place name").format(value=repr(label)),
                       "unnamed-item")
    try:
        code = country_code(row.get(country) or "")
    except ValueError:
        raise RowError(country, _("{value} is not a country with an ISO code (a historic "
                                  "state, or a territory without one)").format(value=repr(row.get(country))),
                       "unknown-country") from None
    if code is None:
        raise RowError(country, _("{name} has no country").format(name=repr(label)), "missing-value")
    identifier = (row.get(item) or "").strip() or None
    if identifier is not None and not WIKIDATA_ITEM.fullmatch(identifier):
        raise RowError(item, _("{value} is not a Wikidata item id (Q and digits: Q597)").format(
            value=repr(identifier)), "bad-value")
    return {"name": label, "country": code, "lat": _number(row.get(lat)), "lon": _number(row.get(lon)),
            "population": _integer(row.get(population)), "item": identifier,
            "names": names_of(row.get(labels))}


def names_of(text) -> list:
    """The names of a ``…Labels`` cell, without their languages.

    >>> names_of("pt=Munique|de=München|fr=Munich")
    ['Munique', 'München', 'Munich']
    """
    pairs = (part.partition("=") for part in (text or "").split("|"))
    return list(dict.fromkeys(name.strip() for _lang, sep, name in pairs if sep and name.strip()))


def _dates(row) -> dict:
    """The twinning's ``start`` and ``end`` with their precisions, when the row gives them."""
    properties = {}
    for name in ("start", "end"):
        text = (row.get(name) or "").strip()
        if not text:
            continue
        found = date_properties(name, text)
        if found is None:
            raise RowError(name, _("{value} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)").format(
                value=repr(text)), "bad-date")
        properties.update(found)
    return properties


def _find(resolver, place, spread):
    """The known actor that is ``place``, or None when it is a new one: the one actor with
    its Wikidata id; else the one actor that is the GeoNames place at the row's coordinates;
    else a known actor of its name with coordinates within ``NEAR_KM``; else one of its
    name without coordinates, only when no two places far apart in the file share its name,
    no other actor does and it has no other Wikidata id. Wikidata has an item for a town and
    another for its municipality ("Sintra", "Sintra Municipality"): near each other, they
    are one actor (``_actor`` keeps the second id in ``wikidataIds``). An actor known only
    by a name that GeoNames gives to several places of the country ("Lagoa" in the Algarve
    and in the Azores) is none of them."""
    if place["item"]:
        same_item = resolver.with_external({"wikidataId": place["item"]}, place["country"])
        if len(same_item) == 1:
            return same_item[0]
    gazetteer = places.identify(place["name"], place["country"], place["lat"], place["lon"])
    external = {"geonamesId": gazetteer.geonames_id} if gazetteer else None
    shared = len(places.by_name(place["country"]).get(_key(place)[0], ())) > 1
    if gazetteer is not None and place["lat"] is not None:  # GeoNames' place at these coordinates
        same_place = [actor for actor in resolver.with_external(external, place["country"])
                      if actor.lat is not None or not shared]  # else GeoNames' id is a guess
        if len(same_place) == 1:
            return same_place[0]
    candidates = resolver.candidates(place["name"], place["country"], _kind(place), external=external)
    if place["lat"] is not None:
        near = sorted((_km(place, c.lat, c.lon), c.id, c) for c in candidates if c.lat is not None)
        if near and near[0][0] <= NEAR_KM:
            return near[0][2]
        if _key(place) in spread:
            return None
        candidates = [c for c in candidates if c.lat is None]
    candidates = [c for c in candidates if c.external.get("wikidataId") in (None, place["item"])]
    return candidates[0] if len(candidates) == 1 and not shared else None


def _actor(loaded, resolver, place, found, spread):
    """The actor of ``place``: ``found`` gaining coordinates and population, or a new one."""
    details = {k: place[k] for k in ("lat", "lon", "population") if place[k] is not None}
    if found is None:
        kind = _kind(place)
        identifier = own_id(place["name"], kind, place["country"])
        if place["lat"] is not None and (identifier in resolver.by_id or _key(place) in spread):
            identifier = _at(identifier, place)
        elif identifier in resolver.by_id and place["item"]:  # another place of that name
            identifier = f"{identifier}-{place['item'].lower()}"
        return new_actor(loaded, resolver, place["name"], kind, place["country"], identifier,
                         wikidataId=place["item"], placeNames=place["names"], **details)
    known_as(loaded, resolver, found, _own_id(place, spread))
    gained = {} if found.lat is not None else details
    if place["item"] and "wikidataId" not in found.external:
        found.external["wikidataId"] = gained["wikidataId"] = place["item"]
    elif place["item"] and place["item"] != found.external["wikidataId"] and place["item"] not in found.wikidata_ids:
        found.wikidata_ids.append(place["item"])
        gained["wikidataIds"] = [place["item"]]
    names = [n for n in place["names"] if n not in found.place_names and n != found.name]
    if names:
        found.place_names += names
        gained["placeNames"] = names
    if gained:
        if "lat" in gained:
            found.lat, found.lon = place["lat"], place["lon"]
        resolver.add(found)
        loaded.node(("Actor", ACTOR_TYPES[found.type]), {"id": found.id, **gained})
    loaded.node(("Country",), country_node(place["country"]))
    return found


def _own_id(place, spread) -> str:
    """The id the file alone gives ``place``: its name's, with its coordinates when places
    far apart in the file share that name (``municipality:de:erbach-49-7n-9-0e``)."""
    identifier = own_id(place["name"], _kind(place), place["country"])
    return _at(identifier, place) if _key(place) in spread and place["lat"] is not None else identifier


def _at(identifier, place) -> str:
    """``identifier`` with the place's coordinates."""
    return f"{identifier}-{_coordinate(place['lat'], 'n', 's')}-{_coordinate(place['lon'], 'e', 'w')}"


def _kind(place) -> str:
    """A twinned administrative body is a municipality unless its name says region."""
    return "region" if type_hint(place["name"]) == "region" else "municipality"


def _km(place, lat, lon) -> float:
    """Great-circle distance in km between a place and a point."""
    return places.km(place["lat"], place["lon"], lat, lon)


def _coordinate(value, positive, negative) -> str:
    """``48.93`` → ``48-9n``: a coordinate as an id part."""
    return f"{abs(value):.1f}".replace(".", "-") + (positive if value >= 0 else negative)


def _number(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _integer(text):
    value = _number(text)
    return int(value) if value is not None and value >= 0 else None
