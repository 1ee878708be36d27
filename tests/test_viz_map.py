"""The world map: where actors are placed, what is drawn, escaping, opening offline, the
first view framed on the data, names, merged markers, clicks, and the map for print."""

import base64
import csv
import doctest
import html
import io
import math
import re

import networkx as nx
import pytest

import munigraph.viz.map as world
import munigraph.viz.printed_map as printed
from munigraph.language import speaking
from munigraph.viz.map import SCALE, coordinates, layout, map_html, project, write_map
from munigraph.viz.network import actor_projection
from munigraph.viz.printed_map import map_picture
from munigraph.viz.select import select
from munigraph.viz.style import label_of

from conftest import DATA
from test_viz_html import chromium  # noqa: F401 (the fixture)
from test_viz_html import words

PORTUGAL = DATA / "inputs" / "portugal.tsv"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
HOSTILE = "</title></circle></svg><script>document.body.setAttribute('data-pwned','1')</script>"


@pytest.mark.parametrize("module", [world, printed])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def drawn(text, kind):
    """The SVG elements of class ``kind`` ("point" or "link") in a written map."""
    return re.findall(rf'<(?:circle|path) class="{kind}[ "][^>]*>', text)


def links(graph, places):
    projected = graph if not graph.is_multigraph() else actor_projection(graph)
    return [(a, b) for a, b in projected.edges() if a in places and b in places]


def test_actors_are_placed_by_own_coordinates_gazetteer_or_country():
    g = nx.MultiDiGraph()
    g.add_node("m:own", label="Actor", type="municipality", name="Somewhere", country="PT",
               lat=38.5, lon=-8.9)
    g.add_node("m:olhao", label="Actor", type="municipality", name="Olhão", country="PT")
    g.add_node("m:turin", label="Actor", type="municipality", name="Torino", country="IT")
    g.add_node("m:exact", label="Actor", type="municipality", name="Wrong name", country="BR",
               geonamesId=3470127)  # Belo Horizonte
    g.add_node("a:cnm", label="Actor", type="association", name="CNM", country="BR")
    g.add_node("o:uclg", label="Actor", type="organization", name="UCLG")
    places = coordinates(g)
    assert places["m:own"] == (38.5, -8.9, "own")
    assert {n: places[n][2] for n in ("m:olhao", "m:turin", "m:exact")} == dict.fromkeys(
        ("m:olhao", "m:turin", "m:exact"), "gazetteer")
    assert places["m:olhao"][:2] == pytest.approx((37.03, -7.84), abs=0.05)
    assert places["m:turin"][:2] == pytest.approx((45.07, 7.69), abs=0.05)
    assert places["m:exact"][:2] == pytest.approx((-19.92, -43.94), abs=0.05)
    assert places["a:cnm"][2] == "country" and -20 < places["a:cnm"][0] < 0
    assert "o:uclg" not in places


def test_map_of_the_bundled_dataset_draws_what_coordinates_place(graph, tmp_path):
    network = graph.to_networkx()
    places = coordinates(network)
    actors = {n: d for n, d in network.nodes(data=True) if d["label"] == "Actor"}
    assert set(places) == {n for n, d in actors.items() if d.get("country")}
    assert all(how == "gazetteer" for n, (*_, how) in places.items()
               if actors[n]["type"] == "municipality" and n != "municipality:gh:agona-west")
    for view in ("cooperations", "actors"):
        out = tmp_path / f"{view}.html"
        write_map(graph.to_networkx(view=view), out, title="Map", caption="All of it")
        text = out.read_text(encoding="utf-8")
        assert len(drawn(text, "point")) == len(places)
        assert len(drawn(text, "link")) == len(links(network, places)) > 100
        assert set(re.findall(r"https?://[^\s\"'<>]*", text)) <= {SVG_NAMESPACE}
        assert "<script src" not in text and "<link" not in text
        assert "Confederação Nacional de Municípios" in text


