"""The country network: cooperations aggregated by the countries they join.

``country_network(graph)`` turns the cooperations ``MultiDiGraph`` of ``viz.network`` into
an ``nx.Graph`` with one node per country and a link between two countries that
cooperations join. A cooperation joins countries A and B when each is the country of one of
its parties or in its ``scope`` (the countries it ``INVOLVES``, a cooperation attribute
that ``viz.select`` reads for this view), as the canned query ``country-pairs`` counts
them. A cooperation whose parties and scope are all of one country is counted in that
country's ``within``, not drawn as a link to itself.
Parties without a country are not drawn: the graph's ``without_country`` counts them.
"""

from __future__ import annotations

import functools

NAMED = 8  # cooperation names a link keeps for its tooltip; ``weight`` counts them all


def country_network(graph):
    """The countries of ``graph`` (a cooperations graph of ``viz.network``) and the links
    the cooperations make between them.

    A node is ``country:xx``, with ``label`` "Country", ``type`` "country", ``code``,
    ``name``, ``namePt``, ``lat``/``lon`` of its centre when known, ``actors`` (the
    graph's actors there), ``cooperations`` (those with a party there or it in their
    scope) and ``within`` (those of that country alone). A link has
    ``weight``, the number of cooperations joining its two countries, and ``cooperations``,
    the first ``NAMED`` of their names in alphabetical order.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"label": "Actor", "country": "BR"}),
    ...                   ("b", {"label": "Actor", "country": "PT"}),
    ...                   ("x", {"label": "Actor"}),
    ...                   ("c", {"label": "Cooperation", "name": "Termo", "scope": ["MZ"]}),
    ...                   ("d", {"label": "Cooperation", "name": "Consórcio"})])
    >>> _ = g.add_edge("a", "c"); _ = g.add_edge("b", "c"); _ = g.add_edge("x", "c")
    >>> _ = g.add_edge("a", "d")
    >>> countries = country_network(g)
    >>> sorted(countries.edges(data="weight"))
    [('country:br', 'country:mz', 1), ('country:br', 'country:pt', 1), ('country:mz', 'country:pt', 1)]
    >>> {k: countries.nodes["country:br"][k] for k in ("name", "actors", "cooperations", "within")}
    {'name': 'Brazil', 'actors': 1, 'cooperations': 2, 'within': 1}
    >>> countries.graph["without_country"]
    1
    """
    import networkx as nx

    where = {node: data.get("country") for node, data in graph.nodes(data=True)
             if data.get("label") == "Actor"}
    counts = {}  # code -> [actors, cooperations, within]
    for code in where.values():
        if code:
            counts.setdefault(code, [0, 0, 0])[0] += 1
    links = {}  # (code, code) -> cooperation names
    for node, data in graph.nodes(data=True):
        if data.get("label") != "Cooperation":
            continue
        parties = {where[a] for a, _c in graph.in_edges(node) if where.get(a)}
        touched = parties | set(data.get("scope") or ())
        for code in touched:
            count = counts.setdefault(code, [0, 0, 0])
            count[1] += 1
            count[2] += len(touched) == 1
        name = str(data.get("name") or node)
        for pair in {tuple(sorted((a, b))) for a in touched for b in touched if a != b}:
            links.setdefault(pair, []).append(name)
    network = nx.Graph(without_country=sum(1 for code in where.values() if not code))
    for code in sorted(counts):
        actors, cooperations, within = counts[code]
        network.add_node(_id(code), **_country(code), label="Country", type="country",
                         actors=actors, cooperations=cooperations, within=within)
    for (a, b), names in sorted(links.items()):
        network.add_edge(_id(a), _id(b), weight=len(names), cooperations=sorted(names)[:NAMED])
    return network


def _id(code: str) -> str:
    return f"country:{code.lower()}"


@functools.lru_cache(maxsize=None)
def _country(code: str) -> dict:
    """A country's ``code``, names and, when the countryinfo package knows it, centre."""
    from countryinfo import CountryInfo

    from munigraph.loaders.countries import country

    found = country(code) or {"code": code, "name": code}
    found.pop("id", None)
    try:
        centre = CountryInfo(code).latlng()
    except (LookupError, ValueError):
        centre = []
    return {**found, **dict(zip(("lat", "lon"), centre))}
