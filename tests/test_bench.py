"""The benchmark's generator and `munigraph bench` at the small size (a smoke check that
it works; the numbers themselves are in docs/performance.md, not asserted here)."""

import hashlib
import json

import pytest

from click.testing import CliRunner

import munigraph
from munigraph.benchmarks import bench
from munigraph.benchmarks.generate import generate
from munigraph.graph import embedded
from munigraph.graph.errors import StoreError
from munigraph.cli import cli
from munigraph.graph.model import fold
from munigraph.loaders import prepare
from munigraph.queries import catalogue


def digest(files) -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()


def test_the_generated_graph_is_deterministic_valid_and_counted(tmp_path):
    first = generate(tmp_path / "a", actors=300)
    again = generate(tmp_path / "b", actors=300)
    assert digest(first.files) == digest(again.files)
    batch = prepare(first.files).batch
    assert len(batch.nodes) == first.nodes and len(batch.relationships) == first.relationships
    names = [n.properties["name"] for n in batch.nodes if n.primary == "Actor"]
    assert any(name != fold(name) and not name.isascii() for name in names)  # accents
    parties = {}
    for rel in batch.relationships:
        if rel.type == "TAKES_PART":
            parties.setdefault(rel.end, []).append(rel.start)
    agreements = [key for label, key in parties if key.startswith("agreement:")]
    assert agreements and all(2 <= len(parties[("Cooperation", key)]) <= 5 for key in agreements)


def test_bench_small_loads_every_generated_row_and_times_every_query(tmp_path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(cli, ["bench", "--size", "small", "--runs", "10", "--sample", "400",
                                      "--out", str(out)], env={"MUNIGRAPH_DATA": None})
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    generated, load = report["generated"], report["load"]
    assert load["rows"] == generated["rows"] == generated["nodes"] + generated["relationships"]
    assert load["nodes_created"] == generated["nodes"]
    assert load["relationships_created"] == generated["relationships"]
    assert load["ratio"] == round(load["rows_per_s"] / report["per_record"]["rows_per_s"], 1) > 1
    assert load["server_peak_rss_mb"] > 0 and load["peak_rss_mb"] > 0
    assert set(report["queries"]) == {"(RETURN 1)", *catalogue(), bench.TYPED}
    # a folded name finds the actor of that exact name
    assert report["queries"][bench.TYPED]["rows"] >= report["queries"]["partners"]["rows"] > 0
    assert all(t["p50"] <= t["p95"] <= t["max"] for t in report["queries"].values())
    assert sum(t["rows"] for t in report["queries"].values()) > 0
    assert 1000 <= report["export"]["nodes"] <= 2100
    whole = report["whole_export"]  # the small graph is above the page's limit: by country
    assert whole["aggregated"] and whole["held"] > 1000 and 0 < whole["nodes"] < 250
    assert whole["ratio"] == round(whole["seconds"] / report["export"]["seconds"], 2)
    assert "aggregated by country" in result.output
    measured = report["measures"]  # the actors that take part in a cooperation
    assert generated["actors"] / 2 < measured["actors"] <= generated["actors"]
    assert measured["links"] > 0 and measured["pivots"] is None
    assert measured["ratio"] == round(measured["seconds"] / measured["read_seconds"], 1)
    assert "Network measures" in result.output
    assert f"{load['ratio']:.1f}×" in result.output and "most-connected" in result.output


def test_bench_refuses_a_store_that_holds_data(graph, tmp_path):
    if graph.store.engine != "arcadedb":
        pytest.skip("--data names an embedded store")
    result = CliRunner().invoke(cli, ["bench", "--data", graph.store.location, "--out",
                                      str(tmp_path / "x.json")])
    assert result.exit_code == 1 and "is not empty" in result.output
    assert not (tmp_path / "x.json").exists()
    assert graph.query("partners", actor="AMAL")  # the store's server still serves


def test_a_load_too_big_for_the_servers_memory_says_so_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MUNIGRAPH_HEAP", "64m")
    generated = generate(tmp_path / "records", actors=5_000)
    graph = munigraph.open(data=tmp_path / "store")
    try:
        graph.load()
        before = graph.digest()
        with pytest.raises(StoreError, match="ran out of memory .* nothing was written.*MUNIGRAPH_HEAP, now 64m"):
            graph.load(generated.files)
        graph.close()  # the server stopped, out of memory: the next command starts another
        graph = munigraph.open(data=tmp_path / "store")
        assert graph.digest() == before
    finally:
        graph.close()
        embedded.stop_server(embedded.DataFolder(tmp_path / "store"))