def test_a_twinning_is_one_line_at_the_wikidata_coordinates(empty_graph, tmp_path):
    """The rows of portugal.tsv for Olhão and Coimbra (all of it takes long to load)."""
    header, *rows = PORTUGAL.read_text(encoding="utf-8").splitlines()
    chosen = [row for row in rows if row.startswith(("Olhão Municipality\t", "Coimbra\t"))]
    (tmp_path / "portugal.tsv").write_text("\n".join([header, *chosen]) + "\n", encoding="utf-8")
    empty_graph.load([tmp_path / "portugal.tsv"])
    network = empty_graph.to_networkx()
    places = coordinates(network)
    olhao = next(n for n, d in network.nodes(data=True) if d.get("name") == "Olhão")
    row = next(r for r in csv.DictReader([header, *chosen], delimiter="\t")
               if r["origincityLabel"] == "Olhão Municipality")
    lat, lon = float(row["originlat"]), float(row["originlong"])
    assert places[olhao] == pytest.approx((lat, lon, "own"))
    out = tmp_path / "portugal.html"
    with out.open("w", encoding="utf-8") as file:
        write_map(network, file)
    text = out.read_text(encoding="utf-8")
    x, y = project(lat, lon)
    assert f'cx="{x:g}" cy="{y:g}"' in text and "<title>Olhão\n" in text
    twinnings = [c for c, d in network.nodes(data=True) if d.get("kind") == "twinning"]
    assert len(drawn(text, "link")) == len(links(network, places)) == len(twinnings)


def hostile_graph():
    g = nx.MultiDiGraph()
    g.add_node("m:a", label="Actor", type="municipality", name=HOSTILE, country="PT", lat=38.7, lon=-9.1)
    g.add_node("m:b", label="Actor", type="municipality", name='"><img src=x onerror=alert(1)>',
               country="BR", lat=-23.5, lon=-46.6)
    g.add_node("o:x", label="Actor", type="organization", name="<b>International</b>")
    g.add_node("c", label="Cooperation", type="agreement", name=HOSTILE, topics=[], evidence=[])
    for actor in ("m:a", "m:b", "o:x"):
        g.add_edge(actor, "c", key="signatory", role="signatory")
    return g


def test_names_are_text_never_markup(tmp_path):
    out = tmp_path / "hostile.html"
    write_map(hostile_graph(), out, title=HOSTILE, caption="<i>caption</i>")
    text = out.read_text(encoding="utf-8")
    assert "<script>document" not in text and "<img" not in text and "<i>" not in text
    assert "<b>" not in text and "&lt;b&gt;International&lt;/b&gt;" in text
    assert "Content-Security-Policy" in text and "script-src 'sha256-" in text
    assert "&lt;/title&gt;&lt;/circle&gt;&lt;/svg&gt;&lt;script&gt;document" in text
    assert len(drawn(text, "point")) == 2 and len(drawn(text, "link")) == 1


# What the map page shows once its script has run.
MAP_STATE = """({ready: document.querySelector('[data-ready="yes"]') !== null,
  points: document.querySelectorAll("circle.point").length,
  injected: document.querySelectorAll("[data-pwned], img").length})"""


