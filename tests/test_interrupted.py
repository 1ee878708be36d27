"""A load killed midway, by SIGKILL of the munigraph process or of the embedded server,
leaves the graph exactly as it was, and the next command works without repair."""

import os
import signal
import subprocess
import sys
import time

import pytest

import munigraph
from munigraph.benchmarks.generate import generate
from munigraph.graph import embedded

ACTORS = 5000  # a load of about 60,000 rows: several seconds of writing


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """An embedded store holding the bundled dataset, and a generated graph to load into it."""
    folder = tmp_path_factory.mktemp("interrupted")
    generate(folder / "generated", ACTORS)
    with munigraph.open(data=folder / "store") as graph:
        graph.load()
    yield folder / "store", folder / "generated"
    embedded.stop_server(embedded.DataFolder(folder / "store"))


def munigraph_command(*arguments, **options):
    return subprocess.Popen([sys.executable, "-m", "munigraph.cli", *map(str, arguments)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)


def content(data):
    with munigraph.open(data=data) as graph:
        status = graph.status()
        return status["labels"], status["relationships"], graph.digest()


def start_load_and_wait_for_writing(data, generated):
    """A `munigraph load` a second into writing (its progress bar says "Writing")."""
    load = munigraph_command("load", generated, "--data", data)
    os.set_blocking(load.stderr.fileno(), False)
    said, deadline = b"", time.monotonic() + 300
    while b"Writing" not in said:
        assert load.poll() is None and time.monotonic() < deadline, said.decode()
        said += load.stderr.read() or b""
        time.sleep(0.05)
    time.sleep(1)
    assert load.poll() is None, "the load ended before it could be interrupted"
    return load


def test_a_load_killed_midway_leaves_the_graph_as_it_was(store):
    data, generated = store
    before = content(data)
    load = start_load_and_wait_for_writing(data, generated)
    load.kill()  # SIGKILL
    assert load.wait() == -signal.SIGKILL
    assert content(data) == before
    # and the same load, run again, completes
    again = munigraph_command("load", generated, "--data", data)
    assert again.wait(timeout=600) == 0, again.stderr.read().decode()
    labels, _, _ = content(data)
    assert labels["Actor"] == before[0]["Actor"] + ACTORS
    with munigraph.open(data=data) as graph:  # leave the bundled dataset alone for the next test
        graph.reset()
        graph.load()


def test_a_load_whose_server_is_killed_says_so_and_leaves_the_graph_as_it_was(store):
    data, generated = store
    before = content(data)
    load = start_load_and_wait_for_writing(data, generated)
    server = embedded.DataFolder(data).server_info()["pid"]
    os.kill(server, signal.SIGKILL)
    _, said = load.communicate(timeout=120)
    assert load.returncode == 1
    last = said.decode().strip().splitlines()[-1]
    assert last == (f"Error: the embedded server on {data} stopped during this transaction; nothing "
                    "was written, and the store is as it was before it. Run the command again: it "
                    "starts a new server")
    assert "Traceback" not in said.decode() and "retried" not in said.decode()
    status = munigraph_command("status", "--data", data)  # starts a new server
    assert status.wait(timeout=120) == 0, status.stderr.read().decode()
    assert embedded.DataFolder(data).server_info()["pid"] != server
    assert content(data) == before
