"""``munigraph bench``: how munigraph's cost grows with the work, in one run on one store.

On a generated graph (``generate.py``) of the chosen size:

1. a sample of its records is written by a per-record loader, one ``MERGE`` transaction
   per node or relationship (the way py2neo-era code loaded graphs), into the empty
   store; the sample is then deleted;
2. the whole graph is loaded by ``munigraph load``'s own code (read, check, write in one
   transaction): rows/s, and the peak memory of this process and of the embedded server;
   the ratio of the two throughputs is the gain of batching;
3. every canned query runs ``runs`` times with parameters drawn from the graph, after a
   warm-up, beside ``RETURN 1`` (the cost of a round trip): p50/p95/max in ms; a query
   stops early once its runs have taken ``QUERY_BUDGET`` seconds. ``partners`` runs once
   more with the names typed folded (``olhao`` for Olhão), which no index serves;
4. an HTML picture of about 2,000 nodes is exported, then the whole graph, which
   ``munigraph export html`` draws aggregated by country above its limit; the ratio is the
   whole graph's time to the 2,000 nodes';
5. the network measures of every actor (``munigraph measures``); the ratio is their time to
   the time of reading the actor network they are computed on.

The result is a dict (``run``), printed as a table and written as JSON by the CLI.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from munigraph.graph import embedded
from munigraph.graph.errors import MunigraphError
from munigraph.graph.store import Store
from munigraph.graph.model import KEYS, MERGE_KEYS, GraphBatch, fold
from munigraph.graph.schema import create_schema
from munigraph.graph.write import with_lookup

from .generate import SIZES

WARMUP = 5
QUERY_BUDGET = 60  # seconds of measured runs per query at most
EXPORT_NODES = 2000
TYPED = "partners, name typed folded"  # e.g. 'olhao' for Olhão: no index serves it


def run(size="small", uri=None, user=None, password=None, database=None, data=None,
        runs=50, sample=3000, echo=print) -> dict:
    """Benchmark the Neo4j database at ``uri`` or the embedded store in ``data`` (either
    must be empty), or else a new embedded store, removed afterwards."""
    if size not in SIZES:
        raise MunigraphError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    with tempfile.TemporaryDirectory(prefix="munigraph-bench-") as work:
        echo(f"Generating the {size} graph ({SIZES[size]:,} actors)...")
        started = time.perf_counter()
        generated = _generate(Path(work) / "records", SIZES[size])
        generated["seconds"] = round(time.perf_counter() - started, 1)
        folder = None if uri else embedded.DataFolder(data or Path(work) / "store")
        store = Store.connect(uri=uri, user=user, password=password, database=database,
                              data=folder and folder.path, idle_timeout=0)
        try:
            if store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]:
                raise MunigraphError(f"{store.location} is not empty; bench loads a generated "
                                     "graph and needs an empty database")
            create_schema(store)
            result = {"size": size, "machine": _machine(), "versions": _versions(store),
                      "generated": generated}
            files = sorted((Path(work) / "records").iterdir())
            echo(f"Per-record loader on a sample of about {sample:,} rows...")
            result["per_record"] = per_record_load(store, files, sample)
            echo(f"munigraph load of {generated['rows']:,} rows...")
            result["load"] = batched_load(store, files, folder)
            result["load"]["ratio"] = round(result["load"]["rows_per_s"]
                                            / result["per_record"]["rows_per_s"], 1)
            echo(f"Canned queries, {runs} runs each...")
            result["queries"] = query_latencies(store, runs, echo)
            echo(f"HTML export of about {EXPORT_NODES:,} nodes...")
            result["export"] = html_export(store, Path(work) / "export.html")
            echo("HTML export of the whole graph (aggregated by country)...")
            result["whole_export"] = whole_export(store, Path(work) / "whole.html")
            result["whole_export"]["ratio"] = round(result["whole_export"]["seconds"]
                                                    / max(result["export"]["seconds"], 0.01), 2)
            echo("Network measures of every actor...")
            result["measures"] = network_measures(store)
        finally:
            store.close()
            if folder and not data:
                embedded.stop_server(folder)
    return result


def _generate(folder: Path, actors: int) -> dict:
    """Generate in a child process, so this process's peak memory is the load's."""
    output = subprocess.run(
        [sys.executable, "-c", "import dataclasses, json, sys; "
         "from munigraph.benchmarks.generate import generate; "
         "g = generate(sys.argv[1], int(sys.argv[2])); "
         "print(json.dumps({**dataclasses.asdict(g), 'files': len(g.files), 'rows': g.rows}))",
         str(folder), str(actors)], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


# --- loading --------------------------------------------------------------------------


def per_record_load(store, files, rows: int) -> dict:
    """Write a sample of about ``rows`` rows of ``files`` one transaction per row with
    ``MERGE``, time it, then delete it (the store must hold nothing else)."""
    from munigraph.loaders import prepare

    batch = sample_of(prepare(files).batch, rows)
    started = time.perf_counter()
    for node in batch.nodes:
        key = KEYS[node.primary]
        store.write(f"MERGE (n:{':'.join(node.labels)} {{{key}: $key}}) SET n = $props",
                    key=node.key, props=with_lookup(node.properties))
    for rel in batch.relationships:
        (start, start_key), (end, end_key) = rel.start, rel.end
        merge_key = MERGE_KEYS.get(rel.type)
        same = f" {{{merge_key}: $props.{merge_key}}}" if merge_key else ""
        store.write(f"MATCH (a:{start}) WHERE a.{KEYS[start]} = $start "
                    f"MATCH (b:{end}) WHERE b.{KEYS[end]} = $end "
                    f"MERGE (a)-[x:{rel.type}{same}]->(b) SET x = $props",
                    start=start_key, end=end_key, props=rel.properties)
    seconds = time.perf_counter() - started
    count = len(batch.nodes) + len(batch.relationships)
    store.write("MATCH (n) DETACH DELETE n")
    return {"rows": count, "seconds": round(seconds, 2), "rows_per_s": round(count / seconds)}


def sample_of(batch: GraphBatch, rows: int) -> GraphBatch:
    """The first actors and cooperations of ``batch`` with every node they need (topics,
    countries, sources) and the relationships among them: about ``rows`` rows."""
    small = [n for n in batch.nodes if n.primary in ("Topic", "Country")]
    actors = [n for n in batch.nodes if n.primary == "Actor"]
    cooperations = [n for n in batch.nodes if n.primary == "Cooperation"]
    per_pair = (len(batch.nodes) + len(batch.relationships)) / max(1, len(actors) + len(cooperations))
    count = max(10, int(rows / per_pair / 2))
    chosen = {(n.primary, n.key) for n in small + actors[:count] + cooperations[:count]}
    chosen |= {r.end for r in batch.relationships if r.start in chosen and r.end[0] == "Source"}
    nodes = [n for n in batch.nodes if (n.primary, n.key) in chosen]
    relationships = [r for r in batch.relationships if r.start in chosen and r.end in chosen]
    return GraphBatch(nodes, relationships)


def batched_load(store, files, folder) -> dict:
    """``munigraph load`` of ``files``: times of reading and writing, rows/s, peak memory."""
    from munigraph.loaders import load

    report = load(store, files)
    server = folder and folder.server_info()
    return {"rows": report.rows, "nodes_created": report.nodes_created,
            "relationships_created": report.relationships_created,
            "read_seconds": round(report.read_seconds, 1),
            "write_seconds": round(report.seconds - report.read_seconds, 1),
            "seconds": round(report.seconds, 1), "rows_per_s": round(report.rows / report.seconds),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "server_peak_rss_mb": server and _peak_rss_mb(server["pid"])}


def _peak_rss_mb(pid: int) -> int | None:
    """The peak resident memory of process ``pid`` (Linux), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kb = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return kb and round(int(kb) / 1024)


