"""Cooperation links on a map: ``munigraph export map OUT.html``.

``write_map(graph, out)`` writes one HTML file that opens offline: an inline SVG in the
equirectangular projection with country outlines (Natural Earth, shipped in the
``countryinfo`` package) and a 30° graticule, a point per placed actor (coloured by
``style.colouring``, sized by its number of partners) and a curve between two placed actors
that share cooperations, wider and darker the more they share (the legend says so). The
page opens framed on the points (``frame``); "Whole world" shows the world and "Fit to the
places" goes back. Its script merges the points closer than ``CLUSTER`` pixels at the
current zoom, or mostly under another, into one marker with their number (zooming in parts
them), names the best-connected places (or markers) where a name stays in view and covers
no other name (and no marker, when it can), and answers a click with the marker nearest
the cursor (a marker of several names them all and zooms in on them). Hovering shows a
point's or a curve's names and cooperations; clicking writes them beside the map and
lights the point's curves. Drag pans, the wheel or the buttons zoom. Names are text, never
markup, and a Content-Security-Policy runs the page's own script only.

``coordinates(graph)`` says where each actor goes: its own ``lat``/``lon`` ("own"),
else a municipality's GeoNames place by ``geonamesId`` or by name and country
("gazetteer": the index that ``munigraph draft`` reads too, loaders/places.py), else the
centre of its country ("country"). An actor with no country (an international
organisation) is left off and listed under the map. ``layout(graph, color)`` is what a map
draws, for this page and the printed map (viz/printed_map.py) alike: points, links, frame,
legend and note; points east of the antimeridian move a world's width east when that keeps
them together (``west_edge``).
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from munigraph.graph.words import kind_name
from munigraph.language import N_, _, current, ngettext
from munigraph.loaders import places

from .html import country_counts, policy
from .network import actor_projection
from .style import OTHER, colouring, country_name, kind_of, label_of, name_of, size_of, weight_of

SCALE = 10  # map units per degree: the world is 3600 × 1800
WORLD = 360 * SCALE
NORTH, SOUTH = 85, -60  # the latitudes of the whole-world view
MARGIN = 0.08  # the first view's margin on each side, as a share of the points' extent
LEAST = 14  # degrees: the least width and height of the first view
CLUSTER = 14  # pixels: points closer than this at the current zoom share a marker
LISTED = 12  # cooperations named in a hover text; the others are counted
SEA, LAND, COAST, GRATICULE, LINK = "#eaf2f8", "#fbfaf5", "#b8b2a0", "#c9d6e0", "#4a5866"
HOW = {"own": N_("own coordinates"), "gazetteer": N_("GeoNames gazetteer"),
       "country": N_("centre of its country")}
TITLE = N_("munigraph: cooperation on a map")
CLICK = N_("Click a point or a line.")
GROUP = N_("a number: that many places close together; zoom in to part them")
WIDTH = N_("Line width: the number of cooperations the two places share")


class Point(NamedTuple):
    """A placed actor: where (map units), how it was placed, its partners, colour and label."""

    node: str
    x: float
    y: float
    how: str
    partners: int
    colour: str
    label: str


@dataclass(frozen=True)
class Layout:
    """What a map draws: ``points`` ({node: Point}, best-connected first), ``links`` (``(a,
    b, data)`` of the actors view between placed actors, lightest first), the first view
    ``frame`` and the ``world`` view (``(x, y, width, height)`` in map units), whether some
    points moved east of the antimeridian (``wrapped``), the ``legend`` of the points'
    colours (``(words, colour, count)``), the actors ``left_off`` (names), ``pairs``, the
    actors view, and whether the points are ``countries`` (the countries view)."""

    points: dict
    links: list
    frame: tuple
    world: tuple
    wrapped: bool
    legend: tuple
    left_off: list
    pairs: object
    countries: bool = False


def coordinates(graph) -> dict:
    """``{actor id: (lat, lon, how)}`` for the actors of ``graph`` (either view) that
    can be placed, or the countries of the countries view; ``how`` is "own", "gazetteer"
    or "country" (see the module doc; a country is at its own centre, "own")."""
    actors = {n: d for n, d in graph.nodes(data=True) if d.get("label") == "Actor"}
    actors.update((n, {**d, "country": d.get("code")}) for n, d in graph.nodes(data=True)
                  if d.get("label") == "Country")
    placed = {n: (d["lat"], d["lon"], "own") for n, d in actors.items()
              if d.get("lat") is not None and d.get("lon") is not None}
    towns = {n: d for n, d in actors.items()
             if n not in placed and d.get("type") == "municipality" and d.get("country")}
    placed.update((n, (*where, "gazetteer")) for n, where in _gazetteer(towns).items())
    centres = countries()
    for n, d in actors.items():
        if n not in placed and d.get("country") in centres:
            placed[n] = (*centres[d["country"]][0], "own" if d["label"] == "Country" else "country")
    return placed


def layout(graph, color="kind") -> Layout:
    """Where and how the placed actors of ``graph`` (either view) and the links between
    them are drawn, coloured by ``color`` (``style.colouring``)."""
    placed = coordinates(graph)
    pairs = actor_projection(graph) if graph.is_multigraph() else graph
    colours = colouring(graph, color)
    west = west_edge([float(lon) for _lat, lon, _how in placed.values()]) if placed else -180.0
    points = {}
    for node in sorted(placed, key=lambda n: (-pairs.degree(n), str(n))):
        lat, lon, how = placed[node]
        x, y = project(lat, float(lon) + 360 if float(lon) < west else lon)
        points[node] = Point(node, x, y, how, weight_of(pairs, node), colours.colours.get(node, OTHER),
                             label_of(graph.nodes[node], node))
    links = sorted(((a, b, d) for a, b, d in pairs.edges(data=True) if a in points and b in points),
                   key=lambda e: e[2].get("weight", 1))
    xs = [p.x for p in points.values()]
    wrapped = any(x > WORLD for x in xs)
    west_x = (min(xs) + max(xs)) / 2 - WORLD / 2 if wrapped else 0
    world = (round(west_x, 1), (90 - NORTH) * SCALE, WORLD, (NORTH - SOUTH) * SCALE)
    counts = {}
    for point in points.values():
        counts[point.colour] = counts.get(point.colour, 0) + 1
    legend = tuple((words, colour, counts[colour])
                   for words, colour, _n in colours.legend if counts.get(colour))
    left_off = sorted(_name(graph, n) for n, d in graph.nodes(data=True)
                      if d.get("label") == "Actor" and n not in points)
    return Layout(points, links, frame([(p.x, p.y) for p in points.values()]) if points else world,
                  world, wrapped, legend, left_off, pairs,
                  any(d.get("label") == "Country" for _n, d in graph.nodes(data=True)))


def write_map(graph, path_or_file, title="", caption="", color="kind") -> None:
    """Write the map of ``graph`` (the cooperations ``MultiDiGraph`` or the actors view)
    as one self-contained HTML file to a path or an open text file, its points coloured
    by ``color`` (``style.colouring``)."""
    text = map_html(graph, title, caption, color)
    if hasattr(path_or_file, "write"):
        path_or_file.write(text)
    else:
        with open(path_or_file, "w", encoding="utf-8") as out:
            out.write(text)


def map_html(graph, title="", caption="", color="kind") -> str:
    """The HTML text that ``write_map`` writes."""
    drawn = layout(graph, color)
    points, index = drawn.points, {node: i for i, node in enumerate(drawn.points)}
    svg = ['<g id="land">', *(f'<path class="land" d="{d}"/>' for d in _outlines()), "</g>"]
    if drawn.wrapped:
        svg.append(f'<use href="#land" x="{WORLD}"/>')
    svg.append(f'<path class="graticule" d="{_graticule(2 if drawn.wrapped else 1)}"/>')
    for a, b, data in drawn.links:
        weight, names = data.get("weight", 1), data.get("cooperations", [])
        words = [f"{_name(graph, a)} – {_name(graph, b)}",
                 ngettext("{n} cooperation", "{n} cooperations", weight).format(n=weight),
                 *_listed(names)]
        width, opacity = line_style(weight)
        svg.append(f'<path class="link" data-a="{index[a]}" data-b="{index[b]}" '
                   f'stroke-width="{width:g}" stroke-opacity="{opacity:g}" '
                   f'd="{_curve(points[a][1:3], points[b][1:3])}">'
                   f"<title>{_text(words)}</title></path>")
    for node, point in points.items():
        data = graph.nodes[node]
        names = _cooperations(graph, drawn.pairs, node)
        where = country_name(data.get("country") or "")
        words = [_name(graph, node), f"{kind_name(kind_of(data))}, {where}".rstrip(", "),
                 _("placed: {how}").format(how=_(HOW[point.how])),
                 ngettext("{n} cooperation", "{n} cooperations", len(names)).format(n=len(names))
                 + ", " + ngettext("{n} partner", "{n} partners", point.partners).format(
                     n=point.partners),
                 *_listed(names)]
        if data.get("label") == "Country":
            words = [_name(graph, node), kind_name("country"), country_counts(data)]
        svg.append(f'<circle class="point {kind_of(data)} placed-{point.how}" data-i="{index[node]}" '
                   f'data-label="{html.escape(point.label)}" cx="{point.x:g}" cy="{point.y:g}" '
                   f'r="{radius(point.partners):g}" style="--r:{radius(point.partners):g}" '
                   f'fill="{point.colour}">'
                   f"<title>{_text(words)}</title></circle>")
    widths = "".join(
        '<span class="sample"><svg width="34" height="12" aria-hidden="true"><line x1="2" y1="6" '
        'x2="32" y2="6" stroke-width="{:g}" stroke-opacity="{:g}"/></svg>{}</span>'.format(
            *line_style(w), w) for w in samples([d.get("weight", 1) for _a, _b, d in drawn.links]))
    if widths:
        widths = f'<p class="widths">{html.escape(_(WIDTH), quote=False)}<br>{widths}</p>'
    legend = [f'<li><span class="dot" style="background:{colour}"></span>{html.escape(words)}</li>'
              for words, colour, _n in drawn.legend]
    if any(p.how == "country" for p in points.values()):
        ring = html.escape(_("dashed ring: placed at its country's centre"), quote=False)
        legend.append(f'<li><span class="dot ring"></span>{ring}</li>')
    if len(points) > 1:
        legend.append(f'<li><span class="dot group">3</span>{html.escape(_(GROUP))}</li>')
    words = {key: html.escape(text, quote=False) for key, text in (
        ("whole", _("Whole world")), ("fit", _("Fit to the places")),
        ("help", _("Drag to pan, wheel to zoom; hover or click a point or a line.")),
        ("click", _(CLICK)))}
    attributes = {"hint": html.escape(_(CLICK)), "error": html.escape(_("Error: {message}")),
                  "several": html.escape(_("{n} places close together:")),
                  "more": html.escape(_("… and {n} more"))}
    return PAGE.format(
        lang=current(), title=html.escape(title or _(TITLE)), caption=html.escape(caption),
        svg="\n".join(svg), view=" ".join(f"{v:g}" for v in drawn.frame),
        world=" ".join(f"{v:g}" for v in drawn.world), cluster=CLUSTER,
        legend="".join(legend), widths=widths,
        note=html.escape(note([p.how for p in points.values()], len(drawn.links), drawn.left_off,
                              drawn.countries)),
        script=SCRIPT, policy=policy(SCRIPT), sea=SEA, land=LAND, coast=COAST,
        graticule=GRATICULE, link=LINK, **words, **attributes)


def project(lat: float, lon: float) -> tuple:
    """Where ``(lat, lon)`` lies on the map: x east from 180° W, y south from 90° N.

    >>> project(37.03, -7.84), project(-90, 180)
    ((1721.6, 529.7), (3600.0, 1800.0))
    """
    return round((float(lon) + 180) * SCALE, 1), round((90 - float(lat)) * SCALE, 1)


def west_edge(lons) -> float:
    """The longitude from which the longitudes ``lons`` span the fewest degrees eastward:
    the westernmost, unless they lie closer together across the antimeridian (then those
    west of the edge are drawn 360° further east).

    >>> west_edge([-55, -8, 35]), west_edge([178, -179, 170, -175])
    (-55, 170)
    """
    ordered = sorted(set(lons))
    gap, after = max(((b - a, b) for a, b in zip(ordered, ordered[1:])), default=(0, ordered[0]))
    return after if gap > ordered[0] + 360 - ordered[-1] else ordered[0]


def frame(xy) -> tuple:
    """The first view ``(x, y, width, height)`` in map units: the points ``xy`` with a
    margin of ``MARGIN`` of their extent on each side, at least ``LEAST`` degrees each way,
    within the latitudes of the world view.

    >>> frame([project(37.03, -7.84)])  # Olhão alone
    (1651.6, 459.7, 140, 140)
    >>> frame([project(41.4, -8.3), project(-22.6, -46.5)])  # Guimarães and Socorro
    (1304.4, 434.8, 443.1, 742.4)
    """
    def side(low, high):
        extent = max((high - low) * (1 + 2 * MARGIN), LEAST * SCALE)
        return (low + high - extent) / 2, extent

    x, width = side(min(x for x, _y in xy), max(x for x, _y in xy))
    y, height = side(min(y for _x, y in xy), max(y for _x, y in xy))
    top, bottom = (90 - NORTH) * SCALE, (90 - SOUTH) * SCALE
    height = min(height, bottom - top)
    y = min(max(y, top), bottom - height)
    return tuple(round(v, 1) for v in (x, y, width, height))


def radius(partners: int) -> float:
    """A point's radius in pixels (of a page; the printed map reads them as 0.75 pt): it
    grows with ``style.size_of`` its number of partners.

    >>> radius(0), radius(24), radius(1000)
    (3.8, 9.8, 14.0)
    """
    return round(2 + 0.3 * size_of(partners), 1)


def line_style(weight: int) -> tuple:
    """A link's width in pixels and its opacity, both growing with ``weight``, the number
    of cooperations its two places share.

    >>> [line_style(w) for w in (1, 2, 3, 10)]
    [(1.2, 0.5), (2.8, 0.65), (4.4, 0.8), (8.0, 0.8)]
    """
    return min(8.0, round(1.2 + 1.6 * (weight - 1), 1)), min(0.8, round(0.35 + 0.15 * weight, 2))


def samples(weights) -> list:
    """Up to three weights that show the range of the links' widths in a legend: the
    least, a middle one and the most.

    >>> samples([1, 1, 3, 2, 7]), samples([1, 1]), samples([])
    ([1, 3, 7], [1], [])
    """
    found = sorted(set(weights))
    return sorted({found[0], found[len(found) // 2], found[-1]}) if found else []


def curve(a, b) -> tuple:
    """The control point of a gentle arc from point ``a`` to point ``b`` (``(x, y)`` in map
    units), bowed to its left.

    >>> curve((1800, 900), (1900, 900))
    (1850.0, 890.0)
    """
    (x1, y1), (x2, y2) = a, b
    return round((x1 + x2) / 2 + (y2 - y1) / 10, 1), round((y1 + y2) / 2 - (x2 - x1) / 10, 1)


def _curve(a, b) -> str:
    """The SVG path of ``curve``.

    >>> _curve((1800, 900), (1900, 900))
    'M1800 900Q1850 890 1900 900'
    """
    return f"M{a[0]:g} {a[1]:g}Q{' '.join(f'{v:g}' for v in curve(a, b))} {b[0]:g} {b[1]:g}"


def _graticule(worlds=1) -> str:
    """Meridians and parallels every 30° across ``worlds`` world widths, as one path."""
    meridians = [f"M{x} 0V{180 * SCALE}" for x in range(0, worlds * WORLD + 1, 30 * SCALE)]
    parallels = [f"M0 {y}H{worlds * WORLD}" for y in range(0, 181 * SCALE, 30 * SCALE)]
    return "".join(meridians + parallels)


def note(hows, links, left_off, countries=False) -> str:
    """What the map shows (``hows``: how each point was placed; ``countries``: the points
    are the countries of the countries view), where points and outlines come from, and
    who is left off.

    >>> note(["own", "country"], 1, ["UCLG"])
    '2 actors placed (1 by own coordinates, 1 at the centre of their country), 1 pair of them cooperating. Not on the map (no country): UCLG. Outlines: Natural Earth; places: GeoNames (CC BY 4.0).'
    """
    hows = list(hows)
    if countries:
        return (ngettext("{n} country, at its centre", "{n} countries, at their centres",
                         len(hows)).format(n=len(hows)) + ", "
                + ngettext("{n} pair of them joined by cooperations",
                           "{n} pairs of them joined by cooperations", links).format(n=links)
                + ". " + _("Outlines: Natural Earth; places: GeoNames (CC BY 4.0)."))
    counts = {how: hows.count(how) for how in HOW}
    ways = ", ".join(words.format(n=n) for n, words in (
        (counts["own"], _("{n} by own coordinates")),
        (counts["gazetteer"], _("{n} from the GeoNames gazetteer")),
        (counts["country"], _("{n} at the centre of their country"))) if n)
    text = (ngettext("{n} actor placed", "{n} actors placed", len(hows)).format(n=len(hows))
            + (f" ({ways})" if ways else "") + ", "
            + ngettext("{n} pair of them cooperating", "{n} pairs of them cooperating", links)
            .format(n=links) + ".")
    if left_off:
        text += " " + _("Not on the map (no country): {names}.").format(names=", ".join(left_off))
    return text + " " + _("Outlines: Natural Earth; places: GeoNames (CC BY 4.0).")


def _cooperations(graph, pairs, node) -> list:
    """The names of the cooperations ``node`` takes part in."""
    if graph.is_multigraph():
        names = [graph.nodes[c].get("name") or c for c in graph.successors(node)
                 if graph.nodes[c].get("label") == "Cooperation"]
    else:
        names = [name for _, _, d in pairs.edges(node, data=True) for name in d.get("cooperations", [])]
    return sorted(set(names))


def _listed(names) -> list:
    """Up to ``LISTED`` names as bullet lines, then how many more.

    >>> _listed(["a", "b"]), _listed(list("abcdefghijklmn"))[-1]
    (['• a', '• b'], '… and 2 more')
    """
    shown = [f"• {name}" for name in names[:LISTED]]
    more = _("… and {n} more").format(n=len(names) - LISTED)
    return shown + ([more] if len(names) > LISTED else [])


def _name(graph, node) -> str:
    return name_of(graph.nodes[node], node)


def _text(lines) -> str:
    """Lines as escaped text for an SVG ``<title>``.

    >>> _text(["</title><script>alert(1)</script>", "O'Brien & Co"])
    '&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\\nO&#x27;Brien &amp; Co'
    """
    return html.escape("\n".join(str(line) for line in lines))


def _gazetteer(towns: dict) -> dict:
    """``{id: (lat, lon)}`` of municipalities (id → attributes with ``name``, ``country``)
    found in the shared GeoNames index (loaders/places.py): by ``geonamesId``, else the
    place of their country named as their name (or, failing that, an alias), own names
    before other names, then the most populous."""
    if not towns:
        return {}
    found = {}
    for node, data in towns.items():
        place = places.place(data.get("geonamesId")) or places.find(
            [data.get("name") or "", *(data.get("aliases") or [])], data["country"])
        if place:
            found[node] = (place.lat, place.lon)
    return found


@functools.lru_cache(maxsize=None)
def countries() -> dict:
    """ISO alpha-2 code → (centre ``(lat, lon)``, outline polygons of ``[lon, lat]`` rings),
    from the country files that the ``countryinfo`` package ships (outlines: Natural Earth)."""
    folder = resources.files("countryinfo").joinpath("data")
    found = {}
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if not item.name.endswith(".json"):
            continue
        info = json.loads(item.read_text(encoding="utf-8"))
        code, centre = (info.get("ISO") or {}).get("alpha2"), info.get("latlng")
        if not code or len(centre or ()) != 2 or code in found:
            continue
        polygons = []
        for feature in (info.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            shapes = geometry.get("coordinates", [])
            polygons += [shapes] if geometry.get("type") == "Polygon" else shapes
        found[code] = (tuple(centre), polygons)
    return found


@functools.lru_cache(maxsize=None)
def rings() -> tuple:
    """Each country's outline as a tuple of rings of ``(x, y)`` map units (``project``)."""
    return tuple(tuple(tuple(project(lat, lon) for lon, lat, *_ in ring)
                       for polygon in polygons for ring in polygon)
                 for _centre, polygons in countries().values())


