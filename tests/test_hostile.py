"""Hostile strings: names and parameters with quotes, backticks, braces, Cypher fragments,
control characters, 10,000 characters or right-to-left text are stored and returned
verbatim and never executed; `munigraph cypher` writes only with --write."""

import json

import pytest
from click.testing import CliRunner

from munigraph.cli import cli

HOSTILE = {
    "quotes": "O'Brien \"Town\" d’Água",
    "backticks": "`n` ``x``",
    "braces": "{id: 1} ${x} $actor",
    "cypher": "x'}) DETACH DELETE n //",
    "cypher-2": "\") MATCH (n) DETACH DELETE n RETURN 1 //",
    "control": "Olhão\tnova\u0007linha\r\n\u001b[2J fim",
    "long": "L" + "o" * 9_999,
    "arabic": "الرباط",
    "hebrew": "תל אביב-יפו",
}
IDS = {key: f"municipality:ma:{key}-test" for key in HOSTILE}
AGREEMENT = "agreement:hostile-test"


@pytest.fixture(scope="module")
def hostile(graph, tmp_path_factory):
    """The bundled graph plus one actor per hostile name (as name, alias and description)
    and an agreement between them, from a JSON records file; removed afterwards."""
    before = graph.status()
    records = {
        "sources": [{"id": "source:hostile-test", "title": HOSTILE["cypher"],
                     "url": "https://example.org/hostile"}],
        "actors": [{"id": IDS[key], "type": "municipality", "name": name, "country": "MA",
                    "aliases": [name + " (alias)"], "description": name}
                   for key, name in HOSTILE.items()],
        "records": [{"id": AGREEMENT, "type": "agreement", "name": HOSTILE["cypher-2"],
                     "parties": [{"actor": i, "role": "signatory"} for i in IDS.values()],
                     "evidence": [{"source": "source:hostile-test", "quote": HOSTILE["braces"]}]}],
    }
    path = tmp_path_factory.mktemp("hostile") / "hostile.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    new_country = not graph.cypher("MATCH (k:Country {code: 'MA'}) RETURN k.code AS code")
    summary = graph.load([path])
    assert summary.nodes_created == len(HOSTILE) + 2 + new_country  # and the agreement, source
    yield graph, before
    graph.unload([path])


@pytest.mark.parametrize("key", HOSTILE)
def test_a_hostile_name_is_stored_and_returned_verbatim(hostile, key):
    graph, _ = hostile
    name = HOSTILE[key]
    [row] = graph.cypher("MATCH (a:Actor {id: $id}) RETURN a.name AS name, a.aliases AS aliases, "
                         "a.description AS description", id=IDS[key])
    assert row == {"name": name, "aliases": [name + " (alias)"], "description": name}
    # found by that name through a canned query, with its partners
    rows = graph.query("partners", actor=name)
    assert {r["actor_id"] for r in rows} == {IDS[key]}
    assert {r["partner_id"] for r in rows} == set(IDS.values()) - {IDS[key]}
    assert {r["cooperation"] for r in rows} == {HOSTILE["cypher-2"]}


def test_hostile_names_executed_nothing(hostile):
    graph, before = hostile
    after = graph.status()
    assert after["labels"]["Actor"] == before["labels"]["Actor"] + len(HOSTILE)
    assert after["relationships"]["TAKES_PART"] == before["relationships"]["TAKES_PART"] + len(HOSTILE)
    [evidence] = graph.query("evidence", actor=IDS["cypher"], other=IDS["arabic"])
    assert evidence["quote"] == HOSTILE["braces"] and evidence["source"] == HOSTILE["cypher"]


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_parameters_are_values_only(graph, value):
    """Every canned question that takes a text runs with it and changes nothing."""
    before = graph.digest()
    for name, parameter in (("partners", "actor"), ("connection", "actor"), ("members", "programme"),
                            ("events", "programme"), ("topic", "topic"), ("by-country", "country"),
                            ("find", "text"), ("sources", "text")):
        other = {"other": "AMAL"} if name == "connection" else {}
        rows = graph.query(name, **{parameter: value}, **other)
        assert isinstance(rows, list)
    assert graph.cypher("MATCH (t:Topic) WHERE t.name = $name RETURN t.id AS id", name=value) == []
    assert graph.digest() == before


def test_cypher_writes_only_with_write(graph):
    if graph.store.folder is None:
        pytest.skip("the CLI runs on the embedded store here")
    data = ["--data", str(graph.store.folder.path)]
    before = graph.digest()
    create = "CREATE (:Topic {id: 'topic:intruder-test', name: $name})"
    refused = CliRunner().invoke(cli, ["cypher", create, "-p", f"name={HOSTILE['cypher']}", *data])
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines()[-1] == (
        "Error: this query changes the graph; it was rolled back (allow writes with --write, or write=True in Python)")
    assert graph.digest() == before
    try:
        written = CliRunner().invoke(cli, ["cypher", create, "-p", f"name={HOSTILE['cypher']}", "--write", *data])
        assert written.exit_code == 0, written.output
        assert graph.cypher("MATCH (t:Topic {id: 'topic:intruder-test'}) RETURN t.name AS name") == [
            {"name": HOSTILE["cypher"]}]
    finally:
        graph.cypher("MATCH (t:Topic {id: 'topic:intruder-test'}) DETACH DELETE t", write=True)
    assert graph.digest() == before


def test_hostile_names_in_a_facts_csv_are_stored_verbatim(graph, tmp_path):
    header = "party_a,party_a_country,party_b,party_b_country,relation,programme,topic,year,source_address,quote\n"
    a, b, quote = "y'}) MATCH (n) DETACH DELETE n //", "{name: 2} `m` $b تونس", 'a "quoted" quote'
    path = tmp_path / "hostile.csv"
    path.write_text(header + '"{}",Portugal,"{}",Tunisia,exchange,,,2019,https://example.org/hostile-csv,"{}"\n'
                    .format(a, b, quote.replace('"', '""')), encoding="utf-8")
    before = graph.digest()
    graph.load([path])
    rows = graph.cypher("MATCH (x:Actor {name: $a})-[:TAKES_PART]->(c)<-[:TAKES_PART]-(y:Actor {name: $b}) "
                        "MATCH (c)-[e:EVIDENCED_BY]->(s) RETURN x.id AS x, y.id AS y, c.id AS c, s.id AS s, "
                        "e.quote AS quote", a=a, b=b)
    graph.unload([path])
    assert len(rows) == 1 and rows[0]["quote"] == quote
    assert rows[0]["x"].isascii() and rows[0]["y"].isascii()
    assert graph.digest() == before
