"""Rows of query results as a spreadsheet (``.xlsx``) for people to open in Excel or
LibreOffice.

The first sheet holds the rows under a bold, frozen header row in the interface language,
with typed values: numbers as numbers, true/false as booleans, a date known to the day as
a date, a year or a month as its text (``2013``, ``2013-05``), a list as its items joined
with ``; ``. Text is always text: a value such as ``=1+1`` is never a formula. The second
sheet says what was asked (the question or the Cypher, the parameters), when, by which
munigraph, and which documents the rows rest on.
"""

from __future__ import annotations

import datetime
import io
import math

from munigraph.graph.dates import PartialDate
from munigraph.language import _, current

from .output import FORMULA_START, cell, for_people, headers

SUFFIX = ".xlsx"
MAX_WIDTH = 60  # characters: a column's width at most (its text goes on beyond it)
LONGEST = 32767  # characters a cell holds
EXACT = 2 ** 53  # integers beyond this lose digits as spreadsheet numbers: kept as text
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
SOURCE_KEYS = ("source", "publisher", "published", "url", "file", "cooperations")
NAME_KEYS = ("cooperation", "event")  # columns that name a cooperation

# The cooperations a row names by name, among those its actors take part in.
NAMED = """
UNWIND $named AS row
MATCH (c:Cooperation {name: row.name})
WHERE all(i IN row.ids WHERE EXISTS { MATCH (:Actor {id: i})-[:TAKES_PART]->(c) }
                          OR NOT EXISTS { MATCH (:Actor {id: i}) })
RETURN DISTINCT c.id AS id
"""
SOURCES = """
MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s:Source)
WHERE c.id IN $ids
RETURN s.id AS id, s.title AS source, s.publisher AS publisher, s.published AS published,
       s.publishedPrecision AS publishedPrecision, s.url AS url, s.file AS file,
       count(DISTINCT c) AS cooperations
"""


def check_out(fmt: str, output: str | None, sep: str = ",") -> None:
    """Refuse, before anything runs, an output that does not suit the format: a spreadsheet
    needs a file ending in ``.xlsx``, text formats are not written to one, and a CSV
    separator goes with CSV."""
    from munigraph.graph.errors import MunigraphError

    spreadsheet = bool(output) and str(output).lower().endswith(SUFFIX)
    if fmt == "xlsx" and not output:
        raise MunigraphError(_("--format xlsx writes a file: name it with -o FILE.xlsx"))
    if fmt == "xlsx" and not spreadsheet:
        raise MunigraphError(_("a spreadsheet's file name ends in .xlsx, and {file} does not").format(
            file=output))
    if fmt != "xlsx" and spreadsheet:
        raise MunigraphError(_("{file} would not be a spreadsheet: add --format xlsx").format(
            file=output))
    if sep != "," and fmt != "csv":
        raise MunigraphError(_("--csv-sep goes with --format csv"))


def workbook(rows, *, query: str, parameters: dict, sources: list | None = None,
             now: datetime.datetime | None = None, description: str | None = None) -> bytes:
    """``rows`` (``Rows``) as the bytes of an ``.xlsx`` workbook: the rows, then a sheet
    about them.

    ``query`` is a canned query's name (or ``.cypher`` file) or the Cypher text that was
    run, or with ``description`` the name of another question (``measures``) and what it
    answers; ``parameters`` the values it was given, ``sources`` the documents behind the rows
    (``sources_of``; None: not looked up, the sheet says where evidence is found). ``now``
    is when it was run (default: now); everything else in the workbook follows from the
    arguments.
    """
    from openpyxl import Workbook

    now = now or datetime.datetime.now().astimezone()
    book = Workbook()
    book.properties.creator = "munigraph"
    book.properties.created = _utc(now)
    results = book.active
    results.title = _sheet_name(_("Results"))
    keys = list(getattr(rows, "keys", None) or (list(rows[0]) if rows else []))
    _table(results, 1, headers(keys), [[for_people(k, row.get(k)) for k in keys] for row in rows],
           links=[n for n, key in enumerate(keys, 1) if key == "url"])
    if keys:
        results.freeze_panes = "A2"
        results.auto_filter.ref = results.dimensions
    _about(book.create_sheet(_sheet_name(_("About"))), rows, query, parameters, sources, now,
           description)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(out, data: bytes) -> None:
    """Write ``data`` to the path or binary file ``out``."""
    if hasattr(out, "write"):
        out.write(data)
        return
    with open(out, "wb") as file:
        file.write(data)


def sources_of(store, rows) -> list[dict]:
    """The documents behind ``rows``: the sources of the cooperations the rows name, by id
    (an ``id``, ``*_id`` or ``*_ids`` column) or by name (a ``cooperation`` or ``event``
    column, among the cooperations the row's actors take part in). Dicts with
    ``SOURCE_KEYS`` (``cooperations``: how many of those cooperations each supports),
    sorted by title; empty when the rows name no cooperation."""
    ids, named = set(), set()
    for row in rows:
        found = set()
        for key, value in row.items():
            if key == "id" or key.endswith(("_id", "_ids")):
                found |= {v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)}
        ids |= found
        named |= {(row[k], tuple(sorted(found))) for k in NAME_KEYS if isinstance(row.get(k), str)}
    if named:
        ids |= {r["id"] for r in store.read(NAMED, {"named": [{"name": n, "ids": list(i)}
                                                             for n, i in sorted(named)]})}
    if not ids:
        return []
    from .output import Rows

    found = Rows(store.read_with_keys(SOURCES, {"ids": sorted(ids)})[0],
                 ["id", *SOURCE_KEYS[:3], "publishedPrecision", *SOURCE_KEYS[3:]])
    return [{k: row[k] for k in SOURCE_KEYS}
            for row in sorted(found, key=lambda r: ((r["source"] or "").casefold(), r["id"]))]


