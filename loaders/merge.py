"""How a load's flat inputs add to what the graph holds, without overwriting it."""

from __future__ import annotations

from munigraph.graph.model import GraphBatch, Node, Relationship


def merge_with_graph(batch: GraphBatch, existing=None) -> GraphBatch:
    """``batch`` combined with ``existing`` (``write.Existing``: what the graph holds of it),
    so that a flat input adds to the graph and never overwrites it: a node that exists keeps
    its labels and values and gains the properties it lacks (aliases are joined); a
    relationship that exists gains the batch's ``sources``. Nodes and relationships stated
    twice are combined too.

    >>> a = Node(("Actor", "Municipality"), "m", {"name": "Olhão", "aliases": ["Olhao"]})
    >>> b = Node(("Actor", "Municipality"), "m", {"name": "Olhao", "aliases": ["Olhão"], "lat": 37.0})
    >>> merge_with_graph(GraphBatch([a, b])).nodes[0].properties
    {'name': 'Olhão', 'aliases': ['Olhao', 'Olhão'], 'lat': 37.0}
    """
    nodes = {}
    for node in batch.nodes:
        key = (node.primary, node.key)
        nodes[key] = _combine(nodes[key], node) if key in nodes else node
    if existing is not None:
        for key, node in nodes.items():
            if key in existing.nodes:
                stored = existing.nodes[key]
                nodes[key] = _combine(Node(stored.labels, stored.key, {
                    k: v for k, v in stored.properties.items() if k != "lookup"}), node)
    relationships = {}
    for rel in batch.relationships:
        key = rel.identity
        relationships[key] = _combine_rel(relationships[key], rel) if key in relationships else rel
    if existing is not None:
        for key, rel in relationships.items():
            if key in existing.relationships:
                relationships[key] = _combine_rel(existing.relationships[key], rel)
    return GraphBatch(list(nodes.values()), list(relationships.values()), list(batch.owners))


def _combine(first: Node, second: Node) -> Node:
    """``first`` with the properties of ``second`` that it lacks; aliases joined."""
    properties = {**second.properties, **first.properties}
    aliases = list(dict.fromkeys(first.properties.get("aliases", []) + second.properties.get("aliases", [])))
    if aliases:
        properties["aliases"] = aliases
    return Node(first.labels, first.key, properties)


def _combine_rel(first: Relationship, second: Relationship) -> Relationship:
    """``first`` with the properties of ``second`` that it lacks; sources joined."""
    properties = {**second.properties, **first.properties}
    sources = sorted(set(first.properties.get("sources", [])) | set(second.properties.get("sources", [])))
    if sources:
        properties["sources"] = sources
    return Relationship(first.type, first.start, first.end, properties)


def ends(batch: GraphBatch) -> set:
    """The (label, key) of every node ``batch`` states or ends a relationship at."""
    return ({(node.primary, node.key) for node in batch.nodes}
            | {end for rel in batch.relationships for end in (rel.start, rel.end)})


def missing_ends(batch: GraphBatch, existing=None) -> list:
    """The (label, key) ends of ``batch``'s relationships that are neither nodes of the
    batch nor in ``existing``: writing would drop those relationships, so a load refuses them.

    >>> missing_ends(GraphBatch([], [Relationship("ON_TOPIC", ("Cooperation", "c"), ("Topic", "t"))]))
    [('Cooperation', 'c'), ('Topic', 't')]
    """
    present = {(node.primary, node.key) for node in batch.nodes}
    present |= set(existing.nodes) if existing is not None else set()
    return sorted({end for rel in batch.relationships for end in (rel.start, rel.end)} - present)
