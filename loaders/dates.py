"""Dates as records write them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, each with its precision."""

from __future__ import annotations

import datetime
import re

DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISION = {1: "year", 2: "month", 3: "day"}


def parse_date(value):
    """``(date, precision)`` for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if not a date.

    >>> parse_date("2013")
    (datetime.date(2013, 1, 1), 'year')
    >>> parse_date("2013-02-30") is None
    True
    """
    match = DATE.match(str(value))
    if not match:
        return None
    parts = [int(p) for p in match.groups() if p is not None]
    try:
        return datetime.date(*(parts + [1] * (3 - len(parts)))), PRECISION[len(parts)]
    except ValueError:
        return None


def date_properties(name: str, value) -> dict | None:
    """``{name: date}``, with ``namePrecision`` unless the date is a day, for a date written
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if ``value`` is not a date.

    >>> date_properties("start", "2013-05")
    {'start': datetime.date(2013, 5, 1), 'startPrecision': 'month'}
    >>> date_properties("end", "2013-05-17"), date_properties("end", "May 2013")
    ({'end': datetime.date(2013, 5, 17)}, None)
    """
    parsed = parse_date(value)
    if parsed is None:
        return None
    day, precision = parsed
    return {name: day} if precision == "day" else {name: day, f"{name}Precision": precision}


def last_day(day: datetime.date, precision: str) -> datetime.date:
    """The last day of the year, month or day that ``(day, precision)`` stands for.

    >>> last_day(datetime.date(2013, 2, 1), "month")
    datetime.date(2013, 2, 28)
    """
    if precision == "year":
        return day.replace(month=12, day=31)
    if precision == "month":
        following = day.replace(day=28) + datetime.timedelta(days=4)
        return following - datetime.timedelta(days=following.day)
    return day