def _about(sheet, rows, query, parameters, sources, now, description=None) -> None:
    """The sheet that says what was asked, when, by which munigraph, and on what evidence."""
    import munigraph

    from munigraph.graph.errors import QueryError

    from . import catalogue, get

    try:
        canned = (get(query) if not description and (query in catalogue() or query.endswith(".cypher"))
                  else None)
    except QueryError:
        canned = None
    lines = []
    if canned:
        lines += [(_("Question"), canned.name), (_("Description"), _(canned.description))]
        if query.endswith(".cypher"):
            lines.append((_("File"), query))
        given = {p.name: parameters[p.name] for p in canned.parameters if parameters.get(p.name) is not None}
        defaults = {p.name: current() if p.name == "lang" else p.default
                    for p in canned.parameters if p.name not in given}
    elif description:
        lines += [(_("Question"), query), (_("Description"), description)]
        given, defaults = dict(parameters), {}
    else:
        lines.append((_("Cypher"), None))  # its lines kept: written below
        given, defaults = dict(parameters), {}
    lines.append((_("Parameters"), "" if given or defaults else _("none")))
    parameter_lines = range(len(lines) + 1, len(lines) + 1 + len(given) + len(defaults))
    lines += [(name, value) for name, value in given.items()]
    lines += [(name, value, _("default")) for name, value in defaults.items()]
    lines += [(_("Run on"), now.isoformat(sep=" ", timespec="seconds")),
              (_("Rows"), len(rows)),
              (_("munigraph version"), munigraph.__version__)]
    evidence = _("The evidence for a cooperation between two actors, with its quotes: "
                 "munigraph query evidence -p actor=ID -p other=ID")
    if sources is None:
        lines.append((_("Sources"), evidence))
    elif not sources:
        lines.append((_("Sources"), _("These rows name no cooperation with a source document.")
                      + " " + evidence))
    _table(sheet, 1, None, lines, widths=False)
    for number, line in enumerate(lines, 1):
        if number not in parameter_lines:
            sheet.cell(number, 1).font = _bold()
        sheet.cell(number, 1).alignment = _wrapped(indent=number in parameter_lines)
        sheet.cell(number, 2).alignment = _wrapped()
    if not canned:
        _text(sheet.cell(1, 2), query.strip())
    if sources:
        start = len(lines) + 2
        sheet.cell(start, 1, _("Sources of the cooperations in these rows")).font = _bold()
        _table(sheet, start + 1, headers(SOURCE_KEYS), [[s.get(k) for k in SOURCE_KEYS] for s in sources],
               links=[SOURCE_KEYS.index("url") + 1])
        for row in sheet.iter_rows(min_row=start + 2, max_col=1):
            row[0].alignment = _wrapped()
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 90


def _table(sheet, first: int, names, values, widths=True, links=()) -> None:
    """Write a header row ``names`` (if any) and the rows of ``values`` from row ``first``;
    size the columns to their text when ``widths``. A web address in a column of ``links``
    (numbered from 1) is a link."""
    from openpyxl.utils import get_column_letter

    longest = {}
    if names:
        for column, name in enumerate(names, 1):
            _put(sheet.cell(first, column), name).font = _bold()
            longest[column] = len(name)
        first += 1
    for number, row in enumerate(values, first):
        for column, value in enumerate(row, 1):
            put = _put(sheet.cell(number, column), value)
            if column in links and isinstance(value, str) and value.startswith(("https://", "http://")):
                put.hyperlink = value
                put.style = "Hyperlink"
            longest[column] = max(longest.get(column, 0), _length(put))
    if widths:
        for column, length in longest.items():
            sheet.column_dimensions[get_column_letter(column)].width = min(max(length, 6), MAX_WIDTH) + 2


def _put(target, value):
    """Set ``target`` (a cell) to ``value``, typed (see the module); return the cell."""
    if isinstance(value, PartialDate) and value.precision == "day":
        value = value.date
    if isinstance(value, bool):
        target.value = value
    elif isinstance(value, int) and abs(value) <= EXACT:
        target.value = value
    elif isinstance(value, float) and math.isfinite(value):
        target.value = value
    elif isinstance(value, datetime.datetime) and value.tzinfo is None and value.year >= 1900:
        target.value = value
        target.number_format = DATETIME_FORMAT
    elif (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
          and value.year >= 1900):  # Excel's dates begin in 1900
        target.value = value
        target.number_format = DATE_FORMAT
    elif value is not None:
        _text(target, cell(value))
    return target


def _text(target, text: str) -> None:
    """Set ``target`` to ``text`` as text, whatever it starts with (never a formula or an
    error code), without the control characters a workbook cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > LONGEST:
        text = text[:LONGEST - 1] + "…"
    target.value = text
    target.data_type = "s"
    if text.startswith(FORMULA_START):
        target.quotePrefix = True  # stays text when edited, too


def _length(target) -> int:
    """About how many characters wide the value of ``target`` shows."""
    value = target.value
    if isinstance(value, datetime.datetime):
        return 19
    if isinstance(value, datetime.date):
        return 10
    return len(str(value)) if value is not None else 0


def _sheet_name(name: str) -> str:
    """``name`` as a sheet's name may be (31 characters, none of ``[]:*?/\\``)."""
    return "".join(c for c in name if c not in "[]:*?/\\")[:31] or "Sheet"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` in UTC without a time zone, as a workbook's properties hold it."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def _bold():
    from openpyxl.styles import Font

    return Font(bold=True)


def _wrapped(indent=False):
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top", indent=2 if indent else 0)
