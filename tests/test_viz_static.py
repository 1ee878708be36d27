"""Pictures for print as they go into a report: every node named beside its mark or
numbered and named in a key, names never cut, no text over another text or a mark or
outside the page, no text under 8 pt, and the page used; on A4 and on a page 18 cm wide.

The boxes checked are the texts' extents as the renderer measures them, in the figure
``static.picture`` makes for ``write_picture``; the SVG that ``export`` writes for the same
selection holds the same texts."""

import re
import xml.etree.ElementTree as ET

import pytest

from munigraph.language import speaking
from munigraph.viz import static
from munigraph.viz.export import TITLE, page_size
from munigraph.viz.select import select
from munigraph.viz.style import label_of

SELECTIONS = {"AMAL, depth 2": {"actor": "AMAL", "depth": 2}, "FNP": {"actor": "FNP"},
              "InovaJuntos, actors": {"programme": "InovaJuntos", "view": "actors"},
              "Brazil–Mozambique": {"between": ("BR", "MZ")}}
PAGES = {"A4": None, "18 cm": "18cm"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module", params=[(s, p) for p in PAGES for s in SELECTIONS],
                ids=lambda case: f"{case[0]} on {case[1]}")
def drawn(request, graph, tmp_path_factory):
    """A selection drawn on a page: the ``Picture``, its graph, and the SVG export wrote."""
    name, page = request.param
    width, height = page_size(PAGES[page], None, 200)
    out = tmp_path_factory.mktemp("static") / "picture.svg"
    graph.export("svg", out, width=PAGES[page], **SELECTIONS[name])
    chosen = select(graph.store, **SELECTIONS[name])
    picture = static.picture(chosen.graph, TITLE, chosen.caption, width, height, 200)
    return name, page, picture, chosen.graph, ET.parse(out).getroot()


def texts(picture) -> list:
    """Every text of the figure but the legends' (whose boxes are the legends')."""
    return [t for t in picture.figure.axes[0].texts if t.get_visible() and t.get_text()]


def marks(picture, renderer) -> list:
    """The boxes of the nodes' marks, from the drawn marker collections."""
    from matplotlib.collections import PathCollection

    axes, found = picture.figure.axes[0], []
    for collection in axes.collections:
        if isinstance(collection, PathCollection):
            extent = collection.get_paths()[0].get_extents()
            for (x, y), size in zip(axes.transData.transform(collection.get_offsets()),
                                    collection.get_sizes()):
                scale = size ** 0.5 * picture.figure.dpi / 72
                found.append((x + extent.x0 * scale, y + extent.y0 * scale,
                              x + extent.x1 * scale, y + extent.y1 * scale))
    return found


def overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def test_no_text_covers_another_text_or_a_mark_or_leaves_the_page(drawn):
    _name, _page, picture, _graph, _svg = drawn
    renderer = picture.figure.canvas.get_renderer()
    boxes = [tuple(t.get_window_extent(renderer).extents) for t in texts(picture)]
    boxes += [tuple(legend.get_window_extent(renderer).extents)
              for legend in picture.figure.legends]
    page = picture.figure.bbox.extents
    assert all(page[0] <= b[0] and b[2] <= page[2] and page[1] <= b[1] and b[3] <= page[3]
               for b in boxes)
    crossing = [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[:i])
                if overlap(a, b)]
    assert not crossing, [(texts(picture)[i].get_text(), texts(picture)[j].get_text())
                          for i, j in crossing]
    names = [t.get_window_extent(renderer).extents for t in picture.names.values()]
    names += [beside.get_window_extent(renderer).extents for beside, *_key in
              picture.numbers.values()]
    assert not [n for n in names for m in marks(picture, renderer) if overlap(n, m)]


