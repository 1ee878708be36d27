"""Measures of a network that pictures and analyses share.

``communities(graph)`` finds groups of nodes more linked among themselves than with the
rest (Louvain, networkx), seeded so that the same graph always gives the same groups.
"""

from __future__ import annotations

SEED = 42


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
