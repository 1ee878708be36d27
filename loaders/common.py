"""What every loader of a flat input (facts CSV, Wikidata TSV, IATI XML) shares.

A loader module has ``FORMAT`` (its name), ``detect(path, head) -> bool`` (whether a file,
of which ``head`` is the first 4 KiB, is in its format) and ``read(path, resolver,
progress=None) -> Loaded``. It turns each row (or activity) into nodes and relationships
of the graph model, resolving parties through the shared ``Resolver`` and adding the
actors it creates to it, and reports what each row became. A row it cannot load is a
``Problem`` naming the file, row and field; it never stops at the first one.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from munigraph.graph.errors import Problem
from munigraph.graph.model import ACTOR_TYPES, KEYS, MERGE_KEYS, GraphBatch, Node, Relationship, fold

from .countries import country as country_node
from .records import utf8_text
from .resolve import Actor, naming, new_id


def first_line(head: bytes) -> str:
    """The first line of a file, from its first bytes, without a byte-order mark.

    >>> first_line(b"\\xef\\xbb\\xbfa,b\\r\\n1,2")
    'a,b'
    """
    lines = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    return lines[0] if lines else ""


def table_reader(loaded, columns, delimiter_of, hint="", **options):
    """``(text, csv.DictReader)`` over the UTF-8 table ``loaded.path`` (a byte-order mark is
    dropped; ``delimiter_of(header line)`` gives the delimiter), or ``(None, None)`` after
    adding the problem to ``loaded``: not UTF-8, or the header lacks one of ``columns``."""
    text, problem = utf8_text(loaded.path, loaded.path.read_bytes(), "utf-8-sig", "it")
    if problem:
        loaded.problems.append(problem)
        return None, None
    reader = csv.DictReader(io.StringIO(text, newline=""),
                            delimiter=delimiter_of(text.split("\n", 1)[0]), **options)
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        loaded.problem(1, None, f"the header lacks the column(s) {', '.join(missing)}{hint}")
        return None, None
    return text, reader


def table_rows(loaded, reader, progress=None):
    """``(line, row)`` for each row of ``reader``, counted in ``loaded.rows``. A row with
    more or fewer fields than the header, and a syntax error that ends the reading (a quote
    never closed), are problems of ``loaded`` instead."""
    width, last = len(reader.fieldnames), reader.line_num
    try:
        for row in reader:
            last = reader.line_num
            loaded.rows += 1
            if progress:
                progress(1)
            fields = width + len(row.get(None) or []) - sum(v is None for k, v in row.items() if k)
            if fields != width:
                loaded.problem(last, None, f"the row has {fields} fields and the header {width}; "
                                           "a separator or a quote is missing or extra")
                continue
            yield last, row
    except csv.Error as error:  # the row after the last one read
        loaded.problem(last + 1, None, f"syntax: {error}; is a quote on this row left open?")


class RowError(ValueError):
    """Why one row cannot be loaded, and which column."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


@dataclass
class Loaded:
    """What a loader made of one input file."""

    path: Path
    format: str
    rows: int = 0
    batch: GraphBatch = field(default_factory=GraphBatch)
    outcomes: Counter = field(default_factory=Counter)  # what the rows became: {"twinning": 120}
    problems: list = field(default_factory=list)  # Problem per row that could not be loaded
    _keys: set = field(default_factory=set)

    def node(self, labels: tuple, properties: dict) -> None:
        """Add a node once (the first statement of an id wins within a file)."""
        key = (labels[0], properties["id"] if labels[0] != "Country" else properties["code"])
        if key not in self._keys:
            self._keys.add(key)
            self.batch.nodes.append(Node(labels, key[1], properties))

    def link(self, rel_type: str, start: tuple, end: tuple, **properties) -> None:
        """Add a relationship between (label, key) ends; empty properties are left out."""
        self.batch.relationships.append(Relationship(
            rel_type, start, end, {k: v for k, v in properties.items() if v not in (None, [], "")}))

    def problem(self, row, field_name, message) -> None:
        self.problems.append(Problem(self.path, row, field_name, message))


def source_id(address: str) -> str:
    """The id of the Source node for a web address or file name: stable, readable.

    >>> source_id("https://www.anamm.org.mz/index.php/quem-somos")
    'source:www-anamm-org-mz-index-php-quem-somos'
    """
    text = fold(address.split("://", 1)[-1])
    return "source:" + text.replace(" ", "-")[:120].strip("-")


def twinning_id(first: str, second: str) -> str:
    """The id of the twinning of two actors, whichever is named first.

    >>> twinning_id("municipality:pt:setubal", "municipality:it:udine")
    'agreement:twinning:it-udine--pt-setubal'
    """
    ends = sorted(actor_id.split(":", 1)[1].replace(":", "-") for actor_id in (first, second))
    return "agreement:twinning:" + "--".join(ends)


