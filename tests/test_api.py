"""The Python API for researchers: canned queries as rows or DataFrames, and networkx graphs."""

import datetime

import networkx as nx
import pytest

import munigraph
from munigraph import queries
from munigraph.graph.model import fold, lookup


def test_query_gives_dicts_with_dates_at_their_precision(graph):
    rows = graph.query("between-countries", country="BR", other="MZ")
    assert rows[0]["start"] == munigraph.PartialDate(datetime.date(2013, 1, 1), "year")
    assert rows.keys == ["cooperation", "kind", "start", "parties"]
    stored = queries.run(graph.store, "between-countries", country="BR", other="MZ")[0]
    assert rows == [{**{k: v for k, v in r.items() if k != "startPrecision"},
                     "start": r["start"] and munigraph.PartialDate(r["start"].to_native(),
                                                                  r["startPrecision"] or "day")}
                    for r in stored]
    frame = graph.query("between-countries", country="BR", other="MZ", as_frame=True)
    assert list(frame.columns) == rows.keys and str(frame["start"][0]) == "2013"


def test_query_as_frame_has_the_declared_columns(graph):
    frame = graph.query("topic", topic="solid waste", as_frame=True)
    assert list(frame.columns) == list(queries.get("topic").returns)
    assert {"Frente Nacional de Prefeitos", "United States Conference of Mayors"} <= set(frame["actor"])


def test_query_with_a_wrong_parameter_says_which(graph):
    with pytest.raises(munigraph.MunigraphError, match="missing parameter actor for partners"):
        graph.query("partners")


def test_cypher_as_frame(graph):
    frame = graph.cypher("MATCH (t:Topic) WHERE t.id = $id RETURN t.name AS name, t.sdg AS sdg",
                         id="topic:sanitation", as_frame=True)
    assert frame.to_dict("records") == [{"name": "Sanitation", "sdg": [6]}]


