"""Graph files for Gephi and other tools: GEXF 1.2 and GraphML.

``exportable(graph)`` gives a copy of a networkx graph of ``munigraph.viz.network`` whose
attributes every XML graph format takes: lists joined with "; " (an evidence item as
“quote” — source — url), dates as ISO strings at their precision ("2013", "2013-05",
"2013-05-17"), numbers and booleans kept typed, missing values and XML's forbidden control
characters dropped. ``label`` becomes the node's label of every picture
(``style.label_of``: its short name, else its name; the label Gephi shows) and the node's graph label (``Actor``, ``Cooperation``) its
``category``.

Both formats give each actor its network measures (``viz.measures``). A GEXF file also has each node's colour (by kind, or as ``--color`` says) and size (``viz.style``) and position (the layout
of ``viz.static``), and each cooperation's dates as its spell, so that Gephi's timeline
shows it from its start (or signature) to its end, from the first to the last day of a
year or month; a node without dates is always shown.
"""

from __future__ import annotations

import datetime
import re

from munigraph.graph.dates import PartialDate
from munigraph.loaders.dates import last_day
from munigraph.viz.limits import LAYOUT
from munigraph.viz.style import colouring, label_of, size_of

JOIN = "; "
FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SCALE = 1000  # GEXF positions: the layout's [-1, 1] times this


def write_gexf(graph, path_or_file, color="kind") -> None:
    """Write ``graph`` as GEXF 1.2 (dynamic when a node has dates) to a path or binary file,
    its nodes coloured by ``color`` (``style.colouring``)."""
    import networkx as nx

    nx.write_gexf(gexf_ready(graph, color), path_or_file, version="1.2draft")


def write_graphml(graph, path_or_file, color="kind") -> None:
    """Write ``graph`` as GraphML to a path or binary file (it has no colours: ``color``
    is taken for the same call as the other formats)."""
    import networkx as nx

    nx.write_graphml(with_measures(graph, exportable(graph)), path_or_file,
                     infer_numeric_types=True)


def gexf_ready(graph, color="kind"):
    """``exportable(graph)`` with each node's ``viz`` (colour, size and, up to
    ``viz.limits.LAYOUT`` nodes, a position: Gephi lays out larger graphs itself) and spell
    (``start``, ``end``), and each link's label (its role)."""
    from munigraph.viz.static import layout

    ready = with_measures(graph, exportable(graph))
    positions = layout(graph) if graph.number_of_nodes() <= LAYOUT else {}
    colours = colouring(graph, color).colours
    for node, data in ready.nodes(data=True):
        colour = colours[node]
        data["viz"] = {"color": dict(zip("rgb", (int(colour[i:i + 2], 16) for i in (1, 3, 5)))),
                       "size": size_of(graph.degree(node))}
        if node in positions:
            x, y = positions[node]
            data["viz"]["position"] = {"x": x * SCALE, "y": y * SCALE, "z": 0.0}
        for key, value in zip(("start", "end"), spell(graph.nodes[node])):
            data.pop(key, None)
            if value:
                data[key] = value
    for *_, data in ready.edges(data=True):
        if "role" in data:
            data["label"] = data["role"]
    return ready


def with_measures(graph, ready):
    """``ready`` (``exportable(graph)``) with each actor's network measures
    (``viz.measures``: partners, degree, weighted_degree, betweenness, pagerank, community,
    countries) as attributes, computed on the actor network of ``graph``: its actors that
    take part in a cooperation, as ``munigraph measures`` does."""
    from munigraph.viz.measures import COLUMNS, measure, network_of

    network = network_of(graph)
    actors = [node for node, data in network.nodes(data=True)
              if data.get("label") == "Actor" and data.get("cooperations")]
    if actors:
        for row in measure(network.subgraph(actors)):
            ready.nodes[row["id"]].update({key: row[key] for key in COLUMNS[4:]})
    return ready


