"""Which part of the graph a picture shows: each filter, their combination, the caption."""

import datetime
import doctest
import importlib

import networkx as nx
import pytest

from munigraph.graph.errors import MunigraphError
from munigraph.language import speaking
from munigraph.viz.style import label_of
from munigraph.viz.select import select

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
    ({"view": "people"}, "view must be 'cooperations', 'actors' or 'countries'"),
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
