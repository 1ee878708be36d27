"""Canned queries: read from the .cypher files, typed parameters, real answers."""

import pytest
from click.testing import CliRunner

from munigraph import queries
from munigraph.cli import cli
from munigraph.queries import QueryError


def examples(query):
    return {p.name: p.example for p in query.parameters if p.example}


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_every_query_runs_with_its_example_and_returns_its_declared_columns(graph, name):
    query = queries.get(name)
    assert query.description and query.text.startswith(("MATCH", "OPTIONAL MATCH", "WITH", "CALL"))
    rows, keys = queries.run(graph.store, name, **examples(query))
    assert keys == list(query.returns)
    assert rows, f"{name} answers nothing with its example parameters"


def test_partners_of_amal_include_cisga_on_shared_procurement(graph):
    rows, _ = queries.run(graph.store, "partners", actor="AMAL")
    term = [r for r in rows if r["partner_id"] == "consortium:br:cisga" and r["kind"] == "Agreement"]
    assert term and term[0]["role"] == "signatory" and "Shared public procurement" in term[0]["topics"]


def test_evidence_for_amal_and_cisga_quotes_the_seed(graph):
    rows, _ = queries.run(graph.store, "evidence", actor="consortium:pt:amal", other="CISGA")
    assert any(r["file"] == "sources/000_1e35829dcfeae21b.txt" and
               r["quote"].startswith("Foi, de resto, assinado um Termo de Cooperação") for r in rows)


def test_members_of_inovajuntos_hosts_are_the_seven_cities(graph):
    rows, _ = queries.run(graph.store, "members", programme="InovaJuntos", role="host")
    assert sorted(r["actor"] for r in rows) == sorted(
        ["Faro", "Olhão", "Coimbra", "Guimarães", "Oeiras", "Valongo", "Cascais"])


def test_most_connected_takes_a_typed_limit(graph):
    rows, _ = queries.run(graph.store, "most-connected", limit="3")
    assert len(rows) == 3 and rows[0]["partners"] >= rows[-1]["partners"]


def test_hostile_value_is_just_a_string(graph):
    before = graph.digest()
    rows, _ = queries.run(graph.store, "partners", actor="x'}) DETACH DELETE n //")
    assert rows == [] and graph.digest() == before


@pytest.mark.parametrize("args, message", [
    (["query", "partner"], "no query called 'partner'; did you mean partners"),
    (["query", "partners"], "missing parameter actor for partners"),
    (["query", "most-connected", "-p", "limit=x"], "parameter limit must be integer, not 'x'"),
    (["query", "partners", "-p", "actr=AMAL"], "unknown parameter actr for partners"),
])
def test_wrong_name_or_parameter_is_explained_before_connecting(args, message, tmp_path):
    result = CliRunner().invoke(cli, [*args, "--data", str(tmp_path / "never")])
    assert result.exit_code == 1 and message in result.output
    if "parameter" in message:
        assert "example: munigraph query" in result.output
    assert not (tmp_path / "never").exists()


def test_queries_lists_every_query():
    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == sorted(queries.catalogue())


def test_header_without_returns_is_refused():
    with pytest.raises(QueryError, match="no 'returns:' line"):
        queries.parse("// name: x\n// description: y\nRETURN 1", "x.cypher")


def test_topic_found_by_portuguese_name(graph):
    english, _ = queries.run(graph.store, "topic", topic="Sanitation")
    portuguese, _ = queries.run(graph.store, "topic", topic="saneamento")
    assert english == portuguese and any(r["actor"] == "Agona West" for r in english)


def test_brazil_france_includes_the_belo_horizonte_meeting(graph):
    rows, _ = queries.run(graph.store, "between-countries", country="BR", other="FR")
    meeting = [r for r in rows if r["kind"] == "Event" and "Belo Horizonte" in r["parties"]]
    assert meeting and str(meeting[0]["start"]) == "2007-11-12"


def test_connection_goes_through_a_cooperation(graph):
    rows, _ = queries.run(graph.store, "connection", actor="APIS", other="CISGA")
    assert rows[0]["hops"] == 1 and rows[0]["chain"][0].startswith("APIS")
