"""Counts kept on the nodes they count, so that questions that rank actors, topics and
sources by them read one property instead of joining the whole graph (docs/graph-model.md,
"Summaries"). A load computes them from the graph it writes, in the same transaction, so
they are never stale; ``refresh`` recomputes them after a write made with Cypher.

- an Actor's ``cooperationCount`` (cooperations it takes part in), ``partnerCount``
  (distinct actors taking part in one of them) and ``sharedCooperationCount`` (those of
  them with another party);
- a Topic's and a Source's ``cooperationCount`` (cooperations on the topic, or that the
  source evidences).
"""

from __future__ import annotations

from collections import defaultdict

from munigraph.graph.model import SUMMARIES, GraphBatch

COUNTS = {"Actor": SUMMARIES, "Topic": ("cooperationCount",), "Source": ("cooperationCount",)}

READ = {  # what ``refresh`` reads of a graph: its nodes' counts, and the pairs a batch holds
    **{label: f"MATCH (n:{label}) RETURN n.id AS id, [k IN $names | n[k]] AS counts" for label in COUNTS},
    "TAKES_PART": "MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation) RETURN DISTINCT a.id AS start, c.id AS end",
    "ON_TOPIC": "MATCH (c:Cooperation)-[:ON_TOPIC]->(t:Topic) RETURN c.id AS start, t.id AS end",
    "EVIDENCED_BY": "MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s:Source) RETURN DISTINCT c.id AS start, s.id AS end",
}
WRITE = {label: f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n += row.counts" for label in COUNTS}


def counts(ids: dict, pairs: dict) -> dict:
    """``(label, id) -> {summary: count}`` for every node of ``ids`` (label -> ids), from
    ``pairs`` (relationship type -> [(start id, end id)]): TAKES_PART from actors to
    cooperations, ON_TOPIC from cooperations to topics, EVIDENCED_BY to sources.

    >>> found = counts({"Actor": ["a", "b", "c"], "Topic": ["t"], "Source": []},
    ...                {"TAKES_PART": [("a", "x"), ("b", "x"), ("a", "y")], "ON_TOPIC": [("x", "t"), ("y", "t")]})
    >>> found["Actor", "a"], found["Actor", "c"], found["Topic", "t"]
    ({'cooperationCount': 2, 'partnerCount': 1, 'sharedCooperationCount': 1}, {'cooperationCount': 0, \
'partnerCount': 0, 'sharedCooperationCount': 0}, {'cooperationCount': 2})
    """
    parties, taken = defaultdict(set), defaultdict(set)  # cooperation -> actors; actor -> cooperations
    for actor, cooperation in pairs.get("TAKES_PART", ()):
        parties[cooperation].add(actor)
        taken[actor].add(cooperation)
    found = {}
    for actor in ids.get("Actor", ()):
        mine = taken.get(actor, ())
        partners = set().union(*(parties[c] for c in mine)) - {actor} if mine else set()
        found["Actor", actor] = {"cooperationCount": len(mine), "partnerCount": len(partners),
                                 "sharedCooperationCount": sum(len(parties[c]) > 1 for c in mine)}
    for label, rel_type in (("Topic", "ON_TOPIC"), ("Source", "EVIDENCED_BY")):
        of = defaultdict(set)
        for cooperation, node in pairs.get(rel_type, ()):
            of[node].add(cooperation)
        for node in ids.get(label, ()):
            found[label, node] = {"cooperationCount": len(of.get(node, ()))}
    return found


def summarise(batch: GraphBatch) -> GraphBatch:
    """``batch`` with the summaries of the graph it states set on its nodes (in place)."""
    ids, pairs = defaultdict(list), defaultdict(list)
    for node in batch.nodes:
        if node.primary in COUNTS:
            ids[node.primary].append(node.key)
    for rel in batch.relationships:
        if rel.type in ("TAKES_PART", "ON_TOPIC", "EVIDENCED_BY"):
            pairs[rel.type].append((rel.start[1], rel.end[1]))
    found = counts(ids, pairs)
    for node in batch.nodes:
        if (node.primary, node.key) in found:
            node.properties.update(found[node.primary, node.key])
    return batch


def refresh(store) -> int:
    """Recompute every summary of the graph in ``store`` from its data (after a write that
    did not go through a load) and write those that changed; return how many nodes changed."""
    current = {label: {row["id"]: dict(zip(SUMMARIES, row["counts"]))
                       for row in store.read(READ[label], names=list(SUMMARIES))} for label in COUNTS}
    pairs = {rel_type: [(row["start"], row["end"]) for row in store.read(READ[rel_type])]
             for rel_type in ("TAKES_PART", "ON_TOPIC", "EVIDENCED_BY")}
    found = counts({label: list(nodes) for label, nodes in current.items()}, pairs)
    changed = 0
    for label in COUNTS:
        rows = [{"id": node, "counts": found[label, node]} for node, now in current[label].items()
                if any(now.get(name) != value for name, value in found[label, node].items())]
        if rows:
            store.write(WRITE[label], {"rows": rows})
            changed += len(rows)
    return changed