# --- queries --------------------------------------------------------------------------


def query_latencies(store, runs: int, echo=print) -> dict:
    """p50/p95/max (ms) and mean rows of every canned query over ``runs`` parameter sets,
    and of ``RETURN 1`` as the baseline."""
    from munigraph import queries

    draw = ParameterDraw(store)
    results = {"(RETURN 1)": _timed(lambda values: store.read("RETURN 1 AS one"), [{}] * runs)}
    for name, query in queries.catalogue().items():
        sets = draw.sets(query, runs)
        results[name] = _timed(lambda values: queries.run(store, name, **values)[0], sets)
        echo(f"  {name}: p95 {results[name]['p95']} ms")
    typed = [{"actor": fold(values["actor"])} for values in draw.sets(queries.get("partners"), runs)]
    results[TYPED] = _timed(lambda values: queries.run(store, "partners", **values)[0], typed)
    echo(f"  {TYPED}: p95 {results[TYPED]['p95']} ms")
    return results


def _timed(call, parameter_sets, budget=QUERY_BUDGET) -> dict:
    """Run ``call`` on each parameter set after a warm-up, stopping early (after 5 runs at
    least) once ``budget`` seconds are spent, so one slow query cannot stall the bench."""
    started = time.perf_counter()
    for values in parameter_sets[:WARMUP]:
        call(values)
        if time.perf_counter() - started > budget / 4:
            break
    times, rows = [], 0
    started = time.perf_counter()
    for values in parameter_sets:
        began = time.perf_counter()
        rows += len(call(values))
        times.append((time.perf_counter() - began) * 1000)
        if len(times) >= 5 and time.perf_counter() - started > budget:
            break
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1), "max": round(max(times), 1),
            "rows": round(rows / len(times), 1), "runs": len(times)}


