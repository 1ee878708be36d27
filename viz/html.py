"""A self-contained interactive HTML picture of the network, drawn by vis-network.

``write_html(graph, "out.html")`` takes a graph of ``munigraph.viz.network`` (actors and
cooperations, or the actor projection) and writes one file that needs nothing else: the
vis-network script shipped in the pyvis package is inlined (pyvis's own template links
Bootstrap from a CDN, so it is not used), the data is embedded as JSON, and a
Content-Security-Policy lets the page run only its own two scripts and fetch nothing.
Tooltips are plain text (vis-network shows a string title with ``innerText``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from string import Template

from munigraph.graph.errors import MunigraphError
from munigraph.graph.words import kind_name, role_name
from munigraph.language import _, current, ngettext
from munigraph.viz.countries import NAMED
from munigraph.viz.style import (COLOURS, KINDS, colouring, kind_of, label_of, name_of, number,
                                 shown_date, size_of, wrapped)

VIS = "pyvis/lib/vis-9.1.2/vis-network.min.js"
LARGE = 300  # nodes; a larger graph gets the cheaper drawing options
SHAPES = {"programme": "diamond", "agreement": "diamond", "event": "diamond", "topic": "triangle"}
QUOTES = 3  # evidence quotes shown in a tooltip

SCRIPT = """"use strict";
const data = JSON.parse(document.getElementById("munigraph-data").textContent);
const statusLine = document.getElementById("status");
const network = new vis.Network(document.getElementById("network"),
  {nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}, data.options);
let drawn;
window.munigraph = {network: network, ready: new Promise(function (resolve) { drawn = resolve; })};
function done() {
  network.setOptions({physics: false});
  statusLine.textContent = data.summary;
  network.once("afterDrawing", function () { drawn(); });
  network.redraw();
}
network.on("stabilizationProgress", function (p) {
  statusLine.textContent = data.progress.replace("{percent}", Math.round(100 * p.iterations / p.total));
});
network.once("stabilizationIterationsDone", done);
if (data.nodes.length === 0) done();
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="$policy">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
h1 { margin: 0; font-size: 20px; }
header p { margin: 2px 0 0; color: #555; }
main { flex: 1; position: relative; min-height: 0; }
#network { position: absolute; inset: 0; }
#legend { position: absolute; top: 8px; right: 8px; margin: 0; padding: 6px 10px;
  list-style: none; background: rgba(255, 255, 255, 0.9); border: 1px solid #ddd; }
#legend small { color: #777; }
.swatch { display: inline-block; width: 11px; height: 11px; margin-right: 6px; }
.dot { border-radius: 50%; }
.diamond { transform: rotate(45deg) scale(0.8); }
.triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); }
#status { position: absolute; left: 8px; bottom: 8px; color: #555; }
div.vis-tooltip { position: absolute; visibility: hidden; max-width: 28em; padding: 6px 8px;
  white-space: pre-wrap; background: #fff; border: 1px solid #999; font-size: 13px;
  box-shadow: 2px 2px 6px rgba(0, 0, 0, 0.2); pointer-events: none; z-index: 5; }
