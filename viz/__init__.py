"""munigraph.viz: network pictures and exports of the graph."""
