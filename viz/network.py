"""The graph as networkx: actors and cooperations, or the actor–actor projection.

``read_network(store)`` reads what a picture needs (actors, cooperations with their topics
and evidence, who takes part in what, which cooperation is part of which, and who is a
member of which association or consortium);
``network(...)`` builds a ``networkx.MultiDiGraph`` from those rows without a database,
and ``actor_projection`` turns it into "who with whom" edges.

Nodes are keyed by the graph's ``id``; each has ``label`` (``Actor`` or ``Cooperation``),
``type`` (as in records files: ``municipality``, ``programme``, ...) and the node's own
properties, each date a ``PartialDate`` at its precision (``signed`` 2013, not 2013-01-01;
the ``...Precision`` properties are folded into them). Cooperations also carry ``topics``
(names) and ``evidence`` (a list of ``{"quote", "source", "url"}``).
"""

from __future__ import annotations

from munigraph.graph.dates import partial_dates
from munigraph.graph.model import SUMMARIES
from munigraph.language import current
from munigraph.queries.output import native

# Where a read starts: every node of the label, or the chosen ids through the id index.
EVERY = {"a": "MATCH (a:Actor)", "c": "MATCH (c:Cooperation)"}
CHOSEN = {"a": "UNWIND $actors AS id MATCH (a:Actor {id: id})",
          "c": "UNWIND $cooperations AS id MATCH (c:Cooperation {id: id})"}
ACTORS = "{a} RETURN labels(a) AS labels, properties(a) AS properties"
COOPERATIONS = """
{c}
OPTIONAL MATCH (c)-[:ON_TOPIC]->(t:Topic)
WITH c, collect(CASE WHEN $lang = 'pt' THEN coalesce(t.namePt, t.name) ELSE t.name END) AS topics
OPTIONAL MATCH (c)-[e:EVIDENCED_BY]->(s:Source)
RETURN labels(c) AS labels, properties(c) AS properties, topics,
       collect({{quote: e.quote, source: s.title, url: s.url}}) AS evidence
"""
TAKES_PART = ("{c} MATCH (a:Actor)-[r:TAKES_PART]->(c) "
              "RETURN a.id AS actor, c.id AS cooperation, r.role AS role")
MEMBER_OF = ("{a} MATCH (a)-[:MEMBER_OF]->(b:Actor) WHERE $all OR b.id IN $actors "
             "RETURN a.id AS member, b.id AS body")
PART_OF = ("{c} MATCH (c)-[:PART_OF]->(p:Cooperation) WHERE $all OR p.id IN $cooperations "
           "RETURN c.id AS cooperation, p.id AS programme")
INTERNAL = ("lookup", *SUMMARIES)  # properties that only serve queries


def read_network(store, cooperations=None, actors=()):
    """The graph of actors and cooperations in ``store`` as a ``MultiDiGraph``: all of it,
    or the ``cooperations`` given (ids) with their parties, and the ``actors`` given.
    Topics are named in the language being spoken (``namePt`` in Portuguese)."""
    start = EVERY if cooperations is None else CHOSEN

    def read(query, parameters):
        return store.read(query.format(**start), parameters)

    selection = {"all": cooperations is None, "cooperations": sorted(set(cooperations or [])),
                 "lang": current()}
    links = read(TAKES_PART, selection)
    chosen = {**selection, "actors": sorted({row["actor"] for row in links} | set(actors))}
    return network(read(ACTORS, chosen), read(COOPERATIONS, selection), links,
                   read(PART_OF, selection), read(MEMBER_OF, chosen))


