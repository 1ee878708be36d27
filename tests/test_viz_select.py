"""Which part of the graph a picture shows: each filter, their combination, the caption."""

import datetime
import doctest
import importlib

import networkx as nx
import pytest

import munigraph
from munigraph.graph import embedded
from munigraph.graph.errors import MunigraphError
from munigraph.language import speaking
from munigraph.loaders import bundled_files
from munigraph.viz.html import elements
from munigraph.viz.style import label_of
from munigraph.viz.select import around, select

from conftest import DATA
from test_viz_html import words

TERM = "agreement:amal-apis-cisga-compras-partilhadas"


def cooperations(selection):
    return {n for n, data in selection.graph.nodes(data=True) if data["label"] == "Cooperation"}


def test_ego_network_of_amal_holds_the_term_with_apis_and_cisga(graph):
    chosen = select(graph.store, actor="AMAL")
    assert TERM in chosen.graph
    assert {a for a, _ in chosen.graph.in_edges(TERM)} == {
        "consortium:pt:amal", "consortium:br:apis", "consortium:br:cisga"}
    assert all(chosen.graph.has_edge("consortium:pt:amal", c) for c in cooperations(chosen))
    wider = select(graph.store, actor="AMAL", depth=2)
    assert cooperations(chosen) < cooperations(wider)


def test_topic_solid_waste_shows_the_two_cooperations_of_the_seed(graph):
    names = {graph_node["name"] for _, graph_node in select(graph.store, topic="solid waste").graph.nodes(data=True)}
    assert "100 cidades para 100 projetos Itália-Brasil" in names
    assert "Cooperação descentralizada Brasil-EUA entre a FNP e a USCM" in names


def test_programme_inovajuntos_holds_the_december_mission(graph):
    chosen = select(graph.store, programme="InovaJuntos")
    assert "event:inovajuntos-december-mission-portugal" in chosen.graph
    assert all(c == "programme:inovajuntos" or chosen.graph.has_edge(c, "programme:inovajuntos")
               for c in cooperations(chosen))


def test_since_keeps_only_cooperations_of_that_year_or_later(graph):
    chosen = select(graph.store, since=2020)
    for c in cooperations(chosen):
        data = chosen.graph.nodes[c]
        assert (data.get("start") or data.get("signed")).date >= datetime.date(2020, 1, 1)


def test_filters_combine(graph):
    both = select(graph.store, countries=["Brasil"], topic="sanitation")
    assert cooperations(both) == cooperations(select(graph.store, countries=["BR"])) & cooperations(
        select(graph.store, topic="sanitation"))
    assert cooperations(both)


def test_country_filter_keeps_cooperations_with_a_party_or_scope_there(graph):
    chosen = select(graph.store, countries=["MZ"])
    scoped = {r["id"] for r in graph.cypher("MATCH (c:Cooperation)-[:INVOLVES]->(:Country {code: 'MZ'}) RETURN c.id AS id")}
    for c in cooperations(chosen):
        parties = [chosen.graph.nodes[a].get("country") for a, _ in chosen.graph.in_edges(c)]
        assert "MZ" in parties or c in scoped


def test_a_canned_query_chooses_the_actors_it_names(graph):
    chosen = select(graph.store, query="partners", parameters={"actor": "CISGA"})
    partners = {r["partner_id"] for r in graph.query("partners", actor="CISGA")}
    assert partners | {"consortium:br:cisga"} <= set(chosen.graph)
    assert TERM in chosen.graph


def test_actor_view_projects_to_who_with_whom(graph):
    chosen = select(graph.store, actor="AMAL", view="actors")
    assert isinstance(chosen.graph, nx.Graph) and not chosen.graph.is_directed()
    assert chosen.graph.edges["consortium:pt:amal", "consortium:br:cisga"]["weight"] >= 1


def test_caption_counts_sources_behind_the_selection(graph):
    chosen = select(graph.store, topic="solid waste")
    expected = graph.cypher(
        "MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s:Source) WHERE c.id IN $ids RETURN count(DISTINCT s) AS n",
        ids=sorted(cooperations(chosen)))[0]["n"]
    assert chosen.sources == expected
    assert f"{expected} sources" in chosen.caption and datetime.date.today().isoformat() in chosen.caption
    pairs = len({(a, b) for a, b in chosen.graph.edges()})
    assert chosen.caption.endswith(f"{chosen.graph.number_of_nodes()} nodes, {pairs} links")


