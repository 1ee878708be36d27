"""The NeoDash dashboard of the canned queries (no database).

The keys asserted are those NeoDash 2.4 reads, in neo4j-labs/neodash:
src/dashboard/DashboardReducer.ts (NEODASH_VERSION '2.4'; title, version, settings, pages,
parameters, extensions), src/dashboard/DashboardThunks.ts (loadDashboardThunk: version,
settings.parameters, pages[].reports[] and their selection; uuid), src/page/Page.tsx (each
report's id, x, y, width, height), src/chart/parameter/ParameterSelectionChart.tsx and
ParameterSelectCardSettings.tsx (a select report: non-empty query, settings.type,
settings.parameterName = 'neodash_' + entityType).
"""

import doctest
import itertools
import json
import re
import uuid

import pytest

from munigraph import queries
from munigraph.queries import neodash, parse
from munigraph.queries.neodash import dashboard

CATALOGUE = queries.catalogue()
CASTS = {"string": "{}", "actor": "{}", "integer": "toInteger({})", "float": "toFloat({})", "boolean": "toBoolean({})"}


@pytest.fixture(scope="module")
def board():
    return dashboard(CATALOGUE)


def query(header, body):
    return parse(f"// name: {header[0]}\n// description: {header[0]}.\n"
                 + "".join(f"// param: {p}\n" for p in header[1:]) + f"// returns: x\n{body}")


def tables(board):
    return {page["title"]: [r for r in page["reports"] if r["type"] == "table"] for page in board["pages"]}


def selectors(page):
    return {r["title"]: r["settings"]["parameterName"] for r in page["reports"] if r["type"] == "select"}


def test_one_table_report_per_query_on_its_own_page_titled_with_name_and_description(board):
    assert list(tables(board)) == list(CATALOGUE)
    for name, found in tables(board).items():
        assert len(found) == 1
        assert name in found[0]["title"] and CATALOGUE[name].description in found[0]["title"]


def test_each_report_is_its_query_with_exactly_the_declared_parameters_as_neodash_globals(board):
    for page in board["pages"]:
        q = CATALOGUE[page["title"]]
        names = selectors(page)
        assert sorted(names) == sorted(p.name for p in q.parameters)
        text = tables(board)[q.name][0]["query"]
        assert set(re.findall(r"\$(\w+)", text)) == set(names.values())
        for p in q.parameters:  # undo the rewrite: the query text comes back unchanged
            text = re.sub(re.escape(CASTS[p.type].format("$" + names[p.name])) + r"(?!\w)",
                          "$" + p.name, text)
        assert text == q.text


def test_only_declared_parameters_are_rewritten_and_non_strings_are_cast():
    q = query(("q", "lim (integer) = 3 — n; example: 2", "x (float) — f; example: 1.5",
               "on (boolean) — b; example: true"),
              "RETURN $lim, $limit, $x, $on, 'text' LIMIT $lim")
    text = dashboard({"q": q})["pages"][0]["reports"][-1]["query"]
    assert text == ("RETURN toInteger($neodash_lim), $limit, toFloat($neodash_x), toBoolean($neodash_on), "
                    "'text' LIMIT toInteger($neodash_lim)")


def test_every_global_used_has_a_selector_on_the_page_and_a_default(board):
    defaults = board["settings"]["parameters"]
    for page in board["pages"]:
        used = {u for r in page["reports"] if r["type"] == "table" for u in re.findall(r"\$(\w+)", r["query"])}
        assert used <= set(selectors(page).values()) and used <= set(defaults)
    assert set(defaults) == {n for page in board["pages"] for n in selectors(page).values()}


def test_defaults_are_the_examples_typed(board):
    defaults = board["settings"]["parameters"]
    for page in board["pages"]:
        for p in CATALOGUE[page["title"]].parameters:
            value = defaults[selectors(page)[p.name]]
            assert value == p.convert(p.example) and type(value) is queries.TYPES[p.type]
    assert any(type(v) is int for v in defaults.values())


