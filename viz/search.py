"""The search of ``munigraph explore``: names as typed, countries, and names typed wrong.

``search(store, text, limit, names)`` answers the page's search box: countries the text
names exactly (code, English or Portuguese name) first, then the ``find`` question's
actors, cooperations and topics (a name or alias holding the text, any case, accents
optional), then countries whose names hold the text, then, when that is fewer than
``limit``, names within a typo or two of the text ("Belo Horisonte", "Maptuo"), by
rapidfuzz over the accent-folded, lower-case names and aliases (the nodes' ``lookup``).
``Names`` keeps those names per server and reads them again when the graph changed.
"""

from __future__ import annotations

import bisect
import threading
import time

from rapidfuzz import fuzz, process

from munigraph import queries
from munigraph.graph.model import fold
from munigraph.language import current
from munigraph.loaders.countries import country

FORMS = "MATCH (n) WHERE n:Actor OR n:Cooperation OR n:Topic RETURN n.id AS id, n.lookup AS lookup"
COUNTRIES = """
MATCH (k:Country)
WHERE EXISTS { MATCH (k)<-[:LOCATED_IN]-(:Actor)-[:TAKES_PART]->(:Cooperation) }
   OR EXISTS { MATCH (k)<-[:INVOLVES]-(:Cooperation) }
RETURN k.code AS code, k.lookup AS lookup"""
ROW = ("RETURN [l IN labels(n) WHERE NOT l IN ['Actor', 'Cooperation']][0] AS kind, n.id AS id, "
       "n.name AS name, n.namePt AS namePt, n.country AS country, n.aliases AS aliases")
ROWS = " UNION ALL ".join(f"MATCH (n:{label}) WHERE n.id IN $ids {ROW}"
                          for label in ("Actor", "Cooperation", "Topic"))
CHANGED = "MATCH (n) RETURN count(n) AS n"  # read before each search: a new load changes it
KEPT = 600  # seconds: the names are read again after this long in any case
WHOLE, PART = 80, 86  # the least rapidfuzz score of a whole name, and of a part of a longer one


class Names:
    """The folded names of the graph's countries (those with cooperations) and of its
    actors, cooperations and topics, each read from the store when first needed, and again
    once its number of nodes changed or after ``KEPT`` seconds."""

    def __init__(self):
        self._lock, self._count, self._read_at, self._parts = threading.Lock(), None, 0.0, {}

    def check(self, store) -> None:
        """Forget the names read when the graph changed, or long ago."""
        count = store.read(CHANGED)[0]["n"]
        with self._lock:
            if count != self._count or time.monotonic() - self._read_at > KEPT:
                self._count, self._read_at, self._parts = count, time.monotonic(), {}

    def countries(self, store) -> dict:
        """``{code: folded names}``: the ISO code, the English and Portuguese names, the graph's."""
        return self._part(store, _countries)

    def forms(self, store) -> tuple[list, list]:
        """Every folded name and alias of an actor, cooperation or topic, shortest first, and
        the id of the node of each."""
        return self._part(store, _forms)

    def _part(self, store, read):
        with self._lock:
            if read not in self._parts:
                self._parts[read] = read(store)
            return self._parts[read]


def search(store, text: str, limit: int = 10, names: Names | None = None) -> list[dict]:
    """Up to ``limit`` nodes for ``text``, best first, each as ``kind``, ``id``, ``name``
    (a topic's and a country's in the language being spoken), ``country``, ``aliases``."""
    names = names or Names()
    names.check(store)
    folded, countries = fold(text), names.countries(store)
    ids = [code for code, forms in countries.items() if folded in forms]
    ids += [row["id"] for row in queries.run(store, "find", text=text, limit=limit)[0]]
    if len(folded) > 2:
        ids += [code for code, forms in countries.items() if any(folded in form for form in forms)]
    if len(set(ids)) < limit and len(folded) > 3:
        ids += _close(folded, *names.forms(store), limit)
    chosen = list(dict.fromkeys(ids))[:limit]
    language = current()
    rows = {row["id"]: _named(row, language) for row in store.read(ROWS, ids=chosen)}
    return [_country(i, language) if i in countries else rows[i] for i in chosen if i in countries or i in rows]


def _countries(store) -> dict:
    found = {}
    for row in store.read(COUNTRIES):
        named = country(row["code"])
        found[row["code"]] = {fold(name) for name in [*row["lookup"], named["name"], named["namePt"]]
                              if name}
    return found


def _forms(store) -> tuple[list, list]:
    pairs = sorted(((form, row["id"]) for row in store.read(FORMS)
                    for form in {fold(name) for name in row["lookup"] or []} if form),
                   key=lambda pair: (len(pair[0]), pair))
    return [form for form, _id in pairs], [node for _form, node in pairs]


def _close(folded: str, forms: list, owners: list, limit: int) -> list:
    """The ids of the names within a typo or two of ``folded``, closest first: a whole name
    (``fuzz.ratio``) or, for a text of six letters or more, a part of a longer one
    (``fuzz.partial_ratio``)."""
    longer = bisect.bisect_left(forms, len(folded), key=len)
    passes = [(fuzz.ratio, WHOLE, 0)] + ([(fuzz.partial_ratio, PART, longer)] if len(folded) > 5 else [])
    scores = {}
    for scorer, cutoff, start in passes:
        for _form, score, at in process.extract(folded, forms[start:], scorer=scorer,
                                                score_cutoff=cutoff, limit=limit * 4):
            owner = owners[start + at]
            scores[owner] = max(score, scores.get(owner, 0))
    return sorted(scores, key=lambda owner: -scores[owner])


def _named(row: dict, language: str) -> dict:
    """A node's row, a topic named in ``language``."""
    name = (row["namePt"] if language == "pt" and row["kind"] == "Topic" else None) or row["name"]
    return {"kind": row["kind"], "id": row["id"], "name": name, "country": row["country"],
            "aliases": row["aliases"]}


def _country(code: str, language: str) -> dict:
    """A country's row, named in ``language``."""
    named = country(code)
    return {"kind": "Country", "id": f"country:{code.lower()}",
            "name": named["namePt" if language == "pt" else "name"], "country": code, "aliases": None}
