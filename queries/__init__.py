"""munigraph.queries: the canned Cypher questions, one ``.cypher`` file each."""
