"""The canned queries as a NeoDash 2.4 dashboard, importable by NeoDash and Aura dashboards.

One page per query: a free-text selector for each of its parameters along the top, its
table below. A selector sets a NeoDash global parameter ``$neodash_<name>``; a parameter
that every query declares alike (same type and example) shares one global across pages,
any other gets one per query (``$neodash_<query>_<name>``), so each page opens on its
own example. Integer, float and boolean parameters are cast in the Cypher, since a
selector types text and NeoDash sends numbers as floats.

    >>> from munigraph.queries import parse
    >>> top = parse("// name: top\\n// description: Top.\\n"
    ...             "// param: limit (integer) = 10 — how many; example: 5\\n"
    ...             "// returns: n\\nMATCH (n) RETURN n LIMIT $limit")
    >>> board = dashboard({"top": top})
    >>> board["pages"][0]["reports"][-1]["query"]
    'MATCH (n) RETURN n LIMIT toInteger($neodash_limit)'
    >>> board["settings"]["parameters"]
    {'neodash_limit': 5}

The format follows neo4j-labs/neodash: src/dashboard/DashboardReducer.ts (version "2.4",
the dashboard's keys, the empty extensions state), src/dashboard/DashboardThunks.ts
(loadDashboardThunk: what loading reads; upgradeDashboardVersion: 2.4 doubled the 2.3
positions, so the grid is 24 columns), src/page/Page.tsx (report x, y, width, height, id),
src/chart/parameter/ParameterSelectionChart.tsx, component/FreeTextParameterSelect.tsx and
ParameterSelectCardSettings.tsx (a "select" report of settings.type "Free Text" with
entityType, parameterName ``neodash_<entityType>``, helperText, defaultValue and the
query "RETURN true;").
"""

from __future__ import annotations

import json
import math
import re
import uuid

COLUMNS = 24  # NeoDash 2.4 grid width
SELECTOR = (6, 2)  # width, height of a selector
PER_ROW = COLUMNS // SELECTOR[0]
TABLE_HEIGHT = 8
CAST = {"string": "{}", "actor": "{}", "integer": "toInteger({})", "float": "toFloat({})",
        "boolean": "toBoolean({})"}


def dashboard(catalogue: dict, title: str = "munigraph") -> dict:
    """A NeoDash 2.4 dashboard (plain JSON data) for the queries in ``catalogue``."""
    names = _global_names(catalogue)
    pages, defaults = [], {}
    for query in catalogue.values():
        reports = []
        for i, parameter in enumerate(query.parameters):
            name = names[query.name, parameter.name]
            defaults[name] = parameter.convert(parameter.example) if parameter.example else parameter.default
            reports.append(_selector(_id(title, query.name, parameter.name), parameter, name, i))
        rows = math.ceil(len(reports) / PER_ROW)  # of selectors
        reports.append({
            "id": _id(title, query.name), "title": f"{query.name} — {query.description}",
            "query": _rewrite(query, names), "x": 0, "y": rows * SELECTOR[1],
            "width": COLUMNS, "height": TABLE_HEIGHT, "type": "table", "selection": {}, "settings": {},
        })
        pages.append({"title": query.name, "reports": reports})
    return {
        "uuid": _id(title), "title": title, "version": "2.4",
        "settings": {"pagenumber": 0, "editable": True, "fullscreenEnabled": True,
                     "parameters": dict(sorted(defaults.items()))},
        "pages": pages, "parameters": {}, "extensions": {"active": True, "activeReducers": []},
    }


def _global_names(catalogue: dict) -> dict:
    """``{(query, parameter): NeoDash global name}``: shared where all declarations agree."""
    kinds = {}
    for query in catalogue.values():
        for p in query.parameters:
            kinds.setdefault(p.name, set()).add((p.type, p.example))
    return {(q.name, p.name): "neodash_" + (p.name if len(kinds[p.name]) == 1
                                            else f"{q.name}_{p.name}".replace("-", "_"))
            for q in catalogue.values() for p in q.parameters}


def _rewrite(query, names: dict) -> str:
    """The query text with each declared ``$p`` as its (cast) NeoDash global parameter."""
    types = {p.name: p.type for p in query.parameters}
    if not types:
        return query.text
    pattern = r"\$(" + "|".join(map(re.escape, types)) + r")(?!\w)"
    return re.sub(pattern, lambda m: CAST[types[m[1]]].format("$" + names[query.name, m[1]]), query.text)


def _selector(report_id: str, parameter, name: str, i: int) -> dict:
    """A free-text parameter select report; clearing it falls back to the query's default."""
    settings = {"type": "Free Text", "entityType": name.removeprefix("neodash_"),
                "parameterName": name, "helperText": f"{parameter.name}: {parameter.help}"}
    if parameter.default is not None:
        settings["defaultValue"] = _text(parameter.default)
    width, height = SELECTOR
    return {"id": report_id, "title": parameter.name, "query": "RETURN true;",
            "x": i % PER_ROW * width, "y": i // PER_ROW * height, "width": width, "height": height,
            "type": "select", "selection": {}, "settings": settings}


def _text(value) -> str:
    """``value`` as a selector types it (booleans as true/false)."""
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _id(*parts: str) -> str:
    """A stable UUID for a dashboard part, from its title and query (and parameter) names."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "munigraph:neodash:" + "/".join(parts)))
