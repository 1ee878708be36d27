"""The Cypher that writes: every change to the graph goes through ``write_batch``.

A load builds the whole graph its inputs state (``GraphBatch``); inside the load's
transaction, ``read_graph`` reads what the graph holds, and ``write_batch`` writes only the
difference, so loading the same inputs again writes nothing (measurements in
docs/performance.md):

- Missing nodes are created with all their labels at once (ArcadeDB cannot add a label to
  an existing node; a node whose labels change is deleted and created again); existing
  nodes whose properties differ are rewritten with ``SET n =``, so a property removed from
  a record is removed from the node; unchanged nodes are not written; nodes of munigraph's
  labels that the inputs no longer state are deleted with their relationships.
- A relationship with a new node at either end cannot exist yet and is simply created.
  Between existing nodes, it is created when missing, updated when changed and deleted
  when no longer stated.
- A relationship's ends are found by their element ids (``elementId(n)``), which
  ``read_graph`` reads and each create statement returns: valid within the transaction, and
  a direct read on both engines, about four times faster than the unique index on ArcadeDB.
- Nodes are looked up with ``MATCH (n:Label) WHERE n.key = r.key``: in a statement that
  writes, ArcadeDB uses the unique index for this form but scans the label for the inline
  form ``MATCH (n:Label {key: r.key})`` and for ``MERGE (n:Actor:Municipality ...)``.

Every node with a name, alias or code also gets ``lookup`` (``model.lookup``), so that
canned queries find it by any of them, ignoring case and accents.

Labels and relationship types come from the closed lists of ``model.py``, never from
input; every value is a ``$parameter``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import (KEYS, MERGE_KEYS, NAMES, SUMMARIES, SUMMARY_LABELS, SUMMARY_TYPES, GraphBatch, Node,
                    Relationship, lookup)

BATCH_SIZE = 5000
LIST_ITEMS = 20  # list items that weigh as much as a row in a message (message_weight)
COUNTERS = ("nodes_created", "nodes_deleted", "properties_set", "relationships_created",
            "relationships_deleted")


@dataclass
class Existing:
    """What the graph holds, read inside the load's transaction."""

    nodes: dict = field(default_factory=dict)  # (primary, key) -> Node as stored (with lookup)
    relationships: dict = field(default_factory=dict)  # Relationship.identity -> Relationship
    elements: dict = field(default_factory=dict)  # (primary, key) -> elementId, valid in this transaction


def read_graph(tx) -> Existing:
    """Every node of munigraph's labels (``model.KEYS``) and every relationship between
    two of them; dates as ``datetime.date``."""
    existing = Existing()
    for primary, key in KEYS.items():
        for record in tx.run(f"MATCH (n:{primary}) RETURN n.{key} AS key, labels(n) AS labels, "
                             "properties(n) AS props, elementId(n) AS element"):
            labels = tuple(sorted(record["labels"], key=lambda label: label != primary))
            existing.nodes[primary, record["key"]] = Node(labels, record["key"], _native(record["props"]))
            existing.elements[primary, record["key"]] = record["element"]
    for record in tx.run(RELATIONSHIPS):
        start, end = _end(record["start"]), _end(record["end"])
        if start and end:
            rel = Relationship(record["type"], start, end, _native(record["props"]))
            existing.relationships[rel.identity] = rel
    return existing


RELATIONSHIPS = ("MATCH (a)-[x]->(b) RETURN type(x) AS type, [labels(a), a.id, a.code] AS start, "
                 "[labels(b), b.id, b.code] AS end, properties(x) AS props")


def _end(found):
    labels, identifier, code = found
    primary = next((label for label in KEYS if label in labels), None)
    return None if primary is None else (primary, code if primary == "Country" else identifier)


def create_statement(labels: tuple) -> str:
    return (f"UNWIND $rows AS r CREATE (n:{':'.join(labels)}) SET n = r.props "
            f"RETURN n.{KEYS[labels[0]]} AS key, elementId(n) AS element")


def update_statement(primary: str) -> str:
    return f"UNWIND $rows AS r MATCH (n:{primary}) WHERE n.{KEYS[primary]} = r.key SET n = r.props"


def delete_statement(primary: str) -> str:
    return f"UNWIND $rows AS r MATCH (n:{primary}) WHERE n.{KEYS[primary]} = r.key DETACH DELETE n"


ENDS = "UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r.start MATCH (b) WHERE elementId(b) = r.end "


def relationship_statement(action: str, rel_type: str) -> str:
    """``create`` a relationship, ``update`` its properties or ``delete`` it; rows are
    {start, end, merge, props}, the ends given by their element ids."""
    merge_key = MERGE_KEYS.get(rel_type)
    same = f" WHERE x.{merge_key} = r.merge" if merge_key else ""
    if action == "create":
        return ENDS + f"CREATE (a)-[y:{rel_type}]->(b) SET y = r.props"
    change = "SET x = r.props" if action == "update" else "DELETE x"
    return ENDS + f"MATCH (a)-[x:{rel_type}]->(b){same} {change}"