def test_the_map_opens_offline_in_chromium(chromium, graph, tmp_path):  # noqa: F811 (the fixture)
    maps = {"bundled": graph.to_networkx(), "hostile": hostile_graph()}
    for name, network in maps.items():
        write_map(network, tmp_path / f"{name}.html", title=HOSTILE)
        state = chromium.open(tmp_path / f"{name}.html", screenshot=tmp_path / f"{name}.png", state=MAP_STATE)
        assert state["problems"] == [] and state["ready"]
        assert state["points"] == len(coordinates(network)) and state["injected"] == 0
        assert all(url.startswith(("file:", "data:", "about:")) for url in state["requests"])
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("language", ["pt", "en"])
def test_the_map_speaks_the_chosen_language(language):
    word = words(language)
    g = nx.MultiDiGraph()
    g.add_node("m:olhao", label="Actor", type="municipality", name="Olhão", country="PT", lat=37, lon=-7.8)
    g.add_node("a:cnm", label="Actor", type="association", name="CNM", country="BR")
    g.add_node("o:uclg", label="Actor", type="organization", name="UCLG")
    g.add_node("c", label="Cooperation", type="agreement", name="Termo", topics=[], evidence=[])
    for actor in ("m:olhao", "a:cnm", "o:uclg"):
        g.add_edge(actor, "c", key="signatory", role="signatory")
    with speaking(language):
        text = map_html(g)
    assert f'<html lang="{language}">' in text
    assert f"<h1>{word('munigraph: cooperation on a map')}</h1>" in text
    for message in ("Whole world", "Click a point or a line.",
                    "Drag to pan, wheel to zoom; hover or click a point or a line.",
                    "dashed ring: placed at its country's centre"):
        assert html.escape(word(message), quote=False) in text
    assert f"</span>{word('municipality', 'kind')}</li>" in text
    brazil = {"pt": "Brasil", "en": "Brazil"}[language]
    assert f"<title>CNM\n{word('association', 'kind')}, {brazil}\n" in text
    assert word("placed: {how}").format(how=word("centre of its country")) in text
    note = (word("{n} actor placed", n=2, plural="{n} actors placed").format(n=2) + " ("
            + word("{n} by own coordinates").format(n=1) + ", "
            + word("{n} at the centre of their country").format(n=1) + "), "
            + word("{n} pair of them cooperating", n=1, plural="{n} pairs of them cooperating").format(n=1) + ". "
            + word("Not on the map (no country): {names}.").format(names="UCLG"))
    assert note in text
    if language != "en":
        for english in ("Whole world", "Click a point", ">municipality<", "placed:", "Outlines:",
                        "Brazil", "cooperation on a map"):
            assert english not in text, english
    else:
        assert "Fit to the places" in text and "Line width: the number of cooperations" in text


def pacific_graph():
    """Four towns around the antimeridian, joined by one agreement."""
    g = nx.MultiDiGraph()
    g.add_node("c", label="Cooperation", type="agreement", name="Pacific", topics=[], evidence=[])
    for name, country, lat, lon in (("Suva", "FJ", -18.1, 178.4), ("Apia", "WS", -13.8, -171.8),
                                    ("Auckland", "NZ", -36.8, 174.8), ("Nuku'alofa", "TO", -21.1, -175.2)):
        g.add_node(name, label="Actor", type="municipality", name=name, country=country, lat=lat, lon=lon)
        g.add_edge(name, "c", key="signatory", role="signatory")
    return g


def test_places_across_the_antimeridian_are_framed_together():
    drawn = layout(pacific_graph())
    x, _y, width, _height = drawn.frame
    assert drawn.wrapped and width < 30 * SCALE
    assert all(x <= p.x <= x + width for p in drawn.points.values())
    assert drawn.points["Apia"].x == pytest.approx(project(0, -171.8 + 360)[0])
    assert drawn.world[2] == 360 * SCALE and drawn.world[0] < x < drawn.world[0] + drawn.world[2]
    text = map_html(pacific_graph())
    assert '<use href="#land" x="3600"/>' in text  # the outlines east of the antimeridian too


def cisga_places(graph):
    """The graph that the map of CISGA draws, and ``{actor: (lat, lon, country)}`` of its
    placed actors."""
    network = select(graph.store, actor="CISGA").graph
    return network, {node: (lat, lon, network.nodes[node]["country"])
                     for node, (lat, lon, _how) in coordinates(network).items()}


def overlapping(boxes, slack=0.5):
    """The pairs of ``(name, x0, y0, x1, y1)`` boxes that overlap by more than ``slack``."""
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if min(a[3], b[3]) - max(a[1], b[1]) > slack and min(a[4], b[4]) - max(a[2], b[2]) > slack]


def framed(places, west, north, east, south):
    """Whether the lon/lat box holds every place, and the places of both Brazil and Portugal."""
    countries = {country for _lat, _lon, country in places.values()}
    return {"BR", "PT"} <= countries and all(
        west < lon < east and south < lat < north for lat, lon, _country in places.values())