def test_to_networkx_holds_every_actor_cooperation_and_link(graph):
    g = graph.to_networkx()
    counts = graph.cypher(
        "MATCH (n) WHERE n:Actor OR n:Cooperation WITH count(n) AS nodes "
        "MATCH ()-[r]->() WHERE type(r) IN ['TAKES_PART', 'MEMBER_OF'] "
        "OR (type(r) = 'PART_OF' AND startNode(r):Cooperation) "
        "RETURN nodes, count(r) AS links")[0]
    assert isinstance(g, nx.MultiDiGraph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (counts["nodes"], counts["links"])
    term = g.nodes["agreement:amal-apis-cisga-compras-partilhadas"]
    assert term["type"] == "agreement" and term["topics"] == ["Shared public procurement"]
    assert any(e["quote"].startswith("Foi, de resto, assinado") for e in term["evidence"])
    assert g.has_edge("consortium:br:cisga", "agreement:amal-apis-cisga-compras-partilhadas", key="signatory")
    assert "lookup" not in g.nodes["municipality:pt:olhao"]
    members = graph.cypher("MATCH (m:Actor)-[:MEMBER_OF]->(:Actor {id: 'association:amve'}) RETURN m.id AS id")
    assert members and all(g.has_edge(r["id"], "association:amve", key="member") for r in members)


def test_actor_view_weighs_pairs_by_shared_cooperations(graph):
    actors = graph.to_networkx(view="actors")
    edge = actors.edges["consortium:pt:amal", "consortium:br:cisga"]
    shared = {r["cooperation"] for r in graph.query("partners", actor="AMAL")
              if r["partner_id"] == "consortium:br:cisga"}
    assert edge["weight"] == len(shared) and sorted(edge["cooperations"]) == sorted(shared)
    assert "Shared public procurement" in edge["topics"]
    assert all(data["label"] == "Actor" for _, data in actors.nodes(data=True))


def test_country_view_weighs_pairs_by_the_cooperations_joining_them(graph):
    countries = graph.to_networkx(view="countries")
    pairs = {frozenset((row["country"], row["other"])): row["cooperations"]
             for row in graph.query("country-pairs", limit=1000)}
    assert len(pairs) == countries.number_of_edges()
    for a, b, weight in countries.edges(data="weight"):  # as the canned question counts them
        assert weight == pairs[frozenset((countries.nodes[a]["name"], countries.nodes[b]["name"]))]
    assert countries.edges["country:br", "country:pt"]["weight"] > 0
    assert all(data["label"] == "Country" for _, data in countries.nodes(data=True))


def test_unknown_view_is_refused(graph):
    with pytest.raises(munigraph.MunigraphError,
                       match="view must be 'cooperations', 'actors', 'countries' or 'programmes'"):
        graph.to_networkx(view="people")


def test_the_programmes_view_joins_each_programme_to_its_parties(graph):
    programmes = graph.to_networkx(view="programmes")
    members = {row["actor_id"] for row in graph.query("members", programme="InovaJuntos")}
    assert set(programmes["programme:inovajuntos"]) >= members


def test_every_named_node_has_its_lookup(graph):
    missing = graph.cypher("MATCH (n) WHERE (n:Actor OR n:Cooperation OR n:Topic OR n:Country) "
                           "AND n.lookup IS NULL RETURN n.id AS id")
    assert missing == []
    olhao = graph.cypher("MATCH (a:Actor {id: 'municipality:pt:olhao'}) RETURN a.lookup AS lookup")
    assert olhao == [{"lookup": ["olhao", "olhão"]}]


@pytest.mark.parametrize("text, folded", [
    ("São Paulo", "sao paulo"), ("CISGA – Consórcio", "cisga consorcio"), ("Île-de-France", "ile de france"),
    ("Xai-Xai", "xai xai"), ("Straße", "strasse"), ("  Olhão\n", "olhao"),
])
def test_fold_ignores_case_accents_and_punctuation(text, folded):
    assert fold(text) == folded


def test_lookup_takes_names_aliases_and_code_only():
    assert lookup({"code": "BR", "name": "Brazil", "namePt": "Brasil", "description": "x"}) == [
        "br", "brasil", "brazil"]
    assert lookup({"name": "FNP", "aliases": ["Frente Nacional dos Prefeitos"], "country": "BR"}) == [
        "fnp", "frente nacional dos prefeitos"]


def test_query_rows_carry_their_columns_even_when_there_are_none(graph):
    rows = graph.query("partners", actor="CISGA")
    declared = queries.get("partners").returns
    assert rows and rows.keys == [c for c in declared if c not in ("startPrecision", "endPrecision")]
    none = graph.query("find", text="no such place anywhere")
    assert none == [] and none.keys == list(queries.get("find").returns)


def test_cypher_that_the_server_refuses_is_one_query_error_with_its_code(graph):
    with pytest.raises(munigraph.QueryError) as caught:
        graph.cypher("MATC (n) RETURN n")
    assert "\n" not in str(caught.value) and "MATC" in str(caught.value)
    assert caught.value.code == "Neo.ClientError.Statement.SyntaxError"
    with pytest.raises(munigraph.WriteRefused):  # a QueryError too
        graph.cypher("CREATE (t:Topic {id: 'topic:never'})")


def test_a_write_reports_what_it_changed(empty_graph):
    created = empty_graph.cypher("CREATE (t:Topic {id: $id, name: $name}) RETURN t.id AS id",
                                 write=True, id="topic:x", name="X")
    assert created == [{"id": "topic:x"}] and created.keys == ["id"]
    assert created.counters == {"nodes_created": 1, "properties_set": 2, "labels_added": 1}
    deleted = empty_graph.cypher("MATCH (t:Topic {id: $id}) DELETE t", write=True, id="topic:x")
    assert deleted == [] and deleted.counters == {"nodes_deleted": 1}


@pytest.mark.pure
def test_a_check_reports_in_the_shape_of_a_load_without_a_store():
    report = munigraph.check()
    assert not report.written and report.nodes_created is None
    assert report.nodes["Municipality"] > 50 and report.relationships["TAKES_PART"] > 100
    assert set(report.as_dict()) == set(munigraph.LoadReport([], [], [], [], {}, {}, written=True).as_dict())
