"""The Cypher that writes: every change to the graph goes through ``write_batch``.

Inside the load's transaction, ``read_existing`` reads which of the batch's nodes exist,
with their labels and properties (and which of its relationships exist); loaders merge
with that, and ``write_batch`` writes only the difference (measurements in
docs/performance.md):

- Missing nodes are created with all their labels at once (ArcadeDB cannot add a label to
  an existing node); existing nodes whose properties differ are rewritten with ``SET n =``,
  so a property removed from a record is removed from the node; unchanged nodes are not
  written.
- A relationship with a new node at either end cannot exist yet and is simply created.
  Between existing nodes, it is created when missing and updated when changed; the
  relationships that an existing node's record owns (``model.OWNED``) and no longer states
  are deleted.
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

from .model import KEYS, MERGE_KEYS, NAMES, OWNED, GraphBatch, Node, Relationship, lookup

BATCH_SIZE = 5000
COUNTERS = ("nodes_created", "properties_set", "relationships_created", "relationships_deleted")


@dataclass
class Existing:
    """What the graph already holds of a batch, read inside the load's transaction."""

    nodes: dict = field(default_factory=dict)  # (primary, key) -> Node as stored (with lookup)
    relationships: dict = field(default_factory=dict)  # Relationship.identity -> Relationship

    def properties(self, primary: str) -> dict:
        """Key → stored properties of the existing nodes of ``primary``."""
        return {key: node.properties for (label, key), node in self.nodes.items() if label == primary}


def read_existing(tx, keys, relationships=(), batch_size=BATCH_SIZE) -> Existing:
    """The nodes among ``keys`` ((primary label, key) pairs) and the ``relationships``
    (matched by ``identity``) that the graph holds; dates as ``datetime.date``."""
    existing = Existing()
    for primary, wanted in _group(sorted(set(keys)), lambda k: k[0]).items():
        wanted = [key for _, key in wanted]
        for start in range(0, len(wanted), batch_size):
            for record in tx.run(existing_statement(primary), keys=wanted[start:start + batch_size]):
                labels = tuple(sorted(record["labels"], key=lambda label: label != primary))
                existing.nodes[primary, record["key"]] = Node(labels, record["key"], _native(record["props"]))
    groups = _group({rel.identity: rel for rel in relationships}.values(),
                    lambda r: (r.type, r.start[0], r.end[0]))
    for (rel_type, start_label, end_label), rels in groups.items():
        rows = [{"start": r.start[1], "end": r.end[1], "merge": r.identity[3]} for r in rels]
        statement = existing_relationship_statement(rel_type, start_label, end_label)
        for start in range(0, len(rows), batch_size):
            for record in tx.run(statement, rows=rows[start:start + batch_size]):
                rel = Relationship(rel_type, (start_label, record["start"]), (end_label, record["end"]),
                                   _native(record["props"]))
                existing.relationships[rel_type, rel.start, rel.end, record["merge"]] = rel
    return existing


def existing_statement(primary: str) -> str:
    """The key, labels and properties of the nodes of ``primary`` whose key is in ``$keys``."""
    key = KEYS[primary]
    return (f"UNWIND $keys AS k MATCH (n:{primary}) WHERE n.{key} = k "
            f"RETURN n.{key} AS key, labels(n) AS labels, properties(n) AS props")


def existing_relationship_statement(rel_type: str, start_label: str, end_label: str) -> str:
    """The relationships of ``$rows`` ({start, end, merge}) that exist, with their properties."""
    merge_key = MERGE_KEYS.get(rel_type)
    same = f" WHERE x.{merge_key} = r.merge" if merge_key else ""
    return (_ends(rel_type, start_label, end_label) + f"MATCH (a)-[x:{rel_type}]->(b){same} "
            "RETURN r.start AS start, r.end AS end, r.merge AS merge, properties(x) AS props")


def create_statement(labels: tuple) -> str:
    return f"UNWIND $rows AS r CREATE (n:{':'.join(labels)}) SET n = r.props"


def update_statement(primary: str) -> str:
    return f"UNWIND $rows AS r MATCH (n:{primary}) WHERE n.{KEYS[primary]} = r.key SET n = r.props"


def _ends(rel_type: str, start_label: str, end_label: str) -> str:
    return (f"UNWIND $rows AS r "
            f"MATCH (a:{start_label}) WHERE a.{KEYS[start_label]} = r.start "
            f"MATCH (b:{end_label}) WHERE b.{KEYS[end_label]} = r.end ")


def relationship_statements(rel_type: str, start_label: str, end_label: str) -> list[str]:
    """Between existing nodes: create the missing relationships, then update the ones whose
    properties changed."""
    merge_key = MERGE_KEYS.get(rel_type)
    same = f" WHERE x.{merge_key} = r.props.{merge_key}" if merge_key else ""
    find = (_ends(rel_type, start_label, end_label)
            + f"OPTIONAL MATCH (a)-[x:{rel_type}]->(b){same} WITH a, b, r, x")
    return [
        f"{find} WHERE x IS NULL CREATE (a)-[y:{rel_type}]->(b) SET y = r.props",
        f"{find} WHERE x IS NOT NULL AND properties(x) <> r.props SET x = r.props",
    ]