@functools.lru_cache(maxsize=None)
def _outlines() -> tuple:
    """One SVG path ``d`` per country, in whole map units."""
    paths = []
    for country in rings():
        drawn = []
        for ring in country:
            points = [(round(x), round(y)) for x, y in ring]
            kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(kept) > 2:
                drawn.append("M" + " ".join(f"{x} {y}" for x, y in kept) + "Z")
        if drawn:
            paths.append("".join(drawn))
    return tuple(paths)


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ height: 100%; margin: 0; }}
body {{ font: 14px/1.4 system-ui, sans-serif; color: #222; padding: 10px 16px;
        box-sizing: border-box; display: flex; flex-direction: column; }}
h1 {{ font-size: 1.3em; margin: 0; }}
#caption {{ margin: .1em 0 .4em; color: #555; }}
#tools {{ margin-bottom: .4em; color: #555; }}
#tools button {{ min-width: 2.2em; margin-right: .2em; }}
#main {{ flex: 1; min-height: 320px; display: flex; gap: 14px; }}
#map {{ flex: 1; min-width: 0; height: 100%; display: block; background: {sea};
        border: 1px solid #bbb; cursor: grab; touch-action: none; }}
aside {{ flex: 0 0 18em; overflow-y: auto; }}
.land {{ fill: {land}; stroke: {coast}; stroke-width: .6; vector-effect: non-scaling-stroke; }}
.graticule {{ fill: none; stroke: {graticule}; stroke-width: .5; vector-effect: non-scaling-stroke; }}
.link, .sample line {{ fill: none; stroke: {link}; stroke-linecap: round; }}
.link {{ vector-effect: non-scaling-stroke; }}
.link:hover, .link.on {{ stroke: #c0392b; stroke-opacity: .9; }}
.point {{ r: calc(var(--r) * var(--k) * 1px); }}
.point, .cluster circle {{ stroke: #333; stroke-width: .8; vector-effect: non-scaling-stroke;
                           fill-opacity: .92; }}
.point.placed-country {{ fill-opacity: .5; stroke-dasharray: 2 2; }}
.point:hover, .point.on, .cluster.on circle, .cluster:hover circle {{ stroke: #c0392b;
                                                                      stroke-width: 2; }}
.hidden {{ display: none; }}
svg.focus .link:not(.on) {{ stroke-opacity: .08; }}
#clusters text {{ font-family: system-ui, sans-serif; font-weight: 700; text-anchor: middle;
                  dominant-baseline: central; pointer-events: none; }}
