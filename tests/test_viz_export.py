"""`munigraph export`: every format from the command line, on the bundled dataset and on
Wikidata twinnings, read back; and the export function the command line and the library
share (`munigraph.viz.export`)."""

import json
import re
import struct
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import munigraph
from munigraph import viz
from munigraph.cli import cli
from munigraph.graph import embedded
from munigraph.graph.errors import ExportError, MunigraphError
from munigraph.language import speaking
from munigraph.viz import limits
from munigraph.viz.export import ExportReport, check_out
from munigraph.viz.html import vis_network

from conftest import DATA
from test_viz_html import words

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


@pytest.mark.parametrize("language", ["pt", "en"])
def test_the_command_line_exports_in_the_chosen_language(graph, tmp_path, language):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    word = words(language)
    for kind in ("html", "map"):
        out = tmp_path / f"amal-{kind}.html"
        with speaking(None):  # --lang holds for the command, not for the tests after it
            said = export(graph.store.folder.path, kind, out, "--actor", "AMAL", "--lang", language)
        assert said.startswith(word("Wrote {path}: {caption}").format(path=out, caption="munigraph · "))
        assert word("graph of {date}").split("{")[0] in said
        text = out.read_text(encoding="utf-8")
        assert f'<html lang="{language}">' in text
        assert f"<h1>{word('International municipal cooperation')}</h1>" in text
        legend = {"html": " <small>", "map": "</li>"}[kind]  # a kind, then its count or nothing
        assert word("municipality", "kind") + legend in text
        assert (word("Whole world") in text) == (kind == "map")
        if language != "en":
            assert "International municipal cooperation" not in text and " sources · " not in text


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
    (["--actor", "Santarém"], "'Santarém' names 2 actors: municipality:br:santarem (Santarém, BR), "
                              "municipality:pt:santarem (Santarém, PT); give the id of the one you mean, "
                              "e.g. actor=municipality:br:santarem"),
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


@pytest.mark.parametrize("options, code, message", [
    (["--between", "BR", "--lang", "pt"], 2, "--between takes two countries, as in --between BR MZ; "
                                             "it got BR --lang"),
    (["--width", "0.5in"], 1, "the picture would be 100 × 71 pixels"),
    (["--width", "18pt"], 1, "width is pixels (2400 or 2400px) or a length"),
])
def test_sizes_and_countries_that_cannot_be_are_refused_before_anything_is_written(
        graph, tmp_path, options, code, message):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    result = CliRunner().invoke(cli, ["export", "png", str(tmp_path / "x.png"), *options,
                                      "--data", str(graph.store.folder.path)])
    assert result.exit_code == code and message in result.output
    assert not (tmp_path / "x.png").exists()


def test_an_html_export_shows_dates_at_their_precision(graph, tmp_path):
    if graph.store.folder is None:
        pytest.skip("the CLI test runs on the embedded store")
    out = tmp_path / "mozambique.html"
    export(graph.store.folder.path, "html", out, "--programme", "programme:fnp-mozambique")
    embedded = re.search(r'<script id="munigraph-data" type="application/json">(.*?)</script>',
                         out.read_text(encoding="utf-8")).group(1)
    nodes = {node["id"]: node for node in json.loads(embedded)["nodes"]}
    assert nodes["programme:fnp-mozambique"]["title"].splitlines()[1] == "Programme · from 2013"
    assert "2013-01-01" not in embedded


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


def test_the_library_export_writes_and_reports(graph, tmp_path):
    out = tmp_path / "new folder" / "amal.graphml"
    report = viz.export(graph.store, "graphml", out, actor="AMAL")
    drawn = nx.read_graphml(out)
    assert isinstance(report, ExportReport) and (report.path, report.kind) == (out, "graphml")
    assert (report.nodes, report.edges) == (drawn.number_of_nodes(), len(set(drawn.edges())))
    assert report.caption.endswith(f" · {report.nodes} nodes, {report.edges} links")
    assert str(report) == f"Wrote {out}: {report.caption}" and report.warning is None


def test_the_limits_hold_for_a_library_caller(graph, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAP", 5)
    world = viz.export(graph.store, "map", tmp_path / "amal.html", actor="AMAL")
    assert world.nodes > 5 and (tmp_path / "amal.html").stat().st_size > 0
    assert world.warning == f"{world.nodes} nodes: the page may be slow to open; a filter would help."
    gephi = viz.export(graph.store, "gexf", tmp_path / "amal.gexf", actor="AMAL")
    assert gephi.nodes == world.nodes and gephi.warning is None  # gexf keeps every node
    assert nx.read_gexf(tmp_path / "amal.gexf").number_of_nodes() == gephi.nodes


def test_a_wrong_suffix_or_an_empty_selection_is_refused(graph, tmp_path):
    with pytest.raises(ExportError) as refused:  # before the store is used
        viz.export(None, "png", tmp_path / "x.svg")
    assert str(refused.value) == f"{tmp_path / 'x.svg'} does not end in .png, the suffix of a png file."
    check_out("map", "world.HTM")
    with pytest.raises(ExportError, match="the format is one of html, png"):
        check_out("jpeg", "x.jpeg")
    out = tmp_path / "nothing.html"
    with pytest.raises(MunigraphError, match="the filters choose no cooperation: nothing to draw"):
        viz.export(graph.store, "html", out, actor="AMAL", since=2100)
    alone = graph.cypher(  # a cooperation with no party and nothing part of it: no actor to draw
        "MATCH (c:Cooperation) WHERE NOT EXISTS { MATCH (c)<-[:TAKES_PART]-(:Actor) } "
        "AND NOT EXISTS { MATCH (:Cooperation)-[:PART_OF]->(c) } RETURN c.id AS id LIMIT 1")[0]["id"]
    with pytest.raises(ExportError, match="^the graph holds nothing to draw: no file was written$"):
        viz.export(graph.store, "html", out, programme=alone, view="actors")
    assert not out.exists()


def test_the_gallery_shows_what_its_script_draws_and_nothing_else():
    import importlib.util

    docs = Path(__file__).resolve().parents[1] / "docs"
    spec = importlib.util.spec_from_file_location("gallery", docs / "gallery.py")
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    drawn = {name for name, *_ in gallery.PICTURES + gallery.PAGES}
    assert {p.name for p in (docs / "gallery").glob("*.png")} == drawn
    shown = set(re.findall(r"\]\(gallery/([^)]+)\)", (docs / "exports.md").read_text()))
    assert shown == drawn
