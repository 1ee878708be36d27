"""munigraph explore's researcher's workbench through its API, on the bundled dataset: the
views, twinnings as links, a view over the drawing limit drawn by country, the years and the
cooperations without a date."""

import pytest
from starlette.testclient import TestClient

from munigraph.viz import limits
from munigraph.viz.explore import app
from munigraph.viz.html import elements
from munigraph.viz.select import around, select

AMAL = "consortium:pt:amal"


@pytest.fixture(scope="module")
def client(graph):
    return TestClient(app(graph), base_url="http://127.0.0.1")


def view(client, *params):
    answer = client.get("/api/neighbourhood", params=list(params))
    assert answer.status_code == 200, answer.json()
    return answer.json()


@pytest.mark.parametrize("name", ["countries", "programmes", "actors"])
def test_each_view_is_the_librarys(client, graph, name):
    answer = view(client, ("country", "PT"), ("view", name))
    chosen = select(graph.store, countries=["PT"], view=name)
    assert (answer["nodes"], answer["edges"]) == elements(chosen.graph)
    assert (answer["view"], answer["too_many"], answer["caption"]) == (name, 0, chosen.caption)


def test_twinnings_as_links_are_asked_for_by_name(client, graph):
    answer = view(client, ("id", AMAL), ("twinnings", "direct"))
    chosen = around(graph.store, actors=[AMAL], twinnings="direct")
    assert (answer["nodes"], answer["edges"]) == elements(chosen.graph)


def test_a_view_over_the_drawing_limit_is_drawn_by_country(client, graph, monkeypatch):
    nodes = select(graph.store, actor=AMAL, depth=2).graph.number_of_nodes()
    monkeypatch.setattr(limits, "HTML", nodes - 1)
    answer = view(client, ("id", AMAL), ("depth", "2"))
    countries = select(graph.store, actor=AMAL, depth=2, view="countries")
    assert (answer["view"], answer["too_many"]) == ("countries", nodes)
    assert {n["id"] for n in answer["nodes"]} == set(countries.graph)
    assert f"{nodes} nodes are too many to draw: cooperations aggregated by country" in answer["caption"]
    page = client.get("/api/export.html", params={"id": AMAL, "depth": "2"})
    assert page.status_code == 200 and "too many to draw" in page.text
    monkeypatch.setattr(limits, "HTML", nodes)
    assert view(client, ("id", AMAL), ("depth", "2"))["view"] == "cooperations"


def test_the_years_count_the_cooperations_without_a_date(client, graph):
    undated = graph.cypher("MATCH (c:Cooperation) WHERE c.start IS NULL AND c.signed IS NULL "
                           "RETURN count(c) AS n")[0]["n"]
    dated = {r["id"]: r["year"] for r in graph.cypher(
        "MATCH (c:Cooperation) RETURN c.id AS id, coalesce(c.start, c.signed).year AS year")}
    years = sorted({year for year in dated.values() if year})
    counts = []
    for year in (years[len(years) // 2], years[-1]):
        answer = view(client, ("until", str(year)))
        shown = {n["id"] for n in answer["nodes"]} & set(dated)
        assert shown == {c for c, y in dated.items() if y and y <= year}
        assert answer["undated"] == undated
        assert f"{undated} cooperations without a date not drawn" in answer["caption"]
        counts.append(len(answer["nodes"]))
    assert counts[0] < counts[1]
    kept = view(client, ("until", str(years[-1])), ("undated", "1"))
    assert kept["undated"] == 0 and len(kept["nodes"]) > counts[1]
    assert view(client, ("country", "BR"))["undated"] == 0


def test_measures_are_the_librarys_and_kept_until_the_graph_changes(client, graph, monkeypatch):
    from munigraph.viz.measures import measures

    answer = client.get("/api/measures", params={"country": "PT", "since": "2010"}).json()
    expected = measures(graph.store, countries=("PT",), since=2010)
    assert answer["rows"] == list(expected) and answer["columns"] == list(expected.keys)
    assert answer["note"] == expected.note and answer["headers"][0] == "id"
    store = client.app.state.store  # graph.store, with explore's read timeout
    asked, read = [], store.read
    monkeypatch.setattr(store, "read", lambda *args, **kw: asked.append(args[0]) or read(*args, **kw))
    again = client.get("/api/measures", params={"country": "PT", "since": "2010"}).json()
    assert again == answer and len(asked) == 1  # what the graph was built from, nothing more
    refused = client.get("/api/measures", params={"since": "2020", "until": "2010"})
    assert refused.status_code == 400 and "since (2020) is after until (2010)" in refused.json()["error"]
