"""Pictures for print: the graph drawn with matplotlib as PNG, SVG or PDF.

``write_picture(graph, path)`` draws a networkx graph of ``munigraph.viz.network`` at an
exact size: ``width`` × ``height`` pixels at ``dpi`` dots per inch, so a PNG has that many
pixels and an SVG or PDF is ``width / dpi`` × ``height / dpi`` inches; ``picture`` makes
the same figure without writing it. Every text is at least 8 pt at that printed size.

- Layout: each connected component is laid out by ForceAtlas2 with strong gravity and a
  fixed seed, and each of its axes is evened out (averaged with the nodes' ranks along
  it), which brings outliers in; the components are packed in rows, and x and y are scaled
  apart to fill the drawing; marks that would overlap are pushed apart (in graphs of up to
  ``APART`` nodes). The same graph gives the same picture, whatever the order of its nodes.
- Colours: ``style.colouring`` by kind, country, programme or community, with its legend.
  Every kind keeps a marker shape of its own, so the picture reads in grey scale; when the
  colours are not the kinds, a second legend shows the kinds' shapes, hollow.
- Names: each node is named beside its mark (``style.label_of``, wrapped onto lines, never
  cut) where the name fits inside the drawing without covering another name or mark:
  places around the mark are tried nearest first, the best-connected nodes first, every
  text measured by the renderer. A node whose name fits nowhere gets a number beside its
  mark instead, and a key beside the drawing names it ("12  Frente Nacional de Prefeitos");
  short names go beside the marks before long ones there, which read well in the key. The
  key takes room from the drawing a column at a time, up to ``KEY_ROOM`` of the page's
  width, and the picture is the one that names the most nodes; a key that still does not
  fit keeps the best-connected nodes, and a line under it says how many nodes are not
  named. A graph of more than ``KEYED`` nodes has no key (a key of hundreds of names does
  not read): the names that fit are drawn (those of the ``NAMED`` best-connected nodes
  are tried), and the line under the legend counts the others.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from munigraph.graph.errors import MunigraphError
from munigraph.graph.words import kind_name
from munigraph.language import _, ngettext, pgettext
from munigraph.viz.style import COLOURS, KINDS, colouring, kind_of, label_of, number, weight_of, \
    size_of, wrapped

FORMATS = ("png", "svg", "pdf")
SHAPES = {"municipality": "o", "region": "s", "association": "^", "consortium": "v",
          "organization": "p", "programme": "D", "agreement": "P", "event": "X", "topic": "*",
          "country": "h"}
REACH = {"D": 0.71}  # a mark's half width in marker sizes: 0.5, a diamond's √½
SEED = 42
FONT = 8  # points: names, numbers, key, legend and caption
TITLE = 14  # points
KEYED = 150  # the largest graph whose nodes without room for their name are keyed
NAMED = 400  # the most nodes whose names are tried, the best-connected first
LONG = 30  # characters: names this long are tried after the shorter ones
WRAPS = (18, 26, 36)  # the line lengths a name beside its mark is tried with
APART = 600  # the largest graph whose overlapping marks are pushed apart
KEY_ROOM = 0.5  # the most of the page's width the legend and key take
MARGIN = 12  # points around the page's content
EDGE = "#555555"
EDGE_RGB = (1 / 3, 1 / 3, 1 / 3)  # EDGE, with an alpha per link
PAD = 0.1  # the backing's pad around a name, in font sizes
BACKING = {"boxstyle": f"square,pad={PAD}", "facecolor": "white", "edgecolor": "none",
           "alpha": 0.8}
STATIC = {"svg.hashsalt": "munigraph", "svg.fonttype": "none", "pdf.fonttype": 42}
METADATA = {"png": {}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}


@dataclass
class Picture:
    """A drawn graph: the matplotlib ``figure`` (on an Agg canvas); ``names``, the ``Text``
    naming a node beside it; ``numbers``, a numbered node's ``Text`` s (its number beside
    it, its number in the key, its name in the key); ``unnamed``, how many nodes are neither."""

    figure: object
    names: dict
    numbers: dict
    unnamed: int


def write_picture(graph, path_or_file, format=None, title="", caption="", width=2339,
                  height=1654, dpi=200, color="kind") -> None:
    """Draw ``graph`` to a path or binary file as ``format`` (png, svg or pdf; by default
    the path's suffix), ``width`` × ``height`` pixels at ``dpi``, with ``title`` above,
    ``caption`` (say, the data's date and number of sources) below and the nodes coloured
    by ``color`` (``style.colouring``)."""
    fmt = picture_format(path_or_file, format)
    import matplotlib

    with matplotlib.rc_context(STATIC):
        drawn = picture(graph, title, caption, width, height, dpi, color)
        drawn.figure.savefig(path_or_file, format=fmt, dpi=dpi, metadata=METADATA[fmt])


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


def picture(graph, title="", caption="", width=2339, height=1654, dpi=200,
            color="kind") -> Picture:
    """The figure ``write_picture`` writes, with its names and numbers (see the module's
    docstring)."""
    page = Page(width / dpi, height / dpi, dpi)
    pt = page.pt
    left, right = MARGIN * pt, page.width - MARGIN * pt
    top, bottom = page.height - MARGIN * pt, MARGIN * pt
    if title:
        top = page.fitted(title, right - left, top, "top", TITLE).y0 - 6 * pt
    if caption:
        bottom = page.fitted(caption, right - left, bottom, "bottom", FONT,
                             color="#333333").y1 + 6 * pt
    colours = colouring(graph, color)
    legends = [page.figure.legend(handles=entries, loc="upper left", frameon=False,
                                  fontsize=FONT, borderpad=0, borderaxespad=0)
               for entries in legend_entries(graph, colours) if entries]
    nodes = Nodes(graph, colours.colours, min(width, height) / dpi / math.sqrt(len(graph) + 20),
                  pt)
    key = Key(page, [page.extent(legend) for legend in legends], top - bottom, len(graph))
    room, best, columns = KEY_ROOM * page.width, None, 0
    while True:  # the key takes room from the drawing, a column at a time, while it must
        frame = (left, bottom, right - key.side(columns) - 2 * FONT * pt, top)
        nodes.spread(frame)
        names, marks = place(page, nodes, frame, len(graph) <= KEYED)
        numbered = key.kept(graph, names, marks, columns, nodes.naming)
        if best is None or len(names) + len(numbered) > len(best[1]) + len(best[3]):
            best = (columns, names, marks, numbered, nodes.xy)
        if len(numbered) == len(marks) or key.side(columns + 1) > room:
            break
        columns += 1
    columns, names, marks, numbered, nodes.xy = best
    unnamed = len(graph) - len(names) - len(numbered)
    nodes.draw(page.axes)
    drawn = Picture(page.figure, {}, {}, unnamed)
    for node, (text, x, y, align) in names.items():
        drawn.names[node] = page.write(text, x, y, multialignment=align, bbox=BACKING)
    written = key.draw(legends, key.entries(graph, numbered), unnamed, columns,
                       right - key.side(columns), top)
    for n, node in enumerate(numbered, 1):
        drawn.numbers[node] = (page.write(str(n), *marks[node][:2], fontweight="bold",
                                          bbox=BACKING), *written[n - 1])
    page.scratch.remove()
    return drawn


def legend_entries(graph, colours) -> list:
    """The legends' entries: the groups of ``colours`` (a ``style.Colouring``) with their
    counts, each kind's shape (in its colour when the colours are the kinds, else hollow),
    the dashed "part of" link when there is one and sample widths of weighted links; one legend, or two when the colours
    are not the kinds."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    counts = {}
    for _node, data in graph.nodes(data=True):
        counts[kind_of(data)] = counts.get(kind_of(data), 0) + 1
    by_kind = colours.by == "kind"
    shapes = [Line2D([], [], linestyle="none", marker=SHAPES.get(kind, "o"), markersize=7,
                     markerfacecolor=COLOURS[kind] if by_kind else "white",
                     markeredgecolor="black", markeredgewidth=0.5,
                     label=f"{kind_name(kind)} ({number(counts[kind])})")
              for kind in KINDS if kind in counts]
    if any(data.get("role") == "part_of" for _, _, data in graph.edges(data=True)):
        shapes.append(Line2D([], [], color=EDGE, linestyle="--", label=pgettext("role", "part of")))
    look = LinkLook(graph)
    for weight in look.samples():  # what a line's width says, when widths differ
        colour, width = look.of(weight)
        shapes.append(Line2D([], [], color=colour, linewidth=width, label=ngettext(
            "{n} cooperation in common", "{n} cooperations in common", weight).format(
                n=number(weight))))
    if by_kind:
        return [shapes]
    return [[Patch(facecolor=colour, edgecolor="black", linewidth=0.4,
                   label=wrapped(f"{words} ({number(n)})", 28))
             for words, colour, n in colours.legend],
            shapes]


class LinkLook:
    """How wide and dark a link of a graph is drawn: thin when there are many links, and
    wider and darker the heavier it is, from the graph's lightest link to its heaviest."""

    def __init__(self, graph):
        weights = [w for _a, _b, w in graph.edges(data="weight", default=1)]
        self.thin = max(0.2, min(0.8, 12 / math.sqrt(len(weights) + 1)))
        self.lightest, self.heaviest = min(weights, default=1), max(weights, default=1)

    def of(self, weight) -> tuple:
        """The colour (RGBA) and width in points of a link of ``weight``."""
        if self.heaviest == self.lightest:
            return (*EDGE_RGB, 0.6), self.thin
        share = math.sqrt((weight - self.lightest) / (self.heaviest - self.lightest))
        return (*EDGE_RGB, 0.3 + 0.6 * share), self.thin * (1 + 5 * share)

    def samples(self) -> list:
        """Up to three weights that show the range of widths: the lightest, the middle
        and the heaviest; none when every link weighs the same."""
        if self.heaviest == self.lightest:
            return []
        return sorted({self.lightest, round((self.lightest + self.heaviest) / 2), self.heaviest})


class Page:
    """A figure on an Agg canvas whose axes fill it in units of its pixels; it measures
    texts with the canvas's renderer."""

    def __init__(self, width, height, dpi):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(width, height), dpi=dpi)
        self.renderer = FigureCanvasAgg(self.figure).get_renderer()
        self.width, self.height = self.figure.bbox.width, self.figure.bbox.height
        self.pt = dpi / 72  # pixels in a point
        self.axes = self.figure.add_axes((0, 0, 1, 1))
        self.axes.set_axis_off()
        self.axes.set_xlim(0, self.width)
        self.axes.set_ylim(0, self.height)
        self.scratch = self.axes.text(0, 0, "", fontsize=FONT)
        self.sizes = {}

    def write(self, text, x, y, ha="center", va="center", **style):
        """A text at (x, y), ``FONT`` points unless ``style`` says otherwise."""
        return self.axes.text(x, y, text, ha=ha, va=va, zorder=3, clip_on=False,
                              **{"fontsize": FONT, **style})

    def size(self, text, weight="normal") -> tuple:
        """``(width, height)`` of ``text`` at ``FONT`` points in pixels, with room for a
        backing around it."""
        if (text, weight) not in self.sizes:
            self.scratch.update({"text": text, "fontweight": weight})
            box = self.scratch.get_window_extent(self.renderer)
            spare = 2 * (PAD * FONT * self.pt + 1)
            self.sizes[text, weight] = (box.width + spare, box.height + spare)
        return self.sizes[text, weight]

    def extent(self, artist) -> tuple:
        box = artist.get_window_extent(self.renderer)
        return box.width, box.height

    def fitted(self, words, room, y, va, fontsize, **style):
        """The extent of ``words`` written centred at height ``y``, on lines no wider than
        ``room`` pixels where its words allow."""
        text = self.write(words, self.width / 2, y, va=va, fontsize=fontsize, **style)
        chars = len(words)
        while (wide := text.get_window_extent(self.renderer).width) > room and chars > 8:
            chars = max(8, min(chars - 1, int(chars * room / wide)))
            text.set_text(wrapped(words, chars))
        return text.get_window_extent(self.renderer)


class Nodes:
    """The marks of a graph's nodes: laid out once, then spread over a frame of the page."""

    def __init__(self, graph, colours, scale, pt):
        self.graph, self.colours = graph, colours
        self.parts = laid_out(graph)
        self.order = sorted(graph, key=lambda n: (-graph.degree(n), str(n)))
        self.naming = sorted(self.order, key=lambda n: len(label_of(graph.nodes[n], n)) > LONG)
        self.kinds = {n: kind_of(graph.nodes[n]) for n in graph}
        self.points = {n: size_of(weight_of(graph, n)) * scale for n in graph}  # marker sizes
        self.reach = {n: (size * REACH.get(SHAPES.get(self.kinds[n]), 0.5) + 1) * pt
                      for n, size in self.points.items()}  # centre to edge, and a point more
        self.xy = {}

    def spread(self, frame) -> None:
        """Put the marks in ``frame`` (x0, y0, x1, y1 in pixels), filling it."""
        inset = max(self.reach.values(), default=0) + 2
        x0, y0, x1, y1 = frame[0] + inset, frame[1] + inset, frame[2] - inset, frame[3] - inset
        positions = packed(self.parts, max(x1 - x0, 1) / max(y1 - y0, 1))
        self.xy = {n: (x0 + (x + 1) / 2 * (x1 - x0), y0 + (y + 1) / 2 * (y1 - y0))
                   for n, (x, y) in positions.items()}
        if len(self.xy) <= APART:
            self.xy = apart(self.xy, self.reach, (x0, y0, x1, y1))

    def draw(self, axes) -> None:
        """The links, wider and darker the heavier they are (from the lightest link to the
        heaviest), then the marks: ``size_of`` their ``weight_of``, in their colour and their
        kind's shape."""
        from matplotlib.collections import LineCollection

        graph, xy = self.graph, self.xy
        edges = sorted(graph.edges(data=True), key=lambda edge: (str(edge[0]), str(edge[1])))
        look = LinkLook(graph)
        styles = [look.of(data.get("weight", 1)) for _, _, data in edges]
        axes.add_collection(LineCollection(
            [(xy[u], xy[v]) for u, v, _ in edges], zorder=1,
            colors=[colour for colour, _width in styles],
            linewidths=[width for _colour, width in styles],
            linestyles=["--" if data.get("role") == "part_of" else "-" for _, _, data in edges]))
        for kind in KINDS:
            group = [n for n in sorted(graph, key=str) if self.kinds[n] == kind]
            if group:
                axes.scatter([xy[n][0] for n in group], [xy[n][1] for n in group],
                             s=[self.points[n] ** 2 for n in group],
                             marker=SHAPES.get(kind, "o"),
                             c=[self.colours[n] for n in group], edgecolors="black",
                             linewidths=0.4, zorder=2)


def apart(xy, reach, frame, rounds=30) -> dict:
    """The positions ``xy`` (pixels) moved so that marks reaching ``reach`` from them do
    not overlap: each overlapping pair pushed apart, round after round, within ``frame``.

    >>> apart({"a": (10.0, 10.0), "b": (12.0, 10.0)}, {"a": 2, "b": 2}, (0, 0, 20, 20))
    {'a': (9.0, 10.0), 'b': (13.0, 10.0)}
    """
    import numpy as np

    nodes = list(xy)
    at = np.array([xy[n] for n in nodes], dtype=float).reshape(-1, 2)
    radius = np.array([reach[n] for n in nodes], dtype=float)
    for _round in range(rounds):
        delta = at[:, None, :] - at[None, :, :]
        distance = np.hypot(delta[..., 0], delta[..., 1])
        overlap = np.clip(radius[:, None] + radius[None, :] - distance, 0, None)
        np.fill_diagonal(overlap, 0)
        if not overlap.any():
            break
        push = delta / np.where(distance > 0, distance, np.inf)[..., None] * overlap[..., None] / 2
        at = np.clip(at + push.sum(axis=1), frame[:2], frame[2:])
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, at)}