def test_a_cleared_selector_falls_back_to_the_query_default():
    q = query(("q", "limit (integer) = 10 — n; example: 5", "who (string) — w; example: AMAL"),
              "MATCH (n) WHERE n.id = $who RETURN n LIMIT $limit")
    limit, who = dashboard({"q": q})["pages"][0]["reports"][:2]
    assert limit["settings"]["defaultValue"] == "10" and "defaultValue" not in who["settings"]


def test_a_parameter_is_shared_only_where_every_query_declares_it_alike():
    a = query(("a", "who (string) — w; example: AMAL", "other (string) — o; example: CNM"), "RETURN $who, $other")
    b = query(("b", "who (string) — w; example: AMAL", "other (string) — o; example: FR"), "RETURN $who, $other")
    board = dashboard({"a": a, "b": b})
    assert [selectors(page) for page in board["pages"]] == [
        {"who": "neodash_who", "other": "neodash_a_other"}, {"who": "neodash_who", "other": "neodash_b_other"}]
    assert board["settings"]["parameters"] == {"neodash_a_other": "CNM", "neodash_b_other": "FR",
                                               "neodash_who": "AMAL"}


def test_reports_fit_the_24_column_grid_without_overlapping():
    many = query(("many",) + tuple(f"p{i} (string) — p; example: {i}" for i in range(6)),
                 "RETURN " + ", ".join(f"$p{i}" for i in range(6)))
    for page in dashboard({**CATALOGUE, "many": many})["pages"]:
        boxes = [(r["x"], r["y"], r["width"], r["height"]) for r in page["reports"]]
        assert all(x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= 24 for x, y, w, h in boxes)
        for (x1, y1, w1, h1), (x2, y2, w2, h2) in itertools.combinations(boxes, 2):
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1, page["title"]


def test_json_round_trips_and_the_output_is_deterministic(board):
    text = json.dumps(board, ensure_ascii=False)
    assert json.loads(text) == board
    assert json.dumps(dashboard(dict(CATALOGUE)), ensure_ascii=False) == text


def test_ids_are_unique_stable_uuids_that_follow_the_title(board):
    ids = [board["uuid"]] + [r["id"] for page in board["pages"] for r in page["reports"]]
    assert len(set(ids)) == len(ids) and all(str(uuid.UUID(i)) == i for i in ids)
    assert dashboard(CATALOGUE, title="other")["uuid"] != board["uuid"]


def test_the_keys_neodash_2_4_loads(board):
    assert board["version"] == "2.4" and board["title"] == "munigraph"
    assert isinstance(board["settings"]["parameters"], dict) and board["settings"]["pagenumber"] == 0
    assert board["extensions"] == {"active": True, "activeReducers": []} and board["parameters"] == {}
    for page in board["pages"]:
        assert set(page) == {"title", "reports"}
        for report in page["reports"]:
            assert set(report) == {"id", "title", "query", "type", "x", "y", "width", "height",
                                   "selection", "settings"}
            assert report["query"].strip() and report["type"] in ("table", "select")
            if report["type"] == "select":
                settings = report["settings"]
                assert settings["type"] == "Free Text"
                assert settings["parameterName"] == "neodash_" + settings["entityType"]
                assert re.fullmatch(r"neodash_[a-z0-9_]+", settings["parameterName"])


def test_docstring_example():
    result = doctest.testmod(neodash)
    assert result.attempted > 0 and result.failed == 0


def test_every_report_answers_like_its_query_with_the_values_neodash_sends(graph, board):
    sent = {k: float(v) if isinstance(v, int) else v  # the JavaScript driver sends numbers as floats
            for k, v in board["settings"]["parameters"].items()}
    for name, (report,) in tables(board).items():
        expected, _ = queries.run(graph.store, name, **CATALOGUE[name].examples())
        used = set(re.findall(r"\$(neodash_\w+)", report["query"]))
        assert graph.store.read(report["query"], {k: sent[k] for k in used}) == expected, name


def test_cli_prints_the_dashboard():
    from click.testing import CliRunner

    from munigraph.cli import cli

    result = CliRunner().invoke(cli, ["queries", "--neodash"])
    assert result.exit_code == 0
    assert json.loads(result.output) == dashboard(CATALOGUE)
