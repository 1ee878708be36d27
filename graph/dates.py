"""Dates as precise as their source: a year, a month or a day (docs/graph-model.md, "Dates").

The graph stores a year-only or month-only date as its first day, with the precision in a
property of its own (``start`` and ``startPrecision``); ``PartialDate`` is that pair as
one Python value, printed at its precision ("2013", not "2013-01-01").
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

PRECISIONS = ("year", "month", "day")  # coarsest first
WIDTH = {"year": 4, "month": 7, "day": 10}  # characters of the ISO form


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; ``date`` is its first day.

    >>> signed = PartialDate(datetime.date(2013, 1, 1), "year")
    >>> print(signed, PartialDate(datetime.date(2013, 5, 1), "month"),
    ...       PartialDate(datetime.date(2013, 5, 17)))
    2013 2013-05 2013-05-17
    >>> signed.isoformat(), signed.date, signed.precision
    ('2013', datetime.date(2013, 1, 1), 'year')
    >>> PartialDate(datetime.date(2013, 5, 17), "month")  # a month starts on its first day
    PartialDate('2013-05')
    >>> sorted([PartialDate(datetime.date(2013, 5, 17)), PartialDate(datetime.date(2014, 1, 1), "year"),
    ...         PartialDate(datetime.date(2013, 1, 1), "year")])
    [PartialDate('2013'), PartialDate('2013-05-17'), PartialDate('2014')]
    """

    date: datetime.date
    precision: str = "day"

    def __post_init__(self):
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {self.precision!r}")
        first = {"year": {"month": 1, "day": 1}, "month": {"day": 1}}.get(self.precision, {})
        object.__setattr__(self, "date", self.date.replace(**first))

    def isoformat(self) -> str:
        """The date in ISO 8601 at its precision: ``2013``, ``2013-05`` or ``2013-05-17``."""
        return self.date.isoformat()[:WIDTH[self.precision]]

    def __str__(self):
        return self.isoformat()

    def __repr__(self):
        return f"PartialDate({self.isoformat()!r})"

    def __lt__(self, other):
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.date, PRECISIONS.index(self.precision)) < (other.date, PRECISIONS.index(other.precision))


def partial_dates(properties: dict) -> dict:
    """A node's or relationship's ``properties`` with each date a ``PartialDate`` at the
    precision its ``<name>Precision`` property gives (a day when there is none), and
    without the precision properties.

    >>> partial_dates({"name": "Termo", "signed": datetime.date(2013, 1, 1), "signedPrecision": "year",
    ...                "end": datetime.date(2015, 3, 9)})
    {'name': 'Termo', 'signed': PartialDate('2013'), 'end': PartialDate('2015-03-09')}
    """
    dates = {key: PartialDate(value, properties.get(f"{key}Precision") or "day")
             for key, value in properties.items()
             if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)}
    return {key: dates.get(key, value) for key, value in properties.items()
            if not (key.endswith("Precision") and key.removesuffix("Precision") in dates)}
