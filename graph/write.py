"""The Cypher that writes: every change to the graph goes through ``write_batch``.

The statements are plain Neo4j 5 Cypher, shaped so that ArcadeDB runs them fast too
(measurements in docs/stores.md):

- Nodes are looked up with ``MATCH (n:Label) WHERE n.key = r.key``: in a statement that
  writes, ArcadeDB uses the unique index for this form but scans the label for the
  inline form ``MATCH (n:Label {key: r.key})`` and for ``MERGE (n:Actor:Municipality ...)``.
- An upsert is two statements: ``OPTIONAL MATCH ... WITH ... WHERE n IS NULL CREATE``
  creates the missing nodes with all their labels and properties at once (ArcadeDB cannot
  add a label to an existing node), then ``... WHERE properties(n) <> r.props SET n =
  r.props`` rewrites only the nodes that changed. ``SET n =`` replaces all properties, so a
  property removed from a record is removed from the node; loading unchanged data writes
  nothing.
- Relationships are created when missing and updated when changed, the same way; the
  relationships a record owns (``model.OWNED``) that the record no longer states are
  deleted.

Every node with a name, alias or code also gets ``lookup`` (``model.lookup``), so that
canned queries find it by any of them, ignoring case and accents.

Labels and relationship types come from the closed lists of ``model.py``, never from
input; every value is a ``$parameter``.
"""

from __future__ import annotations

from collections import defaultdict

from .model import KEYS, MERGE_KEYS, NAMES, OWNED, GraphBatch, lookup

BATCH_SIZE = 5000
COUNTERS = ("nodes_created", "properties_set", "relationships_created", "relationships_deleted")


def node_statements(labels: tuple) -> list[str]:
    """Create the missing nodes with ``labels``, then update the ones that changed."""
    primary, key = labels[0], KEYS[labels[0]]
    find = f"UNWIND $rows AS r OPTIONAL MATCH (n:{primary}) WHERE n.{key} = r.key"
    return [
        f"{find} WITH r, n WHERE n IS NULL CREATE (m:{':'.join(labels)}) SET m = r.props",
        f"{find} WITH r, n WHERE n IS NOT NULL AND properties(n) <> r.props SET n = r.props",
    ]


def relationship_statements(rel_type: str, start_label: str, end_label: str) -> list[str]:
    """Create the missing relationships, then update the ones whose properties changed."""
    merge_key = MERGE_KEYS.get(rel_type)
    same = f" WHERE x.{merge_key} = r.props.{merge_key}" if merge_key else ""
    find = (f"UNWIND $rows AS r "
            f"MATCH (a:{start_label}) WHERE a.{KEYS[start_label]} = r.start "
            f"MATCH (b:{end_label}) WHERE b.{KEYS[end_label]} = r.end "
            f"OPTIONAL MATCH (a)-[x:{rel_type}]->(b){same} WITH a, b, r, x")
    return [
        f"{find} WHERE x IS NULL CREATE (a)-[y:{rel_type}]->(b) SET y = r.props",
        f"{find} WHERE x IS NOT NULL AND properties(x) <> r.props SET x = r.props",
    ]


def stale_statement(primary: str, direction: str, rel_type: str, other: str) -> str:
    """Delete the owned relationships of ``rel_type`` whose (other end, merge key) is not
    in the row's ``keep`` list, unless another input states them too (one of their
    ``sources`` is a Source with ``input``: a facts, Wikidata or IATI file)."""
    arrow = f"-[x:{rel_type}]->" if direction == "out" else f"<-[x:{rel_type}]-"
    merge_key = MERGE_KEYS.get(rel_type)
    identity = f"[o.{KEYS[other]}, x.{merge_key}]" if merge_key else f"[o.{KEYS[other]}]"
    return (f"UNWIND $rows AS r MATCH (n:{primary}) WHERE n.{KEYS[primary]} = r.key "
            f"MATCH (n){arrow}(o:{other}) WITH x, r, {identity} AS identity "
            f"WHERE NOT identity IN r.keep AND NOT EXISTS {{ MATCH (s:Source) "
            f"WHERE s.id IN coalesce(x.sources, []) AND s.input IS NOT NULL }} DELETE x")


def write_batch(tx, batch: GraphBatch, progress=None, batch_size=BATCH_SIZE) -> dict:
    """Write ``batch`` inside transaction ``tx``; return the summed counters.

    ``progress(n)`` is called with the number of rows done after each statement.
    """
    totals = dict.fromkeys(COUNTERS, 0)

    def run(query, rows):
        for start in range(0, len(rows), batch_size):
            chunk = rows[start:start + batch_size]
            counters = tx.run(query, rows=chunk).consume().counters
            for name in COUNTERS:
                totals[name] += getattr(counters, name)
            if progress:
                progress(len(chunk))

    for labels, nodes in _group(batch.nodes, lambda n: n.labels).items():
        rows = [{"key": n.key, "props": _with_lookup(n.properties)} for n in nodes]
        for statement in node_statements(labels):
            run(statement, rows)

    relationships = _unique(batch.relationships)
    for primary, owners in _group(batch.owners, lambda o: o[0]).items():
        for direction, rel_type, other in OWNED.get(primary, []):
            keep = defaultdict(list)
            for rel in relationships:
                if rel.type != rel_type:
                    continue
                mine, theirs = (rel.start, rel.end) if direction == "out" else (rel.end, rel.start)
                if mine[0] == primary and theirs[0] == other:
                    merge_key = MERGE_KEYS.get(rel_type)
                    keep[mine[1]].append([theirs[1]] + ([rel.properties.get(merge_key)] if merge_key else []))
            rows = [{"key": key, "keep": keep[key]} for _, key in owners]
            run(stale_statement(primary, direction, rel_type, other), rows)

    groups = _group(relationships, lambda r: (r.type, r.start[0], r.end[0]))
    for (rel_type, start_label, end_label), rels in groups.items():
        rows = [{"start": r.start[1], "end": r.end[1], "props": r.properties} for r in rels]
        for statement in relationship_statements(rel_type, start_label, end_label):
            run(statement, rows)
    return totals


def work_size(batch: GraphBatch) -> int:
    """The number of rows ``write_batch`` reports to ``progress`` for ``batch``."""
    owned = sum(len(OWNED.get(label, [])) for label, _ in batch.owners)
    return 2 * len(batch.nodes) + owned + 2 * len(_unique(batch.relationships))


def _with_lookup(properties: dict) -> dict:
    """The node's properties, with ``lookup`` when it has a name, alias or code."""
    if not any(properties.get(key) for key in NAMES):
        return properties
    return {**properties, "lookup": lookup(properties)}


def _unique(relationships) -> list:
    """One relationship per (type, start, end, merge key); the last one stated wins."""
    unique = {}
    for rel in relationships:
        merge_key = MERGE_KEYS.get(rel.type)
        unique[(rel.type, rel.start, rel.end, rel.properties.get(merge_key))] = rel
    return list(unique.values())


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups
