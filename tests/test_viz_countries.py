"""The country network: cooperations aggregated by the countries they join, as
``--view countries`` draws it and as a page or picture of too many nodes draws it instead;
checked against counts the store gives, and drawn from the whole larger graph in
headless Chromium."""

import doctest
import importlib
import re

import networkx as nx
import pytest

from munigraph.viz import limits
from munigraph.viz.countries import NAMED, country_network
from munigraph.viz.select import select

from test_viz_html import Page, chromium  # noqa: F401  (chromium: the module's browser)

# Each cooperation's party countries (by LOCATED_IN) and scope, as the store holds them.
WHERE = """
MATCH (c:Cooperation)
WITH c, [(c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(k:Country) | k.code] AS parties,
     [(c)-[:INVOLVES]->(k:Country) | k.code] AS scope
"""
PAIRS = WHERE + """
UNWIND parties + scope AS a
UNWIND parties + scope AS b
WITH c, a, b WHERE a <> b
WITH DISTINCT c, CASE WHEN a < b THEN [a, b] ELSE [b, a] END AS pair
RETURN pair, count(c) AS n"""
HELD = WHERE + """
WHERE $code IN parties OR $code IN scope
RETURN count(c) AS cooperations,
       sum(CASE WHEN all(k IN parties + scope WHERE k = $code) THEN 1 ELSE 0 END) AS within"""
COUNTRIES = """
MATCH (a:Actor)-[:LOCATED_IN]->(k:Country) RETURN DISTINCT k.code AS code
UNION
MATCH (c:Cooperation)-[:INVOLVES]->(k:Country)
RETURN DISTINCT k.code AS code"""
STATELESS = ("MATCH (a:Actor) WHERE NOT EXISTS { MATCH (a)-[:LOCATED_IN]->(:Country) } "
             "RETURN count(a) AS n")


def countries_of(graph) -> set:
    """The country codes the store's countries view should draw."""
    return {row["code"] for row in graph.cypher(COUNTRIES)}


def test_the_countries_view_counts_what_the_store_holds(graph):
    chosen = select(graph.store, view="countries")
    countries = chosen.graph
    assert {data["code"] for _n, data in countries.nodes(data=True)} == countries_of(graph)
    expected = {tuple(row["pair"]): row["n"] for row in graph.cypher(PAIRS)}
    drawn = {tuple(sorted((countries.nodes[a]["code"], countries.nodes[b]["code"]))): weight
             for a, b, weight in countries.edges(data="weight")}
    assert drawn == expected and expected[("BR", "PT")] > 1
    for code in ("BR", "PT", "MZ"):
        data = countries.nodes[f"country:{code.lower()}"]
        held = graph.cypher(HELD, code=code)[0]
        actors = graph.cypher("MATCH (a:Actor)-[:LOCATED_IN]->(:Country {code: $code}) "
                              "RETURN count(a) AS n", code=code)[0]["n"]
        assert (data["actors"], data["cooperations"], data["within"]) == (
            actors, held["cooperations"], held["within"])
        assert data["label"] == "Country" and data["name"] and data["namePt"]
    assert countries.nodes["country:br"]["within"] > 0  # a cooperation of Brazil alone: no loop
    assert nx.number_of_selfloops(countries) == 0
    names = countries.edges["country:br", "country:pt"]["cooperations"]
    assert len(names) == min(NAMED, expected[("BR", "PT")]) and names == sorted(names)
    joining = graph.query("between-countries", country="BR", other="PT")  # the same rule
    assert len(joining) == expected[("BR", "PT")] and set(names) <= {r["cooperation"] for r in joining}
    without = graph.cypher(STATELESS)[0]["n"]
    assert countries.graph["without_country"] == without > 0
    assert chosen.caption.endswith(
        f" · {len(countries)} countries linked by the cooperations that join them, "
        f"{countries.number_of_edges()} links · {without} parties without a country not drawn")


def test_country_network_of_the_whole_network_with_scopes_is_the_countries_view(graph):
    whole = graph.to_networkx()
    for row in graph.cypher("MATCH (c:Cooperation)-[:INVOLVES]->(k:Country) "
                            "RETURN c.id AS id, collect(k.code) AS scope"):
        whole.nodes[row["id"]]["scope"] = row["scope"]
    countries = country_network(whole)
    view = select(graph.store, view="countries").graph
    assert dict(countries.nodes(data=True)) == dict(view.nodes(data=True))
    assert sorted(countries.edges(data=True)) == sorted(view.edges(data=True))


def test_filters_choose_the_cooperations_the_countries_view_aggregates(graph):
    chosen = select(graph.store, between=("BR", "MZ"), view="countries")
    assert {data["code"] for _n, data in chosen.graph.nodes(data=True)} == {"BR", "MZ"}
    joining = select(graph.store, between=("BR", "MZ"))
    cooperations = sum(1 for _n, data in joining.graph.nodes(data=True)
                       if data["label"] == "Cooperation")
    assert chosen.graph.edges["country:br", "country:mz"]["weight"] == cooperations > 0
    assert chosen.left_out == joining.left_out > 0
    assert chosen.caption.endswith(f" · {joining.left_out} parties of other countries not drawn")