def exportable(graph):
    """A copy of ``graph`` with typed scalar attributes (see the module's docstring).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Actor", type="municipality", name="Olhão", aliases=[], lat=37)
    >>> g.add_node("b", label="Actor", name="São Paulo", lat=-23.5, population=11451245)
    >>> g.add_node("c", label="Cooperation", name="Termo",
    ...            signed=PartialDate(datetime.date(2013, 1, 1), "year"),
    ...            topics=["Solid waste", "Sanitation"], description=None,
    ...            evidence=[{"quote": "Foi assinado", "source": "Jornal", "url": None}])
    >>> _ = g.add_edge("a", "c", key="signatory", role="signatory")
    >>> e = exportable(g)
    >>> e.nodes["a"]
    {'label': 'Olhão', 'type': 'municipality', 'name': 'Olhão', 'lat': 37.0, 'category': 'Actor'}
    >>> e.nodes["c"]["signed"], e.nodes["c"]["topics"], e.nodes["c"]["evidence"]
    ('2013', 'Solid waste; Sanitation', '“Foi assinado” — Jornal')
    >>> list(e.edges(keys=True, data=True))
    [('a', 'c', 'signatory', {'role': 'signatory'})]
    """
    copy = graph.__class__()
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **typed({**data, "label": label_of(data, str(node)),
                                     "category": data.get("label")}))
    if graph.is_multigraph():
        copy.add_edges_from((u, v, key, typed(data))
                            for u, v, key, data in graph.edges(keys=True, data=True))
    else:
        copy.add_edges_from((u, v, typed(data)) for u, v, data in graph.edges(data=True))
    for items in (copy.nodes.values(), [data for *_, data in copy.edges(data=True)]):
        floats = {k for data in items for k, v in data.items() if isinstance(v, float)}
        for data in items:  # a number that is sometimes a float is always one
            data.update({k: float(data[k]) for k in floats & data.keys() if type(data[k]) is int})
    return copy


def typed(data: dict) -> dict:
    """``data`` with each value a typed scalar (``scalar``), and without empty ones."""
    values = {key: scalar(value) for key, value in data.items()}
    return {key: value for key, value in values.items() if value is not None}


def scalar(value):
    """A value as a string, number or boolean that XML can hold; ``None`` for nothing.

    >>> scalar(["CNM", "FNP"]), scalar(datetime.date(2013, 1, 1)), scalar([]), scalar(3)
    ('CNM; FNP', '2013-01-01', None, 3)
    >>> scalar({"quote": 'a < b & "c"\\x0b', "source": "Jornal", "url": None})
    '“a < b & "c"” — Jornal'
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (datetime.date, PartialDate)):
        return value.isoformat()
    if isinstance(value, dict):  # an evidence item
        quote = value.get("quote") and f"“{value['quote']}”"
        return scalar(" — ".join(str(v) for v in (quote, value.get("source"), value.get("url"))
                                 if v))
    if isinstance(value, (list, tuple, set)):
        return scalar(JOIN.join(filter(None, map(scalar, value))))
    return FORBIDDEN.sub("", str(value)) or None


def spell(data: dict) -> tuple:
    """When a node is in the graph, as ISO dates (``None``: no bound): from the first day of
    its ``start`` (or ``signed``) to the last day of its ``end`` (``PartialDate`` values).

    >>> spell({"start": PartialDate(datetime.date(2013, 1, 1), "year"),
    ...        "end": PartialDate(datetime.date(2015, 2, 1), "month")})
    ('2013-01-01', '2015-02-28')
    >>> spell({"signed": PartialDate(datetime.date(2008, 2, 12))}), spell({"name": "Olhão"})
    (('2008-02-12', None), (None, None))
    """
    start, end = data.get("start") or data.get("signed"), data.get("end")
    return (start.date.isoformat() if start else None,
            last_day(end.date, end.precision).isoformat() if end else None)
