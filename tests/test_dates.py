"""Dates at their precision: ``PartialDate``, and rows that print a year-only date as its
year in every format (no database)."""

import csv
import datetime
import io
import json

import pytest

from munigraph import PartialDate
from munigraph.queries.output import Rows

pytestmark = pytest.mark.pure

YEAR, MONTH, DAY = (PartialDate(datetime.date(2013, 1, 1), "year"),
                    PartialDate(datetime.date(2013, 5, 1), "month"),
                    PartialDate(datetime.date(2013, 5, 17)))


def test_a_partial_date_prints_and_sorts_at_its_precision():
    assert [str(d) for d in (YEAR, MONTH, DAY)] == ["2013", "2013-05", "2013-05-17"]
    assert [d.isoformat() for d in (YEAR, MONTH, DAY)] == ["2013", "2013-05", "2013-05-17"]
    assert sorted([DAY, MONTH, YEAR]) == [YEAR, MONTH, DAY]
    assert YEAR == PartialDate(datetime.date(2013, 7, 9), "year") != PartialDate(datetime.date(2013, 1, 1))
    assert len({YEAR, PartialDate(datetime.date(2013, 1, 1), "year")}) == 1
    with pytest.raises(ValueError, match="precision must be one of year, month, day"):
        PartialDate(datetime.date(2013, 1, 1), "decade")


def test_rows_fold_a_date_and_its_precision_into_one_column():
    rows = Rows([{"name": "FNP", "start": datetime.date(2013, 1, 1), "startPrecision": "year",
                  "end": datetime.date(2015, 3, 9), "endPrecision": None},
                 {"name": "Undated", "start": None, "startPrecision": None, "end": None,
                  "endPrecision": None}],
                ["name", "start", "startPrecision", "end", "endPrecision"])
    assert rows.keys == ["name", "start", "end"]
    assert rows == [{"name": "FNP", "start": YEAR, "end": PartialDate(datetime.date(2015, 3, 9))},
                    {"name": "Undated", "start": None, "end": None}]
    plain = Rows([{"signed": datetime.date(2013, 1, 1)}], ["signed"])  # no precision column
    assert plain == [{"signed": datetime.date(2013, 1, 1)}]


def test_a_year_only_date_prints_as_its_year_in_every_format():
    rows = Rows([{"cooperation": "FNP", "start": datetime.date(2013, 1, 1), "startPrecision": "year"}],
                ["cooperation", "start", "startPrecision"])
    assert json.loads(rows.format("json")) == [{"cooperation": "FNP", "start": "2013"}]
    assert list(csv.reader(io.StringIO(rows.format("csv").removeprefix("\ufeff")))) == [
        ["cooperation", "start"], ["FNP", "2013"]]
    assert rows.format("table").splitlines()[2].split(" | ") == ["FNP        ", "2013"]
    assert [str(d) for d in rows.to_frame()["start"]] == ["2013"]
