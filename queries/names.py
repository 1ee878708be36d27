"""Which actor a name means, for every command that takes one (canned queries, exports,
the explore page): the graph's candidates for the name, chosen by the one rule of
``munigraph.loaders.resolve`` that the loaders follow too.

``actor_id(store, name)`` is the id of the one actor ``name`` means, None when it means
none, and a ``QueryError`` listing the actors when it means several: a name is never a
union of actors.
"""

from __future__ import annotations

from munigraph.graph.errors import ParameterError
from munigraph.language import _
from munigraph.graph.model import fold
from munigraph.loaders.resolve import EXTERNAL_IDS, Actor, choose, name_parts, wikidata_item

# The actors a name may mean: the one whose id it is, through the index (the rule then
# looks no further); else those that an id they had before a merge, an external id
# (resolve.EXTERNAL_IDS) or any of their names finds, through the Name nodes every load
# keeps (docs/graph-model.md, "Summaries").
CANDIDATES = """
OPTIONAL MATCH (known:Actor {id: $name})
WITH collect(known) AS known
CALL (known) {
  UNWIND CASE WHEN known = [] THEN $keys ELSE [] END AS key
  MATCH (names:Name {prefix: left(key, 3)})
  WITH key, names.forms AS forms, names.actors AS actors  // read each list once
  WITH [i IN range(0, size(forms) - 1) WHERE forms[i] = key | actors[i]] AS ids
  UNWIND ids AS id
  MATCH (a:Actor {id: id})
  RETURN collect(DISTINCT a) AS others
}
UNWIND known + others AS a
RETURN a.id AS id, a.name AS name, [l IN labels(a) WHERE l <> 'Actor'][0] AS kind,
       a.country AS country, coalesce(a.aliases, []) AS aliases, coalesce(a.ids, []) AS ids,
       coalesce(a.placeNames, []) AS placeNames, a.wikidataId AS wikidataId,
       coalesce(a.wikidataIds, []) AS wikidataIds, a.iatiRef AS iatiRef, a.geonamesId AS geonamesId
ORDER BY id
"""


def candidates(store, name: str) -> list:
    """The actors of the graph in ``store`` that ``name`` may mean, as ``resolve.Actor``."""
    name = wikidata_item(name) or name
    forms = sorted({name.lower(), fold(name), *map(fold, name_parts(name))})
    return [Actor(row["id"], row["name"], (row["kind"] or "Organization").lower(), row["country"],
                  row["aliases"], ids=row["ids"], place_names=row["placeNames"],
                  external={key: row[key] for key in EXTERNAL_IDS if row[key] is not None},
                  wikidata_ids=row["wikidataIds"])
            for row in store.read(CANDIDATES, name=name, keys=sorted({name, *forms}))]


def actor_id(store, name: str, parameter: str = "actor") -> str | None:
    """The id of the one actor that ``name`` (an id, an external id or a name) means, by
    the rule of ``munigraph.loaders.resolve``; None when it means none. When it means
    several, a ``QueryError`` lists them and asks for the id, as ``parameter=ID``."""
    name = wikidata_item(name) or name
    actors = candidates(store, name)
    found = choose(name, actors) or [a for a in actors if name in [*map(str, a.external.values()), *a.wikidata_ids]]
    if len(found) > 1:
        said = ambiguous(name, found, parameter)
        raise ParameterError(said, parameter, said)
    return found[0].id if found else None


def ambiguous(name: str, actors, parameter: str = "actor") -> str:
    """What to say when ``name`` means several ``actors``.

    >>> print(ambiguous("Santarém", [Actor("municipality:br:santarem", "Santarém", "municipality", "BR"),
    ...                              Actor("municipality:pt:santarem", "Santarém", "municipality", "PT")]))
    'Santarém' names 2 actors: municipality:br:santarem (Santarém, BR), municipality:pt:santarem (Santarém, PT); give the id of the one you mean, e.g. actor=municipality:br:santarem
    """
    international = _("international")
    listed = ", ".join(f"{a.id} ({a.name}, {a.country or international})" for a in actors)
    return _("{name} names {n} actors: {listed}; give the id of the one you mean, e.g. "
             "{parameter}={id}").format(name=repr(name), n=len(actors), listed=listed,
                                        parameter=parameter, id=actors[0].id)