def new_actor(loaded: Loaded, resolver, name: str, actor_type: str, country: str | None,
              identifier: str | None = None, aliases=(), **properties) -> Actor:
    """Create an actor the graph does not know yet (id from its type, country and name
    unless given); later rows resolve to it. Its name and aliases come from
    ``resolve.naming`` ("Olhão Municipality" is "Olhão", "UCCLA – União das Cidades..." is
    also "UCCLA"), with ``aliases`` added; ``properties`` are its other properties."""
    name, named = naming(name)
    aliases = named + [a for a in aliases if a != name and a not in named]
    actor = Actor(identifier or new_id(actor_type, name, country), name, actor_type, country,
                  aliases, properties.get("lat"), properties.get("lon"))
    resolver.add(actor)
    loaded.node(("Actor", ACTOR_TYPES[actor_type]),
                {"id": actor.id, "name": name, **({"country": country} if country else {}),
                 **({"aliases": aliases} if aliases else {}),
                 **{k: v for k, v in properties.items() if v not in (None, "", [])}})
    if country:
        loaded.node(("Country",), country_node(country))
        loaded.link("LOCATED_IN", ("Actor", actor.id), ("Country", country))
    return actor


def merge_with_graph(store, batch: GraphBatch) -> GraphBatch:
    """``batch`` combined with what the graph already holds, so that a flat input adds to
    the graph and never overwrites it: a node that exists keeps its labels and its values
    and gains the properties it lacks (aliases are joined); a relationship that exists
    gains the batch's ``sources``. Nodes and relationships stated twice are combined too.
    """
    nodes = {}
    for node in batch.nodes:
        key = (node.primary, node.key)
        nodes[key] = _combine(nodes[key], node) if key in nodes else node
    if store is not None:
        for label in {label for label, _ in nodes}:
            keys = [key for l, key in nodes if l == label]
            for row in _by_key(store, label, keys, "labels(n) AS labels, properties(n) AS properties"):
                existing = Node(tuple(sorted(row["labels"], key=lambda l: l != label)), row["key"],
                                {k: v for k, v in row["properties"].items() if k != "lookup"})
                nodes[label, row["key"]] = _combine(existing, nodes[label, row["key"]])
    relationships = {}
    for rel in batch.relationships:
        key = _identity(rel)
        relationships[key] = _combine_rel(relationships[key], rel) if key in relationships else rel
    if store is not None:
        groups = {}
        for key in relationships:
            groups.setdefault(key[:3], []).append(key)
        for (rel_type, start_label, end_label), keys in groups.items():
            merge_key = MERGE_KEYS.get(rel_type)
            same = f" AND x.{merge_key} = r.merge" if merge_key else ""
            rows = store.read(
                f"UNWIND $rows AS r MATCH (a:{start_label}) WHERE a.{KEYS[start_label]} = r.start "
                f"MATCH (b:{end_label}) WHERE b.{KEYS[end_label]} = r.end "
                f"MATCH (a)-[x:{rel_type}]->(b) WHERE true{same} "
                "RETURN r.start AS start, r.end AS end, r.merge AS merge, properties(x) AS properties",
                rows=[{"start": k[3], "end": k[4], "merge": k[5]} for k in keys])
            for row in rows:
                key = (rel_type, start_label, end_label, row["start"], row["end"], row["merge"])
                existing = Relationship(rel_type, (start_label, row["start"]), (end_label, row["end"]),
                                        row["properties"])
                relationships[key] = _combine_rel(existing, relationships[key])
    return GraphBatch(list(nodes.values()), list(relationships.values()), list(batch.owners))


def _identity(rel):
    return (rel.type, rel.start[0], rel.end[0], rel.start[1], rel.end[1],
            rel.properties.get(MERGE_KEYS.get(rel.type)))


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


def missing_ends(store, batch: GraphBatch) -> list:
    """The (label, key) ends of ``batch``'s relationships that are neither nodes of the
    batch nor in the graph: writing would drop those relationships, so a load refuses them."""
    present = {(node.primary, node.key) for node in batch.nodes}
    wanted = {end for rel in batch.relationships for end in (rel.start, rel.end)} - present
    found = set()
    for label in {label for label, _ in wanted}:
        keys = sorted(key for l, key in wanted if l == label)
        found |= {(label, row["key"]) for row in _by_key(store, label, keys)}
    return sorted(wanted - found)


def _by_key(store, label, keys, columns="") -> list:
    """Rows of ``key`` (and ``columns`` of node ``n``) for the nodes of ``label`` in the
    graph whose key is among ``keys``."""
    returns = f"key, {columns}" if columns else "key"
    return store.read(f"UNWIND $keys AS key MATCH (n:{label}) WHERE n.{KEYS[label]} = key "
                      f"RETURN {returns}", keys=keys)
