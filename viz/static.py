"""Pictures for print: the graph drawn with matplotlib as PNG, SVG or PDF.

``write_picture(graph, path)`` draws a networkx graph of ``munigraph.viz.network`` (the
cooperations view or the actor projection) at an exact pixel size: ``width`` × ``height``
pixels at ``dpi`` dots per inch, so a PNG has that many pixels and an SVG or PDF is
``width / dpi`` × ``height / dpi`` inches. Every kind has its colour (``viz.style``) and its
own marker shape, so the picture still reads in grey scale. The layout is ForceAtlas2 with
a fixed seed: the same graph gives the same picture.
"""

from __future__ import annotations

import math
import os
import textwrap
from pathlib import Path

from munigraph.graph.errors import MunigraphError
from munigraph.language import _, pgettext
from munigraph.graph.words import kind_name
from munigraph.viz.style import COLOURS, KINDS, kind_of, number, size_of

FORMATS = ("png", "svg", "pdf")
SHAPES = {"municipality": "o", "region": "s", "association": "^", "consortium": "v",
          "organization": "p", "programme": "D", "agreement": "P", "event": "X", "topic": "*"}
SEED = 42
LABELS = 30  # names drawn: the best-connected nodes only
LABEL_LENGTH = 30
EDGE = "#555555"
STATIC = {"svg.hashsalt": "munigraph", "svg.fonttype": "none", "pdf.fonttype": 42}
METADATA = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}


def write_picture(graph, path_or_file, format=None, title="", caption="", width=2339,
                  height=1654, dpi=200, color="kind") -> None:
    """Draw ``graph`` to a path or binary file as ``format`` (png, svg or pdf; by default
    the path's suffix), ``width`` × ``height`` pixels at ``dpi``, with ``title`` above and
    ``caption`` (say, the data's date and number of sources) below."""
    fmt = picture_format(path_or_file, format)
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STATIC):
        figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
        # the caption wraps onto lines of the picture's width (8 pt letters are about 4.6 pt wide)
        lines = textwrap.wrap(caption, max(40, int(width / dpi * 72 / 4.6))) if caption else []
        line = 8 * 1.3 / 72 / (height / dpi)  # one 8 pt line, as a fraction of the height
        bottom, top = (0.03 + line * len(lines) if lines else 0.02), (0.92 if title else 0.98)
        axes = figure.add_axes((0.01, bottom, 0.80, top - bottom))
        draw(graph, axes, scale=min(width, height) / dpi / math.sqrt(len(graph) + 20))
        legend = handles(graph)
        if legend:
            figure.legend(handles=legend, loc="upper right", bbox_to_anchor=(0.99, top),
                          frameon=False, fontsize=8)
        if title:
            figure.suptitle(title, y=0.97, fontsize=14)
        if lines:
            figure.text(0.5, 0.02, "\n".join(lines), ha="center", va="bottom", fontsize=8,
                        color="#333333")
        figure.savefig(path_or_file, format=fmt, dpi=dpi, metadata=METADATA[fmt])