def fresh_relationship_statement(rel_type: str, start_label: str, end_label: str,
                                 anchor: str) -> str:
    """Create relationships that cannot exist yet (one end was created by this batch).

    Rows are grouped by the ``anchor`` end ("start" or "end"): ``{key, others: [{key,
    props}]}``, so that end is looked up once for all its relationships."""
    first, second = ("a", "b") if anchor == "start" else ("b", "a")
    labels = {"a": start_label, "b": end_label}
    return (f"UNWIND $rows AS r MATCH ({first}:{labels[first]}) "
            f"WHERE {first}.{KEYS[labels[first]]} = r.key "
            f"UNWIND r.others AS o MATCH ({second}:{labels[second]}) "
            f"WHERE {second}.{KEYS[labels[second]]} = o.key "
            f"CREATE (a)-[y:{rel_type}]->(b) SET y = o.props")


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


def write_batch(tx, batch: GraphBatch, existing: Existing, progress=None,
                batch_size=BATCH_SIZE) -> dict:
    """Write ``batch`` inside transaction ``tx``; return the summed counters, and in
    ``updated`` the keys of the nodes that existed and whose properties changed.
    ``existing`` is what ``read_existing`` found of the batch's nodes, in this transaction.

    ``progress(n)`` is called with the number of nodes or relationships done as the work
    goes; they add up to ``work_size(batch)``.
    """
    totals = dict.fromkeys(COUNTERS, 0)

    def run(query, rows, counts=True, weight=lambda row: 1):
        for start in range(0, len(rows), batch_size):
            chunk = rows[start:start + batch_size]
            counters = tx.run(query, rows=chunk).consume().counters
            for name in COUNTERS:
                totals[name] += getattr(counters, name)
            if progress and counts:
                progress(sum(map(weight, chunk)))

    updated = []
    created = set()  # (primary label, key) of the nodes this batch creates
    for primary, nodes in _group(batch.nodes, lambda n: n.primary).items():
        stored = existing.properties(primary)
        new, changed = defaultdict(list), []
        for node in nodes:
            props = with_lookup(node.properties)
            if node.key not in stored:
                new[node.labels].append({"props": props})
                created.add((primary, node.key))
            elif stored[node.key] != props:
                changed.append({"key": node.key, "props": props})
        for labels, rows in new.items():
            run(create_statement(labels), rows)
        run(update_statement(primary), changed)
        updated += [row["key"] for row in changed]
        if progress:
            progress(len(nodes) - sum(map(len, new.values())) - len(changed))

    def between_existing(rel) -> bool:
        return rel.start not in created and rel.end not in created

    relationships = _unique(batch.relationships)
    stated = [r for r in relationships if between_existing(r)]
    for primary, owners in _group(batch.owners, lambda o: o[0]).items():
        owners = [key for _, key in owners if (primary, key) not in created]
        for direction, rel_type, other in OWNED.get(primary, []):
            keep = defaultdict(list)
            for rel in stated:
                if rel.type != rel_type:
                    continue
                mine, theirs = (rel.start, rel.end) if direction == "out" else (rel.end, rel.start)
                if mine[0] == primary and theirs[0] == other:
                    merge_key = MERGE_KEYS.get(rel_type)
                    keep[mine[1]].append([theirs[1]] + ([rel.properties.get(merge_key)] if merge_key else []))
            rows = [{"key": key, "keep": keep[key]} for key in owners]
            run(stale_statement(primary, direction, rel_type, other), rows, counts=False)

    groups = _group(relationships, lambda r: (r.type, r.start[0], r.end[0], between_existing(r)))
    for (rel_type, start_label, end_label, between_existing), rels in groups.items():
        rows = [{"start": r.start[1], "end": r.end[1], "props": r.properties} for r in rels]
        if between_existing:
            create, update = relationship_statements(rel_type, start_label, end_label)
            run(create, rows, counts=False)
            run(update, rows)
        else:
            anchor = "start" if len({r.start for r in rels}) <= len({r.end for r in rels}) else "end"
            other = "end" if anchor == "start" else "start"
            grouped = defaultdict(list)
            for row in rows:
                grouped[row[anchor]].append({"key": row[other], "props": row["props"]})
            run(fresh_relationship_statement(rel_type, start_label, end_label, anchor),
                [{"key": key, "others": others} for key, others in grouped.items()],
                weight=lambda row: len(row["others"]))
    return {**totals, "updated": sorted(updated)}


def work_size(batch: GraphBatch) -> int:
    """The number of nodes and relationships ``write_batch`` reports to ``progress``."""
    return len(batch.nodes) + len(_unique(batch.relationships))


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
