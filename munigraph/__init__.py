"""munigraph: a knowledge graph of international municipal cooperation.

Who cooperates with whom, on what topic, and what document says so::

    import munigraph

    graph = munigraph.open()   # the embedded store; or open(uri="neo4j://...", ...)
    graph.load()               # the bundled dataset
    graph.query("partners", actor="AMAL")            # a canned question: rows as dicts
    graph.query("topic", topic="solid waste", as_frame=True)   # ... as a DataFrame
    graph.cypher("MATCH (t:Topic) RETURN t.name AS topic, t.sdg AS sdg")
    graph.to_networkx(view="actors")   # who with whom, as a networkx graph
    graph.measures(countries=["MZ"])   # who is central, who brokers, which groups
    graph.export("png", "amal.png", actor="AMAL")
    graph.load([munigraph.fetch_wikidata(["MZ"]).path])   # Mozambique's twinnings, from Wikidata

Every command of ``munigraph`` (the command line) is one call of this API. Errors are
``MunigraphError`` and its subclasses.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from munigraph.graph import inspect
from munigraph.graph.dates import PartialDate
from munigraph.graph.errors import (ExportError, FetchError, InputError, MunigraphError, Problem,
                                    QueryError, StoreError, WriteRefused)
from munigraph.graph.store import Store
from munigraph.loaders import LoadReport
from munigraph.queries.output import Rows

try:
    __version__ = version("munigraph")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["open", "check", "draft", "fetch_wikidata", "Munigraph", "LoadReport", "Rows", "PartialDate", "Problem",
           "MunigraphError", "InputError", "QueryError", "StoreError", "WriteRefused",
           "ExportError", "FetchError", "__version__"]

COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
            "properties_set", "labels_added", "labels_removed", "indexes_added",
            "indexes_removed", "constraints_added", "constraints_removed")


def open(uri=None, user=None, password=None, database=None, data=None) -> "Munigraph":
    """Open a munigraph graph: Neo4j at ``uri``, or else the embedded store.

    The embedded store lives in ``data`` (default: ``MUNIGRAPH_DATA`` or the per-user
    data folder); its server starts when needed and stops after it has been idle.
    """
    return Munigraph(Store.connect(uri=uri, user=user, password=password,
                                   database=database, data=data))


def check(paths=None, skip_rejected=False, progress=None) -> LoadReport:
    """Read and check input files as ``Munigraph.load`` would, without a store: what they
    would add (``report.written`` is false). Raises ``InputError`` on any problem."""
    from munigraph.loaders import load

    return load(None, paths, check=True, skip_rejected=skip_rejected, progress=progress)


def fetch_wikidata(countries, output=None, endpoint=None, contact=None, timeout=60.0, retries=4,
                   refresh=False, data=None, progress=None):
    """Fetch the twinnings of the towns and regions of ``countries`` (ISO codes or names)
    from Wikidata into a TSV that ``load`` reads (``output``; default
    ``wikidata-p190-CODES.tsv`` here) and return a ``FetchReport``. See docs/inputs.md.

    ``endpoint``: a SPARQL endpoint holding Wikidata (default the Wikidata Query Service);
    ``contact``: an e-mail or web address for the User-Agent (default ``MUNIGRAPH_CONTACT``);
    ``timeout``: seconds to wait for each answer; ``retries``: how often a 429 or 5xx answer
    is asked again; answers are kept in the data folder (``data``, as ``open``'s) and
    reused unless ``refresh``. Raises ``FetchError`` and writes no file when an answer
    cannot be had. Example: ``munigraph.fetch_wikidata(["MZ"]).path``.
    """
    from munigraph.graph.embedded import default_data_dir
    from munigraph.loaders import sparql, wikidata_fetch

    codes = wikidata_fetch.country_codes(countries)
    client = sparql.Client(endpoint or sparql.DEFAULT_ENDPOINT, contact, timeout, retries,
                           cache=Path(data or default_data_dir()) / "cache" / "sparql", refresh=refresh)
    output = output or f"wikidata-p190-{'-'.join(codes).lower()}.tsv"
    return wikidata_fetch.fetch(codes, output, client, progress)


def draft(document, output=None, language=None, url=None):
    """Propose records from ``document`` without a graph (see ``Munigraph.draft``)."""
    from munigraph.loaders.draft import write_draft

    return write_draft(document, output, (), language, (), url)


class Munigraph:
    """A graph to load into and ask questions of. Close it (or use ``with``) when done."""

    def __init__(self, store: Store):
        self.store = store  # internal: the connection every method goes through

    def load(self, paths=None, check=False, skip_rejected=False, progress=None) -> LoadReport:
        """Load records (YAML or JSON), facts (CSV), Wikidata twinnings (TSV) or IATI
        activities (XML), default the bundled dataset, in one transaction; return a
        ``LoadReport``. With ``check``, only read and check them.

        Any problem raises ``InputError`` and writes nothing, unless ``skip_rejected``: then
        the rows of flat files that cannot be loaded are left out and listed.
        ``progress(stage, n, total)`` is called as rows are read ("read") and written ("write").
        """
        from munigraph.loaders import load

        return load(None if check else self.store, paths, check, skip_rejected, progress)

    def review(self) -> Rows:
        """Suspected duplicates and conflicting roles, with the evidence of each side, to
        settle with ``same_as`` or ``different`` in a records file (``queries.review``)."""
        from munigraph.queries.review import review

        return review(self.store)

    def unload(self, paths) -> LoadReport:
        """Take files out of the inputs the graph is built from and rebuild it from the
        others (the graph is a function of the files loaded into it)."""
        from munigraph.loaders.pipeline import unload

        return unload(self.store, paths)

    def query(self, name: str, /, as_frame: bool = False, **parameters):
        """Run the canned query ``name`` (see ``munigraph queries``) read-only.

        Returns ``Rows`` (a list of dicts with ``keys``; dates as ``PartialDate``, at the
        precision the source gives), or a pandas DataFrame when ``as_frame=True`` (``pip
        install 'munigraph[pandas]'``). A parameter that names an actor must name one: a name
        that several actors share raises ``QueryError`` listing their ids.
        Example: ``graph.query("partners", actor="AMAL")``.
        """
        from munigraph import queries

        rows, keys = queries.run(self.store, name, **parameters)
        return _rows(Rows(rows, keys), as_frame)

    def cypher(self, query: str, /, write: bool = False, as_frame: bool = False, **parameters):
        """Run Cypher with ``$parameters``; read-only unless ``write=True`` (a query that
        would change the graph raises ``WriteRefused`` and changes nothing).

        Returns ``Rows`` with ``keys`` and ``counters``, or a DataFrame when ``as_frame``. After
        a write, the summaries the graph keeps (docs/graph-model.md, "Summaries") are recomputed.
        """
        if write:
            from munigraph.loaders.summaries import refresh

            rows, keys, counters = self.store.write(query, parameters)
            refresh(self.store)
            changed = {name: getattr(counters, name) for name in COUNTERS if getattr(counters, name)}
            return _rows(Rows(rows, keys, changed), as_frame)
        rows, keys = self.store.read_with_keys(query, parameters)
        return _rows(Rows(rows, keys), as_frame)

    def measures(self, countries=(), topic=None, programme=None, since=None, until=None,
                 sort="pagerank", as_frame=False):
        """Network measures of each actor of the cooperations the filters choose (as
        ``export``'s; ``until``: started or signed in that year or before): partners,
        degree, weighted degree, betweenness, PageRank, community and the other countries
        of its partners, highest ``sort`` first (``viz.measures``, docs/explore.md).

        Returns ``Rows`` whose ``note`` says how betweenness was computed (exactly, or
        estimated from a seeded sample above 2,000 actors), or a DataFrame when ``as_frame``
        (the note in its ``attrs``).
        Example: ``graph.measures(countries=["MZ"])[0]["name"]``.
        """
        from munigraph.viz.measures import measures

        found = measures(self.store, countries, topic, programme, since, until, sort)
        if not as_frame:
            return found
        frame = found.to_frame()
        frame.attrs["note"] = found.note
        return frame

    def sources_of(self, rows) -> list:
        """The documents behind ``rows`` (of ``query``): the sources of the cooperations
        the rows name, as dicts (``source``, ``publisher``, ``published``, ``url``, ``file``,
        ``cooperations``), for ``rows.to_xlsx(..., sources=...)``."""
        from munigraph.queries.spreadsheet import sources_of

        return sources_of(self.store, rows)

    def draft(self, document, output=None, language=None, url=None):
        """Propose cooperation records from ``document``'s text (published at ``url``, when
        given), naming the graph's actors and avoiding its ids; write them as YAML to review
        (default: beside the document, ``NAME.draft.yaml``) and return its path."""
        from munigraph.loaders import Snapshot
        from munigraph.loaders.draft import write_draft

        known = Snapshot.read(self.store.read, parts=("actors", "ids"))
        ids = sorted(i for ids in known.ids.values() for i in ids)
        return write_draft(document, output, known.actors, language, ids, url)

    def export(self, kind: str, out, **options):
        """Write a picture or graph file (``kind``: html, png, svg, pdf, gexf, graphml or
        map) of the graph or of the part the filters choose (``actor``, ``depth``,
        ``countries``, ``between`` (two countries), ``topic``, ``programme``, ``since``,
        ``query`` and ``parameters``, ``view``, ``min_shared``, ``title``, ``width``,
        ``height``, ``dpi``); return what was written. See docs/exports.md."""
        from munigraph.viz.export import export

        return export(self.store, kind, out, **options)

    def explore(self, host="127.0.0.1", port=0, open_browser=True, language=None,
                allow_hosts=()) -> None:
        """Serve the explore page over this graph until interrupted (docs/explore.md), in
        ``language`` (``pt``, ``en``) when given, else in each browser's. Off loopback,
        ``allow_hosts`` names what people type to reach it (at least one)."""
        from munigraph.viz.explore import serve

        serve(self, host, port, open_browser=open_browser, language=language,
              allow_hosts=allow_hosts)

    def to_networkx(self, view: str = "cooperations"):
        """The graph as networkx: ``view="cooperations"`` gives a ``MultiDiGraph`` of actors
        and cooperations (actor → cooperation edges keyed by role); ``view="actors"`` gives
        the ``Graph`` of actors joined when they share cooperations (``weight``: how many);
        ``view="countries"`` the ``Graph`` of countries joined by the cooperations that join
        them (``viz.countries``); ``view="programmes"`` the ``Graph`` of programmes joined to
        their parties (``weight``: the cooperations of the programme the party takes part in).
        Dates are ``PartialDate`` values, at the precision the source gives.
        """
        from munigraph.viz.network import actor_projection, read_network
        from munigraph.viz.select import check_view, select

        check_view(view)
        if view in ("countries", "programmes"):
            return select(self.store, view=view).graph
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
        """Delete every node and relationship, and the inputs kept (the schema stays)."""
        self.store.write("MATCH (n) DETACH DELETE n")

    @property
    def location(self) -> str:
        """Where the graph is: the embedded store's data folder, or the Neo4j URI."""
        return self.store.location

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<munigraph {self.store.engine} {self.store.location}>"


def _rows(rows: Rows, as_frame: bool):
    return rows.to_frame() if as_frame else rows
