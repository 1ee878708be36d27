"""Two tiers: tests with no database, and tests through the real neo4j driver against the
embedded store (always run). Set MUNIGRAPH_TEST_NEO4J_URI (and _USER, _PASSWORD) to run the
store tests against a real Neo4j too.

Tests marked ``pure`` (the loaders' unit tests among them) need no database: opening a
store fails them, and ``pytest -m pure`` runs them alone."""

import os
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path

import pytest

import munigraph
from munigraph.graph import embedded

# An embedded server left behind by an interrupted run stops by itself soon.
os.environ.setdefault("MUNIGRAPH_IDLE_TIMEOUT", "120")
# Tests see English unless they ask for another language, whatever the machine's locale.
os.environ["MUNIGRAPH_LANG"] = "en"

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
DATA = Path(__file__).parent / "data"


def pytest_report_header(config):
    return [f"neo4j driver {version('neo4j')}, arcadedb-embedded {version('arcadedb-embedded')}"]


@pytest.hookimpl(trylast=True)  # after -k and --deselect have chosen the tests
def pytest_collection_modifyitems(session, config, items):
    """The fresh-venv install test runs last, and its install starts now, in the background,
    so that pip works while the other tests run."""
    installs = [item for item in items if item.nodeid.startswith("tests/test_install.py")]
    if installs and len(installs) < len(items):
        items[:] = [item for item in items if item not in installs] + installs
        installs[0].module.start_install(Path(tempfile.mkdtemp(prefix="munigraph-install-")))
        config.stash[INSTALL] = installs[0].module


def pytest_sessionfinish(session):
    """A background install whose test did not run (a run stopped early) is stopped and
    removed."""
    module = session.config.stash.get(INSTALL, None)
    if module is not None and module.BACKGROUND:
        module.BACKGROUND["process"].kill()
        shutil.rmtree(module.BACKGROUND["folder"], ignore_errors=True)


INSTALL = pytest.StashKey()


def _targets():
    targets = ["embedded"]
    if os.environ.get("MUNIGRAPH_TEST_NEO4J_URI"):
        targets.append("neo4j")
    return targets


def _open(target, folder):
    if target == "neo4j":
        return munigraph.open(uri=os.environ["MUNIGRAPH_TEST_NEO4J_URI"],
                              user=os.environ.get("MUNIGRAPH_TEST_NEO4J_USER", "neo4j"),
                              password=os.environ.get("MUNIGRAPH_TEST_NEO4J_PASSWORD"))
    return munigraph.open(data=folder)


@pytest.fixture(autouse=True)
def _no_store_for_pure_tests(request, monkeypatch):
    if request.node.get_closest_marker("pure"):
        def refuse(*args, **kwargs):
            raise AssertionError("a test marked pure opened a store")

        monkeypatch.setattr(munigraph.Store, "connect", refuse)


@pytest.fixture(scope="session", params=_targets())
def graph(request, tmp_path_factory):
    """A store holding the bundled dataset, shared by the tests of the session."""
    folder = tmp_path_factory.mktemp("store")
    opened = _open(request.param, folder)
    opened.reset()
    opened.load()
    yield opened
    opened.close()
    if request.param == "embedded":
        embedded.stop_server(embedded.DataFolder(folder))


@pytest.fixture(scope="session")
def everything(tmp_path_factory):
    """The bundled dataset and all of ../shared/data, loaded in one command: the graph, the
    files and the load's report (skipped when ../shared/data is not beside the project)."""
    from munigraph.loaders import bundled_files

    shared = SEEDS.parent / "data"
    if not shared.exists():
        pytest.skip("../shared/data is not beside the project")
    folder = tmp_path_factory.mktemp("everything")
    graph = munigraph.open(data=folder)
    files = [*bundled_files(), shared / "cooperation-facts.csv", shared / "wikidata-p190",
             shared / "iati"]
    report = graph.load(files, skip_rejected=True)
    yield graph, files, report
    graph.close()
    embedded.stop_server(embedded.DataFolder(folder))


@pytest.fixture
def empty_graph(tmp_path):
    """An embedded store of its own, empty, stopped after the test."""
    opened = munigraph.open(data=tmp_path / "store")
    yield opened
    opened.close()
    embedded.stop_server(embedded.DataFolder(tmp_path / "store"))
