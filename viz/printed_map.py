"""A map for print: ``munigraph export map out.png`` (or .svg, .pdf).

``write_map_picture(graph, out)`` draws with matplotlib what the HTML map (viz/map.py)
shows at first, from the same ``map.layout``: the country outlines, framed on the placed
points with a margin; the links between them, wider and darker the more cooperations the
two places share; the points coloured by ``style.colouring`` and sized by their number of
partners, points that would overlap merged into one marker with their number; and the
names of the best-connected places (or markers), each where it covers no other name
(every text measured by the renderer), and no mark either when it can. A legend beside
the map (below it on an upright page) says what colours, widths, and the numbers and dashed
rings the map shows mean; the caption below says what is drawn and where places and
outlines come from.
``width`` × ``height`` pixels at ``dpi`` give the printed size (``width / dpi`` inches),
at which every text is at least ``FONT`` points. The figure's metadata is fixed
(``static.STATIC``, ``static.METADATA``): the same graph makes the same file.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from munigraph.language import N_, _

from . import map as world
from .static import METADATA, STATIC, picture_format
from .style import number

FONT = 8  # points: legend, caption and the numbers in markers
NAME = 9  # points: the names of places
TITLE = 14  # points
LABELS = 40  # the most names drawn
PT = 0.75  # points per pixel of the page's sizes (map.radius, map.line_style, map.CLUSTER)
MARGIN = 12  # points around the page's content
PAD = 0.15  # the backing's pad around a name, in font sizes
BACKING = {"boxstyle": f"round,pad={PAD}", "facecolor": "white", "edgecolor": "none",
           "alpha": 0.8}
GROUP = N_("a number: that many places close together")


@dataclass
class MapPicture:
    """A drawn map: the matplotlib ``figure`` (on an Agg canvas), its map ``axes``, and the
    ``names`` drawn (``Text`` by the node leading its marker)."""

    figure: object
    axes: object
    names: dict


def write_map_picture(graph, path_or_file, title="", caption="", width=2339, height=1654,
                      dpi=200, color="kind") -> None:
    """Draw the map of ``graph`` (either view) to a path or binary file as png, svg or pdf
    (by its suffix), ``width`` × ``height`` pixels at ``dpi``, with ``title`` above,
    ``caption`` below and the points coloured by ``color`` (``style.colouring``)."""
    fmt = picture_format(path_or_file)
    import matplotlib

    with matplotlib.rc_context(STATIC):
        drawn = map_picture(graph, title, caption, width, height, dpi, color)
        drawn.figure.savefig(path_or_file, format=fmt, dpi=dpi, metadata=METADATA[fmt])


def map_picture(graph, title="", caption="", width=2339, height=1654, dpi=200,
                color="kind") -> MapPicture:
    """The figure that ``write_map_picture`` writes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    drawn = world.layout(graph, color)
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    renderer = FigureCanvasAgg(figure).get_renderer()
    page_w, page_h = width / dpi * 72, height / dpi * 72  # points
    top, bottom = page_h - MARGIN, MARGIN
    if title:
        heading = figure.text(MARGIN / page_w, top / page_h, title, fontsize=TITLE,
                              fontweight="bold", va="top", ha="left")
        top -= _size(heading, renderer, dpi)[1] + 6
    words = "\n".join(textwrap.fill(text, _characters(page_w - 2 * MARGIN))
                      for text in (caption, world.note([p.how for p in drawn.points.values()],
                                                       len(drawn.links), drawn.left_off,
                                                       drawn.countries)) if text)
    below = figure.text(MARGIN / page_w, bottom / page_h, words, fontsize=FONT, color="#333333",
                        va="bottom", ha="left")
    bottom += _size(below, renderer, dpi)[1] + 6
    beside = page_w >= 1.15 * page_h  # the legend beside the map, else below it
    side = min(220, max(130, 0.26 * page_w)) if beside else (page_w - 2 * MARGIN) / 2 - 8
    corner = (page_w - MARGIN - side, top)  # the legends' top left corner, in points
    shown = (True, any(p.how == "country" for p in drawn.points.values()))  # numbers, rings
    legends = _legends(figure, drawn, side, *shown)
    if not beside:
        corner = (MARGIN, bottom + max((_size(legend, renderer, dpi)[1] for legend in legends),
                                       default=0))
        bottom = corner[1] + 8
    across = page_w - 2 * MARGIN - (side + 10 if beside else 0)
    box = (MARGIN, bottom, across, top - bottom)  # points
    axes = figure.add_axes((box[0] / page_w, box[1] / page_h, box[2] / page_w, box[3] / page_h))
    scale = _view(axes, drawn.frame, box)
    _draw_land(axes, drawn.wrapped)
    _draw_links(axes, drawn)
    groups = markers(list(drawn.points.values()), scale)
    _draw_points(axes, groups, scale)
    names = _name(axes, groups, renderer)
    drawn_marks = (any(len(members) > 1 for *_xyr, members in groups),
                   any(members[0].how == "country" for *_xyr, members in groups if len(members) == 1))
    if drawn_marks != shown:  # the legend explains only marks the map shows
        for legend in legends:
            legend.remove()
        legends = _legends(figure, drawn, side, *drawn_marks)
    x, y = corner
    for legend in legends:
        width, height = _size(legend, renderer, dpi)
        legend.set_bbox_to_anchor((x / page_w, y / page_h), transform=figure.transFigure)
        x, y = (x, y - height - 10) if beside else (x + width + 16, y)
    return MapPicture(figure, axes, names)


