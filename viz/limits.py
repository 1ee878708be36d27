"""How many nodes each kind of output draws well: one number per kind, in one place.

Measured with ``benchmarks/draw_limits.py`` on 2 CPUs (docs/performance.md, "Drawing
limits"). A selection counts the nodes of the view drawn: actors and cooperations, or
actors only in the actors view.

- ``HTML``: the interactive page (``munigraph export html``, and a view of ``munigraph
  explore``, drawn with the same options) was laid out and drawn by headless Chromium in
  under 3 s at this many nodes (2.5–2.7 s on a quiet machine); from 1,500 nodes it takes
  3.2 s and more, 5 s at 3,000. Beyond it, an export draws the countries view of the
  same cooperations instead (``viz.countries``), with a warning; explore refuses the view.
- ``MAP``: the world map was drawn in 1.8 s at this many nodes, and in 2.1 to 3.6 s at
  6,000 to 10,000; beyond it, an export is written with a warning.
- ``PICTURE``: a PNG, SVG or PDF of this many nodes takes 15–25 s, most of it the
  layout, and its marks can still be told apart; at 3,000 it takes 35–45 s and the
  smallest marks are dots in a grey mesh of links. Beyond it, an export draws the
  countries view instead, with a warning.
- ``LAYOUT``: a GEXF file holds positions up to this many nodes (a layout of 14–17 s);
  Gephi lays out larger graphs itself.
- ``EXPLORE``: the most cooperations a view or the measures of ``munigraph explore`` read
  (counted before anything is read; more are refused, to be narrowed with the filters).
  The whole generated medium graph (9,500 cooperations, 10,000 actors) is read and drawn
  by country in about 1 s, and its reading takes explore about 80 MB while it lasts.
"""

HTML = 1000
MAP = 5000
PICTURE = 2000
LAYOUT = 2000
EXPLORE = 10_000


def of(kind: str) -> int | None:
    """The limit of an export format (``None``: graphml, which has no layout).

    >>> of("svg"), of("graphml")
    (2000, None)
    """
    return {"html": HTML, "map": MAP, "png": PICTURE, "svg": PICTURE, "pdf": PICTURE,
            "gexf": LAYOUT}.get(kind)
