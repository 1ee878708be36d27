"""Load speed of munigraph's write path against the plain MERGE form, in one run.

Both load the same generated graph (N municipalities, N agreements, 3 signatories each)
twice into a fresh embedded store each: once into an empty graph, then again (a reload
that changes nothing). The baseline is the textbook form:

    UNWIND $rows AS r MERGE (n:Actor:Municipality {id: r.key}) SET n = r.props
    UNWIND $rows AS r MATCH (a:Actor {id: r.start}) MATCH (b:Cooperation {id: r.end})
                      MERGE (a)-[x:TAKES_PART {role: r.props.role}]->(b) SET x = r.props

Usage: python benchmarks/upserts.py [N]   (default 5000; prints rows/s and the ratio)
"""

from __future__ import annotations

import sys
import tempfile
import time

import munigraph
from munigraph.graph import embedded
from munigraph.graph.model import GraphBatch, Node, Relationship
from munigraph.graph.schema import create_schema
from munigraph.graph.write import write_batch


def generated(n: int) -> GraphBatch:
    batch = GraphBatch()
    for i in range(n):
        city, agreement = f"municipality:br:cidade-{i}", f"agreement:acordo-{i}"
        batch.nodes.append(Node(("Actor", "Municipality"), city,
                                {"id": city, "name": f"São Cidade {i}", "country": "BR"}))
        batch.nodes.append(Node(("Cooperation", "Agreement"), agreement,
                                {"id": agreement, "name": f"Acordo de cooperação {i}"}))
        batch.owners.append(("Cooperation", agreement))
        for j in range(3):
            batch.relationships.append(Relationship(
                "TAKES_PART", ("Actor", f"municipality:br:cidade-{(i + 7 * j) % n}"),
                ("Cooperation", agreement), {"role": "signatory", "sources": ["source:bench"]}))
    return batch


def merge_baseline(tx, batch: GraphBatch) -> None:
    for labels in {node.labels for node in batch.nodes}:
        rows = [{"key": n.key, "props": n.properties} for n in batch.nodes if n.labels == labels]
        tx.run(f"UNWIND $rows AS r MERGE (n:{':'.join(labels)} {{id: r.key}}) SET n = r.props",
               rows=rows).consume()
    rows = [{"start": r.start[1], "end": r.end[1], "props": r.properties} for r in batch.relationships]
    tx.run("UNWIND $rows AS r MATCH (a:Actor {id: r.start}) MATCH (b:Cooperation {id: r.end}) "
           "MERGE (a)-[x:TAKES_PART {role: r.props.role}]->(b) SET x = r.props", rows=rows).consume()


def measure(name, writer, batch) -> list[float]:
    rows = len(batch.nodes) + len(batch.relationships)
    rates = []
    with tempfile.TemporaryDirectory() as data:
        graph = munigraph.open(data=data)
        try:
            create_schema(graph.store)
            for attempt in ("empty graph", "reload"):
                started = time.perf_counter()
                graph.store.write_transaction(lambda tx: writer(tx, batch))
                seconds = time.perf_counter() - started
                rates.append(rows / seconds)
                print(f"{name:10} {attempt:12} {rows:8} rows {seconds:8.2f} s {rows / seconds:9.0f} rows/s",
                      flush=True)
        finally:
            graph.close()
            embedded.stop_server(embedded.DataFolder(data))
    return rates


def main(n: int) -> None:
    batch = generated(n)
    ours = measure("munigraph", write_batch, batch)
    baseline = measure("MERGE", merge_baseline, batch)
    for attempt, mine, theirs in zip(("empty graph", "reload"), ours, baseline):
        print(f"ratio {attempt:12} {mine / theirs:6.1f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