def markers(points, scale) -> list:
    """``(x, y, radius in points, [Point, ...])`` for ``points`` (``map.Point``, best
    connected first) at ``scale`` points per map unit: as the page does at its zoom, each
    joins the nearest earlier marker within ``map.CLUSTER`` pixels or that it would mostly
    be under, a few rounds over; a marker of several has its number inside.

    >>> from munigraph.viz.map import Point
    >>> a, b, c = (Point(n, x, 0, "own", 1, "#fff", n) for n, x in (("a", 0), ("b", 1), ("c", 40)))
    >>> [(x, [p.node for p in ps]) for x, _y, _r, ps in markers([a, b, c], 1.0)]
    [(0, ['a', 'b']), (40, ['c'])]
    """
    found = [(p.x, p.y, world.radius(p.partners) * PT, [p]) for p in points]
    reach = max(world.CLUSTER * PT, 0.85 * 2 * _group_radius(math.inf))  # the farthest join
    for _round in range(3):
        cell, grid, kept = reach / scale, {}, []
        for x, y, r, members in found:
            gx, gy = math.floor(x / cell), math.floor(y / cell)
            best, least = None, math.inf
            for i in (gx - 1, gx, gx + 1):
                for j in (gy - 1, gy, gy + 1):
                    for k in grid.get((i, j), ()):
                        far = math.hypot(kept[k][0] - x, kept[k][1] - y) * scale
                        if far <= max(world.CLUSTER * PT, 0.85 * (kept[k][2] + r)) and far < least:
                            best, least = k, far
            if best is None:
                grid.setdefault((gx, gy), []).append(len(kept))
                kept.append((x, y, r, list(members)))
            else:
                bx, by, _r, joined = kept[best]
                joined += members
                kept[best] = (bx, by, _group_radius(len(joined)), joined)
        if len(kept) == len(found):
            break
        found = kept
    return found


def _group_radius(n) -> float:
    """A marker's radius in points for ``n`` places (as the page draws it, with room for
    its number)."""
    return min(16, 7 + 1.1 * math.sqrt(n)) * PT + 1.5


def _characters(points) -> int:
    """How many ``FONT``-point characters fit on a line ``points`` long."""
    return max(20, int(points / (FONT * 0.55)))


def _size(artist, renderer, dpi) -> tuple:
    """An artist's width and height in points."""
    extent = artist.get_window_extent(renderer)
    return extent.width * 72 / dpi, extent.height * 72 / dpi


def _view(axes, frame, box) -> float:
    """Show ``frame`` (map units) in the axes ``box`` (points) at one scale each way,
    growing the frame to the box's shape; return the scale in points per map unit."""
    x, y, w, h = frame
    scale = min(box[2] / w, box[3] / h)
    across, down = box[2] / scale, box[3] / scale
    axes.set_xlim(x + w / 2 - across / 2, x + w / 2 + across / 2)
    axes.set_ylim(y + h / 2 + down / 2, y + h / 2 - down / 2)  # map y grows southward
    axes.set_aspect("equal", adjustable="box")
    axes.set_facecolor(world.SEA)
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_edgecolor("#999999")
        spine.set_linewidth(0.6)
    return scale