class Room:
    """Boxes ``(x0, y0, x1, y1)`` in pixels inside ``frame`` that do not overlap, found by
    a grid of ``cell`` pixels."""

    def __init__(self, frame, cell):
        self.frame, self.cell, self.grid = frame, cell, {}

    def cells(self, box):
        c = self.cell
        return [(i, j) for i in range(int(box[0] // c), int(box[2] // c) + 1)
                for j in range(int(box[1] // c), int(box[3] // c) + 1)]

    def free(self, box) -> bool:
        x0, y0, x1, y1 = self.frame
        if box[0] < x0 or box[1] < y0 or box[2] > x1 or box[3] > y1:
            return False
        return not any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3]
                       for cell in self.cells(box) for b in self.grid.get(cell, ()))

    def take(self, box) -> None:
        for cell in self.cells(box):
            self.grid.setdefault(cell, []).append(box)

    def drop(self, box) -> None:
        for cell in self.cells(box):
            self.grid[cell].remove(box)

    def first(self, spots, width, height):
        """The first of ``spots`` (centre x, y, alignment) where a ``width`` × ``height``
        box is free, taken; or None."""
        for x, y, align in spots:
            if self.free(box(x, y, width, height)):
                self.take(box(x, y, width, height))
                return x, y, align
        return None


def box(x, y, width, height) -> tuple:
    """The box ``(x0, y0, x1, y1)`` of ``width`` × ``height`` centred on (x, y)."""
    return x - width / 2, y - height / 2, x + width / 2, y + height / 2


def spots(x, y, reach, width, height, step):
    """Centres (and how lines align) for a ``width`` × ``height`` box beside a mark at
    (x, y) reaching ``reach`` from it, nearest first: above, below, right, left, above and
    below slid aside, the diagonals; then the same half a ``step`` and a ``step`` further
    out."""
    for out in (0, step / 2, step):
        d, e = reach + out, reach * 0.7 + out
        yield x, y + d + height / 2, "center"
        yield x, y - d - height / 2, "center"
        yield x + d + width / 2, y, "left"
        yield x - d - width / 2, y, "right"
        for side in (1, -1):
            yield x + side * width / 3, y + d + height / 2, "center"
            yield x + side * width / 3, y - d - height / 2, "center"
        for sx, sy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
            yield x + sx * (e + width / 2), y + sy * (e + height / 2), \
                "left" if sx > 0 else "right"


def place(page, nodes, frame, keyed):
    """Where names and numbers go in ``frame``: ``({node: (text, x, y, alignment)},
    {node: (x, y, alignment)})``. When ``keyed``, every node first takes room for a number,
    so that each keeps at least that, and names of up to ``LONG`` characters come first
    (they fit between the marks; longer ones read well in the key). Then the ``NAMED``
    best-connected nodes, in order, trade their number for their name (on lines of one of
    its ``forms``) where the name fits, twice over, as names leave numbers' room free.
    Numbers go top to bottom in bands, left to right in a band."""
    room, step = Room(frame, 48 * page.pt), FONT * page.pt
    for node, (x, y) in nodes.xy.items():
        r = nodes.reach[node]
        room.take((x - r, y - r, x + r, y + r))

    def beside(node, size):
        return room.first(spots(*nodes.xy[node], nodes.reach[node], *size, step), *size)

    number = page.size(str(len(nodes.xy)), "bold")  # the widest number
    marks = {node: beside(node, number) for node in nodes.order} if keyed else {}
    names = {}
    for _round in range(2):
        for node in (nodes.naming if keyed else nodes.order)[:NAMED]:
            if node in names:
                continue
            if marks.get(node):
                room.drop(box(*marks[node][:2], *number))
            for text in forms(label_of(nodes.graph.nodes[node], node)):
                spot = beside(node, page.size(text))
                if spot:
                    names[node] = (text, *spot)
                    marks.pop(node, None)
                    break
            else:
                if marks.get(node):
                    room.take(box(*marks[node][:2], *number))
    band = (frame[3] - frame[1]) / 8
    return names, {node: marks[node] for node in sorted(
        (n for n in marks if marks[n]), key=lambda n: (-(nodes.xy[n][1] // band), nodes.xy[n][0]))}


def forms(label) -> list:
    """``label`` on lines of each of ``WRAPS`` characters, each form once, those of up to
    three lines first.

    >>> forms("Associação Oficina"), len(forms("Reunião plenária da Secção de Municípios"))
    (['Associação Oficina'], 3)
    >>> print(forms("Missão da Secção Cidades Inteligentes da ANMP ao Smart City Expo World")[0])
    Missão da Secção Cidades
    Inteligentes da ANMP ao
    Smart City Expo World
    """
    texts = dict.fromkeys(wrapped(label, chars) for chars in WRAPS)
    return sorted(texts, key=lambda text: text.count("\n") > 2)


class Key:
    """The legends, the key (a number and a name per entry) and the line saying how many
    nodes are not named, beside the drawing in columns ``height`` pixels high: the legends'
    own width, or columns wide enough for a key."""

    def __init__(self, page, legends, height, nodes):
        self.page, self.height = page, height
        self.legends = [(w, h + 4 * page.pt) for w, h in legends]
        self.gap, self.space = 3 * page.pt, 2 * FONT * page.pt  # between lines, columns
        note = [page.size(self.note(nodes))] if nodes else []
        self.narrow = max([w for w, _h in self.legends + note], default=0)
        self.across = max(self.narrow, min(max(0.2 * page.width, 100 * page.pt), 170 * page.pt))
        self.lines = {}
        places, self.alone = self.flow(self.legends + note, 0)  # the legends' own width
        self.stack = len({x for x, _y in places})  # and their columns

    def side(self, columns) -> float:
        """The width of the legends and ``columns`` columns of key (the first under the
        legends); of the legends alone for none."""
        if not columns:
            return self.alone
        return (self.stack + columns - 1) * (self.across + self.space) - self.space

    def entries(self, graph, numbered) -> list:
        """``(number, name, width, height)`` of the entry of each of ``numbered``: the name
        on lines that fit a column where its words allow."""
        found = []
        for n, node in enumerate(numbered, 1):
            number_width, number_height = self.page.size(str(n), "bold")
            name = self.fit(label_of(graph.nodes[node], node),
                               self.across - number_width - 2 * self.page.pt)
            width, height = self.page.size(name)
            found.append((str(n), name, number_width + 2 * self.page.pt + width,
                          max(number_height, height)))
        return found

    def fit(self, name, room) -> str:
        if (name, room) not in self.lines:
            chars = max(8, int(room / (0.55 * FONT * self.page.pt)))
            text = wrapped(name, chars)
            while self.page.size(text)[0] > room and chars > 8:
                chars -= 2
                text = wrapped(name, chars)
            self.lines[name, room] = text
        return self.lines[name, room]

    def note(self, unnamed):
        return ngettext("{n} more node not named", "{n} more nodes not named", unnamed).format(
            n=number(unnamed)) if unnamed else None

    def blocks(self, entries, unnamed) -> list:
        note = self.note(unnamed)
        return [*self.legends, *((w, h) for *_, w, h in entries),
                *([self.page.size(note)] if note else [])]

    def flow(self, blocks, columns):
        """Where each block goes, ``(x, y)`` from the top left: side by side in lines of a
        column, in columns of ``height``, column after column; and the width of it all."""
        across = max([self.across if columns else self.narrow] + [w for w, _h in blocks])
        left = x = y = line = 0
        places = []
        for w, h in blocks:
            if x and x + w > across:
                x, y, line = 0, y + line + self.gap, 0
            if y and y + h > self.height:
                left, x, y, line = left + across + self.space, 0, 0, 0
            places.append((left + x, y))
            x, line = x + w + FONT * self.page.pt, max(line, h)
        return places, left + across

    def kept(self, graph, names, marks, columns, order) -> list:
        """The nodes of ``marks`` whose entries fit in ``columns``: all, or the first of
        ``order``, with the note of the nodes left out."""
        numbered = list(marks)
        for node in sorted(marks, key=order.index, reverse=True):
            if self.flow(self.blocks(self.entries(graph, numbered),
                                     len(graph) - len(names) - len(numbered)),
                         columns)[1] <= self.side(columns) + 0.01:
                break
            numbered.remove(node)
        return numbered

    def draw(self, legends, entries, unnamed, columns, x0, y0) -> list:
        """The legends, the entries and the note drawn from (x0, y0), the top left; the
        ``Text`` s of each entry, a number and a name."""
        places, _width = self.flow(self.blocks(entries, unnamed), columns)
        page = self.page
        for legend, (x, y) in zip(legends, places):
            legend.set_bbox_to_anchor(((x0 + x) / page.width, (y0 - y) / page.height))
        written = []
        for (n, text, *_size), (x, y) in zip(entries, places[len(legends):]):
            number_width = page.size(n, "bold")[0]
            written.append((page.write(n, x0 + x + number_width, y0 - y, ha="right", va="top",
                                       fontweight="bold"),
                            page.write(text, x0 + x + number_width + 2 * page.pt, y0 - y,
                                       ha="left", va="top")))
        if unnamed:
            x, y = places[-1]
            page.write(self.note(unnamed), x0 + x, y0 - y, ha="left", va="top",
                       color="#333333", fontstyle="italic")
        return written


def layout(graph, aspect=1.0) -> dict:
    """Positions in [-1, 1]² of the nodes of ``graph`` (see the module's docstring) for a
    drawing ``aspect`` times as wide as it is high; seeded: they depend on the nodes and
    links only, not on the order a query returned them in."""
    return packed(laid_out(graph), aspect)


def laid_out(graph) -> list:
    """The connected components of ``graph``, largest first, each ``{node: (x, y)}`` in
    [-1, 1]²: ForceAtlas2 with strong gravity, heavier links pulling harder, each axis
    evened out (see ``evened``)."""
    import networkx as nx
    import numpy as np

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph, key=str))
    pulls = {}  # a pair's pull: the square root of its links' weight
    for a, b, weight in graph.edges(data="weight", default=1):
        if a != b:
            pair = tuple(sorted((a, b), key=str))
            pulls[pair] = pulls.get(pair, 0) + weight
    simple.add_edges_from((a, b, {"weight": math.sqrt(w)})
                          for (a, b), w in sorted(pulls.items(), key=str))
    parts = []
    for nodes in sorted(nx.connected_components(simple),
                        key=lambda part: (-len(part), min(map(str, part)))):
        ordered = sorted(nodes, key=str)
        if len(ordered) < 3:
            xy = np.array([[-1.0, 0.0], [1.0, 0.0]][:len(ordered)]) * (len(ordered) - 1)
        else:
            component = nx.Graph()
            component.add_nodes_from(ordered)
            component.add_edges_from(sorted(simple.subgraph(ordered).edges(data=True), key=str))
            positions = nx.forceatlas2_layout(component, seed=SEED, strong_gravity=True,
                                              weight="weight",
                                              max_iter=100 if len(ordered) <= 1000 else 50)
            xy = evened(np.array([positions[n] for n in ordered], dtype=float))
        parts.append({node: (float(x), float(y)) for node, (x, y) in zip(ordered, xy)})
    return parts


def evened(xy):
    """Each column of ``xy`` scaled to [-1, 1] and averaged with the ranks of its values
    (spread evenly over [-1, 1]): the order along each axis stays, clusters spread and
    outliers come in.

    >>> import numpy as np
    >>> evened(np.array([[0.0, 5.0], [1.0, 5.0], [10.0, 5.0]])).tolist()
    [[-1.0, 0.0], [-0.4, 0.0], [1.0, 0.0]]
    """
    import numpy as np

    out = np.zeros_like(xy)
    for axis in range(xy.shape[1]):
        column = xy[:, axis]
        span = column.max() - column.min()
        if span > 0:
            ranks = np.empty(len(column))
            ranks[np.argsort(column, kind="stable")] = np.linspace(-1, 1, len(column))
            out[:, axis] = ((column - column.min()) / span * 2 - 1 + ranks) / 2
    return out


def packed(parts, aspect=1.0) -> dict:
    """The ``parts`` (of ``laid_out``) side by side, each in a square whose area is its
    number of nodes: the largest first, in rows, the small ones stacked in columns within a
    row, the rows' width chosen to make the whole about ``aspect`` times as wide as high;
    then x and y scaled apart to [-1, 1]."""
    if not parts:
        return {}
    sides = [math.sqrt(len(part)) + 0.5 for part in parts]
    widths = sorted({max(sides[0], math.sqrt(sum(s * s for s in sides) * aspect) * f)
                     for f in (0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)})
    centres = min((shelves(sides, width) for width in widths),
                  key=lambda found: abs(math.log(found[1] / aspect)))[0]
    positions = {}
    for part, side, (cx, cy) in zip(parts, sides, centres):
        for node, (x, y) in part.items():
            positions[node] = (cx + x * (side - 0.5) / 2, cy + y * (side - 0.5) / 2)
    for axis in range(2):
        low = min(xy[axis] for xy in positions.values())
        span = max(xy[axis] for xy in positions.values()) - low
        for node, xy in positions.items():
            moved = (xy[axis] - low) / span * 2 - 1 if span > 0 else 0.0
            positions[node] = (moved, xy[1]) if axis == 0 else (xy[0], moved)
    return positions


def shelves(sides, width) -> tuple:
    """The centres of squares of ``sides`` (largest first) in rows of at most ``width``
    (or the largest side), the squares smaller than a row's first stacked in columns; and
    the width of it all over its height."""
    centres, x, y, row, column, below, widest = [], 0.0, 0.0, sides[0], 0.0, 0.0, 0.0
    for side in sides:
        if below and below + side <= row:
            pass  # under the last one, in its column
        elif x + column + side <= max(width, sides[0]) or not centres:
            x, column, below = x + column, 0.0, 0.0
        else:
            x, y, row, column, below = 0.0, y + row, side, 0.0, 0.0
        centres.append((x + side / 2, -(y + below + side / 2)))
        below, column = below + side, max(column, side)
        widest = max(widest, x + column)
    return centres, widest / (y + row)
