"""Time to export a network as HTML, and to lay it out and draw it in headless Chromium.

The graphs are synthetic, seeded and shaped like the real one (mostly municipalities and
twinnings; twinnings join two parties, programmes dozens; events are part of
programmes), because the bundled dataset has about 200 nodes. For each graph: the export
time (``write_html``, median of 3), the file size, and the time from navigation to the
first drawing after the layout has settled (median of 3 loads in a fresh tab of one
Chromium, started with network access disabled). The baseline, measured in the same
run, is the page of an empty graph: parsing vis-network and drawing nothing.

Usage: python benchmarks/html_export.py [--sizes 200 2000] [--runs 3]
(needs Debian's chromium: apt-get install chromium)
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from munigraph.viz.html import write_html
from munigraph.viz.network import actor_projection, network

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_viz_html import Chromium  # noqa: E402  (the browser driver of the tests)

SHARES = {"Municipality": 0.5, "Region": 0.02, "Association": 0.02, "Consortium": 0.02,
          "Organization": 0.04, "Programme": 0.02, "Agreement": 0.3, "Event": 0.05,
          "Exchange": 0.03}
TOPICS = ["Solid waste", "Sanitation", "Shared public procurement", "Smart city", "Culture",
          "Public-transport financing", "E-government", "Human rights", "Tourism", "Health"]
ROLES = ["partner", "participant", "signatory"]
NAMES = ["São", "Olhão", "Vila Nova de", "Santa Bárbara d'", "Águas de", "Conceição do",
         "Lagoa", "Pôrto", "Müllheim", "Saint-Étienne-"]


def synthetic(count: int, seed: int = 1):
    """A ``MultiDiGraph`` of about ``count`` nodes, as ``network()`` builds from a store."""
    rng = random.Random(seed)
    ids = {kind: [f"{kind.lower()}:{i}" for i in range(round(count * share))]
           for kind, share in SHARES.items()}
    actors = [{"labels": ["Actor", kind],
               "properties": {"id": i, "name": f"{rng.choice(NAMES)} {kind[:4]} {n}",
                              "country": rng.choice(["BR", "PT", "FR", "IT", "MZ"])}}
              for kind in list(SHARES)[:5] for n, i in enumerate(ids[kind])]
    degree = {a["properties"]["id"]: 1 for a in actors}
    turns = itertools.cycle(rng.sample(list(degree), len(degree)))

    def parties(k):  # one in turn, the others by preferential attachment
        chosen = {next(turns)} | set(rng.choices(list(degree), list(degree.values()), k=k - 1))
        for a in chosen:
            degree[a] += 1
        return chosen

    cooperations, takes_part, part_of = [], [], []
    for kind in list(SHARES)[5:]:
        for n, i in enumerate(ids[kind]):
            cooperations.append({
                "labels": ["Cooperation", kind], "topics": rng.sample(TOPICS, rng.randint(1, 3)),
                "properties": {"id": i, "name": f"{kind} {n} de {rng.choice(NAMES)}",
                               "start": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-15"},
                "evidence": [{"quote": f"Os municípios assinaram o acordo n.º {n}.",
                              "source": f"Fonte {rng.randint(1, 60)}", "url": None}]})
            k = {"Programme": min(60, int(rng.paretovariate(1.2) * 5)), "Agreement": 2,
                 "Event": rng.randint(2, 6), "Exchange": 2}[kind]
            takes_part += [{"actor": a, "cooperation": i, "role": rng.choice(ROLES)}
                           for a in parties(k)]
            if kind in ("Event", "Exchange") and ids["Programme"] and rng.random() < 0.6:
                part_of.append({"cooperation": i, "programme": rng.choice(ids["Programme"])})
    return network(actors, cooperations, takes_part, part_of)


def median_seconds(call, runs: int) -> float:
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        values.append(time.perf_counter() - started)
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    graphs = {"empty (baseline)": synthetic(0)}
    for size in args.sizes:
        graphs[f"{size:,} cooperations view"] = synthetic(size)
    graphs[f"{size:,} actors view"] = actor_projection(synthetic(size))
    print(f"{'graph':28} {'nodes':>6} {'edges':>6} {'export s':>9} {'MB':>5} {'drawn s':>8}")
    with tempfile.TemporaryDirectory() as folder, Chromium(Path(folder) / "profile") as browser:
        for name, graph in graphs.items():
            path = Path(folder) / "page.html"
            export = median_seconds(lambda: write_html(graph, path, title=name), args.runs)
            drawn = statistics.median(browser.open(path)["drawn"] / 1000 for _ in range(args.runs))
            print(f"{name:28} {graph.number_of_nodes():6,} {graph.number_of_edges():6,} "
                  f"{export:9.3f} {path.stat().st_size / 1e6:5.2f} {drawn:8.2f}", flush=True)


if __name__ == "__main__":
    main()
