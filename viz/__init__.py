"""munigraph.viz: network pictures and exports of the graph.

``export`` is what ``graph.export`` and ``munigraph export`` run: choose a part of the
graph, check it against the limits of ``viz.limits``, write the file and report::

    graph = munigraph.open()
    report = graph.export("html", "amal.html", actor="AMAL", depth=2)

or take the graph as networkx and draw it yourself::

    from munigraph.viz import write_html
    write_html(graph.to_networkx(), "all.html", "Every cooperation", "")
"""

from .export import ExportReport, export
from .gephi import write_gexf, write_graphml
from .html import write_html
from .countries import country_network
from .map import write_map
from .measures import communities
from .network import actor_projection, network, read_network
from .printed_map import write_map_picture
from .select import Selection, select
from .static import write_picture

__all__ = ["export", "ExportReport", "select", "Selection", "read_network", "network",
           "actor_projection", "write_html", "write_picture", "write_gexf", "write_graphml",
           "write_map", "write_map_picture", "country_network", "communities"]
