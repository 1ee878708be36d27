"""The counts the graph keeps (docs/graph-model.md, "Summaries"): equal to a recomputation
from the data after loads, reloads, edits, merges, unloads and Cypher writes, and the
questions that read them answer as the full computation they replace."""

from munigraph import queries
from munigraph.graph.model import SUMMARIES

# Each summary recomputed from the data, by Cypher independent of loaders/summaries.py.
RECOMPUTED = {
    "Actor": """MATCH (a:Actor)
                OPTIONAL MATCH (a)-[:TAKES_PART]->(c:Cooperation)
                WITH a, count(DISTINCT c) AS cooperations
                OPTIONAL MATCH (a)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(p:Actor) WHERE p <> a
                RETURN a.id AS id, [cooperations, count(DISTINCT p), count(DISTINCT c)] AS expected,
                       [a.cooperationCount, a.partnerCount, a.sharedCooperationCount] AS kept""",
    "Topic": """MATCH (t:Topic) OPTIONAL MATCH (c:Cooperation)-[:ON_TOPIC]->(t)
                RETURN t.id AS id, [count(DISTINCT c)] AS expected, [t.cooperationCount] AS kept""",
    "Source": """MATCH (s:Source) OPTIONAL MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s)
                 RETURN s.id AS id, [count(DISTINCT c)] AS expected, [s.cooperationCount] AS kept""",
}

# The questions as they were written before the summaries, the full computation, one row
# per actor (they grouped by name, so two actors of one name and country, such as the two
# Altdorfs of Germany in the shared data, made one row).
FULL = {
    "most-connected": """MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(p:Actor)
        WHERE p <> a
        WITH a, count(DISTINCT p) AS partners, count(DISTINCT c) AS cooperations
        RETURN a.name AS actor, a.country AS country, partners, cooperations""",
    "by-country": """MATCH (k:Country) WHERE k.id = $country OR toLower($country) IN k.lookup
        MATCH (a:Actor)-[:LOCATED_IN]->(k)
        OPTIONAL MATCH (a)-[:TAKES_PART]->(c:Cooperation)
        WITH a, count(DISTINCT c) AS cooperations
        RETURN a.name AS actor, [l IN labels(a) WHERE l <> 'Actor'][0] AS kind, cooperations""",
    "topics-by-sdg": """MATCH (t:Topic) UNWIND t.sdg AS sdg
        OPTIONAL MATCH (c:Cooperation)-[:ON_TOPIC]->(t)
        RETURN sdg, t.name AS topic, t.namePt AS topicPt, count(c) AS cooperations""",
    "sources": """MATCH (s:Source)
        RETURN s.title AS source, s.publisher AS publisher, s.url AS url, s.file AS file,
               COUNT { MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s) RETURN DISTINCT c } AS cooperations""",
}
ASKED = {"most-connected": [{"limit": 100_000}], "topics-by-sdg": [{"lang": "en"}],
         "sources": [{"limit": 100_000, "text": ""}],
         "by-country": [{"country": code, "limit": 100_000} for code in ("BR", "PT", "MZ", "FR", "IT")]}


def kept_apart(graph) -> list:
    """The nodes whose kept counts differ from their recomputation: none when exact."""
    return [(label, row["id"], row["kept"], row["expected"]) for label, text in RECOMPUTED.items()
            for row in graph.cypher(text) if row["kept"] != row["expected"]]


def rows_of(rows) -> list:
    return sorted(tuple(sorted((k, str(v)) for k, v in row.items() if k in FULL_KEYS)) for row in rows)


FULL_KEYS = {"actor", "country", "partners", "cooperations", "kind", "sdg", "topic", "topicPt", "source",
             "publisher", "url", "file"}


def same_answers(graph):
    for name, asked in ASKED.items():
        for parameters in asked:
            canned, _keys = queries.run(graph.store, name, **parameters)
            full = graph.cypher(FULL[name], **{k: v for k, v in parameters.items() if k == "country"})
            assert rows_of(canned) == rows_of(full), (name, parameters)
            assert len(canned) > 0, (name, parameters)


def test_the_bundled_graph_s_summaries_are_exact_and_answer_as_the_full_computation(graph):
    assert kept_apart(graph) == []
    same_answers(graph)
    network = graph.to_networkx()  # pictures, exports and the explore page leave them out
    assert not any(name in data for _node, data in network.nodes(data=True) for name in SUMMARIES)


def test_with_all_shared_data_too(everything):
    graph, _files, _report = everything
    assert kept_apart(graph) == []
    same_answers(graph)


def test_summaries_stay_exact_through_reloads_edits_merges_unloads_and_writes(empty_graph, tmp_path):
    graph = empty_graph
    graph.load()
    assert kept_apart(graph) == []
    extra = tmp_path / "extra.yaml"
    extra.write_text("""sources:
  - {id: source:extra-test, title: A test source, url: "https://example.org/extra"}
actors:
  - {id: municipality:pt:lisbon-extra, type: municipality, name: Lisbon Extra, country: PT}
records:
  - id: agreement:extra-test
    type: agreement
    name: A test agreement
    topics: [topic:solid-waste]
    parties:
      - {actor: municipality:pt:lisbon-extra, role: signatory}
      - {actor: association:fnp, role: signatory}
      - {actor: consortium:pt:amal, role: signatory}
    evidence:
      - {source: source:extra-test, quote: "A test agreement."}
""", encoding="utf-8")
    graph.load([extra])
    assert kept_apart(graph) == []
    fnp = graph.cypher("MATCH (a:Actor {id: 'association:fnp'}) RETURN a.partnerCount AS n")[0]["n"]
    extra.write_text(extra.read_text(encoding="utf-8").replace(
        "      - {actor: consortium:pt:amal, role: signatory}\n", ""), encoding="utf-8")
    graph.load([extra])  # an edit: AMAL is no party any more
    assert kept_apart(graph) == []
    assert graph.cypher("MATCH (a:Actor {id: 'association:fnp'}) RETURN a.partnerCount AS n")[0]["n"] == fnp - 1
    merge = tmp_path / "merge.yaml"
    merge.write_text("same_as:\n  - ids: [municipality:pt:lisbon-extra, municipality:pt:lisboa]\n"
                     "    note: One town.\n", encoding="utf-8")
    graph.load([merge])
    assert kept_apart(graph) == []
    graph.unload([merge])
    assert kept_apart(graph) == []
    graph.unload([extra])
    assert kept_apart(graph) == []
    graph.cypher("MATCH (:Actor {id: 'association:fnp'})-[r:TAKES_PART]->() WITH r LIMIT 1 DELETE r", write=True)
    assert kept_apart(graph) == []
    graph.reset()
    assert kept_apart(graph) == []
