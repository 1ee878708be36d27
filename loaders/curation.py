"""Curation: a records file can say that ids name one node (``same_as``) or two different
nodes (``different``), where the rules of ``same`` cannot tell (docs/inputs.md).

An id may be a node's id or one it was known by (``ids``). An id that names nothing in
the load, a group that joins nodes of different kinds, and a ``different`` pair that the
``same_as`` groups make one are load errors naming the file and line.
"""

from __future__ import annotations

from munigraph.graph.errors import InputError
from munigraph.graph.model import GraphBatch, Node
from munigraph.language import _


def curated(files, batch: GraphBatch) -> tuple[list, list]:
    """``(same_as, different)`` of the records ``files``, as (label, id) of ``batch``'s
    nodes: each ``same_as`` a list of them, each ``different`` a pair of ids. Raises
    ``InputError`` listing every problem."""
    where = {}
    for node in batch.nodes:
        for identifier in [node.key, *node.properties.get("ids", [])]:
            where.setdefault(identifier, (node.primary, node.key))
    same_as, different, problems, group_of = [], [], [], {}
    for records_file in files:
        for index, item in enumerate(records_file.data.get("same_as") or []):
            found, location = [], ("same_as", index, "ids")
            for position, identifier in enumerate(item["ids"]):
                if identifier not in where:
                    problems.append(records_file.problem(location + (position,), _unknown(identifier), "unknown-reference"))
                elif where[identifier] not in found:
                    found.append(where[identifier])
            if len({label for label, _ in found}) > 1:
                problems.append(records_file.problem(location, _(
                    "these ids name nodes of different kinds ({nodes}); only nodes of one kind can be one").format(
                        nodes=", ".join(f"{k} {label}" for label, k in found)), "wrong-kind"))
            elif len(found) > 1:
                same_as.append(found)
                for member in found:
                    group_of.setdefault(member, len(same_as) - 1)
        for index, item in enumerate(records_file.data.get("different") or []):
            location = ("different", index, "ids")
            unknown = [(p, i) for p, i in enumerate(item["ids"]) if i not in where]
            for position, identifier in unknown:
                problems.append(records_file.problem(location + (position,), _unknown(identifier), "unknown-reference"))
            if unknown:
                continue
            a, b = (where[i] for i in item["ids"])
            if a == b or _joined(same_as, a, b):
                problems.append(records_file.problem(location, _(
                    "{first} and {second} are said to be different, but they are one node (by same_as or by "
                    "their ids); remove one of the two statements").format(
                        first=repr(item["ids"][0]), second=repr(item["ids"][1])), "contradiction"))
            different.append((a[1], b[1]))
    if problems:
        raise InputError(problems)
    return same_as, different


def _joined(same_as, a, b) -> bool:
    """Whether the ``same_as`` groups, taken together, make ``a`` and ``b`` one node."""
    group, grew = {a}, True
    while grew:
        grew = False
        for members in same_as:
            if group & set(members) and not set(members) <= group:
                group |= set(members)
                grew = True
    return b in group


def _unknown(identifier) -> str:
    return _("unknown id {id}: no node of this load has it (or had it before a merge); "
             "check the id with `munigraph query find`").format(id=repr(identifier))


def kept_apart(batch: GraphBatch, different, merges) -> GraphBatch:
    """``batch`` whose nodes of each ``different`` pair name each other in ``differentFrom``
    (``munigraph review`` then leaves the pair out); ``merges`` map an id to its survivor."""
    survivor = {member[1]: members[0][1] for members in merges for member in members}
    apart = {}
    for a, b in different:
        a, b = survivor.get(a, a), survivor.get(b, b)
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)
    if not apart:
        return batch
    nodes = [Node(n.labels, n.key, {**n.properties, "differentFrom": sorted(apart[n.key])})
             if n.key in apart and n.primary != "Country" else n for n in batch.nodes]
    return GraphBatch(nodes, batch.relationships)