</style>
<script>$vis</script>
</head>
<body>
<header><h1>$title</h1><p>$caption</p></header>
<main>
<div id="network"></div>
<ul id="legend">
$legend
</ul>
<div id="status">$status</div>
</main>
<script id="munigraph-data" type="application/json">$data</script>
<script>$script</script>
</body>
</html>
""")


def write_html(graph, path_or_file, title: str = "munigraph", caption: str = "",
               color: str = "kind") -> None:
    """Write ``graph`` (a networkx graph of ``munigraph.viz.network``) as one HTML page to a
    path or a text file, headed by ``title`` and ``caption`` (plain text), its nodes
    coloured by ``color`` (``style.colouring``)."""
    page = render(graph, title, caption, color)
    if hasattr(path_or_file, "write"):
        path_or_file.write(page)
    else:
        Path(path_or_file).write_text(page, encoding="utf-8")


def render(graph, title: str = "munigraph", caption: str = "", color: str = "kind") -> str:
    """The HTML page of ``graph`` (see ``write_html``)."""
    vis = vis_network()
    colours = colouring(graph, color)
    nodes, edges = elements(graph, colours.colours)
    countries = any(node["kind"] == "country" for node in nodes)
    data = {"nodes": nodes, "edges": edges,
            "options": options(len(nodes), len(edges), countries),
            "summary": f"{_count('node', len(nodes))} · {_count('link', len(edges))}",
            "progress": _("Laying out… {percent} %")}
    status = ngettext("Laying out {n} node…", "Laying out {n} nodes…", len(nodes))
    return PAGE.substitute(
        lang=current(), policy=policy(vis, SCRIPT), title=html.escape(title),
        caption=html.escape(caption), vis=vis,
        legend="\n".join(_legend(words, colour, n, colours.by == "kind" and SHAPES.get(kind))
                         for (words, colour, n), kind in zip(colours.legend, _kinds(colours))),
        status=html.escape(status.format(n=number(len(nodes)))), data=script_json(data),
        script=SCRIPT)


def vis_network() -> str:
    """The vis-network script shipped in the installed pyvis package."""
    try:
        return Path(distribution("pyvis").locate_file(VIS)).read_text(encoding="utf-8")
    except (PackageNotFoundError, FileNotFoundError):
        raise MunigraphError(f"an HTML export needs pyvis 0.3 ({VIS}), which munigraph installs: "
                             "reinstall munigraph") from None


def policy(*scripts: str) -> str:
    """A Content-Security-Policy that runs only ``scripts`` and loads nothing else."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "base-uri 'none'; form-action 'none'")


def script_json(value) -> str:
    """JSON to put inside a ``<script>`` element: ``<``, ``>`` and ``&`` are escaped, so no
    text in it can end the element.

    >>> print(script_json({"quote": "</script><script>alert('São')</script>"}))
    {"quote":"\\u003c/script\\u003e\\u003cscript\\u003ealert('São')\\u003c/script\\u003e"}
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.translate({ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"})


def elements(graph, colours=None) -> tuple[list, list]:
    """vis-network nodes and edges of ``graph``; parallel edges (several roles) become one.
    A node's colour is its kind's, or ``colours[node]``; its label is ``style.label_of``,
    wrapped onto lines; its size grows with its degree. In the country network a country's
    area and label grow with its cooperations, and a link's width and ink with how many
    join its two countries. A twinning drawn as a link (``network.direct_twinnings``) has
    the colour of agreements and the twinning's tooltip; a link of the programmes view
    names the actor's roles and the cooperations it counts."""
    most = max((data.get("cooperations", 0) for _n, data in graph.nodes(data=True)
                if data.get("label") == "Country"), default=0)
    heaviest = max((weight for a, _b, weight in graph.edges(data="weight", default=0)
                    if graph.nodes[a].get("label") == "Country"), default=0)
    nodes = []
    for node, data in graph.nodes(data=True):
        kind = kind_of(data)
        name = name_of(data, node)
        look = ({"size": size_of(graph.degree(node))} if data.get("label") != "Country"
                else _country_look(data.get("cooperations", 0) / (most or 1)))
        nodes.append({"id": node, "label": wrapped(label_of(data, node)), "kind": kind,
                      "color": (colours or {}).get(node, COLOURS[kind]),
                      "shape": SHAPES.get(kind, "dot"), **look,
                      "title": node_title(name, data)})
    pairs = {}
    for a, b, data in graph.edges(data=True):
        pairs.setdefault((a, b), []).append(data)
    edges = []
    for i, ((a, b), parallel) in enumerate(pairs.items()):
        ends = f"{_name(graph, a)} – {_name(graph, b)}"
        if graph.nodes[a].get("label") == "Country":
            edge = _joining(parallel[0], ends, heaviest)
        elif parallel[0].get("role") == "twinning":
            edge = {"title": "\n".join([ends, *(node_title(name_of(d, d["id"]), d) for d in parallel)]),
                    "color": {"color": COLOURS["agreement"]}}
        elif "roles" in parallel[0]:
            edge = _taking_part(parallel[0], ends)
        elif "weight" in parallel[0]:
            edge = _shared(parallel[0], ends)
        else:
            roles = ", ".join(role_name(d.get("role", "")) for d in parallel)
            edge = {"label": roles, "title": f"{ends}\n{roles}"}
            if [d.get("role") for d in parallel] == ["part_of"]:
                edge.update(dashes=True, arrows="to")
        edges.append({"id": i, "from": a, "to": b, **edge})
    return nodes, edges


