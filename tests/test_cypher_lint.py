"""The canned queries are valid Neo4j 5 Cypher for the graph model, as Neo4j's own linter
(the npm package @neo4j-cypher/language-support, run by tests/cypher_lint.js) sees them.

The package is installed on first use into the user's cache folder. The tests skip when
node or npm is missing, and fail when they are present but the install fails, so that a
machine with Node.js never passes without the lint."""

import json
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import platformdirs
import pytest

from munigraph import queries
from munigraph.graph.model import ACTOR_TYPES, COOPERATION_TYPES, ENDS, KEYS
from munigraph.loaders import records

PACKAGE = "@neo4j-cypher/language-support@2.0.0-next.38"  # only pre-releases are published
FOLDER = Path(platformdirs.user_cache_dir("munigraph-tests")) / "cypher-lint"
SCRIPT = Path(__file__).with_name("cypher_lint.js")

# Mistakes the linter must catch: a query and part of what it says.
MISTAKES = {
    "syntax": ("MATCH (a:Actor) RETUR a", "Invalid input 'RETUR'"),
    "label": ("MATCH (a:Actr) RETURN a.name", "Label Actr is not present"),
    "type": ("MATCH (a:Actor)-[:TAKE_PART]->(c:Cooperation) RETURN c.name",
             "Relationship type TAKE_PART is not present"),
    "direction": ("MATCH (c:Cooperation)-[:TAKES_PART]->(a:Actor) RETURN a.name",
                  "[:TAKES_PART] has no incoming (:Cooperation)"),
    "property": ("MATCH (a:Actor) RETURN a.nmae", "nmae is not present"),
    "function": ("RETURN toLowr('x')", "Function toLowr is not present"),
    "plugin": ("RETURN apoc.text.capitalize('x')", "Function apoc.text.capitalize is not present"),
    "parameter": ("MATCH (a:Actor {id: $id}) RETURN a.name", "Parameter $id is not defined."),
    "deprecated": ("MATCH (a:Actor) RETURN id(a)", "deprecated"),
}


def _install() -> Path:
    """The folder holding the npm package, installed there on first use."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are needed to lint the Cypher queries")
    marker = FOLDER / "installed"  # written last: without it, an install is redone
    if marker.is_file() and marker.read_text() == PACKAGE:
        return FOLDER
    shutil.rmtree(FOLDER, ignore_errors=True)
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(FOLDER),
                           PACKAGE], capture_output=True, text=True)
    if done.returncode:
        errors = [line.removeprefix("npm error ") for line in done.stderr.splitlines()
                  if line.startswith("npm error ")]
        pytest.fail(f"node is here but npm cannot install {PACKAGE} (is the npm registry "
                    f"reachable?): {'; '.join(errors[:4]) or done.stderr}")
    marker.write_text(PACKAGE)
    return FOLDER


def _schema(graph) -> dict:
    """The graph model as the linter's dbSchema.

    Labels and relationship types come from graph.model, and so do the labels that each
    relationship type joins (a kind label such as Municipality wherever Actor may be).
    Property keys are those of the store holding the bundled dataset (what Neo4j Browser
    knows after ``munigraph load``, derived ones such as ``lookup`` included) plus every
    field records.schema.json allows, and the precision of each of its dates, so a property
    that the data does not use yet is no warning; a few of those fields (parties,
    topics...) become relationships, never properties, and are not caught when misused.
    """
    kinds = {"Actor": list(ACTOR_TYPES.values()), "Cooperation": list(COOPERATION_TYPES.values())}
    labels = {primary: [primary, *kinds.get(primary, [])] for primary in KEYS}
    ends = [{"from": a, "to": b, "relType": rel_type}
            for rel_type, start, end in ENDS for a in labels[start] for b in labels[end]]
    keys = {row["key"] for pattern in ("(n)", "()-[n]->()")
            for row in graph.cypher(f"MATCH {pattern} UNWIND keys(n) AS key RETURN DISTINCT key")}
    keys |= {key for shape in records.json_schema()["$defs"].values()
             for key in shape.get("properties", {})}
    keys |= {f"{key}Precision" for key in records.DATE_FIELDS}  # the precision of each date
    return {"labels": sorted({label for family in labels.values() for label in family}),
            "relationshipTypes": sorted({end["relType"] for end in ends}),
            "graphSchema": ends, "propertyKeys": sorted(keys), "defaultLanguage": "CYPHER 5"}


def _parameters(query) -> dict:
    """A value of the right type for each parameter of ``query``: its example, or empty."""
    return {p.name: p.convert(p.example) if p.example else queries.TYPES[p.type]()
            for p in query.parameters}


def _files() -> dict:
    """The file of each query, by query name."""
    files = resources.files("munigraph.queries").iterdir()
    return {queries.parse(f.read_text(encoding="utf-8"), f.name).name: f
            for f in files if f.name.endswith(".cypher")}


def _to_lint() -> dict:
    """What to lint, by key: each query's text as the runner sends it (by query name), its
    whole file as pasted into Neo4j Browser (by file name), and the MISTAKES."""
    found = {f"mistake: {key}": {"text": text, "parameters": {}}
             for key, (text, _) in MISTAKES.items()}
    files = _files()
    for name, query in queries.catalogue().items():
        parameters = _parameters(query)
        found[name] = {"text": query.text, "parameters": parameters}
        found[files[name].name] = {"text": files[name].read_text(encoding="utf-8"),
                                   "parameters": parameters}
    return found


@pytest.fixture(scope="session")
def lint(graph) -> dict:
    """The linter's diagnostics for everything to lint, by key, from one run of Node."""
    folder = _install()
    done = subprocess.run(["node", str(SCRIPT)], capture_output=True, text=True,
                          input=json.dumps({"schema": _schema(graph), "queries": _to_lint()}),
                          env={**os.environ, "NODE_PATH": str(folder / "node_modules")})
    if done.returncode:
        pytest.fail(f"{SCRIPT.name} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def _report(lint, key) -> list:
    """The diagnostics of ``key``, one readable line each."""
    return [f"{key} line {d['line']}:{d['column']}: {d['severity']}: {d['message']}"
            for d in lint[key]]


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_query_is_valid_cypher(lint, name):
    """No diagnostic for the query's text nor for its whole file.

    The linter gives errors (syntax, semantics, undefined parameters, unknown functions)
    and warnings (unknown labels, relationship types and properties, a relationship
    between labels it never joins, deprecated syntax or functions): all are mistakes.
    """
    found = _report(lint, name) + _report(lint, _files()[name].name)
    assert not found, "Neo4j's Cypher linter says:\n" + "\n".join(found)


@pytest.mark.parametrize("key", MISTAKES)
def test_linter_catches_mistakes(lint, key):
    """Each kind of mistake gives the diagnostic expected: the lint above can fail."""
    expected = MISTAKES[key][1]
    found = _report(lint, f"mistake: {key}")
    assert any(expected in line for line in found), f"no {expected!r} in {found}"
