"""munigraph.graph: the stores (embedded ArcadeDB, Neo4j), the schema and the Cypher that writes.

The errors are in ``munigraph.graph.errors`` (and exported by ``munigraph``); the
connection is ``munigraph.graph.store.Store``, used through ``munigraph.open``.
"""
