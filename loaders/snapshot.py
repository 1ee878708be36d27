"""What a load knows besides the row it reads: the actors, cooperation names, topics and
ids of the records of the same load (``add``), so that a facts row can name a programme or
topic declared beside it. ``Snapshot.read`` reads the same from a store, for
``munigraph draft``, which names the graph's actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from munigraph.graph.model import ACTOR_TYPES, GraphBatch, lookup

from .resolve import EXTERNAL_IDS, Actor

ACTOR_KINDS = {label: kind for kind, label in ACTOR_TYPES.items()}
ID_LABELS = ("Actor", "Cooperation", "Topic", "Source")
# What each part of the snapshot is read with from a store.
PARTS = {
    "actors": "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, labels(a) AS labels, a.country AS country, "
              "a.aliases AS aliases, a.lat AS lat, a.lon AS lon, a.ids AS ids, a.placeNames AS placeNames, "
              "a.wikidataId AS wikidataId, a.iatiRef AS iatiRef, a.geonamesId AS geonamesId, "
              "a.wikidataIds AS wikidataIds",
    "cooperations": "MATCH (c:Cooperation) RETURN c.id AS id, c:Programme AS programme, c.lookup AS lookup",
    "topics": "MATCH (t:Topic) RETURN t.id AS id, t.name AS name, t.namePt AS namePt, t.aliases AS aliases",
    "ids": "MATCH (n) WHERE n.id IS NOT NULL WITH n, [l IN labels(n) WHERE l IN $labels] AS kinds "
           "WHERE size(kinds) > 0 RETURN n.id AS id, kinds[0] AS label",
}


@dataclass
class Snapshot:
    """The graph as a load sees it.

    >>> s = Snapshot(cooperations={"inovajuntos": [(False, "programme:inovajuntos")]})
    >>> s.cooperation("InovaJuntos"), s.cooperation("Nowhere")
    ('programme:inovajuntos', None)
    """

    actors: list = field(default_factory=list)  # resolve.Actor
    cooperations: dict = field(default_factory=dict)  # lower-case name -> [(not programme, id)]
    topics: list = field(default_factory=list)  # {id, name, namePt, aliases}
    ids: dict = field(default_factory=dict)  # label -> set of ids

    @classmethod
    def read(cls, run, parts=tuple(PARTS)) -> "Snapshot":
        """The ``parts`` of the graph (actors, cooperations, topics, ids); ``run(query,
        **parameters)`` returns rows as dicts (a transaction's or a store's reader)."""
        snapshot = cls()
        for part in parts:
            parameters = {"labels": list(ID_LABELS)} if part == "ids" else {}
            rows = run(PARTS[part], **parameters)
            getattr(snapshot, f"_take_{part}")(rows)
        return snapshot

    def _take_actors(self, rows):
        self.actors = [Actor(r["id"], r["name"], next((ACTOR_KINDS[l] for l in r["labels"]
                                                       if l in ACTOR_KINDS), "organization"),
                             r["country"], r["aliases"] or [], r["lat"], r["lon"], r["ids"] or [],
                             {k: r[k] for k in EXTERNAL_IDS if r[k] is not None}, r["placeNames"] or [],
                             r["wikidataIds"] or [])
                       for r in rows]

    def _take_cooperations(self, rows):
        for row in rows:
            self._know_cooperation(row["id"], row["programme"], row["lookup"] or [])

    def _take_topics(self, rows):
        self.topics = rows

    def _take_ids(self, rows):
        for row in rows:
            self.ids.setdefault(row["label"], set()).add(row["id"])

    def _know_cooperation(self, identifier, programme, names):
        for name in names:
            entries = self.cooperations.setdefault(name, [])
            entries.append((not programme, identifier))
            entries.sort()

    def add(self, batch: GraphBatch) -> None:
        """Also know the actors, cooperations and topics of ``batch`` (records of this load)."""
        for node in batch.nodes:
            props = node.properties
            if node.primary == "Actor":
                self.actors.append(Actor(node.key, props["name"], ACTOR_KINDS[node.labels[1]],
                                         props.get("country"), list(props.get("aliases", [])),
                                         props.get("lat"), props.get("lon"), list(props.get("ids", [])),
                                         {k: props[k] for k in EXTERNAL_IDS if k in props},
                                         list(props.get("placeNames", [])), list(props.get("wikidataIds", []))))
            elif node.primary == "Cooperation":
                self._know_cooperation(node.key, "Programme" in node.labels, lookup(props))
            elif node.primary == "Topic":
                self.topics.append({"id": node.key, "name": props.get("name"),
                                    "namePt": props.get("namePt"), "aliases": props.get("aliases")})

    def has(self, label: str, identifier: str) -> bool:
        """Whether the graph holds a node of ``label`` with id ``identifier``."""
        return identifier in self.ids.get(label, ())

    def cooperation(self, name: str) -> str | None:
        """The id of the cooperation whose name or alias is ``name`` (any case), a
        programme before other kinds, then the id that sorts first; None when none is."""
        entries = self.cooperations.get(name.lower())
        return entries[0][1] if entries else None
