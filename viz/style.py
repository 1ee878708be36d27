"""How a node looks in every picture and export: its kind, colour and size; and how kinds,
numbers and dates read in the language being spoken.

Colours are Paul Tol's "muted" qualitative palette, told apart by colour-blind viewers.
An exchange is drawn as an event (both are activities with dates).
"""

from __future__ import annotations

import math

from munigraph.language import pgettext

KINDS = ("municipality", "region", "association", "consortium", "organization",
         "programme", "agreement", "event", "topic")
COLOURS = dict(zip(KINDS, ("#88CCEE", "#332288", "#117733", "#44AA99", "#999933",
                           "#882255", "#CC6677", "#DDCC77", "#AA4499")))
FALLBACK = {"Actor": "organization", "Cooperation": "agreement", "Topic": "topic"}


def kind_of(node: dict) -> str:
    """The kind (one of ``KINDS``) of a node with networkx attributes ``label`` and ``type``.

    >>> kind_of({"label": "Cooperation", "type": "exchange"}), kind_of({"label": "Topic"})
    ('event', 'topic')
    """
    kind = "event" if node.get("type") == "exchange" else node.get("type")
    return kind if kind in KINDS else FALLBACK.get(node.get("label"), "organization")


def number(n: int) -> str:
    """A whole number with its thousands marked as the current language marks them.

    >>> from munigraph.language import speaking
    >>> with speaking("pt"):
    ...     number(12345)
    '12.345'
    >>> number(12345)
    '12,345'
    """
    return f"{n:,}".replace(",", pgettext("thousands separator", ","))


def shown_date(value) -> str:
    """A date (``PartialDate``, ``datetime.date`` or ISO text) as people of the current
    language write it, at its precision; English keeps ISO 8601.

    >>> import datetime
    >>> from munigraph.graph.dates import PartialDate
    >>> from munigraph.language import speaking
    >>> with speaking("pt"):
    ...     [shown_date(d) for d in (PartialDate(datetime.date(2013, 5, 1), "month"),
    ...                              datetime.date(2026, 12, 3), "2013")]
    ['05/2013', '03/12/2026', '2013']
    >>> shown_date(datetime.date(2026, 12, 3))
    '2026-12-03'
    """
    import datetime

    text = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text).strftime(pgettext("date", "%Y-%m-%d"))
        if len(text) == 7:
            return datetime.date.fromisoformat(text + "-01").strftime(pgettext("month", "%Y-%m"))
    except ValueError:
        pass
    return text


def size_of(degree: int) -> int:
    """A node's radius in pixels: its area grows with its degree, up to a cap.

    >>> size_of(0), size_of(1), size_of(25), size_of(1000)
    (6, 10, 26, 40)
    """
    return min(40, round(6 + 4 * math.sqrt(degree)))
