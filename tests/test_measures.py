"""Network measures (viz.measures, `munigraph measures`, Munigraph.measures, GEXF attributes)
on the bundled dataset, checked against networkx run on an actor network read here
independently of munigraph's own reading."""

import csv
import io

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from munigraph.cli import cli
from munigraph.viz import measures as measures_module
from munigraph.viz.measures import COLUMNS, measures
from munigraph.viz.select import select

PAIRS = """
MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(b:Actor)
WHERE a.id < b.id
RETURN a.id AS a, b.id AS b, count(DISTINCT c) AS shared"""
TAKING_PART = """
MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation)
RETURN a.id AS id, a.country AS country, count(DISTINCT c) AS cooperations"""


@pytest.fixture(scope="module")
def independent(graph):
    """The weighted actor network, read with one Cypher query of its own; nodes in id order."""
    taking_part = {row["id"]: row for row in graph.store.read(TAKING_PART)}
    network = nx.Graph()
    network.add_nodes_from(sorted(taking_part))
    network.add_weighted_edges_from((row["a"], row["b"], row["shared"])
                                    for row in graph.store.read(PAIRS))
    return network, taking_part


@pytest.fixture(scope="module")
def rows(graph):
    return {row["id"]: row for row in measures(graph.store)}


def test_the_command_writes_one_row_per_actor_with_the_columns(graph, independent, tmp_path):
    result = CliRunner().invoke(cli, ["measures", "--format", "csv", "--data",
                                      str(graph.store.folder.path)])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert list(table[0]) == list(COLUMNS)
    network, taking_part = independent
    assert sorted(row["id"] for row in table) == sorted(taking_part)
    pageranks = [float(row["pagerank"]) for row in table]
    assert pageranks == sorted(pageranks, reverse=True)  # ranked, highest first
    assert "betweenness computed exactly" in result.stderr
    book = tmp_path / "measures.xlsx"
    result = CliRunner().invoke(cli, ["measures", "--country", "MZ", "--format", "xlsx", "-o",
                                      str(book), "--data", str(graph.store.folder.path)])
    about = {row[0]: row[1] for row in openpyxl.load_workbook(book)["About"].values}
    assert about["Question"] == "munigraph measures" and about["country"] == "MZ"
    assert about["Description"].endswith("betweenness computed exactly.")


def test_betweenness_pagerank_and_communities_are_networkx_on_the_same_network(rows, independent):
    network, taking_part = independent
    betweenness = nx.betweenness_centrality(network)  # every link one step
    pagerank = nx.pagerank(network, weight="weight")
    groups = nx.community.louvain_communities(network, weight="weight", seed=42)
    for actor in network:
        assert rows[actor]["betweenness"] == pytest.approx(betweenness[actor], rel=1e-5, abs=1e-9)
        assert rows[actor]["pagerank"] == pytest.approx(pagerank[actor], rel=1e-5)
        assert rows[actor]["partners"] == network.degree(actor)
        assert rows[actor]["weighted_degree"] == network.degree(actor, weight="weight")
        assert rows[actor]["degree"] == taking_part[actor]["cooperations"]
    ours = {}
    for actor, row in rows.items():
        ours.setdefault(row["community"], set()).add(actor)
    assert sorted(map(sorted, ours.values())) == sorted(map(sorted, groups))
    sizes = [len(ours[number]) for number in sorted(ours)]
    assert sizes == sorted(sizes, reverse=True)  # numbered by size
    assert max(row["betweenness"] for row in rows.values()) > 0


def test_countries_counts_the_other_countries_of_the_partners(rows, independent):
    network, taking_part = independent
    for actor in network:
        home = taking_part[actor]["country"]
        abroad = {taking_part[p]["country"] for p in network[actor]} - {home, None}
        assert rows[actor]["countries"] == len(abroad)
    assert any(row["countries"] >= 3 for row in rows.values())


def test_filters_choose_the_cooperations_as_exports_do(graph):
    chosen = measures(graph.store, countries=["MZ"])
    drawn = select(graph.store, countries=["MZ"]).graph
    parties = {a for a, c in drawn.edges() if drawn.nodes[c].get("label") == "Cooperation"
               and drawn.nodes[a].get("label") == "Actor"}
    assert {row["id"] for row in chosen} == parties
    assert measures(graph.store, since=2090) == []
    result = CliRunner().invoke(cli, ["measures", "--since", "2090", "--data",
                                      str(graph.store.folder.path)])
    assert result.exit_code == 0 and result.stderr == "No rows: the options choose no cooperation.\n"


def test_a_large_network_estimates_betweenness_from_a_seeded_sample(graph, independent, monkeypatch):
    network, _ = independent
    monkeypatch.setattr(measures_module, "EXACT", 10)
    monkeypatch.setattr(measures_module, "MIN_PIVOTS", 10)
    monkeypatch.setattr(measures_module, "WORK", 40 * (len(network) + network.number_of_edges()))
    first, again = measures(graph.store), measures(graph.store)
    assert first.pivots == 40 and "estimated" in first.note and "40" in first.note
    assert first == again  # the same graph gives the same answer
    sampled = nx.betweenness_centrality(network, k=40, seed=42)
    assert {row["id"]: row["betweenness"] for row in first} == pytest.approx(sampled, rel=1e-5, abs=1e-9)


def test_python_api_and_gexf_give_the_same_measures(graph, rows, tmp_path):
    frame = graph.measures(as_frame=True)
    assert list(frame.columns) == list(COLUMNS) and len(frame) == len(rows)
    assert frame.attrs["note"] == "betweenness computed exactly"
    graph.export("gexf", tmp_path / "all.gexf")
    written = nx.read_gexf(tmp_path / "all.gexf")
    for actor, row in rows.items():
        assert {key: written.nodes[actor][key] for key in COLUMNS[4:]} == {
            key: row[key] for key in COLUMNS[4:]}
