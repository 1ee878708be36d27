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
    assert f"Wrote {out}: munigraph · data of" in said
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
    result = CliRunner().invoke(cli, ["export", "html", str(out), "--since", "2100",
                                      "--data", str(graph.store.folder.path)])
    assert result.exit_code == 1 and "the filters choose nothing" in result.output
    assert not out.exists()


def test_param_without_query_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["export", "html", str(tmp_path / "x.html"), "-p", "actor=AMAL",
                                      "--data", str(tmp_path / "never")])
    assert result.exit_code == 2 and "-p/--param goes with --query NAME" in result.output
    assert not (tmp_path / "never").exists()
