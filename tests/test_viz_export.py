"""`munigraph export`: every format from the command line, on the bundled dataset and on
Wikidata twinnings, read back."""

import re
import struct

import networkx as nx
import pytest
from click.testing import CliRunner

import munigraph
from munigraph.cli import cli
from munigraph.graph import embedded
from munigraph.viz.html import vis_network

from conftest import DATA

FORMATS = {"html": "html", "png": "png", "svg": "svg", "pdf": "pdf", "gexf": "gexf",
           "graphml": "graphml", "map": "html"}


def export(folder, kind, out, *options):
    result = CliRunner().invoke(cli, ["export", kind, str(out), *options, "--data", str(folder)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    return result.output


@pytest.fixture(scope="module")
def twinnings(tmp_path_factory):
    """A store holding only the Portuguese Wikidata twinnings."""
    folder = tmp_path_factory.mktemp("twinnings")
    graph = munigraph.open(data=folder)
    graph.load([DATA / "inputs" / "portugal.tsv"])
    yield graph
    graph.close()
    embedded.stop_server(embedded.DataFolder(folder))


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_exports_the_ego_network_of_amal(graph, tmp_path, kind):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    out = tmp_path / f"amal.{FORMATS[kind]}"
    said = export(graph.store.folder.path, kind, out, "--actor", "AMAL", "--width", "800", "--height", "600",
                  "--dpi", "100")
    assert f"Wrote {out}: munigraph · graph of" in said
    content = out.read_bytes()
    if kind in ("gexf", "graphml"):
        read = nx.read_gexf(out) if kind == "gexf" else nx.read_graphml(out)
        assert "agreement:amal-apis-cisga-compras-partilhadas" in read
    elif kind == "png":
        assert struct.unpack(">II", content[16:24]) == (800, 600)
    elif kind in ("html", "map"):  # no address outside the inlined vis-network library
        text = content.decode("utf-8").replace(vis_network(), "")
        assert "CISGA" in text and not re.search(r"https?://", text)


@pytest.mark.parametrize("kind", ["html", "png", "gexf", "map"])
def test_wikidata_twinnings_export(twinnings, tmp_path, kind):
    out = tmp_path / f"twinnings.{FORMATS[kind]}"
    said = export(twinnings.store.folder.path, kind, out, "--view", "actors", "--width", "800",
                  "--height", "600", "--dpi", "100")
    nodes = int(said.split(" nodes")[0].rsplit(" ", 1)[1])
    assert nodes == twinnings.cypher("MATCH (a:Actor) RETURN count(a) AS n")[0]["n"]
    if kind == "gexf":
        assert nx.read_gexf(out).number_of_nodes() == nodes
    if kind in ("html", "map"):
        assert "Olhão" in out.read_text(encoding="utf-8")


def test_filters_that_choose_nothing_write_nothing(graph, tmp_path):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    out = tmp_path / "none.html"
    for filters in (["--since", "2100"], ["--actor", "AMAL", "--since", "2100"], ["--actor", "AMAL", "--country", "JP"]):
        result = CliRunner().invoke(cli, ["export", "html", str(out), *filters, "--data", str(graph.store.folder.path)])
        assert result.exit_code == 1 and "the filters choose no cooperation" in result.output, filters
    assert not out.exists()


@pytest.mark.parametrize("options, message", [
    (["--actor", "Santarém"], "'Santarém' names 2 actors: municipality:br:santarem, municipality:pt:santarem"),
    (["--topic", "astrology"], "no topic is called 'astrology'"),
    (["--programme", "Atlantis"], "no programme or cooperation is called 'Atlantis'"),
    (["--query", "partners", "-p", "actor=Atlantis"], "'partners' answers nothing with these parameters"),
])
def test_names_that_choose_nothing_clearly_or_ambiguously_are_refused(graph, tmp_path, options, message):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    result = CliRunner().invoke(cli, ["export", "html", str(tmp_path / "x.html"), *options,
                                      "--data", str(graph.store.folder.path)])
    assert result.exit_code == 1 and message in result.output


def test_a_connection_is_drawn_with_its_whole_chain(graph, tmp_path):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    out = tmp_path / "chain.graphml"
    export(graph.store.folder.path, "graphml", out, "--query", "connection", "-p", "actor=AMAL", "-p", "other=Maputo")
    chain = graph.query("connection", actor="AMAL", other="Maputo")[0]["chain_ids"]
    drawn = nx.read_graphml(out)
    assert set(chain) <= set(drawn) and nx.has_path(drawn.to_undirected(), chain[0], chain[-1])


def test_a_suffix_that_is_not_the_format_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["export", "png", str(tmp_path / "x.svg"), "--data", str(tmp_path / "never")])
    assert result.exit_code == 2 and "does not end in .png" in result.output
    assert not (tmp_path / "never").exists()


def test_param_without_query_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["export", "html", str(tmp_path / "x.html"), "-p", "actor=AMAL",
                                      "--data", str(tmp_path / "never")])
    assert result.exit_code == 2 and "-p/--param goes with --query NAME" in result.output
    assert not (tmp_path / "never").exists()