#labels {{ font-family: system-ui, sans-serif; font-weight: 600; fill: #1b1b1b; stroke: #fff;
           stroke-linejoin: round; paint-order: stroke; dominant-baseline: central;
           pointer-events: none; }}
#info {{ white-space: pre-line; background: #f6f6f6; padding: .5em; min-height: 1.4em;
         margin-bottom: .6em; }}
.legend {{ list-style: none; padding: 0; margin: 0 0 .6em; }}
.legend li {{ margin: .15em 0; }}
.dot {{ display: inline-block; width: .9em; height: .9em; border-radius: 50%;
        box-sizing: border-box; border: 1px solid #333; margin-right: .4em; vertical-align: -.1em; }}
.dot.ring {{ border-style: dashed; }}
.dot.group {{ width: 1.3em; height: 1.3em; font: 700 .75em/1.15em system-ui, sans-serif;
              text-align: center; vertical-align: 0; background: #fff; }}
.widths {{ margin: 0 0 .6em; }}
.sample {{ white-space: nowrap; margin-right: .8em; }}
.sample svg {{ vertical-align: middle; margin-right: .2em; }}
.note {{ color: #555; font-size: .9em; }}
#status {{ color: #b00; margin: 0; }}
@media (max-width: 760px) {{
  body {{ display: block; height: auto; }}
  #main {{ display: block; }}
  #map {{ width: 100%; height: 70vh; }}
}}
</style>
</head>
<body>
<h1>{title}</h1>
<p id="caption">{caption}</p>
<div id="tools"><button id="zoom-in" type="button">+</button><button id="zoom-out"
type="button">−</button><button id="fit" type="button">{fit}</button><button id="reset"
type="button">{whole}</button> {help}</div>
<div id="main">
<svg id="map" viewBox="{view}" data-world="{world}" data-cluster="{cluster}" role="img"
aria-label="{title}">
{svg}
<g id="clusters"></g>
<g id="labels"></g>
</svg>
<aside>
<div id="info" data-hint="{hint}" data-several="{several}" data-more="{more}">{click}</div>
<ul class="legend">{legend}</ul>
{widths}
<p class="note">{note}</p>
</aside>
</div>
<p id="status" data-error="{error}"></p>
<script>{script}</script>
</body>
</html>
"""

SCRIPT = """
(function () {
  "use strict";
  var status = document.getElementById("status");
  window.addEventListener("error", function (e) {
    status.textContent = status.getAttribute("data-error").replace("{message}", e.message);
  });
  var FONT = 12, COUNT = 11, LABELS = 40, HIT = 12, LISTED = 12;
  var svg = document.getElementById("map"), info = document.getElementById("info");
  var NS = svg.namespaceURI;
  var markers = document.getElementById("clusters"), names = document.getElementById("labels");
  var links = Array.prototype.slice.call(svg.querySelectorAll(".link"));
  var apart = +svg.getAttribute("data-cluster");
  function box(name) { return svg.getAttribute(name).split(" ").map(Number); }
  var fit = box("viewBox"), world = box("data-world"), view = fit.slice(), groups = [], widths = {};
  var dots = Array.prototype.map.call(svg.querySelectorAll(".point"), function (c) {
    var title = c.querySelector("title").textContent;
    return {el: c, x: +c.getAttribute("cx"), y: +c.getAttribute("cy"), r: +c.getAttribute("r"),
            i: c.getAttribute("data-i"), label: c.getAttribute("data-label"),
            fill: c.getAttribute("fill"), title: title, name: title.split("\\n")[0]};
  });
  var pen = document.createElement("canvas").getContext("2d");
  pen.font = "600 " + FONT + "px system-ui, sans-serif";

  function size(n) { return Math.min(16, 7 + 1.1 * Math.sqrt(n)); }  // a marker's radius
  function group(s) {  // markers join the nearest earlier one they are near or mostly under
    var found = dots.map(function (d) { return {x: d.x, y: d.y, r: d.r, members: [d]}; });
    for (var round = 0; round < 3; round++) {
      var cell = 28 / s, grid = new Map(), kept = [];
      found.forEach(function (d) {
        var gx = Math.floor(d.x / cell), gy = Math.floor(d.y / cell), best = null, least = Infinity;
        for (var i = gx - 1; i <= gx + 1; i++) {
          for (var j = gy - 1; j <= gy + 1; j++) {
            var near = grid.get(i * 1048576 + j) || [];
            for (var k = 0; k < near.length; k++) {
              var g = near[k], far = Math.hypot(g.x - d.x, g.y - d.y) * s;
              if (far <= Math.max(apart, 0.85 * (g.r + d.r)) && far < least) {
                least = far;
                best = g;
              }
            }
          }
        }
        if (best) {
          Array.prototype.push.apply(best.members, d.members);
          best.r = size(best.members.length);
          return;
        }
        var key = gx * 1048576 + gy;
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(d);
        kept.push(d);
      });
      if (kept.length === found.length) break;
      found = kept;
    }
    return found;
  }
  function several(g, most) {  // a marker's places, best-connected first, up to `most`
    var n = g.members.length, lines = g.members.slice().sort(function (a, b) { return a.i - b.i; })
      .slice(0, most).map(function (d) { return "• " + d.name; });
    if (n > most) lines.push(info.getAttribute("data-more").replace("{n}", n - most));
    return info.getAttribute("data-several").replace("{n}", n) + "\\n" + lines.join("\\n");
  }
  function dark(colour) {
    var n = parseInt(colour.slice(1), 16);
    return 0.299 * (n >> 16) + 0.587 * (n >> 8 & 255) + 0.114 * (n & 255) < 140;
  }
  function marker(g, s) {
    var fill = g.members.every(function (d) { return d.fill === g.members[0].fill; })
      ? g.members[0].fill : "#ffffff";
    var m = document.createElementNS(NS, "g"), c = document.createElementNS(NS, "circle");
    var t = document.createElementNS(NS, "text"), title = document.createElementNS(NS, "title");
    m.setAttribute("class", g.members.some(function (d) { return d.el.classList.contains("on"); })
      ? "cluster on" : "cluster");
    c.setAttribute("cx", g.x); c.setAttribute("cy", g.y); c.setAttribute("r", g.r / s);
    c.setAttribute("fill", fill);
    t.setAttribute("x", g.x); t.setAttribute("y", g.y);
    t.setAttribute("fill", dark(fill) ? "#fff" : "#111");
    t.textContent = g.members.length;
    title.textContent = several(g, LISTED);
    m.append(title, c, t);
    return m;
  }
  function Boxes() { this.cells = new Map(); }  // screen boxes [x, y, w, h], by 64-pixel cell
  Boxes.prototype.each = function (b, f) {
    for (var i = Math.floor(b[0] / 64); i <= Math.floor((b[0] + b[2]) / 64); i++) {
      for (var j = Math.floor(b[1] / 64); j <= Math.floor((b[1] + b[3]) / 64); j++) f(i + " " + j);
    }
  };
  Boxes.prototype.add = function (b) {
    var cells = this.cells;
    this.each(b, function (k) { if (!cells.has(k)) cells.set(k, []); cells.get(k).push(b); });
  };
  Boxes.prototype.hits = function (b) {
    var cells = this.cells, hit = false;
    this.each(b, function (k) {
      hit = hit || (cells.get(k) || []).some(function (o) {
        return b[0] < o[0] + o[2] + 2 && o[0] < b[0] + b[2] + 2 &&
          b[1] < o[1] + o[3] + 2 && o[1] < b[1] + b[3] + 2;
      });
    });
    return hit;
  };
  function label(ctm, edge) {  // best-connected markers first: a label goes where it covers
    var all = new Boxes(), above = new Boxes(), found = document.createDocumentFragment();
    var h = FONT + 4, placed = 0, s = ctm.a;  // no other label, and no marker if it can
    var shown = groups.map(function (g) {
      var x = ctm.a * g.x + ctm.e, y = ctm.d * g.y + ctm.f;
      return {g: g, x: x, y: y, box: [x - g.r, y - g.r, 2 * g.r, 2 * g.r]};
    }).filter(function (p) {
      return p.x > edge.left && p.x < edge.right && p.y > edge.top && p.y < edge.bottom;
    });
    shown.forEach(function (p) { all.add(p.box); });
    names.setAttribute("font-size", FONT / s);
    names.setAttribute("stroke-width", 3 / s);
    function inView(b) {
      return b[0] > edge.left + 2 && b[1] > edge.top + 2 &&
        b[0] + b[2] < edge.right - 2 && b[1] + b[3] < edge.bottom - 2;
    }
    for (var k = 0; k < shown.length && k < 400 && placed < LABELS; k++) {
      var p = shown[k], n = p.g.members.length, r = p.g.r + 3, d = r * 0.7;
      var text = p.g.members[0].label + (n > 1 ? " +" + (n - 1) : "");
      var w = widths[text] || (widths[text] = pen.measureText(text).width + 4), x = p.x, y = p.y;
      above.add(p.box);
      var spots = [[x + r, y - h / 2], [x - r - w, y - h / 2], [x - w / 2, y - r - h],
                   [x - w / 2, y + r], [x + d, y - d - h], [x - d - w, y - d - h], [x + d, y + d],
                   [x - d - w, y + d]];
      spots = spots.map(function (b) { return [b[0], b[1], w, h]; }).filter(inView);
      var spot = spots.find(function (b) { return !all.hits(b); }) ||
        spots.find(function (b) { return !above.hits(b); });
      if (!spot) continue;
      all.add(spot);
      above.add(spot);
      placed++;
      var t = document.createElementNS(NS, "text");
      t.setAttribute("x", (spot[0] + 2 - ctm.e) / ctm.a);
      t.setAttribute("y", (spot[1] + h / 2 - ctm.f) / ctm.d);
      t.textContent = text;
      found.appendChild(t);
    }
    names.replaceChildren(found);
  }
  var pending = 0;
  function redraw() {  // the view now, the rest at the next frame, once for many changes
    svg.setAttribute("viewBox", view.join(" "));
    if (!pending) pending = requestAnimationFrame(show);
  }
  function show() {  // layout is read once, before anything changes
    cancelAnimationFrame(pending);
    pending = 0;
    svg.setAttribute("viewBox", view.join(" "));
    var ctm = svg.getScreenCTM(), edge = svg.getBoundingClientRect(), s = ctm.a;
    var drawn = document.createDocumentFragment();
    svg.style.setProperty("--k", 1 / s);
    groups = group(s);
    groups.forEach(function (g) {
      var hidden = g.members.length > 1;
      g.members.forEach(function (d) {
        if (d.hidden !== hidden) d.el.classList.toggle("hidden", d.hidden = hidden);
      });
      if (hidden) drawn.appendChild(marker(g, s));
    });
    markers.setAttribute("font-size", COUNT / s);
    markers.replaceChildren(drawn);
    label(ctm, edge);
  }
  function look(cx, cy, w) {  // centre the view on (cx, cy), `w` map units wide
    w = Math.min(world[2], Math.max(world[2] / 1000, w));
    var h = w * view[3] / view[2];
    view = [cx - w / 2, cy - h / 2, w, h];
    redraw();
  }
  function zoom(factor, cx, cy) {
    var w = Math.min(world[2], Math.max(world[2] / 1000, view[2] * factor)), f = w / view[2];
    view = [cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, w, view[3] * f];
    redraw();
  }
  function inside(g) {  // zoom in on a marker of several points, up to 8 times
    var xs = g.members.map(function (d) { return d.x; });
    var ys = g.members.map(function (d) { return d.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var w = Math.max(x1 - x0, (y1 - y0) * view[2] / view[3]) * 4;
    if (w > 0) look((x0 + x1) / 2, (y0 + y1) / 2, Math.max(w, view[2] / 8)); else redraw();
  }
  function at(e) {
    var p = svg.createSVGPoint(); p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault(); var p = at(e); zoom(e.deltaY > 0 ? 1.25 : 0.8, p.x, p.y);
  }, {passive: false});
  var drag = null, moved = false;
  svg.addEventListener("pointerdown", function (e) { drag = [e.clientX, e.clientY]; moved = false; });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var s = svg.getScreenCTM().a, dx = e.clientX - drag[0], dy = e.clientY - drag[1];
    if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
    if (!moved) return;
    view[0] -= dx / s; view[1] -= dy / s; drag = [e.clientX, e.clientY]; redraw();
  });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("click", function (e) {  // the marker nearest the cursor, else a line
    if (moved) return;
    if (pending) show();
    var p = at(e), s = svg.getScreenCTM().a, best = null, least = Infinity;
    groups.forEach(function (g) {
      var far = Math.hypot(g.x - p.x, g.y - p.y) * s;
      if (far <= Math.max(HIT, g.r + 6) && far < least) { least = far; best = g; }
    });
    svg.querySelectorAll(".on").forEach(function (x) { x.classList.remove("on"); });
    var chosen = new Set(best ? best.members.map(function (d) { return d.i; }) : []);
    svg.classList.toggle("focus", chosen.size > 0);
    links.forEach(function (l) {
      if (chosen.has(l.getAttribute("data-a")) || chosen.has(l.getAttribute("data-b"))) {
        l.classList.add("on");
      }
    });
    if (best) {
      best.members.forEach(function (d) { d.el.classList.add("on"); });
      info.textContent = best.members.length > 1 ? several(best, Infinity) : best.members[0].title;
      if (best.members.length > 1) inside(best);
    } else if (e.target.classList.contains("link")) {
      e.target.classList.add("on");
      info.textContent = e.target.querySelector("title").textContent;
    } else {
      info.textContent = info.getAttribute("data-hint");
    }
  });
  function centred(factor) {
    return function () { zoom(factor, view[0] + view[2] / 2, view[1] + view[3] / 2); };
  }
  document.getElementById("zoom-in").onclick = centred(0.5);
  document.getElementById("zoom-out").onclick = centred(2);
  document.getElementById("fit").onclick = function () { view = fit.slice(); redraw(); };
  document.getElementById("reset").onclick = function () { view = world.slice(); redraw(); };
  window.addEventListener("resize", redraw);
  show();
  svg.setAttribute("data-ready", "yes");
})();
"""
