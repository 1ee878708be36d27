"""Network measures of the actor network: who is central, who brokers, which groups exist.

The actor network joins two actors when they take part in the same cooperations; a link's
``weight`` is how many they share (as ``network.actor_projection``). ``measures(store,
...)`` reads it in one query (only who takes part in what: fast on large graphs) and
returns one row per actor that takes part in a chosen cooperation, with the columns of
``COLUMNS``:

- ``partners``: distinct partners (its degree in the actor network);
- ``degree``: the cooperations it takes part in (its degree in the network of actors and
  cooperations);
- ``weighted_degree``: cooperations shared with partners, summed over partners (a
  cooperation of five parties counts four times);
- ``betweenness``: the share of shortest paths between two other actors that pass through
  it (normalised as networkx does; ``brandes``), on the network without weights: weights
  say how strong a link is, not how long, so every link counts as one step. Above
  ``EXACT`` actors it is estimated from a seeded sample of ``pivots`` actors, and the
  answer says so;
- ``pagerank``: PageRank on the weighted network (damping 0.85): high when linked strongly
  to actors that are themselves central;
- ``community``: the actor's group (Louvain on the weighted network, seeded; numbered from
  0 by size);
- ``countries``: the other countries its partners are in (brokerage across borders).

``communities(graph)`` is the grouping pictures share.
"""

from __future__ import annotations

from collections import Counter

from munigraph.language import C_, _, ngettext
from munigraph.queries.output import Rows

from .network import CHOSEN, EVERY
from .style import number

SEED = 42
COLUMNS = (C_("column", "id"), C_("column", "name"), C_("column", "kind"),
           C_("column", "country"), C_("column", "partners"), C_("column", "degree"),
           C_("column", "weighted_degree"), C_("column", "betweenness"),
           C_("column", "pagerank"), C_("column", "community"), C_("column", "countries"))
NUMBERS = COLUMNS[4:]  # highest first when sorted by
EXACT = 2000  # actors up to which betweenness is computed exactly
WORK = 3_000_000  # what an estimate may walk: pivots × (actors + links); from MIN_PIVOTS up
MIN_PIVOTS = 50
PARTIES = ("{c} MATCH (a:Actor)-[:TAKES_PART]->(c) RETURN c.id AS id, "
           "collect(DISTINCT [a.id, a.name, [l IN labels(a) WHERE l <> 'Actor'][0], a.country]) AS parties")


class Measures(Rows):
    """The rows of ``measures``, with ``pivots``: ``None`` when betweenness is exact, else how
    many actors its estimate started from."""

    def __init__(self, rows, pivots=None):
        super().__init__(rows, COLUMNS)
        self.pivots = pivots

    @property
    def note(self) -> str:
        """How betweenness was computed, in the language being spoken."""
        if self.pivots is None:
            return _("betweenness computed exactly")
        return ngettext("betweenness estimated from shortest paths starting at {pivots} of {n} "
                        "actor (seeded sample)", "betweenness estimated from shortest paths "
                        "starting at {pivots} of {n} actors (seeded sample)", len(self)
                        ).format(pivots=number(self.pivots), n=number(len(self)))


def measures(store, countries=(), topic=None, programme=None, since=None, until=None,
             sort="pagerank", seed=SEED, most=None) -> Measures:
    """The measures of every actor of the cooperations the filters choose (those of
    ``viz.select``, and ``until``: started or signed in that year or before), highest
    ``sort`` first (then by name); refused when they are more than ``most``."""
    from .select import check_size, cooperations

    if sort not in COLUMNS:
        from munigraph.graph.errors import MunigraphError

        raise MunigraphError(_("sort must be one of {columns}, not {sort}").format(
            columns=", ".join(COLUMNS), sort=repr(sort)))
    chosen = cooperations(store, countries, topic, programme, since, until)
    check_size(store, chosen, most)
    return measure(actor_network(store, chosen), sort, seed)


def actor_network(store, chosen=None):
    """The weighted actor network of the ``chosen`` cooperations (ids; ``None``: all), each
    actor with its ``name``, ``kind``, ``country`` and ``cooperations`` (how many)."""
    import networkx as nx

    rows = store.read(PARTIES.format(**(EVERY if chosen is None else CHOSEN)),
                      cooperations=sorted(chosen or []))
    network, taking_part = nx.Graph(), Counter()
    for row in rows:
        parties = sorted({actor for actor, *_ in row["parties"]})
        taking_part.update(parties)
        network.add_nodes_from((actor, {"name": name, "kind": (kind or "actor").lower(),
                                        "country": country})
                               for actor, name, kind, country in row["parties"])
        for i, a in enumerate(parties):
            for b in parties[i + 1:]:
                weight = network.edges[a, b]["weight"] + 1 if network.has_edge(a, b) else 1
                network.add_edge(a, b, weight=weight)
    for actor, count in taking_part.items():
        network.nodes[actor]["cooperations"] = count
    return network


def network_of(graph):
    """The actor network of a selection's graph (``viz.select``): the cooperations view's
    ``MultiDiGraph`` projected to actors, the actors view as it is."""
    from .network import actor_projection

    return actor_projection(graph) if graph.is_directed() else graph