def picture_format(path_or_file, format=None) -> str:
    """The format to write: ``format``, or else the suffix of the path or file's name.

    >>> picture_format("out/network.SVG"), picture_format("network.png", "pdf")
    ('svg', 'pdf')
    """
    name = path_or_file if isinstance(path_or_file, (str, os.PathLike)) else \
        getattr(path_or_file, "name", "")
    fmt = (format or Path(str(name)).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise MunigraphError(_("a picture is png, svg or pdf, not {format}: give a path ending "
                               "in .png, .svg or .pdf, or the format").format(
                                   format=repr(fmt or "unnamed")))
    return fmt


def layout(graph) -> dict:
    """Positions in [-1, 1]² of the nodes of ``graph`` by ForceAtlas2 with strong gravity
    (which keeps nodes without links near the rest), seeded: they depend on the nodes and
    links only, not on the order a query returned them in."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph, key=str))
    simple.add_edges_from(sorted({tuple(sorted(pair, key=str)) for pair in graph.edges()},
                                 key=str))
    positions = nx.forceatlas2_layout(simple, seed=SEED, strong_gravity=True,
                                      max_iter=100 if len(simple) <= 1000 else 50)
    return {node: tuple(float(c) for c in xy)
            for node, xy in nx.rescale_layout_dict(positions).items()}


def draw(graph, axes, scale: float) -> None:
    """Links, nodes (``size_of`` their degree times ``scale`` points) and the names of the
    ``LABELS`` best-connected nodes on ``axes``."""
    from matplotlib.collections import LineCollection

    positions = layout(graph)
    axes.set_axis_off()
    axes.set_xlim(-1.08, 1.08)
    axes.set_ylim(-1.08, 1.08)
    nodes = sorted(graph, key=str)  # drawn in an order of their own, as they are laid out
    edges = sorted(graph.edges(data=True), key=lambda edge: (str(edge[0]), str(edge[1])))
    thin = max(0.2, min(0.8, 12 / math.sqrt(len(edges) + 1)))
    axes.add_collection(LineCollection(
        [(positions[u], positions[v]) for u, v, _ in edges], colors=EDGE, alpha=0.6, zorder=1,
        linewidths=[thin * math.sqrt(data.get("weight", 1)) for _, _, data in edges],
        linestyles=["--" if data.get("role") == "part_of" else "-" for _, _, data in edges]))
    for kind in KINDS:
        group = [n for n in nodes if kind_of(graph.nodes[n]) == kind]
        if group:
            axes.scatter([positions[n][0] for n in group], [positions[n][1] for n in group],
                         s=[(size_of(graph.degree(n)) * scale) ** 2 for n in group],
                         marker=SHAPES.get(kind, "o"), c=COLOURS[kind], edgecolors="black",
                         linewidths=0.4, zorder=2)
    backing = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
               "alpha": 0.7}
    ranked = sorted(nodes, key=graph.degree, reverse=True)
    for node in ranked[:LABELS]:
        axes.annotate(short_name(graph.nodes[node], node), positions[node], xytext=(0, 2 + (
            size_of(graph.degree(node)) * scale) / 2), textcoords="offset points", ha="center",
            va="bottom", fontsize=6 if len(graph) > 300 else 7, zorder=3, bbox=backing)


def handles(graph) -> list:
    """Legend entries: each kind in the graph (its marker and count), and the dashed
    "part of" link when there is one."""
    from matplotlib.lines import Line2D

    counts = {}
    for _node, data in graph.nodes(data=True):
        counts[kind_of(data)] = counts.get(kind_of(data), 0) + 1
    entries = [Line2D([], [], linestyle="none", marker=SHAPES.get(kind, "o"), markersize=7,
                      markerfacecolor=COLOURS[kind], markeredgecolor="black",
                      markeredgewidth=0.5, label=f"{kind_name(kind)} ({number(counts[kind])})")
               for kind in KINDS if kind in counts]
    if any(data.get("role") == "part_of" for _, _, data in graph.edges(data=True)):
        entries.append(Line2D([], [], color=EDGE, linestyle="--", label=pgettext("role", "part of")))
    return entries


def short_name(data: dict, default="") -> str:
    """A node's name for a label: its name, or its shortest alias when the name is long,
    cut to ``LABEL_LENGTH`` characters.

    >>> short_name({"name": "Associação de Municípios do Algarve (Comunidade Intermunicipal)",
    ...             "aliases": ["AMAL"]})
    'AMAL'
    >>> short_name({"name": "Cooperação descentralizada entre cidades do Brasil e Moçambique"})
    'Cooperação descentralizada en…'
    """
    name = str(data.get("name") or default)
    if len(name) > LABEL_LENGTH and data.get("aliases"):
        name = min([name, *data["aliases"]], key=len)
    return name if len(name) <= LABEL_LENGTH else name[:LABEL_LENGTH - 1] + "…"
