"""How the nodes and relationships that several inputs state of one thing combine."""

from __future__ import annotations

from munigraph.graph.model import GraphBatch, Node, Relationship


def combine_duplicates(batch: GraphBatch) -> GraphBatch:
    """``batch`` with each node and relationship stated more than once combined into one: a
    node keeps the labels and values of its first statement (records come first) and gains
    the properties it lacks (aliases are joined); a relationship gains the ``sources`` of
    the others.

    >>> a = Node(("Actor", "Municipality"), "m", {"name": "Olhão", "aliases": ["Olhao"]})
    >>> b = Node(("Actor", "Municipality"), "m", {"name": "Olhao", "aliases": ["Olhão"], "lat": 37.0})
    >>> combine_duplicates(GraphBatch([a, b])).nodes[0].properties
    {'name': 'Olhão', 'aliases': ['Olhao', 'Olhão'], 'lat': 37.0}
    """
    nodes = {}
    for node in batch.nodes:
        key = (node.primary, node.key)
        nodes[key] = combine_nodes(nodes[key], node) if key in nodes else node
    relationships = {}
    for rel in batch.relationships:
        key = rel.identity
        relationships[key] = _combine_rel(relationships[key], rel) if key in relationships else rel
    return GraphBatch(list(nodes.values()), list(relationships.values()))


def combine_nodes(first: Node, second: Node) -> Node:
    """``first`` with the properties of ``second`` that it lacks; lists of names and ids joined."""
    properties = {**second.properties, **{k: v for k, v in first.properties.items() if v is not None}}
    for name in JOINED:
        joined = list(dict.fromkeys(first.properties.get(name, []) + second.properties.get(name, [])))
        if joined:
            properties[name] = sorted(joined) if name == "ids" else joined
    return Node(first.labels, first.key, properties)


JOINED = ("aliases", "placeNames", "ids", "wikidataIds")  # list properties that every statement adds to


def _combine_rel(first: Relationship, second: Relationship) -> Relationship:
    """``first`` with the properties of ``second`` that it lacks; sources joined."""
    properties = {**second.properties, **first.properties}
    sources = sorted(set(first.properties.get("sources", [])) | set(second.properties.get("sources", [])))
    if sources:
        properties["sources"] = sources
    return Relationship(first.type, first.start, first.end, properties)


def missing_ends(batch: GraphBatch) -> list:
    """The (label, key) ends of ``batch``'s relationships that are no node of the batch:
    writing would drop those relationships, so a load refuses them.

    >>> missing_ends(GraphBatch([], [Relationship("ON_TOPIC", ("Cooperation", "c"), ("Topic", "t"))]))
    [('Cooperation', 'c'), ('Topic', 't')]
    """
    present = {(node.primary, node.key) for node in batch.nodes}
    return sorted({end for rel in batch.relationships for end in (rel.start, rel.end)} - present)