# The first view of a map: the visible map units, the names and the merged markers.
VIEW = """(function () {
  const svg = document.getElementById("map"), ctm = svg.getScreenCTM(), box = svg.getBoundingClientRect();
  const unit = (x, y) => [(x - ctm.e) / ctm.a, (y - ctm.f) / ctm.d];
  return {ready: svg.getAttribute("data-ready") === "yes", viewBox: svg.getAttribute("viewBox"),
    seen: [...unit(box.left, box.top), ...unit(box.right, box.bottom)],
    box: [box.left, box.top, box.right, box.bottom],
    labels: Array.from(document.querySelectorAll("#labels text"), function (t) {
      const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom]; }),
    clusters: Array.from(document.querySelectorAll(".cluster"), function (m) {
      const r = m.querySelector("circle").getBoundingClientRect();
      return [m.querySelector("title").textContent, (r.left + r.right) / 2, (r.top + r.bottom) / 2]; })};
})()"""


def click(browser, session, x, y):
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", session, type=kind, x=x, y=y, button="left",
                     clickCount=1)
    return browser.evaluate(session, 'document.getElementById("info").textContent')


def test_the_cisga_map_is_framed_on_brazil_and_portugal_with_names(chromium, graph, tmp_path):  # noqa: F811
    from PIL import Image

    graph.export("map", tmp_path / "cisga.html", actor="CISGA")
    network, places = cisga_places(graph)

    def look(browser, session):
        picture = browser.send("Page.captureScreenshot", session, format="png")["data"]
        faro = next(c for c in browser.evaluate(session, VIEW)["clusters"] if "• Faro\n" in c[0] + "\n")
        listed = click(browser, session, faro[1], faro[2])
        zoomed = browser.evaluate(session, 'document.getElementById("map").getAttribute("viewBox")')
        browser.evaluate(session, 'document.getElementById("reset").click()')
        whole = browser.evaluate(session, 'document.getElementById("map").getAttribute("viewBox")')
        return {"picture": picture, "listed": listed, "zoomed": zoomed, "whole": whole}

    state = chromium.open(tmp_path / "cisga.html", then=look, state=VIEW)
    assert state["problems"] == [] and state["ready"]
    x0, y0, x1, y1 = state["seen"]
    west, north, east, south = x0 / SCALE - 180, 90 - y0 / SCALE, x1 / SCALE - 180, 90 - y1 / SCALE
    assert framed(places, west, north, east, south) and east - west < 120 and north - south < 110
    labels = state["labels"]
    named = {label_of(network.nodes[n], n): country for n, (*_, country) in places.items()}
    assert len(labels) >= 5 and overlapping(labels) == []
    assert all(re.sub(r" \+\d+$", "", text) in named for text, *_ in labels)
    assert {"BR", "PT"} <= {named[re.sub(r" \+\d+$", "", text)] for text, *_ in labels}
    left, top, right, bottom = state["box"]
    assert all(left <= a and top <= b and c <= right and d <= bottom for _t, a, b, c, d in labels)
    image = Image.open(io.BytesIO(base64.b64decode(state["then"]["picture"]))).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 200 and max(colours)[0] < 0.6 * image.width * image.height
    assert (234, 242, 248) in {c for _n, c in colours}  # the sea
    # A marker of several names them and zooms in; "Whole world" shows the world.
    assert re.match(r"\d+ places close together:\n", state["then"]["listed"])
    assert {"• Faro", "• Olhão"} <= set(state["then"]["listed"].splitlines())
    assert float(state["then"]["zoomed"].split()[2]) < float(state["viewBox"].split()[2]) / 4
    assert state["then"]["whole"].split()[2] == str(360 * SCALE)


