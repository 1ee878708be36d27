"""Dates in folded text: "12 de novembro de 2007", "du 3 au 5 mars 2008", "dezembro de 2023",
"June 2015", "em 2013"; and the words before a date that make it a start or an end."""

from __future__ import annotations

import re

from ..dates import parse_date

from .words import either, table

WORDS = table("text")
MONTHS = {name: number for number, names in enumerate(WORDS["months"]["months"], 1) for name in names}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"\d{1,2}(?:o|er)?"
FULL_DATE = re.compile(rf"\b({_DAY}(?: (?:a|e|et|y|and|to|au|al|ao)?\s?{_DAY})*) (?:de )?({_MONTH}) "
                       rf"(?:de |del )?(\d{{4}})\b")
ENGLISH_DATE = re.compile(rf"\b({_MONTH}) (\d{{1,2}})(?: (?:to |and |[–-] )?(\d{{1,2}}))?(?: ,)? (\d{{4}})\b")  # "March 21–23, 2019"
MONTH_YEAR = re.compile(rf"\b({_MONTH}) (?:de |del |of )?(\d{{4}})\b")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
DECADE = re.compile(rf"\b{either(WORDS['decade']['patterns'])}(?: de)? $")
# Within the 40 characters before a date: the words that make it an end or a start.
END_CUE = re.compile(rf"\b{either(WORDS['end']['patterns'])}\b[\w ]{{0,12}}$")
START_CUE = re.compile(rf"\b{either(WORDS['start']['patterns'])}\b[\w ]{{0,12}}$")


def find_dates(folded: str) -> list[tuple[int, int, str, str | None]]:
    """``(offset, end offset, start, end or None)`` of the dates in a folded text; a day
    or month without a year is no date.

    >>> from munigraph.graph.model import fold
    >>> [d[2:] for d in find_dates(fold("les 12, 13 et 14 novembre 2007, puis en 2009"))]
    [('2007-11-12', '2007-11-14'), ('2009', None)]
    >>> find_dates(fold("de 10 a 15 de dezembro")), find_dates(fold("nos anos de 1990"))
    ([], [])
    >>> [d[2] for d in find_dates("lancada em dezembro de 2023 e em march 3 2024")]
    ['2023-12', '2024-03-03']
    >>> [d[2:] for d in find_dates(fold("from March 21–23, 2019"))]
    [('2019-03-21', '2019-03-23')]
    """
    found, taken = [], []

    def add(match, start, end=None):
        if any(a < match.end() and match.start() < b for a, b in taken):
            return
        if parse_date(start) and (end is None or parse_date(end)):
            taken.append(match.span())
            found.append((match.start(), match.end(), start, end))

    for m in FULL_DATE.finditer(folded):
        days = re.findall(r"\d+", m[1])
        month = f"{m[3]}-{MONTHS[m[2]]:02d}"
        add(m, f"{month}-{int(days[0]):02d}", f"{month}-{int(days[-1]):02d}" if len(days) > 1 else None)
    for m in ENGLISH_DATE.finditer(folded):
        month = f"{m[4]}-{MONTHS[m[1]]:02d}"
        add(m, f"{month}-{int(m[2]):02d}", f"{month}-{int(m[3]):02d}" if m[3] else None)
    for m in MONTH_YEAR.finditer(folded):
        add(m, f"{m[2]}-{MONTHS[m[1]]:02d}")
    for m in YEAR.finditer(folded):
        if not DECADE.search(folded[max(0, m.start() - 20):m.start()]):
            add(m, m[1])
    return sorted(found)