class ParameterDraw:
    """Parameter values drawn (seeded) from the graph: names of real actors, pairs that
    cooperate, programmes, topics, countries. An actor's name is drawn only when no other
    actor answers to it (by name, alias or place name): a shared name is refused, not answered."""

    def __init__(self, store):
        self.rng = random.Random()
        rows = store.read("MATCH (a:Actor) RETURN a.name AS name, a.lookup AS lookup ORDER BY a.id")
        names = [r["name"] for r in rows]  # a name another actor also answers to would be refused
        shared = {key for key, count in Counter(k for r in rows for k in {fold(f) for f in r["lookup"]}).items()
                  if count > 1}
        self.actors = [name for name in names if fold(name) not in shared]
        self.pairs = [r["names"] for r in store.read(
            "MATCH (c:Cooperation)<-[:TAKES_PART]-(a:Actor) WITH c, a ORDER BY a.id "  # not the store's order
            "WITH c, collect(a.name) AS names "
            "WHERE size(names) > 1 RETURN names[0..2] AS names ORDER BY c.id LIMIT 1000")
            if not {fold(name) for name in r["names"]} & shared]
        self.programmes = [r["name"] for r in store.read(
            "MATCH (p:Programme) RETURN p.name AS name ORDER BY p.id")]
        self.topics = [name for r in store.read("MATCH (t:Topic) RETURN t.name AS name, "
                                                "t.namePt AS pt ORDER BY t.id")
                       for name in (r["name"], r["pt"]) if name]
        self.countries = [r["code"] for r in store.read(
            "MATCH (c:Country)<-[:LOCATED_IN]-(:Actor) RETURN c.code AS code, count(*) AS n "
            "ORDER BY n DESC, code LIMIT 40")]

    def sets(self, query, runs: int) -> list[dict]:
        """``runs`` parameter sets for ``query``, seeded by its name: the same values
        whichever other queries run."""
        self.rng.seed(query.name)
        return [self.values(query) for _ in range(runs)]

    def values(self, query) -> dict:
        pick, names = self.rng.choice, {p.name for p in query.parameters}
        values = {}
        if "actor" in names:
            pair = pick(self.pairs) if self.rng.random() < 0.5 else [pick(self.actors), pick(self.actors)]
            values["actor"] = pair[0]
            if "other" in names:
                values["other"] = pair[1]
        if "country" in names:
            values["country"] = pick(self.countries)
            if "other" in names:
                values["other"] = pick(self.countries)
        if "programme" in names:
            values["programme"] = pick(self.programmes)
        if "role" in names:
            values["role"] = pick(["", "partner", "coordinator"])
        if "topic" in names:
            values["topic"] = pick(self.topics)
        if "text" in names:
            values["text"] = pick(self.actors)[:5].lower() if query.name == "find" else pick(["", "report 1"])
        return values


# --- export ---------------------------------------------------------------------------


def html_export(store, path: Path) -> dict:
    """Choose the first cooperations (by id) with their parties up to ``EXPORT_NODES``
    nodes, then time reading them and writing them as HTML: seconds, nodes, links, size."""
    from munigraph.viz import write_html
    from munigraph.viz.network import read_network

    rows = store.read("MATCH (c:Cooperation)<-[:TAKES_PART]-(a:Actor) "
                      "RETURN c.id AS cooperation, collect(a.id) AS actors ORDER BY cooperation")
    chosen, nodes = [], set()
    for row in rows:
        if len(nodes) >= EXPORT_NODES:
            break
        chosen.append(row["cooperation"])
        nodes |= {row["cooperation"], *row["actors"]}
    started = time.perf_counter()
    graph = read_network(store, chosen)
    write_html(graph, path, title="munigraph bench")
    return {"nodes": graph.number_of_nodes(), "links": graph.number_of_edges(),
            "seconds": round(time.perf_counter() - started, 2),
            "megabytes": round(path.stat().st_size / 1e6, 2)}