FRAME = "new Promise(function (done) { requestAnimationFrame(function () { setTimeout(done); }); })"
# Where a point is on the screen (even inside a merged marker), and every marker shown.
MARKS = """(function (name) {
  const svg = document.getElementById("map"), ctm = svg.getScreenCTM();
  const at = c => [ctm.a * c.cx.baseVal.value + ctm.e, ctm.d * c.cy.baseVal.value + ctm.f];
  const point = Array.from(document.querySelectorAll("circle.point"))
    .find(c => c.querySelector("title").textContent.split("\\n")[0] === name);
  const shown = Array.from(document.querySelectorAll("circle.point:not(.hidden), .cluster circle"),
    c => [c.classList.contains("point") ? c.querySelector("title").textContent.split("\\n")[0] : "",
          ...at(c), c.getBoundingClientRect().width / 2]);
  return {at: at(point), alone: !point.classList.contains("hidden"), shown: shown};
})"""


def test_a_click_selects_the_point_nearest_the_cursor(chromium, graph, tmp_path):  # noqa: F811
    """Zoomed in on Olhão until no other mark is near, a click just outside its circle,
    towards Monchique, selects Olhão."""
    write_map(graph.to_networkx(), tmp_path / "all.html")

    def zoom_and_click(browser, session):
        for _step in range(40):
            olhao = browser.evaluate(session, MARKS + '("Olhão")')
            (x, y), others = olhao["at"], [m for m in olhao["shown"] if m[0] != "Olhão"]
            if olhao["alone"] and min(math.dist((x, y), m[1:3]) for m in others) > 60:
                break
            browser.send("Input.dispatchMouseEvent", session, type="mouseWheel", x=x, y=y,
                         deltaX=0, deltaY=-100)
            browser.evaluate(session, FRAME)
        radius = next(m[3] for m in olhao["shown"] if m[0] == "Olhão")
        mx, my = browser.evaluate(session, MARKS + '("Monchique")')["at"]
        far = math.dist((x, y), (mx, my))
        cx, cy = x + (mx - x) * (radius + 3) / far, y + (my - y) * (radius + 3) / far
        nearest = min(olhao["shown"], key=lambda m: math.dist((cx, cy), m[1:3]))[0]
        return {"alone": olhao["alone"], "nearest": nearest, "info": click(browser, session, cx, cy),
                "on": browser.evaluate(session, 'document.querySelector("circle.point.on title")'
                                                '.textContent.split("\\n")[0]')}

    state = chromium.open(tmp_path / "all.html", then=zoom_and_click, state=VIEW)
    assert state["problems"] == []
    assert state["then"]["alone"] and state["then"]["nearest"] == "Olhão"
    assert state["then"]["info"].splitlines()[0] == "Olhão" and state["then"]["on"] == "Olhão"


def test_the_printed_map_is_framed_named_and_readable(graph, tmp_path):
    from PIL import Image

    graph.export("map", tmp_path / "cisga.png", actor="CISGA")
    assert Image.open(tmp_path / "cisga.png").size == (2339, 1654)
    with speaking("pt"):
        graph.export("map", tmp_path / "cisga.svg", actor="CISGA")
        word = words("pt")
    text = (tmp_path / "cisga.svg").read_text(encoding="utf-8")
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", text)]
    assert len(sizes) > 10 and min(sizes) >= 8  # points: the SVG's units are points
    for shown in ("Cooperação municipal internacional", "grafo de", word("municipality", "kind"),
                  "Goiás"):
        assert f">{shown}" in text or f" {shown}" in text, shown
    network, places = cisga_places(graph)
    drawn = map_picture(network, "CISGA", "caption")
    (x0, x1), (y1, y0) = drawn.axes.get_xlim(), drawn.axes.get_ylim()
    west, north, east, south = x0 / SCALE - 180, 90 - y0 / SCALE, x1 / SCALE - 180, 90 - y1 / SCALE
    assert framed(places, west, north, east, south) and east - west < 120
    renderer = drawn.figure.canvas.get_renderer()
    inside = drawn.axes.get_window_extent(renderer)
    boxes = [(t.get_text(), *t.get_window_extent(renderer).extents) for t in drawn.names.values()]
    assert len(boxes) >= 5 and overlapping(boxes) == []
    assert all(inside.x0 <= a and inside.y0 <= b and c <= inside.x1 and d <= inside.y1
               for _t, a, b, c, d in boxes)