def test_the_countries_view_is_exported(graph, tmp_path):
    expected = len(countries_of(graph))
    report = graph.export("html", tmp_path / "countries.html", view="countries")
    assert (report.nodes, report.warning) == (expected, None)
    page = Page((tmp_path / "countries.html").read_text(encoding="utf-8"))
    assert {node["kind"] for node in page.data["nodes"]} == {"country"}
    brazil = next(node for node in page.data["nodes"] if node["id"] == "country:br")
    assert brazil["label"] == "Brazil" and brazil["title"].splitlines()[1] == "Country"
    link = next(edge for edge in page.data["edges"]
                if {edge["from"], edge["to"]} == {"country:br", "country:pt"})
    weight = graph.cypher(PAIRS)
    weight = next(row["n"] for row in weight if row["pair"] == ["BR", "PT"])
    assert link["label"] == str(weight)
    assert link["title"].splitlines()[:2] == ["Brazil – Portugal", f"{weight} cooperations join them:"]
    assert (f"\n… and {weight - NAMED} more" in link["title"]) == (weight > NAMED)
    shown = [text.strip() for text in page.texts]
    assert shown[shown.index("country") + 1] == str(expected)  # the legend
    graphml = graph.export("graphml", tmp_path / "countries.graphml", view="countries")
    assert nx.read_graphml(tmp_path / "countries.graphml").number_of_nodes() == graphml.nodes == expected
    on_map = graph.export("map", tmp_path / "countries-map.html", view="countries")
    text = (tmp_path / "countries-map.html").read_text(encoding="utf-8")
    assert on_map.nodes == expected == text.count('<circle class="point country')
    assert f"{expected} countries, at their centres" in text  # the map's note
    titles = re.findall(r'<path class="link"[^>]*stroke-width="([\d.]+)"[^>]*><title>([^<]*)</title>', text)
    widths = {title.splitlines()[0]: float(width) for width, title in titles}
    assert widths["Brazil – Portugal"] > widths[min(widths, key=widths.get)]  # weighted
    assert f"{weight} cooperations" in next(t for _w, t in titles if t.startswith("Brazil – Portugal"))


def test_too_many_nodes_for_a_page_or_picture_draw_the_countries_instead(graph, tmp_path,
                                                                         monkeypatch):
    whole = graph.export("graphml", tmp_path / "all.graphml")  # keeps every node
    countries = len(countries_of(graph))
    assert whole.warning is None and whole.nodes > 2 * countries
    monkeypatch.setattr(limits, "HTML", whole.nodes - 1)
    monkeypatch.setattr(limits, "PICTURE", whole.nodes - 1)
    for kind in ("html", "png"):
        report = graph.export(kind, tmp_path / f"all.{kind}", width=800, height=600, dpi=100)
        assert report.nodes == countries
        assert report.warning == (f"{whole.nodes} nodes are too many to draw: the cooperations "
                                  f"are drawn aggregated by country instead ({countries} "
                                  "countries); a filter would show them one by one.")
        assert (f" · {whole.nodes} nodes are too many to draw: cooperations aggregated by "
                f"country · {countries} countries linked by") in report.caption
    actors = graph.export("html", tmp_path / "actors.html", view="actors")
    assert actors.warning is None and actors.nodes < whole.nodes - 1  # the view's own nodes count
    monkeypatch.setattr(limits, "HTML", actors.nodes - 1)
    assert graph.export("html", tmp_path / "actors.html", view="actors").nodes == countries
    monkeypatch.setattr(limits, "MAP", 5)  # a map keeps its own handling
    assert "may be slow" in graph.export("map", tmp_path / "map.html").warning


@pytest.mark.parametrize("filters", [
    {}, {"actor": "AMAL", "depth": 2}, {"between": ("BR", "MZ")}, {"view": "actors"},
    {"programme": "InovaJuntos", "view": "actors", "min_shared": 2},
    {"query": "partners", "parameters": {"actor": "CISGA"}}])
def test_a_limit_switches_exactly_above_the_nodes_the_view_would_draw(graph, filters):
    drawn = select(graph.store, **filters)
    nodes = drawn.graph.number_of_nodes()
    within = select(graph.store, **filters, limit=nodes)
    assert (within.too_many, within.view, set(within.graph)) == (0, drawn.view, set(drawn.graph))
    above = select(graph.store, **filters, limit=nodes - 1)
    assert (above.too_many, above.view) == (nodes, "countries")
    assert above.left_out == drawn.left_out


def test_docstring_examples():
    result = doctest.testmod(importlib.import_module("munigraph.viz.countries"))
    assert result.attempted > 0 and result.failed == 0


def test_the_whole_larger_graph_is_a_page_of_countries(everything, chromium, tmp_path):  # noqa: F811
    larger = everything[0]  # the bundled dataset and ../shared/data
    nodes = (larger.cypher("MATCH (a:Actor) RETURN count(a) AS n")[0]["n"]
             + larger.cypher("MATCH (c:Cooperation) RETURN count(c) AS n")[0]["n"])
    assert nodes > 10 * limits.HTML
    report = larger.export("html", tmp_path / "all.html")
    state = chromium.open(tmp_path / "all.html")
    countries = len(countries_of(larger))
    assert report.nodes == state["nodes"] == state["shown"] == countries > 100
    assert report.warning.startswith(f"{nodes:,} nodes are too many to draw")
    assert state["problems"] == [] and state["ink"] > 1000 and state["physics"] is False
