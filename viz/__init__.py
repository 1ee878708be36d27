"""munigraph.viz: network pictures and exports of the graph.

``export`` does what ``munigraph export`` does: choose a part of the graph, check it
against the limits of ``viz.limits``, write the file and report::

    from munigraph.viz import export
    report = export(graph.store, "html", "amal.html", actor="AMAL", depth=2)

or choose with ``select`` (or take ``graph.to_networkx()``) and write it yourself::

    from munigraph.viz import select, write_html
    chosen = select(graph.store, actor="AMAL", depth=2)
    write_html(chosen.graph, "amal.html", "AMAL and its partners", chosen.caption)
"""

from .export import ExportReport, export
from .gephi import write_gexf, write_graphml
from .html import write_html
from .map import write_map
from .network import actor_projection, network, read_network
from .select import Selection, select
from .static import write_picture

__all__ = ["export", "ExportReport", "select", "Selection", "read_network", "network",
           "actor_projection", "write_html", "write_picture", "write_gexf", "write_graphml",
           "write_map"]
