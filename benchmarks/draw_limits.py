"""How many nodes each kind of export draws in reasonable time: the numbers of viz/limits.py.

For synthetic graphs shaped like the real one (``html_export.synthetic``, seeded; the
cooperations view, as ``munigraph export`` draws by default), measures:

- **html**: ``write_html``, then the time from navigation to the first drawing after the
  layout has stopped (``munigraph.ready`` of the page) in headless Chromium;
- **map**: ``write_map`` (actors given coordinates of their own around their country), then
  the time from navigation to the page's ``data-ready`` mark and two animation frames
  after it (the map painted);
- **png**: ``write_picture`` at the default 2400 × 1600 pixels and 200 dpi (layout and
  drawing), and the ForceAtlas2 ``layout`` alone, which is also what a GEXF file's
  positions cost.

Each browser time is the median of ``--runs`` loads, each in a fresh tab of one Chromium
started with a new empty profile and no network. ``--keep DIR`` keeps the pictures, to
judge their readability by eye. Run by hand (not by the tests):

    python benchmarks/draw_limits.py
    python benchmarks/draw_limits.py --html 1000 2000 3000 --map 2000 5000 --pictures 1000 --runs 5

(needs Debian's chromium: apt-get install chromium)
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from munigraph.viz.html import write_html
from munigraph.viz.map import write_map
from munigraph.viz.static import layout, write_picture

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from html_export import synthetic  # noqa: E402  (the graphs of the HTML export benchmark)
from test_viz_html import CHROMIUM, STATE, Chromium  # noqa: E402  (the browser driver of the tests)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--remote-debugging-pipe"]
# The map is painted: its script has run, and two frames have been drawn since.
MAP_STATE = """new Promise(function (resolve) {
  (function poll() {
    if (!document.querySelector('[data-ready="yes"]')) return setTimeout(poll, 5);
    requestAnimationFrame(function () { requestAnimationFrame(function () {
      resolve({drawn: performance.now(), points: document.querySelectorAll("circle.point").length,
               links: document.querySelectorAll("path.link").length});
    }); });
  })();
})"""
CENTRES = {"BR": (-12, -48, 9), "PT": (39.6, -8.1, 1.5), "FR": (46.6, 2.4, 3),
           "IT": (42.8, 12.5, 3), "MZ": (-18, 35, 5)}  # lat, lon, spread in degrees
LIMIT = 3.0  # seconds a page may take to be drawn


def placed(graph, seed=2):
    """``graph`` with every actor given coordinates of its own near its country's centre."""
    rng = random.Random(seed)
    for _, data in graph.nodes(data=True):
        if data["label"] == "Actor":
            lat, lon, spread = CENTRES[data["country"]]
            data["lat"], data["lon"] = lat + rng.uniform(-spread, spread), lon + rng.uniform(-spread, spread)
    return graph


def page_seconds(browser, path, state, runs) -> tuple[float, dict]:
    """The median seconds from navigation to ``state``, and the last state read."""
    times, last = [], {}
    for _ in range(runs):
        last = browser.open(path, state=state)
        if last["problems"]:
            raise RuntimeError(f"{path}: {last['problems']}")
        times.append(last["drawn"] / 1000)
    return statistics.median(times), last


def pages(kind, sizes, runs, folder, browser):
    write = {"html": lambda g, p: write_html(g, p, title="Drawing limits"),
             "map": lambda g, p: write_map(g, p, title="Drawing limits")}[kind]
    state = STATE if kind == "html" else MAP_STATE
    page_seconds(browser, _written(write, synthetic(50), folder / "warm.html"), state, 1)
    for size in sizes:
        graph = placed(synthetic(size)) if kind == "map" else synthetic(size)
        started = time.perf_counter()
        path = _written(write, graph, folder / f"{kind}-{size}.html")
        written = time.perf_counter() - started
        seconds, shown = page_seconds(browser, path, state, runs)
        drawn = (f"{shown['nodes']:,} nodes drawn" if kind == "html"
                 else f"{shown['points']:,} points, {shown['links']:,} curves")
        print(f"| {kind} | {graph.number_of_nodes():,} | {len(set(graph.edges())):,} | "
              f"{written:.2f} | {path.stat().st_size / 1e6:.1f} | {seconds:.2f} | "
              f"{'yes' if seconds < LIMIT else 'no'} | {drawn} |", flush=True)


def pictures(sizes, folder):
    for size in sizes:
        graph = synthetic(size)
        started = time.perf_counter()
        layout(graph)
        laid = time.perf_counter() - started
        started = time.perf_counter()
        write_picture(graph, folder / f"picture-{size}.png", "png", "Drawing limits",
                      f"{graph.number_of_nodes():,} nodes")
        drawn = time.perf_counter() - started
        print(f"| png | {graph.number_of_nodes():,} | {len(set(graph.edges())):,} | {laid:.1f} | "
              f"{drawn:.1f} | {folder / f'picture-{size}.png'} |", flush=True)


def _written(write, graph, path) -> Path:
    write(graph, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=int, nargs="*",
                        default=[0, 500, 1000, 1500, 2000, 2500, 3000, 4000, 5000])
    parser.add_argument("--map", type=int, nargs="*",
                        default=[1000, 2000, 5000, 10000, 15000, 20000, 30000])
    parser.add_argument("--pictures", type=int, nargs="*", default=[500, 1000, 2000, 3000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Keep the pages and pictures in this folder.")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"{CHROMIUM}", flush=True)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        if args.html or args.map:
            print("\n| page | nodes | links | write s | MB | drawn s | < 3 s | |\n"
                  "|---|---:|---:|---:|---:|---:|---|---|", flush=True)
            with Chromium(Path(temporary) / "profile", FLAGS) as browser:  # a new, empty profile
                for kind in ("html", "map"):
                    if getattr(args, kind):
                        pages(kind, getattr(args, kind), args.runs, folder, browser)
        if args.pictures:
            print("\n| picture | nodes | links | layout s | png s | file |\n"
                  "|---|---:|---:|---:|---:|---|", flush=True)
            pictures(args.pictures, folder)


if __name__ == "__main__":
    main()
