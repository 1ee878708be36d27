"""Cooperation links on a world map: ``munigraph export map OUT.html``.

``write_map(graph, out)`` writes one HTML file that opens offline: an inline SVG in the
equirectangular projection with country outlines (Natural Earth, shipped in the
``countryinfo`` package) and a 30° graticule, a point per placed actor (coloured by
kind, sized by its number of partners) and a curve between two placed actors that share
cooperations (wider the more they share). Hovering shows a point's or a curve's names
and cooperations; clicking also writes them beside the map and lights the point's
curves. Drag pans, the wheel or the buttons zoom. Names are text, never markup, and a
Content-Security-Policy runs the page's own script only.

``coordinates(graph)`` says where each actor goes: its own ``lat``/``lon`` ("own"),
else a municipality's GeoNames place by ``geonamesId`` or by name and country
("gazetteer": the index that ``munigraph draft`` reads too, loaders/places.py), else the
centre of its country ("country"). An actor with no country (an international
organisation) is left off and listed under the map.
"""

from __future__ import annotations

import functools
import html
import json
import math
from importlib import resources

from munigraph.language import N_, _, current, ngettext
from munigraph.loaders import places
from munigraph.loaders.countries import country

from .html import policy
from .network import actor_projection
from munigraph.graph.words import kind_name

from .style import COLOURS, KINDS, kind_of, size_of

SCALE = 10  # SVG units per degree: the world is 3600 × 1800
NORTH, SOUTH = 85, -60  # the latitudes of the whole-world view
POINT = 1.2  # a point's radius in SVG units per pixel of style.size_of at the full view
LISTED = 12  # cooperations named in a hover text; the others are counted
HOW = {"own": N_("own coordinates"), "gazetteer": N_("GeoNames gazetteer"),
       "country": N_("centre of its country")}
TITLE = N_("munigraph: cooperation on a map")
CLICK = N_("Click a point or a line.")


def coordinates(graph) -> dict:
    """``{actor id: (lat, lon, how)}`` for the actors of ``graph`` (either view) that
    can be placed; ``how`` is "own", "gazetteer" or "country" (see the module doc)."""
    actors = {n: d for n, d in graph.nodes(data=True) if d.get("label") == "Actor"}
    placed = {n: (d["lat"], d["lon"], "own") for n, d in actors.items()
              if d.get("lat") is not None and d.get("lon") is not None}
    towns = {n: d for n, d in actors.items()
             if n not in placed and d.get("type") == "municipality" and d.get("country")}
    placed.update((n, (*where, "gazetteer")) for n, where in _gazetteer(towns).items())
    centres = _countries()
    for n, d in actors.items():
        if n not in placed and d.get("country") in centres:
            placed[n] = (*centres[d["country"]][0], "country")
    return placed


def write_map(graph, path_or_file, title="", caption="", color="kind") -> None:
    """Write the map of ``graph`` (the cooperations ``MultiDiGraph`` or the actors view)
    as one self-contained HTML file to a path or an open text file."""
    text = map_html(graph, title, caption, color)
    if hasattr(path_or_file, "write"):
        path_or_file.write(text)
    else:
        with open(path_or_file, "w", encoding="utf-8") as out:
            out.write(text)


