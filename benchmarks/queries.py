"""Latency of every canned query on the bundled dataset, against a bare round trip.

Loads the bundled dataset into a fresh embedded store (or uses the store named by
--uri/--data as it is), runs each canned query with its example parameters a few times to
warm up, then N times, and prints p50/p95/max in milliseconds. The baseline, measured in
the same run over the same connection, is ``RETURN 1`` in a read transaction: the cost of
a round trip that does no graph work; ``×base`` is a query's p50 over the baseline's p50.

Usage: python benchmarks/queries.py [--runs 50] [--data DIR | --uri URI --password PW]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import munigraph
from munigraph import queries
from munigraph.graph import embedded


def timings(call, runs: int, warmup: int = 5) -> list[float]:
    """Milliseconds of ``runs`` calls of ``call()`` after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        call()
    measured = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        measured.append((time.perf_counter() - started) * 1000)
    return measured


def summary(values: list[float]) -> tuple[float, float, float]:
    """(p50, p95, max) of ``values``."""
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], max(values)


def report(graph, runs: int) -> None:
    base = summary(timings(lambda: graph.store.read("RETURN 1 AS one"), runs))
    print(f"{'query':18} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'×base':>6}")
    print(f"{'(RETURN 1)':18} {1:5} {base[0]:8.1f} {base[1]:8.1f} {base[2]:8.1f} {1:6.1f}")
    for name, query in queries.catalogue().items():
        values = query.examples()
        rows = len(queries.run(graph.store, name, **values)[0])
        p50, p95, top = summary(timings(lambda: queries.run(graph.store, name, **values), runs))
        print(f"{name:18} {rows:5} {p50:8.1f} {p95:8.1f} {top:8.1f} {p50 / base[0]:6.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--data", help="an embedded store to use as it is")
    parser.add_argument("--uri", help="a Neo4j server to use as it is")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password")
    args = parser.parse_args()
    if args.uri or args.data:
        with munigraph.open(uri=args.uri, user=args.user, password=args.password, data=args.data) as graph:
            report(graph, args.runs)
        return
    with tempfile.TemporaryDirectory() as data:
        try:
            with munigraph.open(data=data) as graph:
                graph.load()
                report(graph, args.runs)
        finally:
            embedded.stop_server(embedded.DataFolder(data))


if __name__ == "__main__":
    main()
