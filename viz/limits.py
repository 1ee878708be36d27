"""How many nodes each kind of output draws well: one number per kind, in one place.

Measured with ``benchmarks/draw_limits.py`` on 2 CPUs (docs/performance.md, "Drawing
limits"); a selection counts the nodes of the view drawn (actors and cooperations, or
actors only in the actors view).

- ``HTML``: the interactive page (``munigraph export html``, and a view of ``munigraph
  explore``) is laid out and drawn by headless Chromium in under 3 s up to this many nodes.
  Beyond it, an export is written with a warning; explore refuses the view.
- ``MAP``: the world map is drawn in under 3 s up to this many nodes; beyond it, an export
  is written with a warning.
- ``PICTURE``: a PNG, SVG or PDF beyond this many nodes takes long to lay out and is a
  blur of overlapping marks; it is refused.
- ``LAYOUT``: a GEXF file holds positions up to this many nodes; Gephi lays out larger
  graphs itself.
"""

HTML = 2000
MAP = 5000
PICTURE = 3000
LAYOUT = 3000


def of(kind: str) -> int | None:
    """The limit of an export format (``None``: graphml, which has no layout).

    >>> of("svg"), of("graphml")
    (3000, None)
    """
    return {"html": HTML, "map": MAP, "png": PICTURE, "svg": PICTURE, "pdf": PICTURE,
            "gexf": LAYOUT}.get(kind)