@pytest.mark.parametrize("arguments, message", [
    ({"actor": "Atlantis"}, "no actor is called 'Atlantis'"),
    ({"countries": ["Atlantis"]}, "'Atlantis' is not a known country"),
    ({"countries": ["International"]}, "is no single country"),
    ({"actor": "AMAL", "depth": 0}, "depth must be 1 or more"),
    ({"query": "timeline"}, "names no actor or cooperation by id"),
    ({"view": "people"}, "view must be 'cooperations', 'actors', 'countries' or 'programmes'"),
    ({"twinnings": "edge"}, "twinnings must be 'node' or 'direct', not 'edge'"),
])
def test_bad_filters_are_explained(graph, arguments, message):
    with pytest.raises(MunigraphError, match=message):
        select(graph.store, **arguments)


def test_docstring_examples():
    result = doctest.testmod(importlib.import_module("munigraph.viz.select"))  # not viz.select, the function
    assert result.attempted > 0 and result.failed == 0


def test_in_portuguese_topics_are_named_in_portuguese_and_the_caption_too(graph):
    word = words("pt")
    with speaking("pt"):
        chosen = select(graph.store, actor="AMAL")
        caption = chosen.caption
        with pytest.raises(MunigraphError) as refused:
            select(graph.store, actor="Atlantis")
    assert "Compras públicas partilhadas" in chosen.graph.nodes[TERM]["topics"]
    assert "Shared public procurement" not in chosen.graph.nodes[TERM]["topics"]
    today = datetime.date.today().strftime(word("%Y-%m-%d", "date"))
    assert caption.startswith(f"munigraph · {word('graph of {date}').format(date=today)} · ")
    assert str(refused.value) == word("no actor is called {name} (try `munigraph query find -p "
                                      "text=...`)").format(name="'Atlantis'")


def test_between_two_countries_draws_their_parties_and_the_cooperations_joining_them(graph):
    chosen = select(graph.store, between=("BR", "Moçambique"))
    actors = {n: d for n, d in chosen.graph.nodes(data=True) if d["label"] == "Actor"}
    assert {d.get("country") for d in actors.values()} == {"BR", "MZ"}
    rows = graph.store.read(
        "MATCH (c:Cooperation) WHERE c.id IN $ids "
        "RETURN c.id AS id, [(c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(k:Country) | k.code] AS parties, "
        "[(c)-[:INVOLVES]->(k:Country) | k.code] AS scope",
        ids=[n for n, d in chosen.graph.nodes(data=True) if d["label"] == "Cooperation"])
    assert rows and all(("BR" in r["parties"] and ("MZ" in r["parties"] or "MZ" in r["scope"]))
                        or ("MZ" in r["parties"] and "BR" in r["scope"]) for r in rows)
    others = graph.store.read(
        "MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation) WHERE c.id IN $ids "
        "AND NOT coalesce(a.country, '') IN ['BR', 'MZ'] RETURN count(DISTINCT a) AS n",
        ids=[r["id"] for r in rows])[0]["n"]
    assert chosen.left_out == others > 0
    assert chosen.caption.endswith(f" · {others} parties of other countries not drawn")
    either = select(graph.store, countries=("BR", "MZ"))  # --country stays "any of"
    assert either.graph.number_of_nodes() > chosen.graph.number_of_nodes()
    with pytest.raises(MunigraphError, match="two different countries"):
        select(graph.store, between=("BR", "Brasil"))


def test_the_actors_view_keeps_links_of_min_shared_and_names_the_actors_left_alone(graph):
    everyone = select(graph.store, programme="InovaJuntos", view="actors")
    strong = select(graph.store, programme="InovaJuntos", view="actors", min_shared=2)
    assert strong.graph.number_of_edges() > 0
    assert all(weight >= 2 for _a, _b, weight in strong.graph.edges(data="weight"))
    assert all(strong.graph.degree(node) > 0 for node in strong.graph)
    kept = {(a, b) for a, b, weight in everyone.graph.edges(data="weight") if weight >= 2}
    assert {tuple(sorted(e)) for e in strong.graph.edges()} == {tuple(sorted(e)) for e in kept}
    alone = {label_of(everyone.graph.nodes[n]) for n in everyone.graph if n not in strong.graph}
    assert "CISAMVI" in alone  # named by their short names
    assert alone and set(strong.unlinked) == alone | set(everyone.unlinked)
    assert f"not linked: {', '.join(strong.unlinked[:5])} and {len(strong.unlinked) - 5} more" in strong.caption
    with pytest.raises(MunigraphError, match="min_shared"):
        select(graph.store, view="actors", min_shared=0)


