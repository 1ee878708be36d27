"""Loading through the real driver into the embedded store: the bundled dataset answers real
questions, loads are idempotent and all-or-nothing, reads cannot write."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from munigraph.cli import cli
from munigraph.graph.errors import InputError, WriteRefused
from munigraph.graph.schema import create_schema
from munigraph.loaders.files import normalise_space

from conftest import DATA

BUNDLED_SOURCES = DATA.parents[1] / "data" / "sources"

PARTNERS = """
MATCH (a:Actor {id: $actor})-[:TAKES_PART {role: $role}]->(c:Cooperation)
      <-[:TAKES_PART {role: $role}]-(p:Actor)
MATCH (c)-[:ON_TOPIC]->(t:Topic)
MATCH (c)-[e:EVIDENCED_BY]->(s:Source)
RETURN c.id AS cooperation, collect(DISTINCT p.id) AS partners, collect(DISTINCT t.id) AS topics,
       collect(DISTINCT [s.file, e.quote]) AS evidence
"""


def test_amal_apis_cisga_signed_one_shared_procurement_agreement(graph):
    rows = graph.cypher(PARTNERS, actor="consortium:pt:amal", role="signatory")
    assert len(rows) == 1
    row = rows[0]
    assert sorted(row["partners"]) == ["consortium:br:apis", "consortium:br:cisga"]
    assert "topic:shared-procurement" in row["topics"]
    seed = normalise_space((BUNDLED_SOURCES / "000_1e35829dcfeae21b.txt").read_text())
    quotes = [quote for file, quote in row["evidence"] if file and file.endswith("000_1e35829dcfeae21b.txt")]
    assert any("Termo de Cooperação Técnica e Institucional" in q and normalise_space(q) in seed
               for q in quotes)


def test_2007_meeting_held_in_belo_horizonte(graph):
    rows = graph.cypher("""
        MATCH (e:Event)-[:HELD_IN]->(m:Municipality {country: 'BR'})
        WHERE e.start.year = 2007
        RETURN e.id AS event, m.name AS place""")
    assert {"event": "event:franco-brazilian-meeting-2007-belo-horizonte",
            "place": "Belo Horizonte"} in rows


def test_fnp_mozambique_cooperation_dated_2013(graph):
    rows = graph.cypher("""
        MATCH (:Association {id: 'association:fnp'})-[:TAKES_PART]->(c:Cooperation)-[:INVOLVES]->(:Country {code: 'MZ'})
        RETURN c.id AS id, c.start.year AS year""")
    assert {"id": "programme:fnp-mozambique", "year": 2013} in rows


def test_inovajuntos_has_the_seven_portuguese_host_cities(graph):
    rows = graph.cypher("""
        MATCH (m:Municipality {country: 'PT'})-[:TAKES_PART {role: 'host'}]->(:Programme {id: 'programme:inovajuntos'})
        RETURN m.name AS name ORDER BY name""")
    assert [r["name"] for r in rows] == sorted(
        ["Faro", "Olhão", "Coimbra", "Guimarães", "Oeiras", "Valongo", "Cascais"])


def test_loading_twice_gives_the_same_graph(graph):
    before = graph.status(), graph.digest()
    summary = graph.load()
    assert [getattr(summary, k) for k in ("nodes_created", "properties_set", "relationships_created",
                                 "relationships_deleted")] == [0, 0, 0, 0]
    after = graph.status(), graph.digest()
    assert before[0]["labels"] == after[0]["labels"]
    assert before[0]["relationships"] == after[0]["relationships"]
    assert before[1] == after[1]


def test_schema_creation_twice_is_harmless(graph):
    before = graph.cypher("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
    create_schema(graph.store)
    create_schema(graph.store)
    assert graph.cypher("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name") == before
    assert {"name": "actor_id"} in before


@pytest.mark.parametrize("old, new, where", [
    ("{actor: consortium:br:cisga-test, role", "{actor: consortium:br:nowhere, role", "bad.yaml:21:"),
    ("    type: agreement", "    type: meeting", "bad.yaml:14:"),
    ("signed: 2023-12", "signed: 2013-02-30", "bad.yaml:17:"),
    ("      - source: source:inovajuntos-algarve-test", "      - source: source:missing", "bad.yaml:23:"),
    ("  - {id: consortium:br:cisga-test, type: consortium",
     "  - {id: consortium:pt:amal-test, type: consortium, name: AMAL}\n"
     "  - {id: consortium:br:cisga-test, type: consortium", "bad.yaml:11:"),
    ("    evidence:\n", "    evidence_removed:\n", "bad.yaml:13: records[0]: missing required field 'evidence'"),
])
def test_bad_file_exits_non_zero_and_writes_nothing(graph, old, new, where, tmp_path):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    text = (DATA / "minimal.yaml").read_text()
    (tmp_path / "sources").symlink_to(DATA / "sources")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1))
    before = graph.digest()
    # the good file and the bad one in one load: neither is written
    result = subprocess.run(
        [sys.executable, "-m", "munigraph.cli", "load", str(DATA / "minimal.yaml"), str(bad),
         "--data", str(graph.store.folder.path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert where in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert graph.digest() == before


def test_editing_a_record_updates_only_that_record(graph, tmp_path):
    text = (DATA / "minimal.yaml").read_text()
    (tmp_path / "sources").symlink_to(DATA / "sources")
    edited = tmp_path / "edited.yaml"
    edited.write_text(text)
    graph.load([edited])
    try:
        first = graph.digest()
        edited.write_text(text.replace("    status: signed\n", "").replace(
            "      - {actor: consortium:br:cisga-test, role: signatory}\n", ""))
        summary = graph.load([edited])
        assert summary.nodes_created == 0 and summary.relationships_deleted == 1
        assert summary.relationships_created == 0 and summary.properties_set > 0
        assert summary.updated == ["agreement:amal-cisga-test"]
        row = graph.cypher("MATCH (c:Agreement {id: 'agreement:amal-cisga-test'}) "
                           "OPTIONAL MATCH (p:Actor)-[:TAKES_PART]->(c) "
                           "RETURN c.status AS status, collect(p.id) AS parties")[0]
        assert row == {"status": None, "parties": ["consortium:pt:amal-test"]}
        edited.write_text(text)
        if graph.store.folder is None:
            graph.load([edited])
        else:  # the command says what changed
            result = CliRunner().invoke(cli, ["load", str(edited), "--data",
                                              str(graph.store.folder.path)])
            assert result.exit_code == 0, result.output
            assert "1 relationships created, 0 deleted\n  updated: agreement:amal-cisga-test\n" \
                   in result.output
        assert graph.digest() == first
    finally:
        graph.unload([edited])


def test_reads_cannot_write(graph):
    before = graph.digest()
    with pytest.raises(WriteRefused):
        graph.cypher("CREATE (:Topic {id: 'topic:intruder', name: 'x'})")
    with pytest.raises(WriteRefused):
        graph.cypher("MATCH (t:Topic) SET t.name = 'changed'")
    constraints = graph.cypher("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
    for schema_change in ("DROP CONSTRAINT actor_id",
                          "CREATE CONSTRAINT intruder IF NOT EXISTS FOR (n:Topic) REQUIRE n.name IS UNIQUE",
                          "/* tidy */ drop index actor_name", "USE neo4j DROP CONSTRAINT topic_id"):
        with pytest.raises(WriteRefused):
            graph.cypher(schema_change)
    assert graph.cypher("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name") == constraints
    assert graph.digest() == before


def test_hostile_parameter_is_only_a_string(graph):
    before = graph.digest()
    rows = graph.cypher("MATCH (a:Actor) WHERE a.name = $name RETURN a.id AS id",
                        name="x'}) DETACH DELETE a //")
    assert rows == []
    assert graph.digest() == before


def test_unknown_reference_may_name_a_node_already_in_the_graph(graph, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "records:\n"
        "  - id: event:extra-test\n"
        "    type: event\n"
        "    name: Test visit\n"
        "    held_in: [municipality:pt:faro]\n"
        "    evidence:\n"
        "      - {source: source:missing-test, quote: x}\n")
    with pytest.raises(InputError) as caught:
        graph.load(extra)  # one path, not a list, is fine too
    messages = [str(p) for p in caught.value.problems]
    assert messages == [f"{extra}:7: records[0].evidence[0].source: unknown source id "
                        "'source:missing-test': declare it under 'sources' or load the file that does"]


def test_docs_records_example_is_valid(graph, tmp_path):
    import re
    from pathlib import Path

    from munigraph.loaders import Snapshot, check_records

    docs = (Path(__file__).parents[1] / "docs" / "records.md").read_text()
    example = re.findall(r"```yaml\n(.*?)```", docs, re.DOTALL)[1]
    (tmp_path / "example.yaml").write_text(example)
    (tmp_path / "sources").symlink_to(Path(__file__).parents[1] / "data" / "sources")
    files, batch = check_records([tmp_path / "example.yaml"], Snapshot.read(graph.store.read, ["ids"]))
    assert batch.label_counts()["Event"] == 1


def test_transient_errors_are_retried_by_the_managed_transaction(graph):
    """A transaction that fails transiently (a deadlock, a leader switch) runs again; what
    its failed attempt wrote is rolled back."""
    from neo4j.exceptions import Neo4jError

    attempts = []

    def work(tx):
        tx.run("CREATE (:Topic {id: 'topic:retried-test', name: 'Retried'})").consume()
        attempts.append(len(attempts) + 1)
        if len(attempts) == 1:
            raise Neo4jError._hydrate_neo4j(code="Neo.TransientError.Transaction.DeadlockDetected",
                                            message="deadlock detected (raised by the test)")
        return tx.run("MATCH (t:Topic {id: 'topic:retried-test'}) RETURN count(t) AS n").single()["n"]

    try:
        assert graph.store.write_transaction(work) == 1
        assert attempts == [1, 2]
    finally:
        graph.cypher("MATCH (t:Topic {id: 'topic:retried-test'}) DETACH DELETE t", write=True)


@pytest.mark.pure
def test_no_message_of_a_load_holds_more_than_a_batch():
    """Nodes and relationships go to the store a batch at a time, each relationship once,
    its ends named by the element ids the statements that created them returned."""
    import re

    from munigraph.graph.write import Existing, work_size, write_batch
    from munigraph.loaders import bundled_files, prepare

    batch = prepare(bundled_files()).batch
    sent = []

    class Result:
        def __init__(self, records):
            self.records = records
            self.counters = type("Counters", (), {"__getattr__": lambda self, name: 0})()

        def __iter__(self):
            return iter(self.records)

        def consume(self):
            return self

    class Transaction:
        def run(self, query, rows):
            sent.append((query, rows))
            key = re.search(r"RETURN n\.(\w+) AS key", query)
            return Result([{"key": row["props"][key[1]], "element": f"#{len(sent)}:{i}"}
                           for i, row in enumerate(rows)] if key else [])

    done = []
    write_batch(Transaction(), batch, Existing(), progress=done.append, batch_size=10)
    assert max(len(rows) for _query, rows in sent) == 10
    made = {row["start"] for query, rows in sent if "CREATE (a)-" in query for row in rows}
    assert made and all(re.fullmatch(r"#\d+:\d", element) for element in made)
    assert sum(done) == work_size(batch)  # every node and relationship sent once


@pytest.mark.pure
def test_each_input_kept_is_its_own_message(tmp_path):
    """The files a graph is built from go to the store one per message: together they may
    pass the limit of one message (16 MB in the embedded store), each alone does not."""
    from munigraph.loaders import inputs

    named = []
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(f"actors: []  # {name}\n")
        named.append(inputs.of_file(tmp_path / name, "records", False))
    sent = []

    class Transaction:
        def run(self, query, **parameters):
            sent.append((query, parameters))
            return self

        def consume(self):
            return self

    inputs.write(Transaction(), [], named)
    assert [(query, len(parameters["rows"])) for query, parameters in sent] == [(inputs.CREATE, 1)] * 2
    assert {parameters["rows"][0]["path"] for _query, parameters in sent} == {str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")}
