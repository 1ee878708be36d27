"""munigraph: a knowledge graph of international municipal cooperation.

Who cooperates with whom, on what topic, and what document says so::

    import munigraph

    graph = munigraph.open()   # the embedded store; or open(uri="neo4j://...", ...)
    graph.load()               # the bundled dataset
    graph.query("partners", actor="AMAL")            # a canned question: list of dicts
    graph.query("topic", topic="solid waste", as_frame=True)   # ... as a DataFrame
    graph.cypher("MATCH (t:Topic) RETURN t.name AS topic, t.sdg AS sdg")
    graph.to_networkx(view="actors")   # who with whom, as a networkx graph
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from munigraph.graph import InputError, MunigraphError, Store, StoreError, WriteRefused
from munigraph.graph import inspect
from munigraph.queries.output import native

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

    def load(self, paths=None, progress=None, skip_rejected=False) -> dict:
        """Load records (YAML), facts (CSV), Wikidata twinnings (TSV) or IATI activities
        (XML), default the bundled dataset, in one transaction; return a summary.

        Any problem raises ``InputError`` and writes nothing, unless ``skip_rejected``: then
        the rows of flat files that cannot be loaded are left out and listed.
        """
        from munigraph.loaders import load_files

        return load_files(self.store, paths, progress, skip_rejected)

    def query(self, name: str, /, as_frame: bool = False, **parameters):
        """Run the canned query ``name`` (see ``munigraph queries``) read-only.

        Returns a list of dicts (dates as ``datetime.date``), or a pandas DataFrame with
        the query's columns when ``as_frame=True`` (needs pandas: ``pip install
        'munigraph[pandas]'``). Example: ``graph.query("partners", actor="AMAL")``.
        """
        from munigraph import queries

        rows, keys = queries.run(self.store, name, **parameters)
        return _frame(rows, keys) if as_frame else native(rows)

    def cypher(self, query: str, /, write: bool = False, as_frame: bool = False, **parameters):
        """Run Cypher with ``$parameters``; read-only unless ``write=True``.

        Returns a list of dicts, or a pandas DataFrame when ``as_frame=True``.
        """
        if write:
            rows, keys, _ = self.store.write(query, parameters)
        else:
            rows, keys = self.store.read_with_keys(query, parameters)
        return _frame(rows, keys) if as_frame else native(rows)

    def to_networkx(self, view: str = "cooperations"):
        """The graph as networkx: ``view="cooperations"`` gives a ``MultiDiGraph`` of actors
        and cooperations (actor → cooperation edges keyed by role); ``view="actors"`` gives
        the ``Graph`` of actors joined when they share cooperations (``weight``: how many).
        """
        from munigraph.viz.network import actor_projection, read_network

        if view not in ("cooperations", "actors"):
            raise MunigraphError(f"view must be 'cooperations' or 'actors', not {view!r}")
        graph = read_network(self.store)
        return actor_projection(graph) if view == "actors" else graph

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


def _frame(rows, keys):
    try:
        import pandas
    except ImportError:
        raise MunigraphError("as_frame=True needs pandas: pip install 'munigraph[pandas]'") from None
    return pandas.DataFrame(native(rows), columns=keys)