def map_html(graph, title="", caption="", color="kind") -> str:
    """The HTML text that ``write_map`` writes."""
    places = coordinates(graph)
    pairs = actor_projection(graph) if graph.is_multigraph() else graph
    index = {n: i for i, n in enumerate(sorted(places, key=lambda n: -pairs.degree(n)))}
    links = sorted(((a, b, d) for a, b, d in pairs.edges(data=True) if a in index and b in index),
                   key=lambda e: e[2].get("weight", 1))
    svg = [f'<path class="land" d="{d}"/>' for d in _outlines()]
    svg.append(f'<path class="graticule" d="{_graticule()}"/>')
    for a, b, data in links:
        weight, names = data.get("weight", 1), data.get("cooperations", [])
        words = [f"{_name(graph, a)} – {_name(graph, b)}",
                 ngettext("{n} cooperation", "{n} cooperations", weight).format(n=weight),
                 *_listed(names)]
        svg.append(f'<path class="link" data-a="{index[a]}" data-b="{index[b]}" '
                   f'stroke-width="{0.6 + 0.6 * math.sqrt(weight):.1f}" '
                   f'd="{_curve(places[a], places[b])}"><title>{_text(words)}</title></path>')
    for node in index:
        lat, lon, how = places[node]
        data = graph.nodes[node]
        kind, (x, y) = kind_of(data), project(lat, lon)
        names = _cooperations(graph, pairs, node)
        where = country_name(data.get("country") or "")
        partners = pairs.degree(node)
        words = [_name(graph, node), f"{kind_name(kind)}, {where}".rstrip(", "),
                 _("placed: {how}").format(how=_(HOW[how])),
                 ngettext("{n} cooperation", "{n} cooperations", len(names)).format(n=len(names))
                 + ", " + ngettext("{n} partner", "{n} partners", partners).format(n=partners),
                 *_listed(names)]
        svg.append(f'<circle class="point {kind} {how}" data-i="{index[node]}" cx="{x:g}" cy="{y:g}" '
                   f'r="{POINT * size_of(pairs.degree(node)):.1f}" fill="{COLOURS[kind]}">'
                   f'<title>{_text(words)}</title></circle>')
    left_off = sorted(_name(graph, n) for n, d in graph.nodes(data=True)
                      if d.get("label") == "Actor" and n not in places)
    words = {key: html.escape(text, quote=False) for key, text in (
        ("whole", _("Whole world")),
        ("help", _("Drag to pan, wheel to zoom; hover or click a point or a line.")),
        ("click", _(CLICK)), ("ring", _("dashed ring: placed at its country's centre")))}
    attributes = {"hint": html.escape(_(CLICK)), "error": html.escape(_("Error: {message}"))}
    return PAGE.format(
        lang=current(), title=html.escape(title or _(TITLE)),
        caption=html.escape(caption), svg="\n".join(svg),
        view=f"0 {(90 - NORTH) * SCALE} {360 * SCALE} {(NORTH - SOUTH) * SCALE}",
        legend="".join(f'<li><span style="background:{COLOURS[k]}"></span>'
                       f'{html.escape(kind_name(k))}</li>'
                       for k in KINDS if any(kind_of(graph.nodes[n]) == k for n in index)),
        note=html.escape(_note(places, len(links), left_off)), script=SCRIPT, policy=policy(SCRIPT),
        **words, **attributes)


def country_name(code: str) -> str:
    """The name of the country with ISO code ``code`` in the language being spoken (English
    when there is none in it), or "" for no known country.

    >>> from munigraph.language import speaking
    >>> with speaking("pt"):
    ...     country_name("DE")
    'Alemanha'
    >>> country_name("DE"), country_name("")
    ('Germany', '')
    """
    found = country(code) if code else None
    return (found.get(f"name{current().capitalize()}") or found["name"]) if found else ""


def project(lat: float, lon: float) -> tuple:
    """Where ``(lat, lon)`` lies on the map: x east from 180° W, y south from 90° N.

    >>> project(37.03, -7.84), project(-90, 180)
    ((1721.6, 529.7), (3600.0, 1800.0))
    """
    return round((float(lon) + 180) * SCALE, 1), round((90 - float(lat)) * SCALE, 1)


def _curve(a, b) -> str:
    """A gentle arc from place ``a`` to place ``b`` (``(lat, lon, ...)``), bowed to its left.

    >>> _curve((0, 0), (0, 10))
    'M1800 900Q1850 890 1900 900'
    """
    (x1, y1), (x2, y2) = project(*a[:2]), project(*b[:2])
    cx, cy = (x1 + x2) / 2 + (y2 - y1) / 10, (y1 + y2) / 2 - (x2 - x1) / 10
    return f"M{x1:g} {y1:g}Q{cx:g} {cy:g} {x2:g} {y2:g}"


def _graticule() -> str:
    """Meridians and parallels every 30°, as one path."""
    meridians = [f"M{x} 0V{180 * SCALE}" for x in range(0, 361 * SCALE, 30 * SCALE)]
    parallels = [f"M0 {y}H{360 * SCALE}" for y in range(0, 181 * SCALE, 30 * SCALE)]
    return "".join(meridians + parallels)


def _note(places, links, left_off) -> str:
    """What the map shows, where points and outlines come from, and who is left off.

    >>> _note({"a": (1, 2, "own"), "b": (3, 4, "country")}, 1, ["UCLG"])
    '2 actors placed (1 by own coordinates, 1 at the centre of their country), 1 link. Not on the map (no country): UCLG. Outlines: Natural Earth; places: GeoNames (CC BY 4.0).'
    """
    counts = {how: sum(1 for *_rest, h in places.values() if h == how) for how in HOW}
    ways = ", ".join(words.format(n=n) for n, words in (
        (counts["own"], _("{n} by own coordinates")),
        (counts["gazetteer"], _("{n} from the GeoNames gazetteer")),
        (counts["country"], _("{n} at the centre of their country"))) if n)
    text = (ngettext("{n} actor placed", "{n} actors placed", len(places)).format(n=len(places))
            + (f" ({ways})" if ways else "") + ", "
            + ngettext("{n} link", "{n} links", links).format(n=links) + ".")
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
    return graph.nodes[node].get("name") or node


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
def _countries() -> dict:
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
def _outlines() -> tuple:
    """One SVG path ``d`` per country, in whole SVG units."""
    paths = []
    for _centre, polygons in _countries().values():
        rings = []
        for ring in (ring for polygon in polygons for ring in polygon):
            points = [tuple(round(v) for v in project(lat, lon)) for lon, lat, *_ in ring]
            kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(kept) > 2:
                rings.append("M" + " ".join(f"{x} {y}" for x, y in kept) + "Z")
        if rings:
            paths.append("".join(rings))
    return tuple(paths)


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1em; color: #222; }}
h1 {{ font-size: 1.3em; margin: 0 0 .3em; }}
#map {{ width: 100%; height: auto; max-height: 80vh; background: #eaf2f8; border: 1px solid #bbb;
        cursor: grab; touch-action: none; }}
