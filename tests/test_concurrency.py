"""`munigraph explore` and `munigraph load` in two terminals on one data folder: both work;
the page sees the graph as it was until the load commits, then with the load."""

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

import munigraph
from munigraph.benchmarks.generate import generate
from munigraph.graph import embedded

ACTORS = 5000


def get(url):
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, json.loads(answer.read())


@pytest.fixture
def explore(tmp_path):
    """A store with the bundled dataset, and `munigraph explore` serving it."""
    data = tmp_path / "store"
    with munigraph.open(data=data) as graph:
        graph.load()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "munigraph.cli", "explore", "--no-browser",
                               "--port", str(port), "--data", str(data)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            get(base + "/api/queries")
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "explore did not start"
            time.sleep(0.2)
    yield data, base
    server.terminate()
    server.wait(timeout=30)
    embedded.stop_server(embedded.DataFolder(data))


def test_explore_keeps_answering_while_a_load_runs_on_the_same_folder(explore, tmp_path):
    data, base = explore
    generated = generate(tmp_path / "generated", ACTORS)
    timeline = f"{base}/api/query/timeline"

    def dated_cooperations():
        status, body = get(timeline)
        return status, sum(row["cooperations"] for row in body["rows"])

    _, before = dated_cooperations()
    load = subprocess.Popen([sys.executable, "-m", "munigraph.cli", "load", str(tmp_path / "generated"),
                             "--data", str(data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    answers = []
    while load.poll() is None:
        answers.append(dated_cooperations())
        time.sleep(0.2)
    assert load.returncode == 0, load.stderr.read().decode()
    assert len(answers) >= 5  # the page was asked while the load ran
    assert all(status == 200 for status, _ in answers)
    # every answer is the graph before the load or after it, never a part of it
    _, after = dated_cooperations()
    assert {count for _, count in answers} <= {before, after}
    assert after > before
    name = json.loads(generated.files[2].read_text())["actors"][0]["name"]
    status, found = get(f"{base}/api/search?q={urllib.request.quote(name)}")
    assert status == 200 and any(result["name"] == name for result in found["results"])
    with munigraph.open(data=data) as graph:
        assert graph.status()["labels"]["Actor"] >= ACTORS
