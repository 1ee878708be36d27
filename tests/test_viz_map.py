"""The world map: where actors are placed, what is drawn, escaping, and opening offline."""

import csv
import doctest
import html
import re

import networkx as nx
import pytest

import munigraph.viz.map as world
from munigraph.language import speaking
from munigraph.viz.map import coordinates, map_html, project, write_map
from munigraph.viz.network import actor_projection

from conftest import DATA
from test_viz_html import chromium  # noqa: F401 (the fixture)
from test_viz_html import words

PORTUGAL = DATA / "inputs" / "portugal.tsv"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
HOSTILE = "</title></circle></svg><script>document.body.setAttribute('data-pwned','1')</script>"


def test_docstring_examples():
    result = doctest.testmod(world)
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
            + word("{n} link", n=1, plural="{n} links").format(n=1) + ". "
            + word("Not on the map (no country): {names}.").format(names="UCLG"))
    assert note in text
    if language != "en":
        for english in ("Whole world", "Click a point", ">municipality<", "placed:", "Outlines:",
                        "Brazil", "cooperation on a map"):
            assert english not in text, english