.land {{ fill: #fbfaf5; stroke: #b8b2a0; stroke-width: .6; vector-effect: non-scaling-stroke; }}
.graticule {{ fill: none; stroke: #c9d6e0; stroke-width: .5; vector-effect: non-scaling-stroke; }}
.link {{ fill: none; stroke: #555; stroke-opacity: .35; vector-effect: non-scaling-stroke;
         stroke-linecap: round; }}
.link:hover, .link.on {{ stroke: #c0392b; stroke-opacity: .9; }}
.point {{ stroke: #333; stroke-width: .7; vector-effect: non-scaling-stroke; fill-opacity: .9; }}
.point.country {{ fill-opacity: .45; stroke-dasharray: 2 2; }}
.point:hover, .point.on {{ stroke: #c0392b; stroke-width: 2; }}
svg.focus .link:not(.on) {{ stroke-opacity: .08; }}
#tools button {{ min-width: 2.2em; }}
#info {{ white-space: pre-line; background: #f6f6f6; padding: .5em; min-height: 1.4em; }}
.legend {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1em; }}
.legend span {{ display: inline-block; width: .9em; height: .9em; border-radius: 50%;
                border: 1px solid #333; margin-right: .3em; vertical-align: -.1em; }}
#status {{ color: #b00; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{caption}</p>
<div id="tools"><button id="zoom-in" type="button">+</button>
<button id="zoom-out" type="button">−</button>
<button id="reset" type="button">{whole}</button>
{help}</div>
<svg id="map" viewBox="{view}" role="img" aria-label="{title}">
{svg}
</svg>
<div id="info" data-hint="{hint}">{click}</div>
<ul class="legend">{legend}<li>{ring}</li></ul>
<p class="note">{note}</p>
<p id="status" data-error="{error}"></p>
<script>{script}</script>
</body>
</html>
"""

SCRIPT = """
(function () {
  var status = document.getElementById("status");
  window.addEventListener("error", function (e) {
    status.textContent = status.getAttribute("data-error").replace("{message}", e.message);
  });
  var svg = document.getElementById("map"), info = document.getElementById("info");
  var whole = svg.viewBox.baseVal, full = [whole.x, whole.y, whole.width, whole.height];
  var view = full.slice(), points = svg.querySelectorAll(".point"), links = svg.querySelectorAll(".link");
  var radii = Array.prototype.map.call(points, function (p) { return +p.getAttribute("r"); });
  function show() {
    svg.setAttribute("viewBox", view.join(" "));
    var k = view[2] / full[2];
    points.forEach(function (p, i) { p.setAttribute("r", (radii[i] * k).toFixed(3)); });
  }
  function zoom(factor, cx, cy) {
    var w = Math.min(full[2], Math.max(full[2] / 200, view[2] * factor)), f = w / view[2];
    view = [cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, w, view[3] * f];
    show();
  }
  function at(e) {
    var p = svg.createSVGPoint(); p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function centre() { return [view[0] + view[2] / 2, view[1] + view[3] / 2]; }
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
    view[0] -= dx / s; view[1] -= dy / s; drag = [e.clientX, e.clientY]; show();
  });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("click", function (e) {
    if (moved) return;
    var t = e.target, on = t.classList.contains("point") ? t.getAttribute("data-i") : null;
    svg.querySelectorAll(".on").forEach(function (x) { x.classList.remove("on"); });
    svg.classList.toggle("focus", on !== null);
    if (on !== null) {
      t.classList.add("on");
      links.forEach(function (l) {
        if (l.getAttribute("data-a") === on || l.getAttribute("data-b") === on) l.classList.add("on");
      });
    } else if (t.classList.contains("link")) {
      t.classList.add("on");
    }
    var title = t.querySelector("title");
    info.textContent = title ? title.textContent : info.getAttribute("data-hint");
  });
  document.getElementById("zoom-in").onclick = function () { var c = centre(); zoom(0.5, c[0], c[1]); };
  document.getElementById("zoom-out").onclick = function () { var c = centre(); zoom(2, c[0], c[1]); };
  document.getElementById("reset").onclick = function () { view = full.slice(); show(); };
  show();
  svg.setAttribute("data-ready", "yes");
})();
"""