def measure(network, sort="pagerank", seed=SEED) -> Measures:
    """The measures of each actor of ``network`` (``actor_network``), highest ``sort`` first."""
    import networkx as nx

    pivots = _pivots(network)
    betweenness = brandes(network, pivots, seed)
    pagerank = nx.pagerank(network, weight="weight") if len(network) else {}
    community = communities(network, seed)
    rows = []
    for actor, data in network.nodes(data=True):
        home = data.get("country")
        abroad = {network.nodes[p].get("country") for p in network[actor]} - {home, None}
        rows.append({"id": actor, "name": data.get("name"),
                     "kind": data.get("kind") or data.get("type"),
                     "country": home, "partners": network.degree(actor),
                     "degree": data.get("cooperations", 0),
                     "weighted_degree": network.degree(actor, weight="weight"),
                     "betweenness": _rounded(betweenness[actor]),
                     "pagerank": _rounded(pagerank[actor]), "community": community[actor],
                     "countries": len(abroad)})
    rows.sort(key=lambda row: (str(row["name"]), row["id"]))
    if sort in NUMBERS:
        rows.sort(key=lambda row: row[sort], reverse=True)
    else:
        rows.sort(key=lambda row: (row[sort] is None, str(row[sort] or "")))
    return Measures(rows, pivots)


def brandes(graph, pivots=None, seed=SEED, batch=128) -> dict:
    """``{node: betweenness}`` of an undirected ``graph``, every link one step, normalised as
    networkx's ``betweenness_centrality`` (3.6) does; from ``pivots`` sources drawn as it
    draws them (``random.Random(seed).sample`` of the nodes in id order) when given. It is
    Brandes' algorithm with sparse matrices: the shortest paths from ``batch`` sources at
    once, level by level (an order of magnitude faster than networkx's own)."""
    import random

    import numpy as np
    import scipy.sparse as sparse

    nodes = sorted(graph)
    n, index = len(nodes), {node: i for i, node in enumerate(nodes)}
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    ends = np.array([(index[a], index[b]) for a, b in graph.edges if a != b], dtype=int).reshape(-1, 2)
    links = sparse.coo_matrix((np.ones(2 * len(ends)), (np.r_[ends[:, 0], ends[:, 1]],
                                                         np.r_[ends[:, 1], ends[:, 0]])),
                              shape=(n, n)).tocsr()
    sources = (list(range(n)) if pivots is None
               else [index[node] for node in random.Random(seed).sample(nodes, pivots)])
    total = np.zeros(n)
    for start in range(0, len(sources), batch):
        chosen = sources[start:start + batch]
        columns = np.arange(len(chosen))
        paths = np.zeros((n, len(chosen)))  # shortest paths from each source (column)
        paths[chosen, columns] = 1.0
        seen, frontier = paths > 0, paths.copy()
        levels = [seen.copy()]  # the nodes each source reaches in 0, 1, 2... steps
        while True:
            reached = links @ frontier
            reached[seen] = 0.0
            new = reached > 0
            if not new.any():
                break
            paths += reached
            seen |= new
            levels.append(new)
            frontier = reached
        dependency = np.zeros((n, len(chosen)))
        for depth in range(len(levels) - 1, 0, -1):
            share = np.where(levels[depth], (1.0 + dependency) / np.where(seen, paths, 1.0), 0.0)
            dependency += np.where(levels[depth - 1], paths * (links @ share), 0.0)
        dependency[chosen, columns] = 0.0
        total += dependency.sum(axis=1)
    pairs = n - 2  # the other ends a path through a node can have, besides the node
    if pivots is None:
        return {node: total[i] / ((n - 1) * pairs) for i, node in enumerate(nodes)}
    drawn = set(sources)
    return {node: total[i] / ((pivots - (i in drawn)) * pairs) if pivots > 1 else 0.0
            for i, node in enumerate(nodes)}


def _pivots(network):
    """``None`` (exact) up to ``EXACT`` actors; above, as many pivots as ``WORK`` allows."""
    actors = len(network)
    if actors <= EXACT:
        return None
    return min(actors, max(MIN_PIVOTS, WORK // (actors + network.number_of_edges())))


def _rounded(value: float) -> float:
    """Six significant digits: what the measures can tell apart."""
    return float(f"{value:.6g}")


def communities(graph, seed: int = SEED) -> dict:
    """``{node: community number}`` for the nodes of ``graph`` (directed or not, parallel
    links merged, ``weight`` summed), numbered from 0 by size, largest first; the same
    graph gives the same numbers whatever order its nodes and links were added in.

    >>> import networkx as nx
    >>> two = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("c", "x")])
    >>> communities(two)
    {'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1}
    """
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(map(str, graph)))
    for a, b, weight in sorted(((str(a), str(b), w) for a, b, w in graph.edges(data="weight",
                                                                             default=1)
                                if a != b)):
        a, b = (a, b) if a <= b else (b, a)
        if simple.has_edge(a, b):
            simple.edges[a, b]["weight"] += weight
        else:
            simple.add_edge(a, b, weight=weight)
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    ranked = sorted(found, key=lambda group: (-len(group), min(map(str, group))))
    numbers = {str(node): i for i, group in enumerate(ranked) for node in group}
    return {node: numbers[str(node)] for node in graph}