def test_every_node_is_named_whole_or_numbered_in_the_key(drawn):
    name, page, picture, graph, _svg = drawn
    for node, text in picture.names.items():
        assert text.get_text().replace("\n", " ") == label_of(graph.nodes[node], node)
    for n, (node, (beside, number, key)) in enumerate(picture.numbers.items(), 1):
        assert beside.get_text() == number.get_text() == str(n)
        assert key.get_text().replace("\n", " ") == label_of(graph.nodes[node], node)
    assert not picture.names.keys() & picture.numbers.keys()
    assert not any(t.get_text().endswith("…") for t in texts(picture))
    assert picture.unnamed == len(graph) - len(picture.names) - len(picture.numbers)
    if (name, page) == ("AMAL, depth 2", "18 cm"):  # 84 nodes: their names alone would
        assert picture.unnamed < len(graph) / 3  # cover half of the page
        assert f"{picture.unnamed} more nodes not named" in [t.get_text() for t in texts(picture)]
    else:
        assert picture.unnamed == 0
    if page == "A4":
        assert len(picture.names) >= 0.8 * len(graph)  # most beside their marks


def test_no_text_is_under_8_pt_in_the_figure_or_the_svg(drawn):
    _name, _page, picture, _graph, svg = drawn
    legends = [t for legend in picture.figure.legends for t in legend.get_texts()]
    assert min(t.get_fontsize() for t in texts(picture) + legends) >= 8
    points = float(svg.get("width").removesuffix("pt")) / float(svg.get("viewBox").split()[2])
    sizes = [float(re.search(r"font-size: ([\d.]+)px", text.get("style"))[1]) * points
             for text in svg.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= 8


def test_the_svg_holds_the_texts_measured(drawn):
    _name, _page, picture, _graph, svg = drawn
    legends = [t for legend in picture.figure.legends for t in legend.get_texts()]
    measured = sorted(line for t in texts(picture) + legends for line in t.get_text().split("\n"))
    assert sorted("".join(text.itertext()) for text in svg.iter(f"{SVG}text")) == measured


def test_the_marks_spread_over_the_drawing(drawn):
    """The marks fill the drawing, left of the legend and key: not a mass in a corner."""
    _name, _page, picture, _graph, _svg = drawn
    renderer = picture.figure.canvas.get_renderer()
    centres = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in marks(picture, renderer)]
    beside = [legend.get_window_extent(renderer).x0 for legend in picture.figure.legends]
    width, height = min(beside), picture.figure.bbox.height
    for axis, size in ((0, width), (1, height)):
        ranked = sorted(c[axis] for c in centres)
        quarter, three = ranked[len(ranked) // 4], ranked[3 * len(ranked) // 4]
        assert ranked[-1] - ranked[0] > 0.7 * size  # across the drawing
        assert three - quarter > 0.25 * size  # and not in a corner of it


@pytest.mark.parametrize("language, countries", [("pt", ("Brasil", "Portugal")),
                                                 ("en", ("Brazil", "Portugal"))])
def test_colours_by_country_have_a_legend_of_countries_and_of_shapes(graph, tmp_path, language,
                                                                     countries):
    with speaking(language):
        graph.export("svg", tmp_path / "amal.svg", actor="AMAL", color="country", width="18cm")
    root = ET.parse(tmp_path / "amal.svg").getroot()
    shown = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    legend = {re.fullmatch(r"(.+) \(\d+\)", text)[1] for text in shown
              if re.fullmatch(r"(.+) \(\d+\)", text)}
    kinds = {"pt": {"município", "consórcio"}, "en": {"municipality", "consortium"}}[language]
    assert set(countries) | kinds <= legend


def test_the_legend_says_what_line_widths_mean_when_links_differ(graph):
    countries = select(graph.store, view="countries").graph
    weights = sorted(w for _a, _b, w in countries.edges(data="weight"))
    words = [t.get_text() for legend in static.picture(countries).figure.legends
             for t in legend.get_texts()]
    assert f"{weights[0]} cooperation in common" in words  # the lightest link
    assert f"{weights[-1]} cooperations in common" in words  # the heaviest
    cooperations = select(graph.store, actor="FNP").graph  # every link weighs one: no widths
    assert not any("in common" in t.get_text() for legend in static.picture(cooperations).figure.legends
                   for t in legend.get_texts())
