"""The command line: help with examples, clear errors, and the README kept honest."""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import munigraph
from munigraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, prefix + (name,))
        yield prefix + (name,)


@pytest.mark.parametrize("command", [()] + list(commands()), ids=" ".join)
def test_every_command_has_help_with_an_example(command):
    for flag in ("-h", "--help"):
        result = CliRunner().invoke(cli, [*command, flag])
        assert result.exit_code == 0
        assert "Example:" in result.output


@pytest.mark.parametrize("command", list(commands()), ids=" ".join)
def test_readme_shows_every_command(command):
    assert "munigraph " + " ".join(command) in README or (
        command[0] == "server" and "munigraph server start | stop | status" in README)


def readme_blocks(language="sh"):
    return re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)


def test_ci_runs_the_readme_test_command():
    setup = README.split("## Set up")[1].split("## ")[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", setup, re.DOTALL)
    assert len(blocks) == 2  # exactly two set-up commands: install+first query, tests
    assert blocks[1] in (ROOT / ".ci" / "run").read_text()


def test_readme_first_question_answers_with_amal_partners(graph):
    if graph.store.folder is None:
        pytest.skip("runs on the embedded store")
    setup = README.split("## Set up")[1]
    install = re.findall(r"```sh\n(.*?)\n```", setup, re.DOTALL)[0]
    words = shlex.split(install.split(".venv/bin/munigraph cypher ", 1)[1])
    result = CliRunner().invoke(
        cli, ["cypher", *words, "--format", "json", "--data", str(graph.store.folder.path)])
    assert result.exit_code == 0, result.output
    partners = {row["partner"] for row in yaml.safe_load(result.output)}
    assert any(p.startswith("APIS") for p in partners)
    assert any(p.startswith("CISGA") for p in partners)


def test_readme_python_example_runs(graph):
    if graph.store.folder is None:
        pytest.skip("runs on the embedded store")
    code = re.findall(r"```python\n(.*?)```", README, re.DOTALL)[0]
    code = code.replace("munigraph.open()", f"munigraph.open(data={str(graph.store.folder.path)!r})")
    scope = {}
    exec(code, scope)
    assert any("Termo de Cooperação" in row["quote"] for row in scope["rows"])


def test_uri_and_data_together_are_refused(tmp_path):
    result = CliRunner().invoke(cli, ["status", "--uri", "bolt://127.0.0.1:1", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "--data is for the embedded store; it cannot be used with --uri" in result.output


@pytest.mark.parametrize("uri, message", [
    ("bolt://127.0.0.1:1", "Error: cannot reach bolt://127.0.0.1:1: is the server running"),
    ("http://127.0.0.1:7474", "Error: http://127.0.0.1:7474 is not a Neo4j URI"),
])
def test_connection_problems_give_one_clear_line(uri, message):
    result = CliRunner().invoke(cli, ["status", "--uri", uri, "--password", "x"], env={"MUNIGRAPH_DATA": None})
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1


def test_wrong_password_gives_one_clear_line(graph):
    if graph.store.folder is None:
        pytest.skip("uses the embedded server as a Bolt server")
    port = graph.store.folder.server_info()["bolt_port"]
    uri = f"bolt://127.0.0.1:{port}"
    result = CliRunner().invoke(cli, ["status", "--uri", uri, "--user", "root", "--password", "wrong"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {uri} refused user 'root': wrong user name or password "
                                     "(see --user/--password, NEO4J_USERNAME/NEO4J_PASSWORD)")


def test_unknown_database_gives_one_clear_line(graph):
    if graph.store.folder is None:
        pytest.skip("uses the embedded server as a Bolt server")
    folder = graph.store.folder
    uri = f"bolt://127.0.0.1:{folder.server_info()['bolt_port']}"
    result = CliRunner().invoke(cli, ["status", "--uri", uri, "--user", "root", "--password",
                                      folder.password(), "--database", "nope"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: database 'nope' does not exist on {uri} "
                                     "(see --database/NEO4J_DATABASE)")


def test_docker_compose_runs_neo4j_lts_with_apoc_and_a_healthcheck():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5.26")
    assert "apoc" in neo4j["environment"]["NEO4J_PLUGINS"]
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    assert neo4j["healthcheck"]["test"][:2] == ["CMD", "cypher-shell"]
    assert "RETURN 1" in neo4j["healthcheck"]["test"]
    assert any(volume.endswith(":/data") for volume in neo4j["volumes"])
    assert "NEO4J_PASSWORD=" in (ROOT / ".env.example").read_text()


def test_schema_records_prints_the_json_schema():
    result = CliRunner().invoke(cli, ["schema", "records"])
    assert result.exit_code == 0
    assert yaml.safe_load(result.output)["title"] == "munigraph cooperation records"


def test_reset_asks_first(empty_graph):
    empty_graph.load([ROOT / "tests" / "data" / "minimal.yaml"])
    data = ["--data", str(empty_graph.store.folder.path)]
    declined = CliRunner().invoke(cli, ["reset", *data], input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert empty_graph.status()["labels"]["Actor"] == 2
    confirmed = CliRunner().invoke(cli, ["reset", "--yes", *data])
    assert confirmed.exit_code == 0 and "The store is empty." in confirmed.output
    assert empty_graph.status()["labels"] == {}


def test_load_check_needs_no_database(tmp_path):
    result = CliRunner().invoke(cli, ["load", "--check", "--data", str(tmp_path / "never")])
    assert result.exit_code == 0 and re.match(r"\d+ file\(s\) valid: \d+ nodes", result.stdout)
    assert not (tmp_path / "never").exists()


def test_load_json_lists_every_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("records:\n  - id: event:x\n    type: meeting\n    name: X\n")
    result = CliRunner().invoke(cli, ["load", "--check", "--json", str(bad)])
    assert result.exit_code == 1
    problems = yaml.safe_load(result.stdout)["problems"]
    assert [(p["line"], p["field"]) for p in problems] == [(2, "records[0]"), (3, "records[0].type")]


FACTS_HEADER = "party_a,party_a_country,party_b,party_b_country,relation,programme,topic,year,source_address,quote\n"


def test_load_csv_prints_what_each_file_became_and_the_rejected_rows(empty_graph, tmp_path):
    path = tmp_path / "facts.csv"
    path.write_text(FACTS_HEADER + "Faro,Portugal,Málaga,Espanha,sister_city,,geminação,,https://x.org/a,Faro e Málaga\n"
                    "Faro,Atlantis,Olhão,Portugal,exchange,,,2019,https://x.org/b,q\n", encoding="utf-8")
    data = ["--data", str(empty_graph.store.folder.path)]
    refused = CliRunner().invoke(cli, ["load", str(path), *data])
    assert refused.exit_code == 1
    assert f"Error: {path}:3: party_a_country: 'Atlantis' is not a known country name" in refused.output
    assert "1 problem found; nothing was written." in refused.output
    assert empty_graph.status()["labels"] == {}
    loaded = CliRunner().invoke(cli, ["load", str(path), "--skip-rejected", *data])
    assert loaded.exit_code == 0, loaded.output
    assert f"{path} (facts): 2 rows: 1 twinnings; 1 rejected" in loaded.output
    assert f"rejected {path}:3: party_a_country: 'Atlantis'" in loaded.output


def test_load_check_reads_a_csv_without_a_database(tmp_path):
    path = tmp_path / "facts.csv"
    path.write_text(FACTS_HEADER + "Faro,PT,Olhão,PT,exchange,,,2019,https://x.org/b,q\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", "--check", "--json", str(path), "--data", str(tmp_path / "never")])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["inputs"][0]["became"] == {"exchanges": 1}
    assert summary["nodes"]["Municipality"] == 2
    assert not (tmp_path / "never").exists()


def test_draft_writes_records_that_load_check_accepts(tmp_path):
    seed = ROOT / "data" / "sources" / "004_8cfd43090db6978e.txt"
    out = tmp_path / "drafts" / "004.yaml"
    result = CliRunner().invoke(cli, ["draft", str(seed), "-o", str(out), "--no-graph"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output and (out.parent / seed.name).read_bytes() == seed.read_bytes()
    checked = CliRunner().invoke(cli, ["load", "--check", "--json", str(out)])
    assert checked.exit_code == 0, checked.output
    actors = {a["name"] for a in yaml.safe_load(out.read_text())["actors"]}
    assert {"Marseille", "Belo Horizonte", "Lyon", "Frente Nacional de Prefeitos"} <= actors


def test_draft_url_is_the_source_address_and_names_the_page_subject(tmp_path):
    document = tmp_path / "geminacoes.txt"
    document.write_text("Geminações\n\nO município é geminado com:\n\n• Mindelo (Cabo Verde) – 1993\n",
                        encoding="utf-8")
    refused = CliRunner().invoke(cli, ["draft", str(document), "--no-graph", "--url", "javascript:x"])
    assert refused.exit_code == 2 and "javascript:x is not a web address" in refused.output
    url = "https://www.cm-felgueiras.pt/geminacoes"
    result = CliRunner().invoke(cli, ["draft", str(document), "--no-graph", "--url", url])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "geminacoes.draft.yaml").read_text(encoding="utf-8"))
    assert data["sources"][0]["url"] == url
    [record] = data["records"]
    assert [p["actor"] for p in record["parties"]] == ["municipality:pt:felgueiras", "municipality:cv:mindelo"]
    assert record["start"] == "1993" and record["kind"] == "twinning"


def test_draft_of_a_latin1_document_names_the_line(tmp_path):
    document = tmp_path / "doc.txt"
    document.write_bytes("Uma linha.\nO município de Olhão assinou um acordo.\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["draft", str(document), "--no-graph"])
    assert result.exit_code == 1 and f"{document}:2: not UTF-8 (byte 0xed)" in result.output


def test_a_folder_without_input_files_is_a_problem_not_the_bundled_dataset(tmp_path):
    (tmp_path / "notes.txt").write_text("not an input")
    result = CliRunner().invoke(cli, ["load", "--check", "--json", str(tmp_path)])
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["code"] == "no-files" and problem["file"] == str(tmp_path)


@pytest.mark.parametrize("uri", ["bolt://localhost:notaport", "bolt://localhost:7687?x=1"])
def test_a_malformed_uri_is_one_line(uri):
    result = CliRunner().invoke(cli, ["status", "--uri", uri])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {uri} is not a usable Neo4j URI") and result.output.count("\n") == 1


@pytest.mark.pure
def test_a_file_that_cannot_be_read_is_a_problem_with_its_code(tmp_path):
    missing = tmp_path / "gone.csv"
    with pytest.raises(munigraph.InputError) as caught:
        munigraph.check([missing], progress=lambda *args: None)
    [problem] = caught.value.problems
    assert (problem.file, problem.code) == (str(missing), "unreadable")


def test_output_to_a_closed_pipe_ends_quietly():
    """`munigraph queries | head -1`: no traceback and no error once the reader has gone."""
    command = [str(Path(sys.executable).parent / "munigraph"), "queries"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    assert process.wait(timeout=120) == 1
    assert process.stderr.read() == b""
