"""Rows of query results as a terminal table, CSV or JSON."""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import textwrap

FORMATS = ("table", "csv", "json")
BOM = "\ufeff"
MIN_WIDTH = 16  # the narrowest a table column may get before rows become blocks


class Rows(list):
    """The rows of a query as dicts (dates as ``datetime.date``), with ``keys`` (the
    columns, in order) and ``counters`` (what a writing query changed, by name).

    >>> rows = Rows([{"n": 1}], ["n"])
    >>> rows, rows.keys, rows.counters
    ([{'n': 1}], ['n'], {})
    """

    def __init__(self, rows=(), keys=(), counters=None):
        super().__init__(native(list(rows)))
        self.keys = list(keys)
        self.counters = dict(counters or {})

    def to_frame(self):
        """The rows as a pandas DataFrame with the query's columns (``pip install
        'munigraph[pandas]'``)."""
        try:
            import pandas
        except ImportError:
            from munigraph.graph.errors import MunigraphError

            raise MunigraphError("as_frame=True needs pandas: pip install 'munigraph[pandas]'") from None
        return pandas.DataFrame(list(self), columns=self.keys)

    def format(self, fmt: str = "table", width: int | None = None) -> str:
        """The rows as a terminal table, CSV or JSON text (``format_rows``)."""
        return format_rows(self, self.keys, fmt, width)


def native(value):
    """A result value with the driver's date and time types as Python's ``datetime`` ones.

    >>> from neo4j.time import Date
    >>> native({"start": Date(2013, 1, 1), "names": ["Maputo"]})
    {'start': datetime.date(2013, 1, 1), 'names': ['Maputo']}
    """
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [native(v) for v in value]
    if hasattr(value, "to_native"):  # neo4j.time types
        return value.to_native()
    return value


def plain(value):
    """A result value as plain Python: dates as ISO text, driver types as dicts/lists.

    >>> plain({"d": datetime.date(2013, 1, 1), "l": [1, 2]})
    {'d': '2013-01-01', 'l': [1, 2]}
    """
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def cell(value) -> str:
    """A value as one line of text; lists are joined with '; '.

    >>> cell(["Faro", "Olhão"])
    'Faro; Olhão'
    """
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())


def format_rows(rows: list[dict], keys: list[str], fmt: str = "table", width: int | None = None) -> str:
    """Render ``rows`` (dicts with ``keys``) as ``table``, ``csv`` or ``json`` text.

    CSV starts with a byte-order mark, so that spreadsheets (Excel above all) read it as
    UTF-8 and keep the accents; Python reads it with ``encoding="utf-8-sig"``.
    """
    if fmt == "json":
        return json.dumps([plain(row) for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([[cell(row.get(k)) for k in keys] for row in rows])
        return BOM + out.getvalue().rstrip("\n")
    return table(rows, keys, width or shutil.get_terminal_size((80, 24)).columns)


def table(rows, keys, width=80) -> str:
    """A text table that fits ``width`` columns; long cells are cut with '…'. When the
    columns cannot all get ``MIN_WIDTH`` characters, one block per row instead (``records``).

    >>> print(table([{"name": "Olhão", "n": 7}], ["name", "n"]))
    name  | n
    ------+--
    Olhão | 7
    """
    cells = [[cell(row.get(k)) for k in keys] for row in rows]
    widths = [max([len(k)] + [len(r[i]) for r in cells]) for i, k in enumerate(keys)]
    budget = width - 3 * (len(keys) - 1)
    if sum(min(w, MIN_WIDTH) for w in widths) > budget:
        return records(rows, keys, width)
    while sum(widths) > budget:
        widths[widths.index(max(widths))] -= 1

    def line(values):
        return " | ".join(_fit(v, w) for v, w in zip(values, widths)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(keys), rule] + [line(r) for r in cells])


def records(rows, keys, width=80) -> str:
    """One block per row, a line per column; long values wrap within ``width``.

    >>> print(records([{"partner": "CISGA", "topics": ["Shared public procurement"]}],
    ...               ["partner", "topics"], width=30))
    -[ 1 ]------------------------
    partner | CISGA
    topics  | Shared public
            | procurement
    """
    label = max(len(k) for k in keys)
    lines = []
    for number, row in enumerate(rows, 1):
        lines.append(f"-[ {number} ]".ljust(width, "-"))
        for key in keys:
            wrapped = textwrap.wrap(cell(row.get(key)), max(width - label - 3, 10)) or [""]
            lines += [f"{key if i == 0 else '':<{label}} | {part}".rstrip() for i, part in enumerate(wrapped)]
    return "\n".join(lines)


def _fit(text, width):
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