def whole_export(store, path: Path) -> dict:
    """Time ``munigraph export html`` of the whole graph: seconds, the nodes it holds and
    the nodes drawn (its countries, above the page's limit), size."""
    from munigraph.viz.export import export

    held = store.read("MATCH (n) WHERE n:Actor OR n:Cooperation RETURN count(n) AS n")[0]["n"]
    started = time.perf_counter()
    report = export(store, "html", path, title="munigraph bench")
    return {"held": held, "nodes": report.nodes, "links": report.edges,
            "aggregated": report.warning is not None,
            "seconds": round(time.perf_counter() - started, 2),
            "megabytes": round(path.stat().st_size / 1e6, 2)}


def network_measures(store) -> dict:
    """Time ``munigraph measures`` of the whole graph, and the reading of its actor network
    alone: seconds, actors, links, the pivots of the betweenness estimate (``None``: exact)."""
    from munigraph.viz.measures import actor_network, measures

    started = time.perf_counter()
    network = actor_network(store)
    read = time.perf_counter() - started
    started = time.perf_counter()
    rows = measures(store)
    seconds = time.perf_counter() - started
    seconds, read = round(seconds, 2), max(round(read, 2), 0.01)  # the ratio of what is shown
    return {"actors": len(rows), "links": network.number_of_edges(), "pivots": rows.pivots,
            "seconds": seconds, "read_seconds": read, "ratio": round(seconds / read, 1)}


# --- about the run --------------------------------------------------------------------


def _machine() -> dict:
    memory = None
    try:
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    return {"platform": platform.platform(), "processor": platform.machine(),
            "cpus": os.cpu_count(), "memory_gb": memory, "python": platform.python_version()}


def _versions(store) -> dict:
    found = {"server": store.server_version()}
    for package in ("munigraph", "neo4j", "neo4j-rust-ext", "arcadedb-embedded"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = None
    return found


def table(result: dict) -> str:
    """The result as text: the load, the ratio, and one line per query."""
    width = max(map(len, result["queries"]))
    load, per_record, export = result["load"], result["per_record"], result["export"]
    lines = [
        f"munigraph bench, size {result['size']}: {result['generated']['actors']:,} actors, "
        f"{result['generated']['nodes']:,} nodes, {result['generated']['relationships']:,} "
        f"relationships ({result['versions']['server']}, {result['machine']['cpus']} CPUs)",
        "",
        f"{'load':24} {'rows':>10} {'seconds':>8} {'rows/s':>8}",
        f"{'munigraph load':24} {load['rows']:10,} {load['seconds']:8.1f} {load['rows_per_s']:8,}"
        f"   (read {load['read_seconds']} s, write {load['write_seconds']} s)",
        f"{'per-record MERGE':24} {per_record['rows']:10,} {per_record['seconds']:8.1f} "
        f"{per_record['rows_per_s']:8,}",
        f"{'ratio':24} {load['ratio']:>9.1f}×",
        f"peak memory: munigraph {load['peak_rss_mb']:,} MB"
        + (f", embedded server {load['server_peak_rss_mb']:,} MB" if load["server_peak_rss_mb"] else ""),
        "",
        f"{'query':{width}} {'rows':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'runs':>5}",
    ]
    for name, timing in result["queries"].items():
        lines.append(f"{name:{width}} {timing['rows']:7} {timing['p50']:8.1f} {timing['p95']:8.1f} "
                     f"{timing['max']:8.1f} {timing['runs']:5}")
    lines += ["", f"HTML export: {export['nodes']:,} nodes, {export['links']:,} links, "
                  f"{export['seconds']} s, {export['megabytes']} MB"]
    whole = result.get("whole_export")
    if whole:
        drawn = "aggregated by country: " if whole["aggregated"] else ""
        lines.append(f"HTML export of the whole graph ({whole['held']:,} nodes): {drawn}"
                     f"{whole['nodes']:,} nodes, {whole['links']:,} links, {whole['seconds']} s "
                     f"({whole['ratio']} × the {export['nodes']:,} nodes'), {whole['megabytes']} MB")
    measured = result.get("measures")
    if measured:
        how = (f"betweenness from {measured['pivots']:,} pivots" if measured["pivots"]
               else "betweenness exact")
        lines.append(f"Network measures: {measured['actors']:,} actors, {measured['links']:,} "
                     f"links, {how}: {measured['seconds']} s ({measured['ratio']} × reading "
                     f"the network, {measured['read_seconds']} s)")
    return "\n".join(lines)
