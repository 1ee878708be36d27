"""What is in a store: counts per label and relationship type, and a content digest."""

from __future__ import annotations

import hashlib
import json

LABEL_COUNTS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label"
TYPE_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
NODES = "MATCH (n) WHERE NOT n:Input RETURN labels(n) AS labels, properties(n) AS properties"
RELATIONSHIPS = ("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, "
                 "properties(r) AS properties")


def counts(store) -> dict:
    """``{"labels": {label: n}, "relationships": {type: n}}`` for the whole graph."""
    return {
        "labels": {row["label"]: row["count"] for row in store.read(LABEL_COUNTS)},
        "relationships": {row["type"]: row["count"] for row in store.read(TYPE_COUNTS)},
    }


def digest(store) -> str:
    """A SHA-256 of the graph's content (labels, properties, relationships), independent
    of internal ids and of the order things were written in: equal graphs, equal digests.
    The inputs kept (``:Input``, with the paths they were loaded from) are left out, so
    the same files loaded on two machines give the same digest."""
    lines = sorted(
        _canonical(["node", sorted(row["labels"]), row["properties"]])
        for row in store.read(NODES)
    ) + sorted(
        _canonical(["rel", row["type"], row["start"], row["end"], row["properties"]])
        for row in store.read(RELATIONSHIPS)
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