def write_batch(tx, batch: GraphBatch, existing: Existing, progress=None,
                batch_size=BATCH_SIZE) -> dict:
    """Make the graph ``batch`` inside transaction ``tx``, where ``existing`` is what
    ``read_graph`` found; return the summed counters, and in ``updated`` the keys of the
    nodes that existed and whose properties changed.

    ``progress(n)`` is called with the number of nodes or relationships done as the work
    goes; they add up to ``work_size(batch)``. The counters leave out the summary nodes and
    relationships (``model.SUMMARY_LABELS``, ``SUMMARY_TYPES``).
    """
    totals = dict.fromkeys(COUNTERS, 0)
    elements = dict(existing.elements)  # (primary, key) -> elementId, of the nodes created too

    def run(query, rows, counts=True, weight=lambda row: 1, tally=True, primary=None):
        for chunk in chunks(rows, batch_size, weight):
            result = tx.run(query, rows=chunk)
            if primary:  # a create statement: keep the element ids of the nodes it made
                elements.update(((primary, record["key"]), record["element"]) for record in result)
            counters = result.consume().counters
            for name in COUNTERS:
                totals[name] += getattr(counters, name) if tally else 0
            if progress and counts:
                progress(sum(map(weight, chunk)))

    stated = {(node.primary, node.key) for node in batch.nodes}
    gone = defaultdict(list)
    for (primary, key), node in existing.nodes.items():
        if (primary, key) not in stated:
            gone[primary].append({"key": key})
    updated, created = [], set()  # created: (primary label, key) of the nodes this batch creates
    plans = []
    for primary, nodes in _group(batch.nodes, lambda n: n.primary).items():
        new, changed = defaultdict(list), []
        for node in nodes:
            props = with_lookup(node.properties)
            stored = existing.nodes.get((primary, node.key))
            if stored is not None and stored.labels != node.labels:  # labels cannot change in place
                gone[primary].append({"key": node.key})
                stored = None
            if stored is None:
                new[node.labels].append({"props": props})
                created.add((primary, node.key))
            elif stored.properties != props:
                changed.append({"key": node.key, "props": props})
                if primary not in SUMMARY_LABELS and _stated(stored.properties) != _stated(props):
                    updated.append(node.key)  # not when only its counts changed
        plans.append((primary, nodes, new, changed))
    for primary in sorted(gone, key=lambda label: label not in SUMMARY_LABELS):  # summaries first
        run(delete_statement(primary), gone[primary], counts=False, tally=primary not in SUMMARY_LABELS)
    removed = {(primary, row["key"]) for primary, rows in gone.items() for row in rows}
    totals["relationships_deleted"] -= sum(  # summary relationships deleted with a data node
        1 for rel in existing.relationships.values() if rel.type in SUMMARY_TYPES
        and (rel.start in removed or rel.end in removed)
        and not any(end in removed and end[0] in SUMMARY_LABELS for end in (rel.start, rel.end)))
    for primary, nodes, new, changed in plans:
        tally = primary not in SUMMARY_LABELS
        for labels, rows in new.items():
            run(create_statement(labels), rows, counts=False, tally=tally, weight=message_weight, primary=primary)
        run(update_statement(primary), changed, counts=False, tally=tally, weight=message_weight)
        if progress:
            progress(len(nodes))

    def ends(rel) -> dict:
        return {"start": elements[rel.start], "end": elements[rel.end], "merge": rel.identity[3],
                "props": rel.properties}

    relationships = _unique(batch.relationships)
    wanted = {rel.identity for rel in relationships}
    stale = [rel for identity, rel in existing.relationships.items()
             if identity not in wanted and rel.start not in removed and rel.end not in removed]
    for rel_type, rels in _group(stale, lambda r: r.type).items():
        run(relationship_statement("delete", rel_type), [ends(rel) for rel in rels], counts=False,
            tally=rel_type not in SUMMARY_TYPES)
    for rel_type, rels in _group(relationships, lambda r: r.type).items():
        missing, changed = [], []
        for rel in rels:  # with a node created at either end, it cannot exist yet
            fresh = rel.start in created or rel.end in created
            stored = None if fresh else existing.relationships.get(rel.identity)
            if stored is None:
                missing.append(ends(rel))
            elif stored.properties != rel.properties:
                changed.append(ends(rel))
        tally = rel_type not in SUMMARY_TYPES
        run(relationship_statement("create", rel_type), missing, counts=False, tally=tally)
        run(relationship_statement("update", rel_type), changed, counts=False, tally=tally)
        if progress:
            progress(len(rels))
    return {**totals, "updated": sorted(updated)}


def chunks(rows, size, weight=lambda row: 1):
    """``rows`` in consecutive lists of at most ``size`` by ``weight`` (a heavier row alone).

    >>> list(chunks([1, 2, 3, 1, 1], 4, weight=lambda n: n))
    [[1, 2], [3, 1], [1]]
    """
    chunk, held = [], 0
    for row in rows:
        if chunk and held + weight(row) > size:
            yield chunk
            chunk, held = [], 0
        chunk.append(row)
        held += weight(row)
    if chunk:
        yield chunk


def message_weight(row: dict) -> int:
    """How many rows a node's row counts as in one message: one, and one more per
    ``LIST_ITEMS`` items of its lists, so that a message of summaries with long lists stays
    well within the 16 MB a Bolt message may hold on ArcadeDB."""
    return 1 + sum(len(value) for value in row["props"].values() if isinstance(value, list)) // LIST_ITEMS


def work_size(batch: GraphBatch) -> int:
    """The number of nodes and relationships ``write_batch`` reports to ``progress``."""
    return len(batch.nodes) + len(_unique(batch.relationships))


def _stated(properties: dict) -> dict:
    """``properties`` without the summaries a load computes."""
    return {k: v for k, v in properties.items() if k not in SUMMARIES}


def _native(properties: dict) -> dict:
    return {name: value.to_native() if hasattr(value, "to_native") else value
            for name, value in properties.items()}


def with_lookup(properties: dict) -> dict:
    """The node's properties, with ``lookup`` when it has a name, alias or code."""
    if not any(properties.get(key) for key in NAMES):
        return properties
    return {**properties, "lookup": lookup(properties)}


def _unique(relationships) -> list:
    """One relationship per identity (type, ends, merge key); the last one stated wins."""
    return list({rel.identity: rel for rel in relationships}.values())


def _group(items, key):
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups
