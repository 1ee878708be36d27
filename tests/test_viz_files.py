"""Pictures for print (PNG, SVG, PDF) and graph files for Gephi (GEXF, GraphML)."""

import datetime
import doctest
import io
import math
import re
import struct
import xml.etree.ElementTree as ET

import matplotlib.image
import networkx as nx
import pytest

from munigraph import viz
from munigraph.graph.errors import MunigraphError
from munigraph.language import speaking
from munigraph.viz import gephi, static
from munigraph.viz.gephi import write_gexf, write_graphml
from munigraph.viz.network import network
from munigraph.viz.static import KEYED, SHAPES, picture_format, write_picture
from munigraph.viz.style import COLOURS, KINDS, kind_of, label_of

from test_viz_html import words

TERM = "agreement:amal-apis-cisga-compras-partilhadas"
TWINNING = "agreement:twinning:municipality:br:sao-paulo--municipality:pt:olhao"
WIDTH, HEIGHT, DPI = 803, 502, 100  # sizes whose inches × dpi is not exact in floating point
INCHES = (WIDTH / DPI * 72, HEIGHT / DPI * 72)  # an SVG's or PDF's size in points
QUOTE = 'Assinado: a < b & "c" \'d\'\x00\x07\x0b\x1f fim'
URL = "https://x.org/?a=1&b=2"
GEXF = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
VALUES = {"integer": int, "long": int, "float": float, "double": float, "string": str,
          "boolean": {"true": True, "false": False}.__getitem__}
SVG_TEXT = "{http://www.w3.org/2000/svg}text"


@pytest.fixture(scope="module")
def cooperations(graph):
    return graph.to_networkx()


@pytest.fixture(scope="module")
def actors(graph):
    return graph.to_networkx(view="actors")


def small():
    """Two towns with accents twinned by an agreement whose quote has XML's special and
    forbidden characters; Olhão is both signatory and host (two parallel links)."""
    return network(
        [{"labels": ["Actor", "Municipality"],
          "properties": {"id": "municipality:pt:olhao", "name": "Olhão", "country": "PT",
                         "lat": 37.03, "population": 44529, "aliases": ["Olhao"],
                         "capital": False}},
         {"labels": ["Actor", "Municipality"],
          "properties": {"id": "municipality:br:sao-paulo", "name": "São Paulo",
                         "country": "BR", "lat": -23, "population": 11451245,
                         "capital": True}}],
        [{"labels": ["Cooperation", "Agreement"],
          "properties": {"id": TWINNING, "name": "Geminação Olhão – São Paulo",
                         "kind": "twinning", "signed": datetime.date(2013, 1, 1),
                         "signedPrecision": "year"},
          "topics": ["Culture", "Tourism"],
          "evidence": [{"quote": QUOTE, "source": "Diário «Sul»", "url": URL}]}],
        [{"actor": "municipality:pt:olhao", "cooperation": TWINNING, "role": "signatory"},
         {"actor": "municipality:pt:olhao", "cooperation": TWINNING, "role": "host"},
         {"actor": "municipality:br:sao-paulo", "cooperation": TWINNING, "role": "signatory"}])


def picture(graph, format, **options) -> bytes:
    out = io.BytesIO()
    write_picture(graph, out, format=format, width=WIDTH, height=HEIGHT, dpi=DPI, **options)
    return out.getvalue()


def png_size(data: bytes) -> tuple:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> list:
    return ["".join(element.itertext()) for element in ET.fromstring(data).iter(SVG_TEXT)]


def check_gexf(path) -> ET.Element:
    """What the GEXF 1.2 schema asks of the parts we write, checked by hand: the root, the
    graph's modes, declared and typed attributes, ``viz`` colour, size and position on every
    node, ISO-date spells, and links between known nodes."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{GEXF['g']}}}gexf" and root.get("version") == "1.2"
    graph = root.find("g:graph", GEXF)
    assert graph.get("defaultedgetype") in ("directed", "undirected")
    assert graph.get("mode") in ("static", "dynamic")
    declared = {"node": {}, "edge": {}}
    for attributes in graph.findall("g:attributes", GEXF):
        for attribute in attributes.findall("g:attribute", GEXF):
            assert attribute.get("type") in VALUES and attribute.get("title")
            declared[attributes.get("class")][attribute.get("id")] = VALUES[attribute.get("type")]
    nodes = {node.get("id"): node for node in graph.iterfind("g:nodes/g:node", GEXF)}
    assert len(nodes) == len(graph.findall("g:nodes/g:node", GEXF))
    for node in nodes.values():
        colour = node.find("viz:color", GEXF)
        assert all(0 <= int(colour.get(c)) <= 255 for c in "rgb")
        assert float(node.find("viz:size", GEXF).get("value")) > 0
        assert all(math.isfinite(float(node.find("viz:position", GEXF).get(c))) for c in "xyz")
        spell = [node.get("start"), node.get("end")]
        for date in filter(None, spell):
            datetime.date.fromisoformat(date)
            assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
        assert None in spell or spell[0] <= spell[1]
    edges = graph.findall("g:edges/g:edge", GEXF)
    assert len({edge.get("id") for edge in edges}) == len(edges)
    assert all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
    for kind, elements in (("node", nodes.values()), ("edge", edges)):
        for element in elements:
            for value in element.iterfind("g:attvalues/g:attvalue", GEXF):
                declared[kind][value.get("for")](value.get("value"))  # declared, and of its type
    return root


@pytest.mark.parametrize("module", [static, gephi])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# Pictures

def test_png_has_the_requested_size_in_pixels_and_a_drawing(cooperations, tmp_path):
    data = picture(cooperations, "png")
    assert png_size(data) == (WIDTH, HEIGHT)
    pixels = matplotlib.image.imread(io.BytesIO(data), format="png")[..., :3]
    assert 0.02 < (pixels < 0.9).any(axis=-1).mean() < 0.5  # ink, on a white page
    write_picture(cooperations, tmp_path / "network.png", width=640, height=480, dpi=96)
    assert png_size((tmp_path / "network.png").read_bytes()) == (640, 480)


def test_the_same_graph_gives_the_same_png_whatever_the_order_of_its_nodes(cooperations):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(cooperations.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(cooperations.edges(keys=True, data=True))))
    assert picture(cooperations, "png") == picture(shuffled, "png")


def test_svg_has_the_size_title_caption_and_legend(cooperations):
    data = picture(cooperations, "svg", title="Cooperação municipal", caption="42 sources")
    root = ET.fromstring(data)
    assert (root.get("width"), root.get("height")) == tuple(f"{x:g}pt" for x in INCHES)
    texts = svg_texts(data)
    counts = {}
    for _, attributes in cooperations.nodes(data=True):
        counts[kind_of(attributes)] = counts.get(kind_of(attributes), 0) + 1
    assert {"Cooperação municipal", "42 sources", "part of"} <= set(texts)
    assert {f"{kind} ({n})" for kind, n in counts.items()} <= set(texts)
    assert "InovaJuntos" in texts  # the best-connected nodes are named


@pytest.mark.parametrize("language", ["pt", "en"])
def test_an_svg_export_speaks_the_chosen_language(graph, cooperations, tmp_path, language):
    """Every text of the picture that is not a name from the data is the catalog's
    translation of a message: the title, the caption, the kinds of the legend."""
    word = words(language)
    with speaking(language):
        report = viz.export(graph.store, "svg", tmp_path / "amal.svg", actor="AMAL",
                            width=WIDTH, height=HEIGHT, dpi=DPI)
    names = [label_of(data, node) for node, data in cooperations.nodes(data=True)]
    shown = [text for text in svg_texts(report.path.read_bytes())  # the names' lines and
             if not text.isdigit() and not any(text in name for name in names)]  # numbers left out
    today = datetime.date.today().strftime(word("%Y-%m-%d", "date"))
    sources, links = report.caption.split(" · ")[2].split()[0], report.edges
    assert int(sources) > 1 and report.nodes > 1 and links > 1
    caption = " · ".join([
        "munigraph", word("graph of {date}").format(date=today),
        word("{n} source", n=int(sources), plural="{n} sources").format(n=sources),
        word("{n} node", n=report.nodes, plural="{n} nodes").format(n=report.nodes) + ", "
        + word("{n} link", n=links, plural="{n} links").format(n=links)])
    assert shown[:2] == [word("International municipal cooperation"), caption]
    legend = [re.fullmatch(r"(.+) \((\d+)\)", text) for text in shown[2:-1]]
    assert all(legend) and {m[1] for m in legend} <= {word(kind, "kind") for kind in KINDS}
    assert sum(int(m[2]) for m in legend) == report.nodes
    assert shown[-1] == word("part of", "role") and report.caption == caption
    if language != "en":
        english = {"International municipal cooperation", "part of", *KINDS}
        assert not any(text in english or text.split(" (")[0] in english for text in shown)


def test_every_kind_has_a_shape_of_its_own_for_grey_scale():
    assert set(KINDS) <= SHAPES.keys() and len(set(SHAPES.values())) == len(SHAPES)


def test_pdf_has_the_size_in_points(actors):
    data = picture(actors, "pdf", title="Who with whom")
    assert data.startswith(b"%PDF-")
    assert re.search(rb"/MediaBox \[ 0 0 %s %s \]" % tuple(b"%g" % x for x in INCHES), data)


def test_a_large_graph_names_the_nodes_it_has_room_for_and_counts_the_others():
    big = network([{"labels": ["Actor", "Municipality"],
                    "properties": {"id": f"a{i}", "name": f"A{i}"}} for i in range(300)],
                  [{"labels": ["Cooperation", "Programme"],
                    "properties": {"id": "c", "name": "Hub"}}],
                  [{"actor": f"a{i}", "cooperation": "c", "role": "partner"} for i in range(300)])
    assert len(big) > KEYED  # too many nodes for a key
    texts = svg_texts(picture(big, "svg"))
    named = sum(re.fullmatch(r"A\d+|Hub", t) is not None for t in texts)
    assert "Hub" in texts and 20 < named < len(big)
    assert f"{len(big) - named} more nodes not named" in texts
    assert not any(t.isdigit() for t in texts)  # no numbers without a key


def test_an_empty_graph_is_still_a_picture(empty_graph):
    empty = picture(empty_graph.to_networkx(), "png", title="Nothing yet")
    assert png_size(empty) == (WIDTH, HEIGHT)


def test_the_format_comes_from_the_suffix_or_is_refused():
    assert picture_format("out/network.PDF") == "pdf"
    with pytest.raises(MunigraphError, match="png, svg or pdf, not 'jpg'"):
        write_picture(small(), "network.jpg")
    with pytest.raises(MunigraphError, match="not 'unnamed'"):
        write_picture(small(), io.BytesIO())


# Graph files

def test_gexf_reads_back_with_the_same_nodes_links_and_attributes(cooperations, tmp_path):
    write_gexf(cooperations, tmp_path / "network.gexf")
    root = check_gexf(tmp_path / "network.gexf")
    assert root.find("g:graph", GEXF).get("mode") == "dynamic"
    back = nx.read_gexf(tmp_path / "network.gexf")  # a DiGraph: no parallel links here
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        cooperations.number_of_nodes(), cooperations.number_of_edges())
    assert back.edges["consortium:br:cisga", TERM]["role"] == "signatory"
    term = back.nodes[TERM]
    assert "Shared public procurement" in term["topics"] and term["kind"] == "cooperation"
    assert term["label"] == cooperations.nodes[TERM]["name"] and term["category"] == "Cooperation"
    assert "Foi, de resto, assinado" in term["evidence"]
    olhao = back.nodes["municipality:pt:olhao"]
    assert olhao["country"] == "PT" and olhao["label"] == "Olhão"
    assert "start" not in olhao and "end" not in olhao  # no dates: always on the timeline
    colour = COLOURS[kind_of(cooperations.nodes["municipality:pt:olhao"])]
    assert "#{r:02X}{g:02X}{b:02X}".format(**olhao["viz"]["color"]) == colour
    tour = back.nodes["programme:smart-cities-tour-2019"]  # December 2018 to April 2019
    assert (tour["start"], tour["end"]) == ("2018-12-01", "2019-04-30")
    protocol = back.nodes["agreement:france-brazil-decentralised-cooperation-protocol-2008"]
    assert protocol["signed"] == protocol["start"] == "2008-02-12"


def test_graphml_reads_back_with_the_same_nodes_links_and_attributes(cooperations, tmp_path):
    write_graphml(cooperations, tmp_path / "network.graphml")
    back = nx.read_graphml(tmp_path / "network.graphml")
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        cooperations.number_of_nodes(), cooperations.number_of_edges())
    assert back.edges["consortium:br:cisga", TERM]["role"] == "signatory"
    assert "Shared public procurement" in back.nodes[TERM]["topics"]
    assert back.nodes["municipality:pt:olhao"]["country"] == "PT"
    tour = back.nodes["programme:smart-cities-tour-2019"]
    assert (tour["start"], tour["end"]) == ("2018-12", "2019-04")  # the dates at their precision


def test_the_actor_view_exports_with_weights(actors, tmp_path):
    write_gexf(actors, tmp_path / "actors.gexf")
    write_graphml(actors, tmp_path / "actors.graphml")
    assert check_gexf(tmp_path / "actors.gexf").find("g:graph", GEXF).get("mode") == "static"
    pair = ("consortium:pt:amal", "consortium:br:cisga")
    for back in (nx.read_gexf(tmp_path / "actors.gexf"),
                 nx.read_graphml(tmp_path / "actors.graphml")):
        assert type(back) is nx.Graph and back.number_of_edges() == actors.number_of_edges()
        edge = back.edges[pair]
        assert edge["weight"] == actors.edges[pair]["weight"]
        assert "Shared public procurement" in edge["topics"]


@pytest.mark.parametrize("write, read", [(write_gexf, nx.read_gexf),
                                         (write_graphml, nx.read_graphml)])
def test_accents_types_parallel_links_and_special_characters_survive(write, read, tmp_path):
    path = tmp_path / "small.xml"
    write(small(), path)
    back = read(path)
    olhao, sao_paulo, twinning = (back.nodes[n] for n in (
        "municipality:pt:olhao", "municipality:br:sao-paulo", TWINNING))
    assert (olhao["name"], olhao["aliases"]) == ("Olhão", "Olhao")
    assert sao_paulo["label"] == "São Paulo"
    assert twinning["kind"] == "twinning" and twinning["signed"] == "2013"  # at its precision
    assert "signedPrecision" not in twinning
    assert twinning["topics"] == "Culture; Tourism"
    quote = 'Assinado: a < b & "c" \'d\' fim'  # the control characters are gone
    assert twinning["evidence"] == f"“{quote}” — Diário «Sul» — {URL}"
    assert (olhao["population"], sao_paulo["lat"], sao_paulo["capital"]) == (44529, -23.0, True)
    assert type(olhao["population"]) is int and type(sao_paulo["lat"]) is float
    assert set(back["municipality:pt:olhao"][TWINNING]) == {"signatory", "host"}


def test_a_twinning_without_an_end_is_on_the_timeline_from_its_signature(tmp_path):
    write_gexf(small(), tmp_path / "small.gexf")
    root = check_gexf(tmp_path / "small.gexf")
    twinning = root.find(f"g:graph/g:nodes/g:node[@id='{TWINNING}']", GEXF)
    assert (twinning.get("start"), twinning.get("end")) == ("2013-01-01", None)
