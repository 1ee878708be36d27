"""munigraph: a knowledge graph of international municipal cooperation.

Who cooperates with whom, on what topic, and what document says so::

    import munigraph

    graph = munigraph.open()   # the embedded store; or open(uri="neo4j://...", ...)
    graph.load()               # the bundled dataset
    graph.cypher(
        "MATCH (a:Actor {id: $id})-[:TAKES_PART]->(c)<-[:TAKES_PART]-(p:Actor) "
        "RETURN p.name AS partner, c.name AS cooperation",
        id="consortium:pt:amal",
    )
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from munigraph.graph import InputError, MunigraphError, Store, StoreError, WriteRefused
from munigraph.graph import inspect

try:
    __version__ = version("munigraph")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["open", "Munigraph", "MunigraphError", "InputError", "StoreError", "WriteRefused",
           "__version__"]


def open(uri=None, user=None, password=None, database=None, data=None) -> "Munigraph":
    """Open a munigraph graph: Neo4j at ``uri``, or else the embedded store.

    The embedded store lives in ``data`` (default: ``MUNIGRAPH_DATA`` or the per-user
    data folder); its server starts when needed and stops after it has been idle.
    """
    return Munigraph(Store.connect(uri=uri, user=user, password=password,
                                   database=database, data=data))


class Munigraph:
    """A graph to load into and ask questions of. Close it (or use ``with``) when done."""

    def __init__(self, store: Store):
        self.store = store

    def load(self, paths=None, progress=None) -> dict:
        """Load YAML records files (default: the bundled dataset); return a summary."""
        from munigraph.loaders import load_records

        return load_records(self.store, paths, progress)

    def cypher(self, query: str, write: bool = False, **parameters) -> list[dict]:
        """Run Cypher with ``$parameters``; read-only unless ``write=True``."""
        if write:
            rows, _, _ = self.store.write(query, parameters)
            return rows
        return self.store.read(query, parameters)

    def status(self) -> dict:
        """Where the store is, and its counts per label and relationship type."""
        status = {"engine": self.store.engine, "location": self.store.location,
                  "server": self.store.server_version(), **inspect.counts(self.store)}
        if self.store.folder is not None:
            status["embedded"] = self.store.folder.server_info()
        return status

    def digest(self) -> str:
        """A SHA-256 of the graph's content; equal graphs have equal digests."""
        return inspect.digest(self.store)

    def reset(self) -> None:
        """Delete every node and relationship (the schema stays)."""
        self.store.write("MATCH (n) DETACH DELETE n")

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<munigraph {self.store.engine} {self.store.location}>"
