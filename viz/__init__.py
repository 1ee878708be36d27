"""munigraph.viz: network pictures and exports of the graph.

Choose a part of the graph with ``select`` (or take ``graph.to_networkx()``), then write it::

    from munigraph.viz import select, write_html
    chosen = select(graph.store, actor="AMAL", depth=2)
    write_html(chosen.graph, "amal.html", "AMAL and its partners", chosen.caption)
"""

from .gephi import write_gexf, write_graphml
from .html import write_html
from .map import write_map
from .network import actor_projection, network, read_network
from .select import Selection, select
from .static import write_picture

__all__ = ["select", "Selection", "read_network", "network", "actor_projection", "write_html",
           "write_picture", "write_gexf", "write_graphml", "write_map"]
