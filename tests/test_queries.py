"""Canned queries: read from the .cypher files, typed parameters, and real answers on the
bundled dataset, checked against the seed documents or against an independent count."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from munigraph import queries
from munigraph.cli import cli
from munigraph.loaders.files import normalise_space
from munigraph.queries import QueryError
from munigraph.queries.output import Rows

DATA = Path(__file__).resolve().parents[1] / "data"
SEVEN_CITIES = ["Faro", "Olhão", "Coimbra", "Guimarães", "Oeiras", "Valongo", "Cascais"]


def run(graph, name, **values):
    return queries.run(graph.store, name, **values)[0]


def seed_sentence(file, start):
    """The sentence of bundled source ``file`` that starts with ``start``."""
    text = normalise_space((DATA / file).read_text(encoding="utf-8"))
    return re.search(re.escape(start) + r"[^.]*\.", text).group()


# --- every query --------------------------------------------------------------------------


def test_there_are_at_least_twelve_questions():
    assert len(queries.catalogue()) >= 12


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_query_runs_with_its_example_and_returns_its_declared_columns(graph, name):
    query = queries.get(name)
    assert query.description and query.text.startswith(("MATCH", "OPTIONAL MATCH", "WITH", "CALL"))
    rows, keys = queries.run(graph.store, name, **query.examples())
    assert keys == list(query.returns)
    assert rows, f"{name} answers nothing with its example parameters"


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_query_runs_from_the_cli_in_all_three_formats(graph, name):
    query = queries.get(name)
    args = ["query", name, "--data", str(graph.store.folder.path) if graph.store.folder else ""]
    args += [f"-p{k}={v}" for k, v in query.examples().items()]
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    outputs = {}
    for fmt in ("table", "csv", "json"):
        result = CliRunner().invoke(cli, [*args, "--format", fmt], env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        outputs[fmt] = result.output
    as_json = json.loads(outputs["json"])
    assert outputs["csv"].startswith("\ufeff")  # spreadsheets then read UTF-8
    as_csv = list(csv.DictReader(io.StringIO(outputs["csv"].removeprefix("\ufeff"))))
    table = outputs["table"].splitlines()
    blocks = table[0].startswith("-[ 1 ]")  # too many columns for 80: a block per row
    shown = sum(line.startswith("-[ ") for line in table) if blocks else len(table) - 2
    assert len(as_json) == len(as_csv) == shown > 0
    printed = Rows([], query.returns).keys  # a date's precision column is folded into it
    assert list(as_json[0]) == list(as_csv[0]) == printed
    assert table[1 if blocks else 0].split(" | ")[0].strip() == query.returns[0]
    assert max(len(line) for line in table) <= 80
    for row_json, row_csv in zip(as_json, as_csv):  # the same values, accents intact
        for key, value in row_json.items():
            if isinstance(value, str):
                assert row_csv[key] == " ".join(value.split())


# --- one question each, answered from the seeds -------------------------------------------


def test_partners_of_amal_include_apis_and_cisga_through_the_procurement_term(graph):
    rows = run(graph, "partners", actor="AMAL")
    term = {r["partner_id"]: r for r in rows if r["cooperation"].startswith("Termo de Cooperação")}
    assert set(term) == {"consortium:br:apis", "consortium:br:cisga"}
    assert all(r["role"] == r["partner_role"] == "signatory" and r["kind"] == "Agreement" and
               r["topics"] == ["Shared public procurement"] for r in term.values())


@pytest.mark.parametrize("name", ["amal", "consortium:pt:amal", "Comunidade Intermunicipal do Algarve",
                                  "AMAL – Comunidade Intermunicipal do Algarve"])
def test_an_actor_is_named_by_id_name_or_alias_in_any_case(graph, name):
    assert run(graph, "partners", actor=name) == run(graph, "partners", actor="AMAL")


def test_evidence_for_amal_and_cisga_is_the_seed_sentence_and_only_sources_naming_both(graph):
    rows = run(graph, "evidence", actor="consortium:pt:amal", other="CISGA")
    sentence = seed_sentence("sources/000_1e35829dcfeae21b.txt", "Foi, de resto, assinado")
    assert any(r["file"] == "sources/000_1e35829dcfeae21b.txt" and r["quote"] == sentence
               and r["cooperation"].startswith("Termo de Cooperação") for r in rows)
    naming = graph.cypher(
        "MATCH (s:Source) WHERE EXISTS { MATCH (:Actor {id: $a})-[x:TAKES_PART]->() WHERE s.id IN x.sources } "
        "AND EXISTS { MATCH (:Actor {id: $b})-[y:TAKES_PART]->() WHERE s.id IN y.sources } RETURN s.title AS title",
        a="consortium:pt:amal", b="consortium:br:cisga")
    assert {r["source"] for r in rows} <= {r["title"] for r in naming}


def test_members_of_inovajuntos_hosts_are_the_seven_cities_of_the_seed(graph):
    sentence = seed_sentence("sources/000_1e35829dcfeae21b.txt", "Esta missão de cooperação")
    assert all(city in sentence for city in SEVEN_CITIES)
    rows = run(graph, "members", programme="InovaJuntos", role="host")
    assert sorted(r["actor"] for r in rows) == sorted(SEVEN_CITIES)


def test_topic_solid_waste_finds_fnp_uscm_and_100_cidades_in_english_or_portuguese(graph):
    rows = run(graph, "topic", topic="solid waste")
    topics = {r["cooperation"]: r["topics"] for r in rows}
    assert next(t for c, t in topics.items() if "FNP e a USCM" in c) == ["Final disposal of solid waste"]
    assert next(t for c, t in topics.items() if c.startswith("100 cidades")) == ["Solid waste"]
    assert run(graph, "topic", topic="Resíduos sólidos") == run(graph, "topic", topic="residuos solidos") == rows


def test_topic_lists_each_party_once_and_cooperations_known_only_by_their_countries(graph):
    rows = run(graph, "topic", topic="smart city")
    parties = [(r["cooperation"], r["actor"], r["role"]) for r in rows]
    assert len(parties) == len(set(parties))
    scoped = run(graph, "topic", topic="decentralised cooperation")
    franco = [r for r in scoped if r["cooperation"] == "Cooperação internacional descentralizada Brasil-França"]
    assert franco and sorted(franco[0]["scope"]) == ["BR", "FR"]


def test_brazil_mozambique_cooperation_dates_to_2013(graph):
    assert "formalizado no ano de 2013" in (DATA / "sources/004_8cfd43090db6978e.txt").read_text()
    rows = run(graph, "between-countries", country="BR", other="Moçambique")
    assert min(r["start"].year for r in rows if r["start"]) == 2013
    assert any("FNP" in r["cooperation"] and {"Maputo", "Frente Nacional de Prefeitos"} <= set(r["parties"])
               for r in rows)
    assert run(graph, "between-countries", country="brasil", other="MZ") == rows


def test_country_pairs_count_what_between_countries_lists(graph):
    pairs = run(graph, "country-pairs", country="Brasil")
    assert pairs and all("Brazil" in (p["country"], p["other"]) for p in pairs)
    codes = {"Portugal": "PT", "France": "FR", "Mozambique": "MZ", "Italy": "IT"}
    for pair in pairs:
        other = pair["other"] if pair["country"] == "Brazil" else pair["country"]
        if other in codes:
            assert pair["cooperations"] == len(run(graph, "between-countries", country="BR", other=codes[other]))


def test_by_country_lists_amal_as_a_consortium_and_the_seven_cities(graph):
    rows = {r["actor"]: r for r in run(graph, "by-country", country="Portugal")}
    assert rows["AMAL – Comunidade Intermunicipal do Algarve"]["kind"] == "Consortium"
    assert set(SEVEN_CITIES) <= set(rows)
    assert all(r["cooperations"] >= 1 for r in rows.values() if r["actor"] in SEVEN_CITIES)


@pytest.mark.parametrize("text, first", [
    ("olhao", "Olhão"), ("OLHÃO", "Olhão"), ("FNP", "Frente Nacional de Prefeitos"),
    ("frente nacional", "Frente Nacional de Prefeitos"), ("cisga", "CISGA – Consórcio Intermunicipal "
                                                         "de Desenvolvimento Sustentável da Serra Gaúcha"),
    ("saneamento", "Sanitation"), ("inovajuntos", "InovaJuntos – Cooperação Urbana Triangular para "
                                                  "Inovação e Sustentabilidade"),
])
def test_find_by_partial_name_or_alias_any_case_accents_optional(graph, text, first):
    rows = run(graph, "find", text=text)
    assert rows[0]["name"] == first


def test_most_connected_counts_the_partners_that_partners_lists(graph):
    rows = run(graph, "most-connected", limit=3)
    assert len(rows) == 3 and rows[0]["partners"] >= rows[1]["partners"] >= rows[2]["partners"]
    for row in rows:
        actor = run(graph, "find", text=row["actor"], limit=1)[0]["id"]
        partners = run(graph, "partners", actor=actor)
        assert row["partners"] == len({p["partner_id"] for p in partners})
        assert row["cooperations"] == len({p["cooperation"] for p in partners})


def test_timeline_counts_every_dated_cooperation_once(graph):
    rows = run(graph, "timeline")
    dated = graph.cypher("MATCH (c:Cooperation) WHERE coalesce(c.start, c.signed) IS NOT NULL "
                         "RETURN count(c) AS n")[0]["n"]
    assert sum(r["cooperations"] for r in rows) == dated
    assert [r["year"] for r in rows] == sorted(r["year"] for r in rows)
    assert any("moçambicanas" in name for name in next(r for r in rows if r["year"] == 2013)["names"])


def test_topics_by_sdg_match_the_topics_file(graph):
    topics = yaml.safe_load((DATA / "topics.yaml").read_text())["topics"]
    expected = sorted((sdg, t["name"]) for t in topics for sdg in t.get("sdg", []))
    rows = run(graph, "topics-by-sdg")
    assert sorted((r["sdg"], r["topic"]) for r in rows) == expected


def test_events_of_inovajuntos_include_the_december_mission_in_the_seven_cities(graph):
    rows = run(graph, "events", programme="InovaJuntos")
    mission = [r for r in rows if r["event"] == "Missão de cooperação internacional do InovaJuntos em Portugal"]
    assert mission and sorted(mission[0]["places"]) == sorted(SEVEN_CITIES)
    assert {r["programme"] for r in rows} == {"InovaJuntos – Cooperação Urbana Triangular para Inovação "
                                              "e Sustentabilidade"}
    assert len(run(graph, "events")) > len(rows)


def test_sources_list_every_source_of_the_dataset(graph):
    declared = yaml.safe_load((DATA / "sources.yaml").read_text())["sources"]
    rows = run(graph, "sources")
    assert sorted(r["source"] for r in rows) == sorted(s["title"] for s in declared)
    seed = next(r for r in rows if r["file"] == "sources/000_1e35829dcfeae21b.txt")
    assert seed["cooperations"] >= 3  # the programme, the mission and the AMAL–APIS–CISGA term


def test_connection_is_the_shortest_chain_of_actors_and_cooperations(graph):
    direct = run(graph, "connection", actor="APIS", other="CISGA")
    assert direct[0]["hops"] == 1 and direct[0]["chain"][0].startswith("APIS")
    longer = run(graph, "connection", actor="AMAL", other="Maputo")[0]
    actors = graph.to_networkx(view="actors")
    import networkx as nx

    assert longer["hops"] == nx.shortest_path_length(actors, longer["actor_id"], longer["other_id"])
    chain = longer["chain"]
    assert len(chain) == 2 * longer["hops"] + 1
    for a, cooperation, b in zip(chain[0::2], chain[1::2], chain[2::2]):
        actor = run(graph, "find", text=a, limit=1)[0]["id"]
        assert any(p["partner"] == b and p["cooperation"] == cooperation
                   for p in run(graph, "partners", actor=actor))


def test_connection_never_joins_an_actor_to_itself(graph):
    assert run(graph, "connection", actor="AMAL", other="amal") == []
    # the city and the state of São Paulo share no chain of cooperations
    assert run(graph, "connection", actor="São Paulo", other="sao paulo") == []
    rows = run(graph, "connection", actor="municipality:br:santarem", other="municipality:pt:santarem")
    assert [(r["actor_id"], r["other_id"]) for r in rows] == [
        ("municipality:br:santarem", "municipality:pt:santarem")]


SANTAREM = ("'Santarém' names 2 actors: municipality:br:santarem (Santarém, BR), "
            "municipality:pt:santarem (Santarém, PT); give the id of the one you mean, "
            "e.g. {}=municipality:br:santarem")


@pytest.mark.parametrize("name, values, parameter", [
    ("partners", {"actor": "Santarém"}, "actor"), ("partners", {"actor": "SANTAREM"}, "actor"),
    ("evidence", {"actor": "AMAL", "other": "Santarém"}, "other"),
    ("connection", {"actor": "Santarém", "other": "Maputo"}, "actor"),
])
def test_a_name_that_two_actors_share_is_refused_with_their_ids(graph, name, values, parameter):
    with pytest.raises(QueryError) as refused:
        run(graph, name, **values)
    assert str(refused.value) == SANTAREM.format(parameter).replace("'Santarém'", repr(values[parameter]))


def test_an_id_names_one_of_two_actors_that_share_a_name(graph):
    rows = run(graph, "partners", actor="municipality:br:santarem")
    assert rows and {r["actor_id"] for r in rows} == {"municipality:br:santarem"}
    assert {r["partner"] for r in rows} >= {"Belém", "Barcarena"}
    portugal = run(graph, "partners", actor="municipality:pt:santarem")
    assert portugal and {r["actor_id"] for r in portugal} == {"municipality:pt:santarem"}


def test_the_cli_refuses_a_shared_name_with_one_message(graph):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    result = CliRunner().invoke(cli, ["query", "partners", "-p", "actor=Santarém",
                                      "--data", str(graph.store.folder.path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {SANTAREM.format('actor')}\n"


# --- parameters and safety ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["x'}) DETACH DELETE n //", "Olhão\") MATCH (n) DETACH DELETE n //",
                                   "`; DROP CONSTRAINT actor_id", "$actor"])
def test_hostile_value_is_just_a_string(graph, value):
    before = graph.digest()
    assert run(graph, "partners", actor=value) == []
    assert run(graph, "find", text=value) == []
    assert graph.digest() == before


@pytest.mark.parametrize("args, message", [
    (["query", "partner"], "no query called 'partner'; did you mean partners"),
    (["query", "partners"], "missing parameter actor for partners"),
    (["query", "most-connected", "-p", "limit=x"], "parameter limit must be integer, not 'x'"),
    (["query", "partners", "-p", "actr=AMAL"], "unknown parameter actr for partners; did you mean actor?"),
])
def test_wrong_name_or_parameter_is_explained_before_connecting(args, message, tmp_path):
    result = CliRunner().invoke(cli, [*args, "--data", str(tmp_path / "never")])
    assert result.exit_code == 1 and message in result.output
    if "parameter" in message:
        assert "example: munigraph query" in result.output
    assert not (tmp_path / "never").exists()


def test_queries_lists_every_query_within_80_columns():
    result = CliRunner().invoke(cli, ["queries"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines() if not line.startswith(" ")]
    assert names == sorted(queries.catalogue())
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_queries_name_shows_the_parameters_the_file_and_its_cypher_shell_command():
    result = CliRunner().invoke(cli, ["queries", "topic"])
    assert result.exit_code == 0
    assert "example: munigraph query topic -p 'topic=solid waste'" in result.output
    assert re.search(r"in Neo4j: cypher-shell -f \S+topic\.cypher -P \"topic => 'solid waste'\"",
                     result.output)
    assert queries.get("topic").text in result.output


def test_an_empty_answer_keeps_its_columns(graph):
    printed = Rows([], queries.get("partners").returns).keys
    assert printed[-2:] == ["start", "end"]
    frame = graph.query("partners", actor="nobody", as_frame=True)
    assert frame.empty and list(frame.columns) == printed
    if graph.store.folder is not None:
        result = CliRunner().invoke(cli, ["query", "partners", "-p", "actor=nobody", "--format", "csv",
                                          "--data", str(graph.store.folder.path)])
        assert result.output.splitlines()[0] == "\ufeff" + ",".join(printed)
        assert "No rows. To check a name: munigraph query find" in result.output


@pytest.mark.parametrize("value", [" AMAL", "AMAL\n", "amal", "Comunidade Intermunicipal do Algarve "])
def test_names_are_trimmed(graph, value):
    assert run(graph, "partners", actor=value) == run(graph, "partners", actor="AMAL")


def test_decomposed_accents_match_like_composed_ones(graph):
    assert run(graph, "find", text="Olha\u0303o")[0]["name"] == "Olhão"


def test_roles_match_in_any_case(graph):
    assert run(graph, "members", programme="InovaJuntos", role="Host") == run(
        graph, "members", programme="InovaJuntos", role="host")


@pytest.mark.parametrize("value", ["99999999999999999999", "+3", "1_0", "٣", "1.5", "", "true"])
def test_integers_are_plain_64_bit_digits(value):
    with pytest.raises(QueryError, match="parameter limit must be integer"):
        queries.get("most-connected").bind({"limit": value})


def test_none_means_not_given():
    assert queries.get("most-connected").bind({"limit": None}) == {"limit": 10}
    with pytest.raises(QueryError, match="missing parameter actor"):
        queries.get("partners").bind({"actor": None})


@pytest.mark.parametrize("line, message", [
    ("n (integer) — how many; example: five", "x.cypher: parameter n: parameter n must be integer, not 'five'"),
    ("n (integer) = ten — how many", "x.cypher: parameter n: default is not JSON"),
    ("n (integer) = \"10\" — how many", None),
    ("t (string) = \"solid waste\" — a topic", None),
])
def test_header_defaults_and_examples_are_checked_when_read(line, message):
    text = f"// name: x\n// description: y\n// param: {line}\n// returns: a\nRETURN $n AS a"
    if message is None:
        assert queries.parse(text, "x.cypher").parameters[0].default in (10, "solid waste")
    else:
        with pytest.raises(QueryError, match=re.escape(message)):
            queries.parse(text, "x.cypher")


def test_header_without_returns_is_refused():
    with pytest.raises(QueryError, match="no 'returns:' line"):
        queries.parse("// name: x\n// description: y\nRETURN 1", "x.cypher")


def test_header_with_an_unreadable_parameter_line_is_refused():
    with pytest.raises(QueryError, match="x.cypher: cannot read the parameter line 'actor string'"):
        queries.parse("// name: x\n// description: y\n// param: actor string\n// returns: a\nRETURN 1",
                      "x.cypher")


def test_a_cypher_file_of_ones_own_runs_like_a_canned_query(graph, tmp_path):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    mine = tmp_path / "cisga-topics.cypher"
    mine.write_text("// name: cisga-topics\n// description: Topics of an actor's cooperations.\n"
                    "// param: actor (string) — id, name or alias; example: CISGA\n// returns: topic\n"
                    "MATCH (a:Actor)-[:TAKES_PART]->(:Cooperation)-[:ON_TOPIC]->(t:Topic)\n"
                    "WHERE toLower($actor) IN a.lookup RETURN DISTINCT t.name AS topic ORDER BY topic\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", str(mine), "-p", "actor=cisga", "--format", "json",
                                      "--data", str(graph.store.folder.path)])
    assert result.exit_code == 0, result.output
    assert "Shared public procurement" in [row["topic"] for row in json.loads(result.output)]
    missing = CliRunner().invoke(cli, ["query", str(tmp_path / "nope.cypher")])
    assert missing.exit_code == 1 and "cannot read the query file" in missing.output


README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
README_EXAMPLES = re.findall(r"\| `munigraph (query [^`]+)` \|", README)


def test_readme_shows_an_example_of_every_query():
    assert sorted({example.split()[1] for example in README_EXAMPLES}) == sorted(queries.catalogue())


@pytest.mark.parametrize("example", README_EXAMPLES)
def test_readme_example_answers(graph, example):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    import shlex

    result = CliRunner().invoke(cli, [*shlex.split(example), "--format", "json",
                                      "--data", str(graph.store.folder.path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)