def _draw_land(axes, wrapped) -> None:
    """The country outlines inside the view (twice, a world apart, when points were moved
    east of the antimeridian) and a 30° graticule."""
    from matplotlib.collections import LineCollection, PolyCollection

    (x0, x1), (y1, y0) = axes.get_xlim(), axes.get_ylim()
    shapes = []
    for shift in (0, world.WORLD) if wrapped else (0,):
        for country in world.rings():
            for ring in country:
                xs, ys = [x + shift for x, _y in ring], [y for _x, y in ring]
                seen = min(xs) < x1 and max(xs) > x0 and min(ys) < y1 and max(ys) > y0
                if len(ring) > 2 and seen:
                    shapes.append(list(zip(xs, ys)))
    axes.add_collection(PolyCollection(shapes, facecolors=world.LAND, edgecolors=world.COAST,
                                       linewidths=0.5, zorder=1))
    step = 30 * world.SCALE
    lines = [[(x, 0), (x, 180 * world.SCALE)]
             for x in range(math.floor(x0 / step) * step, math.ceil(x1 / step) * step + 1, step)]
    lines += [[(x0, y), (x1, y)] for y in range(0, 181 * world.SCALE, step)]
    axes.add_collection(LineCollection(lines, colors=world.GRATICULE, linewidths=0.4, zorder=0.5))


def _draw_links(axes, drawn) -> None:
    """The links as gentle arcs (``map.curve``), the heaviest on top."""
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgba
    from matplotlib.path import Path

    paths, colours, widths = [], [], []
    for a, b, data in drawn.links:
        start, end = drawn.points[a][1:3], drawn.points[b][1:3]
        paths.append(Path([start, world.curve(start, end), end],
                          [Path.MOVETO, Path.CURVE3, Path.CURVE3]))
        width, opacity = world.line_style(data.get("weight", 1))
        colours.append(to_rgba(world.LINK, opacity))
        widths.append(width * PT)
    axes.add_collection(PathCollection(paths, facecolors="none", edgecolors=colours,
                                       linewidths=widths, capstyle="round", zorder=2))


def _draw_points(axes, groups, scale) -> None:
    """A circle per point (dashed when placed at its country's centre), and a marker with
    its number for several."""
    from matplotlib.patches import Circle

    for x, y, r, members in groups:
        if len(members) == 1:
            country = members[0].how == "country"
            axes.add_patch(Circle((x, y), r / scale, facecolor=members[0].colour,
                                  alpha=0.6 if country else 0.95, edgecolor="#333333",
                                  linewidth=0.6, linestyle="--" if country else "-", zorder=3))
            continue
        colours = {p.colour for p in members}
        fill = colours.pop() if len(colours) == 1 else "#ffffff"
        axes.add_patch(Circle((x, y), r / scale, facecolor=fill, edgecolor="#333333",
                              linewidth=0.6, zorder=4))
        axes.text(x, y, str(len(members)), fontsize=FONT, fontweight="bold", ha="center",
                  va="center_baseline", color="#ffffff" if _dark(fill) else "#111111", zorder=5)


def _dark(colour: str) -> bool:
    """Whether white reads better than black on ``colour`` ("#rrggbb").

    >>> _dark("#332288"), _dark("#88CCEE")
    (True, False)
    """
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


def _name(axes, groups, renderer) -> dict:
    """Name the best-connected markers, up to ``LABELS``: each name goes beside its marker
    where it stays inside the map and covers no other name, and no marker either when
    such a place exists; a name with no place is left out. Returns the ``Text`` drawn by
    node."""
    inside = axes.get_window_extent(renderer)
    px = renderer.points_to_pixels(1)
    marks = [_box(axes.transData.transform((x, y)), r * px) for x, y, r, _m in groups]
    names, taken = {}, []
    for (x, y, r, members), mark in zip(groups, marks):
        if len(names) == LABELS:
            break
        words = members[0].label + (f" +{len(members) - 1}" if len(members) > 1 else "")
        text = axes.annotate(words, (x, y), xytext=(0, 0), textcoords="offset points",
                             fontsize=NAME, fontweight="bold", color="#1b1b1b", zorder=6,
                             bbox=BACKING, annotation_clip=False)
        fits = []
        for dx, dy, ha, va in _spots(r + 2):
            text.set(ha=ha, va=va)
            text.xyann = (dx, dy)
            box = _grown(text.get_window_extent(renderer), PAD * NAME * px)
            if _within(box, inside) and not any(_overlap(box, other) for other in taken):
                fits.append(((dx, dy, ha, va), box,
                             any(_overlap(box, m) for m in marks if m is not mark)))
        free = [spot for spot in fits if not spot[2]] or fits
        if not free:
            text.remove()
            continue
        (dx, dy, ha, va), box, _covers = free[0]
        text.set(ha=ha, va=va)
        text.xyann = (dx, dy)
        taken.append(box)
        names[members[0].node] = text
    return names


