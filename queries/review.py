"""Suspected duplicates and conflicts, for a curator to settle with ``same_as`` or
``different`` lines in a records file (docs/inputs.md, "Curation").

``review(store)`` lists, with the evidence of each side:

- ``same name and country``: two actors of one country with the same name (any case,
  accents optional); ``same GeoNames id``, ``same Wikidata id``;
- ``name piece``: a piece of an actor's name (around a dash or slash, in brackets) is the
  name or an alias of another actor of its country (or of an international one):
  "GIZ (…) / BMZ" and GIZ; a piece of a name is never taken as the name by itself;
  places far apart ("Frankfurt (Oder)" and Frankfurt am Main) are left out;
- ``same parties and year``: two agreements, events or exchanges of one kind with the same
  parties (at least two) and years that do not disagree, which the merge rules left apart;
- ``roles differ``: an actor that different sources give different roles in one cooperation.

Two places of one name whose coordinates lie further apart than ``places.NEAR_KM`` are
two places, not suspects.

Pairs a records file says are ``different`` are not listed.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from munigraph.graph.model import fold
from munigraph.language import C_

from .output import Rows

ACTORS = ("MATCH (a:Actor) OPTIONAL MATCH (a)-[t:TAKES_PART]->() "
          "RETURN a.id AS id, a.name AS name, a.country AS country, a.geonamesId AS geonames, "
          "coalesce(a.aliases, []) AS aliases, "
          "a.wikidataId AS wikidata, coalesce(a.differentFrom, []) AS apart, a.lat AS lat, a.lon AS lon, "
          "[l IN labels(a) WHERE l <> 'Actor'][0] AS kind, "
          "reduce(s = [], x IN collect(coalesce(t.sources, [])) | s + x) AS sources")
COOPERATIONS = ("MATCH (c:Cooperation) WHERE coalesce(c.kind, '') <> 'twinning' "
                "OPTIONAL MATCH (a:Actor)-[t:TAKES_PART]->(c) "
                "OPTIONAL MATCH (c)-[e:EVIDENCED_BY]->(s:Source) "
                "RETURN c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Cooperation'][0] AS kind, "
                "coalesce(c.signed, c.start) AS date, coalesce(c.differentFrom, []) AS apart, "
                "collect(DISTINCT a.id) AS parties, collect(DISTINCT s.id + ': ' + e.quote)[..2] AS evidence")
ROLES = ("MATCH (a:Actor)-[t:TAKES_PART]->(c:Cooperation) WITH a, c, collect(t) AS ts WHERE size(ts) > 1 "
         "AND size(reduce(s = [], t IN ts | CASE WHEN t.sources IN s THEN s ELSE s + [t.sources] END)) > 1 "
         "RETURN a.id AS actor, a.name AS name, c.id AS cooperation, "
         "[t IN ts | t.role + ' (' + reduce(s = '', x IN coalesce(t.sources, []) | s + ' ' + x) + ' )'] AS roles")
KEYS = [C_("column", "reason"), C_("column", "kind"), C_("column", "a"), C_("column", "a_name"),
        C_("column", "a_evidence"), C_("column", "b"), C_("column", "b_name"),
        C_("column", "b_evidence"), C_("column", "same_as")]


def review(store) -> Rows:
    """The suspected duplicates and conflicting roles of the graph in ``store``."""
    actors = store.read(ACTORS)
    rows = _places(actors) + _pieces(actors) + _cooperations(store.read(COOPERATIONS)) + _roles(store.read(ROLES))
    return Rows(rows, KEYS)


def _pair(reason, kind, a, b, evidence_a, evidence_b) -> dict:
    return {"reason": reason, "kind": kind, "a": a["id"], "a_name": a["name"], "a_evidence": evidence_a,
            "b": b["id"], "b_name": b["name"], "b_evidence": evidence_b,
            "same_as": f"- ids: [{a['id']}, {b['id']}]"}


def _places(actors) -> list:
    groups = defaultdict(list)
    for actor in actors:
        if actor["country"]:
            groups["same name and country", fold(actor["name"]), actor["country"]].append(actor)
        for key in ("geonames", "wikidata"):
            if actor[key] is not None:
                groups[f"same {'GeoNames' if key == 'geonames' else 'Wikidata'} id", actor[key]].append(actor)
    found, seen = [], set()
    for key, members in sorted(groups.items(), key=lambda item: str(item[0])):
        for a, b in combinations(sorted(members, key=lambda m: m["id"]), 2):
            if (a["id"], b["id"]) in seen or b["id"] in a["apart"] or a["id"] in b["apart"] or _far(a, b):
                continue
            seen.add((a["id"], b["id"]))
            found.append(_pair(key[0], a["kind"], a, b, _sources(a), _sources(b)))
    return found


def _pieces(actors) -> list:
    from munigraph.loaders.resolve import name_pieces

    named = defaultdict(list)
    for actor in actors:
        for name in {fold(n) for n in [actor["name"], *actor["aliases"]]}:
            named[name].append(actor)
    found, seen = [], set()
    for a in sorted(actors, key=lambda m: m["id"]):
        for piece in name_pieces(a["name"]):
            for b in named.get(fold(piece), ()):
                pair = tuple(sorted((a["id"], b["id"])))
                if b["id"] == a["id"] or pair in seen or b["id"] in a["apart"] or a["id"] in b["apart"] \
                        or None not in (a["country"], b["country"]) and a["country"] != b["country"] or _far(a, b):
                    continue
                seen.add(pair)
                found.append(_pair("name piece", a["kind"], a, b, _sources(a), _sources(b)))
    return found


def _far(a, b) -> bool:
    """Whether both places have coordinates further apart than ``places.NEAR_KM``: two
    places of one name ("Halle" on the Saale and in Westphalia), not a duplicate."""
    from munigraph.loaders.places import NEAR_KM, km

    if None in (a["lat"], a["lon"], b["lat"], b["lon"]):
        return False
    return km(a["lat"], a["lon"], b["lat"], b["lon"]) > NEAR_KM


def _sources(actor) -> str:
    sources = sorted(set(actor["sources"]))
    return "; ".join(sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")


def _cooperations(cooperations) -> list:
    groups = defaultdict(list)
    for item in cooperations:
        if len(item["parties"]) >= 2 and item["kind"] != "Programme":
            groups[item["kind"], frozenset(item["parties"])].append(item)
    found = []
    for (kind, _), members in sorted(groups.items(), key=lambda g: (g[0][0], sorted(g[0][1]))):
        for a, b in combinations(sorted(members, key=lambda m: m["id"]), 2):
            years = {m["date"].year for m in (a, b) if m["date"] is not None}
            if len(years) <= 1 and b["id"] not in a["apart"] and a["id"] not in b["apart"]:
                found.append(_pair("same parties and year", kind, a, b, " | ".join(a["evidence"]),
                                   " | ".join(b["evidence"])))
    return found


def _roles(rows) -> list:
    return [{"reason": "roles differ", "kind": "TAKES_PART", "a": row["actor"], "a_name": row["name"],
             "a_evidence": "; ".join(row["roles"]), "b": row["cooperation"], "b_name": "", "b_evidence": "",
             "same_as": ""} for row in rows]