def node_title(name: str, data: dict) -> str:
    """A node's tooltip, plain text: what it is, where, when, on what topics, and evidence.

    >>> import datetime
    >>> from munigraph.graph.dates import PartialDate
    >>> print(node_title("Termo", {"type": "agreement", "kind": "cooperation",
    ...     "signed": PartialDate(datetime.date(2013, 1, 1), "year"), "topics": ["Solid waste"],
    ...     "evidence": [{"quote": "assinaram", "source": "AMAL news", "url": "https://x"}]}))
    Termo
    Agreement (cooperation) · signed 2013
    Topics: Solid waste
    “assinaram” — AMAL news
    """
    what = kind_name(str(data.get("type") or data.get("label") or "").lower()).capitalize()
    if data.get("kind"):
        what += f" ({kind_name(data['kind'])})"
    if data.get("label") == "Country":
        return "\n".join([name, what, country_counts(data)])
    dates = _dates(data)
    lines = [name, " · ".join(p for p in (what, data.get("country"), dates) if p)]
    if data.get("topics"):
        lines.append(_("Topics: {topics}").format(topics=", ".join(data["topics"])))
    evidence = data.get("evidence") or []
    for e in evidence[:QUOTES]:
        lines.append(f"“{e['quote']}”" + (f" — {e['source']}" if e.get("source") else ""))
    if len(evidence) > QUOTES:
        lines.append(_("… and {n} more").format(n=len(evidence) - QUOTES))
    return "\n".join(line for line in lines if line)