def network(actors, cooperations, takes_part, part_of=(), member_of=()):
    """A ``MultiDiGraph`` from rows of actors and cooperations (``labels``, ``properties``,
    and for cooperations ``topics`` and ``evidence``), ``takes_part`` rows (``actor``,
    ``cooperation``, ``role``: an edge actor → cooperation keyed by role), ``part_of``
    rows (``cooperation``, ``programme``: an edge with role ``part_of``) and ``member_of``
    rows (``member``, ``body``: an edge actor → association or consortium, role ``member``).

    >>> g = network([{"labels": ["Actor", "Consortium"], "properties": {"id": "a", "name": "AMAL"}}],
    ...             [{"labels": ["Cooperation", "Agreement"], "properties": {"id": "c", "name": "Termo"},
    ...               "topics": ["Shared public procurement"], "evidence": []}],
    ...             [{"actor": "a", "cooperation": "c", "role": "signatory"}])
    >>> g.nodes["a"]["type"], list(g.edges(keys=True))
    ('consortium', [('a', 'c', 'signatory')])
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in actors:
        graph.add_node(row["properties"]["id"], **_attributes(row, "Actor"))
    for row in cooperations:
        evidence = [e for e in row.get("evidence", []) if e.get("quote")]
        graph.add_node(row["properties"]["id"], **_attributes(row, "Cooperation"),
                       topics=sorted(row.get("topics", [])), evidence=evidence)
    for row in takes_part:
        graph.add_edge(row["actor"], row["cooperation"], key=row["role"], role=row["role"])
    for row in part_of:
        graph.add_edge(row["cooperation"], row["programme"], key="part_of", role="part_of")
    for row in member_of:
        graph.add_edge(row["member"], row["body"], key="member", role="member")
    return graph


def programme_of(graph) -> dict:
    """``{node: programme name or None}``: a cooperation's programme is the one it is part
    of, or itself when it is a programme; an actor's is the programme most of its
    cooperations have (ties: the first by name). On the actors view, each actor's
    ``programme`` attribute. Names are ``style.label_of`` names."""
    from .style import label_of

    if not graph.is_directed():
        return {node: data.get("programme") for node, data in graph.nodes(data=True)}
    found = {}
    for node, data in graph.nodes(data=True):
        if data.get("label") != "Cooperation":
            continue
        up = [p for _c, p, role in graph.out_edges(node, data="role") if role == "part_of"]
        if up:
            found[node] = label_of(graph.nodes[min(up)], min(up))
        elif data.get("type") == "programme":
            found[node] = label_of(data, node)
    for node, data in graph.nodes(data=True):
        if data.get("label") == "Actor":
            counts = {}
            for _a, c, role in graph.out_edges(node, data="role"):
                if role != "member" and found.get(c):
                    counts[found[c]] = counts.get(found[c], 0) + 1
            found[node] = min(counts, key=lambda p: (-counts[p], p)) if counts else None
    return {node: found.get(node) for node in graph}


def actor_projection(graph):
    """"Who with whom": an ``nx.Graph`` of the actors of ``graph``, with an edge between two
    actors that take part in the same cooperations; ``weight`` is how many they share,
    ``cooperations`` their names and ``topics`` the topics of those cooperations. Each
    actor keeps its attributes, with its ``programme`` and ``cooperations``: how many it
    takes part in.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Actor"); g.add_node("b", label="Actor")
    >>> g.add_node("c", label="Cooperation", name="Termo", topics=["Shared public procurement"])
    >>> _ = g.add_edge("a", "c", key="signatory"); _ = g.add_edge("b", "c", key="signatory")
    >>> dict(actor_projection(g).edges["a", "b"])
    {'weight': 1, 'cooperations': ['Termo'], 'topics': ['Shared public procurement']}
    >>> actor_projection(g).nodes["a"]["cooperations"]  # how many it takes part in
    1
    """
    import networkx as nx

    programmes = programme_of(graph)
    projected = nx.Graph()
    projected.add_nodes_from((n, {**data, "programme": programmes[n],
                                  "cooperations": len(cooperations_of(graph, n))})
                             for n, data in graph.nodes(data=True) if data.get("label") == "Actor")
    for cooperation, data in graph.nodes(data=True):
        if data.get("label") != "Cooperation":
            continue
        parties = sorted({a for a, _ in graph.in_edges(cooperation) if a in projected})
        for i, a in enumerate(parties):
            for b in parties[i + 1:]:
                if not projected.has_edge(a, b):
                    projected.add_edge(a, b, weight=0, cooperations=[], topics=[])
                edge = projected.edges[a, b]
                edge["weight"] += 1
                edge["cooperations"].append(data.get("name"))
                edge["topics"] = sorted(set(edge["topics"]) | set(data.get("topics", [])))
    return projected


def cooperations_of(graph, actor) -> set:
    """The cooperations ``actor`` takes part in, in a cooperations-view ``graph``."""
    return {c for _a, c, role in graph.out_edges(actor, data="role")
            if role not in ("member", "part_of") and graph.nodes[c].get("label") == "Cooperation"}


def programme_network(graph, counted=None):
    """Programmes and their parties: an ``nx.Graph`` of the programmes of ``graph`` (a
    cooperations graph: the cooperations of type programme, and those that others in it are
    part of) and the actors that take part in them or in a cooperation part of them. Only
    the cooperations ``counted`` (ids; ``None``: all) link: a link's ``weight`` is how many
    of them join the actor to the programme, ``cooperations`` their names and ``roles``
    the actor's roles in them. The graph's ``outside`` counts the counted cooperations that
    are in no programme (not drawn).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("p", {"label": "Cooperation", "type": "programme", "name": "P"}),
    ...                   ("e", {"label": "Cooperation", "type": "event", "name": "E"}),
    ...                   ("t", {"label": "Cooperation", "type": "agreement", "name": "T"}),
    ...                   ("a", {"label": "Actor"}), ("b", {"label": "Actor"})])
    >>> _ = g.add_edge("e", "p", role="part_of")
    >>> for a, c, role in [("a", "p", "partner"), ("a", "e", "host"), ("b", "e", "participant"),
    ...                    ("b", "t", "signatory")]:
    ...     _ = g.add_edge(a, c, role=role)
    >>> programmes = programme_network(g)
    >>> sorted(programmes), programmes.edges["a", "p"]["weight"], programmes.edges["b", "p"]["weight"]
    (['a', 'b', 'p'], 2, 1)
    >>> programmes.graph["outside"]  # t
    1
    """
    import networkx as nx

    up = {}  # cooperation -> the programmes it counts for
    for node, data in graph.nodes(data=True):
        if data.get("label") == "Cooperation" and data.get("type") == "programme":
            up.setdefault(node, set()).add(node)
    for part, programme, role in graph.edges(data="role"):
        if role == "part_of":
            up.setdefault(part, set()).add(programme)
            up.setdefault(programme, set()).add(programme)
    programmes = nx.Graph(outside=0)
    for node, data in graph.nodes(data=True):
        if data.get("label") != "Cooperation" or (counted is not None and node not in counted):
            continue
        if node not in up:
            programmes.graph["outside"] += 1
        parties = {}  # actor -> its roles in this cooperation
        for actor, _c, role in graph.in_edges(node, data="role"):
            if graph.nodes[actor].get("label") == "Actor":
                parties.setdefault(actor, set()).add(role)
        for programme in sorted(up.get(node, ())):
            programmes.add_node(programme, **graph.nodes[programme])
            for actor, roles in parties.items():
                programmes.add_node(actor, **graph.nodes[actor])
                if not programmes.has_edge(actor, programme):
                    programmes.add_edge(actor, programme, weight=0, cooperations=[], roles=[])
                link = programmes.edges[actor, programme]
                link["weight"] += 1
                link["cooperations"].append(data.get("name"))
                link["roles"] = sorted(set(link["roles"]) | {r for r in roles if r})
    return programmes


def direct_twinnings(graph):
    """A copy of ``graph`` (a cooperations graph) with each twinning (an agreement of kind
    ``twinning`` with exactly two parties and no other link) drawn as a link between its
    two parties instead of a node: the link, role ``twinning``, keeps the twinning's
    attributes (``id``, ``name``, dates, ``topics``, ``evidence``...).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("t", {"label": "Cooperation", "type": "agreement", "kind": "twinning",
    ...                          "name": "Lisboa – Maputo"}),
    ...                   ("lisboa", {"label": "Actor"}), ("maputo", {"label": "Actor"})])
    >>> _ = g.add_edge("lisboa", "t", role="signatory"); _ = g.add_edge("maputo", "t", role="signatory")
    >>> direct = direct_twinnings(g)
    >>> sorted(direct), [(a, b, d["id"], d["name"]) for a, b, d in direct.edges(data=True)]
    (['lisboa', 'maputo'], [('lisboa', 'maputo', 't', 'Lisboa – Maputo')])
    """
    graph = graph.copy()
    for node, data in list(graph.nodes(data=True)):
        if data.get("type") != "agreement" or data.get("kind") != "twinning":
            continue
        parties = sorted({a for a, _c in graph.in_edges(node)})
        if (len(parties) == 2 and graph.in_degree(node) == 2 and not graph.out_degree(node)
                and all(graph.nodes[a].get("label") == "Actor" for a in parties)):
            graph.remove_node(node)
            graph.add_edge(*parties, key=node, **{**data, "id": node, "role": "twinning"})
    return graph


def _attributes(row, label) -> dict:
    kinds = [name for name in row["labels"] if name != label]
    properties = partial_dates({k: native(v) for k, v in row["properties"].items()
                                if k not in INTERNAL})
    return {**properties, "label": label, "type": (kinds[0] if kinds else label).lower()}