def _spots(r) -> list:
    """Where a name may go around a marker of radius ``r`` points: offset and alignment,
    right, left, above, below, then the diagonals."""
    d = r * 0.75
    return [(r, 0, "left", "center"), (-r, 0, "right", "center"), (0, r, "center", "bottom"),
            (0, -r, "center", "top"), (d, d, "left", "bottom"), (-d, d, "right", "bottom"),
            (d, -d, "left", "top"), (-d, -d, "right", "top")]


def _box(centre, r) -> tuple:
    return centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r


def _grown(extent, pad) -> tuple:
    return extent.x0 - pad, extent.y0 - pad, extent.x1 + pad, extent.y1 + pad


def _within(box, extent) -> bool:
    return (box[0] >= extent.x0 and box[1] >= extent.y0 and box[2] <= extent.x1
            and box[3] <= extent.y1)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legends(figure, drawn, side, numbered, ringed) -> list:
    """The legends, each ``side`` points wide at most: the points' colours (with their
    counts), markers of several (if ``numbered``) and dashed rings (if ``ringed``); then the
    links' widths."""
    from matplotlib.legend_handler import HandlerBase, HandlerPatch
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle
    from matplotlib.text import Text

    class Numbered(HandlerBase):
        def create_artists(self, legend, handle, xdescent, ydescent, width, height, fontsize,
                           trans):
            centre = (width / 2 - xdescent, height / 2 - ydescent)
            return [Circle(centre, 5.5, facecolor="white", edgecolor="#333333", linewidth=0.6,
                           transform=trans),
                    Text(*centre, "3", fontsize=FONT, fontweight="bold", ha="center",
                         va="center_baseline", transform=trans)]

    def ring(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
        return Circle((width / 2 - xdescent, height / 2 - ydescent), 4.5)

    wrap = max(16, int((side - 30) / (FONT * 0.55)))
    handles, labels, handler_map = [], [], {}
    for words, colour, count in drawn.legend:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=8,
                              markerfacecolor=colour, markeredgecolor="#333333",
                              markeredgewidth=0.6))
        labels.append(textwrap.fill(f"{words} ({number(count)})", wrap))
    if ringed:
        dashed = Circle((0, 0), 1, facecolor="#ffffff", edgecolor="#333333", linewidth=0.6,
                        linestyle="--")
        handles.append(dashed)
        labels.append(textwrap.fill(_("dashed ring: placed at its country's centre"), wrap))
        handler_map[dashed] = HandlerPatch(patch_func=ring)
    if numbered:
        several = Circle((0, 0), 1)
        handles.append(several)
        labels.append(textwrap.fill(_(GROUP), wrap))
        handler_map[several] = Numbered()
    options = {"loc": "upper left", "frameon": False, "fontsize": FONT, "borderpad": 0,
               "borderaxespad": 0, "alignment": "left", "title_fontsize": FONT}
    found = [figure.legend(handles, labels, handler_map=handler_map, **options)] if handles else []
    weights = world.samples([data.get("weight", 1) for _a, _b, data in drawn.links])
    if weights:
        lines = [Line2D([], [], color=world.LINK, alpha=world.line_style(w)[1],
                        linewidth=world.line_style(w)[0] * PT, solid_capstyle="round")
                 for w in weights]
        found.append(figure.legend(lines, [str(w) for w in weights], ncols=len(weights),
                                   title=textwrap.fill(_(world.WIDTH), wrap), handlelength=2.5,
                                   columnspacing=1.2, **options))
    return found