def options(nodes: int, edges: int, countries: bool = False) -> dict:
    """vis-network options: a force layout run before the first drawing in a bounded time
    (fewer steps for larger graphs; no O(n²) "improved" initial layout), then stopped by the
    page; edge labels only from about 90 % zoom; above ``LARGE`` nodes, node labels only
    when zoomed in, no hover highlighting, and edges hidden while dragging or zooming. The
    country network (``countries``), a few hubs joined to many countries, is spread wider
    so that its nodes and names do not overlap."""
    large = nodes > LARGE
    steps = min(500, max(100, 500_000 // max(nodes + edges, 1)))
    force = ({"gravitationalConstant": -80, "springLength": 150, "avoidOverlap": 1,
              "centralGravity": 0.01} if countries else
             {"gravitationalConstant": -40, "springLength": 60, "avoidOverlap": 0.2})
    return {
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {"solver": "forceAtlas2Based", "minVelocity": 1,
                    "forceAtlas2Based": {**force, "theta": 1},
                    "stabilization": {"iterations": steps, "updateInterval": 20}},
        "nodes": {"borderWidth": 1, "font": {"face": "system-ui, sans-serif", "size": 14},
                  "scaling": {"label": {"drawThreshold": 9 if large else 5}}},
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2,
                  "color": {"color": "#aaaaaa", "highlight": "#444444", "hover": "#444444"},
                  "font": {"face": "system-ui, sans-serif", "size": 10, "color": "#555555"},
                  "scaling": {"min": 1, "max": 6,
                              "label": {"enabled": False, "drawThreshold": 10}}},
        "interaction": {"hover": not large, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large},
    }


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis.

    >>> shorten("Consórcio Intermunicipal", 12)
    'Consórcio I…'
    """
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _count(what: str, n: int) -> str:
    """``n`` nodes or links, in words."""
    if what == "node":
        return ngettext("{n} node", "{n} nodes", n).format(n=number(n))
    return ngettext("{n} link", "{n} links", n).format(n=number(n))


def _shared(data: dict, ends: str) -> dict:
    topics = ", ".join(data.get("topics") or [])
    cooperations = "; ".join(data.get("cooperations") or [])
    shared = _("{n} shared: {cooperations}").format(n=data["weight"], cooperations=cooperations)
    return {"label": shorten(topics, 60), "value": data["weight"],
            "title": f"{ends}\n{shared}"
                     + ("\n" + _("Topics: {topics}").format(topics=topics) if topics else "")}


def _taking_part(data: dict, ends: str) -> dict:
    """A link of the programmes view: the actor's roles, and the cooperations of the
    programme it takes part in."""
    roles = ", ".join(role_name(role) for role in data["roles"])
    n = data["weight"]
    lines = [ends, roles, ngettext("takes part in {n} of its cooperations:",
                                   "takes part in {n} of its cooperations:", n).format(n=number(n)),
             *sorted(map(str, data["cooperations"]))[:NAMED]]
    if n > NAMED:
        lines.append(_("… and {n} more").format(n=number(n - NAMED)))
    return {"label": roles, "value": n, "title": "\n".join(line for line in lines if line)}


def _joining(data: dict, ends: str, heaviest: int) -> dict:
    """A link of the country network: how many cooperations join the two countries (its
    width and ink grow with the square root, up to the ``heaviest`` link's), and the first
    of their names, one a line."""
    n, names = data["weight"], data.get("cooperations") or []
    lines = [ends, ngettext("{n} cooperation joins them:", "{n} cooperations join them:", n)
             .format(n=number(n)), *names]
    if n > len(names):
        lines.append(_("… and {n} more").format(n=number(n - len(names))))
    share = math.sqrt(n / heaviest)
    return {"label": number(n), "value": share, "color": {"opacity": round(0.25 + 0.75 * share, 2)},
            "title": "\n".join(lines)}


def _country_look(share: float) -> dict:
    """A country's size and label size for its ``share`` of the largest country's
    cooperations: area and letters grow with it."""
    return {"size": round(6 + 34 * math.sqrt(share)),
            "font": {"size": round(14 + 14 * math.sqrt(share))}}


def country_counts(data: dict) -> str:
    """A country's actors and cooperations, in words."""
    actors, cooperations = data.get("actors", 0), data.get("cooperations", 0)
    words = (ngettext("{n} actor", "{n} actors", actors).format(n=number(actors)) + " · "
             + ngettext("{n} cooperation", "{n} cooperations", cooperations)
             .format(n=number(cooperations)))
    if data.get("within"):
        words += " " + _("({n} within the country)").format(n=number(data["within"]))
    return words


def _dates(data: dict) -> str:
    start, end, signed = (shown_date(data.get(k)) for k in ("start", "end", "signed"))
    span = (f"{start} – {end}" if start and end else _("from {date}").format(date=start) if start
            else _("until {date}").format(date=end) if end else "")
    return " · ".join(p for p in (_("signed {date}").format(date=signed) if signed else "", span)
                      if p)


def _kinds(colours) -> list:
    """The kind of each legend entry when colouring by kind (for its shape), else None."""
    if colours.by != "kind":
        return [None] * len(colours.legend)
    return [next(k for k in KINDS if COLOURS[k] == colour) for _w, colour, _n in colours.legend]


def _legend(words: str, colour: str, count: int, shape=None) -> str:
    return (f'<li><span class="swatch {shape or "dot"}" style="background:{colour}"></span>'
            f"{html.escape(words)} <small>{number(count)}</small></li>")


def _name(graph, node) -> str:
    return name_of(graph.nodes[node], node)
