"""How a node looks in every picture and export: its kind, colour and size.

Colours are Paul Tol's "muted" qualitative palette, told apart by colour-blind viewers.
An exchange is drawn as an event (both are activities with dates).
"""

from __future__ import annotations

import math

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


def size_of(degree: int) -> int:
    """A node's radius in pixels: its area grows with its degree, up to a cap.

    >>> size_of(0), size_of(1), size_of(25), size_of(1000)
    (6, 10, 26, 40)
    """
    return min(40, round(6 + 4 * math.sqrt(degree)))