def test_the_programmes_view_joins_each_programme_to_the_actors_of_it_and_its_parts(graph):
    chosen = select(graph.store, view="programmes")
    rows = graph.cypher("""
        MATCH (p:Cooperation) WHERE p:Programme OR EXISTS { MATCH (:Cooperation)-[:PART_OF]->(p) }
        MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation)
        WHERE c = p OR EXISTS { MATCH (c)-[:PART_OF]->(p) }
        RETURN a.id AS actor, p.id AS programme, count(DISTINCT c) AS weight""")
    assert rows and sorted(tuple(sorted((a, b))) + (w,) for a, b, w in chosen.graph.edges(data="weight")) \
        == sorted(tuple(sorted((r["actor"], r["programme"]))) + (r["weight"],) for r in rows)
    outside = graph.cypher("""
        MATCH (c:Cooperation) WHERE NOT c:Programme AND NOT EXISTS { MATCH (c)-[:PART_OF]->() }
          AND NOT EXISTS { MATCH (:Cooperation)-[:PART_OF]->(c) }
        RETURN count(c) AS n""")[0]["n"]
    assert outside > 0 and chosen.caption.endswith(f" · {outside} cooperations in no programme not drawn")
    inovajuntos = chosen.graph.edges["consortium:pt:amal", "programme:inovajuntos"]
    assert TERM in {row["id"] for row in graph.cypher(
        "MATCH (:Actor {id: 'consortium:pt:amal'})-[:TAKES_PART]->(c)-[:PART_OF]->"
        "(:Programme {id: 'programme:inovajuntos'}) RETURN c.id AS id")}
    assert "Termo de Cooperação Técnica e Institucional AMAL–APIS–CISGA" in inovajuntos["cooperations"]


def test_a_year_range_counts_the_cooperations_it_leaves_out_for_lack_of_a_date(graph):
    undated = graph.cypher("MATCH (c:Cooperation) WHERE c.start IS NULL AND c.signed IS NULL "
                           "RETURN count(c) AS n")[0]["n"]
    upto = select(graph.store, until=2010)
    assert undated > 0 and upto.undated == undated
    assert f" · {undated} cooperations without a date not drawn" in upto.caption
    for c in cooperations(upto):
        data = upto.graph.nodes[c]
        assert (data.get("start") or data.get("signed")).date.year <= 2010
    kept = select(graph.store, until=2010, undated=True)
    assert kept.undated == 0 and len(cooperations(kept)) == len(cooperations(upto)) + undated
    assert select(graph.store).undated == 0


def test_over_the_limit_a_selection_is_drawn_by_country_and_around_too(graph):
    whole = select(graph.store)
    nodes = whole.graph.number_of_nodes()
    for chosen in (select(graph.store, limit=nodes - 1), around(graph.store, limit=nodes - 1),
                   around(graph.store, actors=["consortium:pt:amal"], depth=2, limit=10)):
        assert chosen.view == "countries" and chosen.too_many > 0
        assert f"{chosen.too_many} nodes are too many to draw" in chosen.caption
    assert select(graph.store, limit=nodes).view == "cooperations"
    amal = around(graph.store, actors=["consortium:pt:amal"], depth=2, limit=10)
    assert amal.too_many == select(graph.store, actor="consortium:pt:amal", depth=2).graph.number_of_nodes()


@pytest.fixture(scope="module")
def twinned(tmp_path_factory):
    """The bundled dataset and a twinning of Lisboa and Maputo that two sources state."""
    folder = tmp_path_factory.mktemp("twinned")
    store = munigraph.open(data=folder)
    store.load([*bundled_files(), DATA / "facts-one-twinning-twice.csv"])
    yield store
    store.close()
    embedded.stop_server(embedded.DataFolder(folder))


def test_twinnings_drawn_as_links_between_the_two_towns(twinned):
    twinning = twinned.cypher("MATCH (a:Actor)-[:TAKES_PART]->(t:Agreement {kind: 'twinning'}) "
                              "RETURN t.id AS id, t.name AS name, collect(a.id) AS towns")
    assert len(twinning) == 1 and len(twinning[0]["towns"]) == 2
    node, towns = twinning[0]["id"], sorted(twinning[0]["towns"])
    drawn = select(twinned.store, countries=["PT"])
    direct = select(twinned.store, countries=["PT"], twinnings="direct")
    assert node in drawn.graph and node not in direct.graph
    assert direct.graph.number_of_nodes() == drawn.graph.number_of_nodes() - 1
    link = direct.graph.get_edge_data(*towns)[node]
    assert (link["id"], link["name"], link["role"]) == (node, twinning[0]["name"], "twinning")
    assert link["signed"] == drawn.graph.nodes[node]["signed"] and link["signed"].date.year == 1982
    assert len(link["evidence"]) == 2
    assert select(twinned.store, countries=["PT"], twinnings="direct", view="actors").graph.has_edge(*towns)
    edge = next(e for e in elements(direct.graph)[1] if {e["from"], e["to"]} == set(towns))
    assert twinning[0]["name"] in edge["title"] and "Agreement (twinning) · signed 1982" in edge["title"]
    assert around(twinned.store, actors=[towns[0]], twinnings="direct").graph.has_edge(*towns)
